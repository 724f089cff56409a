import NIOCore

/// A task executor on a NIO event loop: tasks that prefer it run on the loop's thread, not on Swift's cooperative
/// threads. goald's calls that are not reads (deadlines, slow calls) run there, so that they keep time whatever
/// else holds the cooperative threads.
final class EventLoopTaskExecutor: TaskExecutor {
    let loop: any EventLoop

    init(loop: any EventLoop) {
        self.loop = loop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    /// Sleeps on the loop's clock; returns false when cancelled first.
    func sleep(for duration: Duration) async -> Bool {
        let nanoseconds = duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
        let scheduled = loop.scheduleTask(in: .nanoseconds(nanoseconds)) {}
        return await withTaskCancellationHandler {
            (try? await scheduled.futureResult.get()) != nil
        } onCancel: {
            scheduled.cancel()
        }
    }
}
