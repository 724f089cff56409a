import GoalProtocol
import NIOCore
import NIOPosix

/// Runs the calls that do not answer on an event loop. Writes are prepared on the writer's preparer thread, then go
/// to the writer (an actor on a thread of its own) one at a time, both in the order they were handed in, so pipelined
/// writes are applied in the order sent; slow calls (a reload) run as child tasks of `run()`, which `GoalServer.run()`
/// awaits, on a thread of their own (`EventLoopTaskExecutor`). Handing work in is synchronous and never blocks an
/// event loop. (Deadlines are timers on each connection's loop.)
package final class CallExecutor: Sendable {
    private let writer: StateWriter
    private let tasks: AsyncStream<@Sendable () async -> Void>
    private let taskInput: AsyncStream<@Sendable () async -> Void>.Continuation

    package init(writer: StateWriter) {
        self.writer = writer
        (tasks, taskInput) = AsyncStream.makeStream(of: (@Sendable () async -> Void).self)
    }

    /// Queues a write. Its first step (`prepare`: the params decoded, a file parsed) runs on the writer's preparer
    /// thread, its second on the writer, each in the order the writes were handed in: while the writer stores one
    /// write, the next is prepared on the other core. `answer` gets the write's result or error, from the writer so
    /// that writes are answered in the order they came; `skipped` is called instead when the call is over
    /// (cancelled, past its deadline) before either step begins.
    func submitWrite(
        token: CallToken?, _ prepare: @escaping @Sendable (StateWriter) throws(RPCError) -> MethodHandler.Apply,
        answer: @escaping @Sendable (Result<[UInt8], RPCError>) -> Void,
        skipped: @escaping @Sendable () -> Void
    ) {
        let writer = self.writer
        writer.submit(prepared: {
            guard token?.isCancelled != true else { return { _ in skipped() } }
            let prepared: Result<MethodHandler.Apply, RPCError>
            do throws(RPCError) {
                prepared = .success(try prepare(writer))
            } catch {
                prepared = .failure(error)
            }
            return { writer in
                switch prepared {
                case .failure(let error):
                    answer(.failure(error))
                case .success where token?.isCancelled == true:
                    skipped()
                case .success(let apply):
                    do throws(RPCError) {
                        answer(.success(try apply(writer)))
                    } catch {
                        answer(.failure(error))
                    }
                }
            }
        })
    }

    /// Starts a slow call as a child task of the server. After `finish()` it is dropped: the server has stopped,
    /// and its connection is closing.
    func submitTask(_ work: @escaping @Sendable () async -> Void) {
        taskInput.yield(work)
    }

    /// Runs the slow calls handed in, side by side, until `finish()`, on a thread of its own that it starts and,
    /// once they are done, ends.
    package func run() async {
        let thread = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        await withTaskExecutorPreference(EventLoopTaskExecutor(loop: thread.next())) {
            await withDiscardingTaskGroup { calls in
                for await task in tasks {
                    calls.addTask { await task() }
                }
            }
        }
        // Off that thread before it is ended.
        await withTaskExecutorPreference(globalConcurrentExecutor) {
            try? await thread.shutdownGracefully()
        }
    }

    /// Ends `run()` once the slow calls handed in so far are done.
    package func finish() {
        taskInput.finish()
    }
}
