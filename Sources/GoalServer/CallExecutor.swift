/// Runs the calls that do not answer on an event loop. Writes go to the writer one at a time, in the order they
/// were handed in (so pipelined writes are applied in the order sent); slow calls (a reload) run as child tasks.
/// Both run inside `run()`, which `GoalServer.run()` awaits, so every call is a child of the server's task.
/// Handing work in is synchronous and never blocks an event loop.
package final class CallExecutor: Sendable {
    /// A write: skipped if its call is over before it begins.
    struct Write: Sendable {
        var token: CallToken?
        var work: @Sendable (isolated StateWriter) -> Void
        var skipped: @Sendable () -> Void
    }

    private let writer: StateWriter
    private let writes: AsyncStream<Write>
    private let writeInput: AsyncStream<Write>.Continuation
    private let tasks: AsyncStream<@Sendable () async -> Void>
    private let taskInput: AsyncStream<@Sendable () async -> Void>.Continuation

    package init(writer: StateWriter) {
        self.writer = writer
        (writes, writeInput) = AsyncStream.makeStream(of: Write.self)
        (tasks, taskInput) = AsyncStream.makeStream(of: (@Sendable () async -> Void).self)
    }

    /// Queues a write. `skipped` is called instead of `work` when the call is over (cancelled, past its deadline)
    /// before the write begins, or when the executor has stopped.
    func submitWrite(token: CallToken?, _ work: @escaping @Sendable (isolated StateWriter) -> Void,
                     skipped: @escaping @Sendable () -> Void) {
        let write = Write(token: token, work: work, skipped: skipped)
        if case .terminated = writeInput.yield(write) { skipped() }
    }

    /// Starts a slow call as a child task of the server.
    func submitTask(_ work: @escaping @Sendable () async -> Void) {
        if case .terminated = taskInput.yield(work) {
            // The server has stopped: the call's connection is closing, and its answer goes nowhere.
        }
    }

    /// Runs queued work until `finish()`: the writes in order, the slow calls side by side.
    package func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask { [writes, writer] in
                for await write in writes {
                    if write.token?.isCancelled == true {
                        write.skipped()
                        continue
                    }
                    await write.work(writer)
                }
            }
            group.addTask { [tasks] in
                await withDiscardingTaskGroup { calls in
                    for await task in tasks {
                        calls.addTask { await task() }
                    }
                }
            }
        }
    }

    /// Ends `run()` once the work handed in so far is done; work handed in later is skipped.
    package func finish() {
        writeInput.finish()
        taskInput.finish()
    }
}
