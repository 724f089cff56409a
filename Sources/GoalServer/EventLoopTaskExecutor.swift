import NIOCore

/// A task executor on a NIO event loop: tasks that prefer it run on the loop's thread, not on Swift's cooperative
/// threads. goald's slow calls (a reload) run there, so that they do not hold the cooperative threads.
final class EventLoopTaskExecutor: TaskExecutor {
    let loop: any EventLoop

    init(loop: any EventLoop) {
        self.loop = loop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
