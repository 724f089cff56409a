import Foundation
import GoalDomain
import GoalProtocol
import GoalStore
import Logging
import NIOCore
import NIOPosix

/// The single writer of goald's state, an actor: every write runs isolated on it, one at a time
/// (`CallExecutor` hands it the writes in the order they arrived): apply the change to a copy of the state,
/// commit it to the store, then publish a new snapshot. A write that fails validation or the commit leaves both
/// the store and the snapshot as they were. Only the writer touches the store.
package actor StateWriter {
    /// The writer's thread: SQLite's commits wait for the disk (synchronous = FULL), and that wait must not hold
    /// one of Swift's few cooperative threads. Every writer in the process shares it.
    private static let thread = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    private nonisolated let loop: any EventLoop = StateWriter.thread.next()
    /// The thread that prepares writes before the writer makes them (their params decoded, a file parsed), in the
    /// order they were handed in, so that the writer spends its time on the store; every writer shares it.
    private static let preparerThread = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private nonisolated let preparer: any EventLoop = StateWriter.preparerThread.next()
    /// Writes prepared and not yet made, at most: a client that pipelines many large writes has a few of them parsed
    /// ahead, and the rest wait as they came (the preparer waits for a place).
    private static let preparedAhead = DispatchSemaphore(value: 4)
    package nonisolated var unownedExecutor: UnownedSerialExecutor { loop.executor.asUnownedSerialExecutor() }

    private let store: GoalStore
    private let state: LiveState
    private nonisolated let now: @Sendable () -> Date

    package init(store: GoalStore, state: LiveState, now: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.state = state
        self.now = now
        self.isWritable = store.readOnlyReason == nil
    }

    /// Applies, commits and publishes one change to the follow-up.
    package func commit<Record>(
        logger: Logger,
        _ change: (inout FollowUp, Date) throws(DomainError) -> Record,
        persist: (GoalStore, Record) throws(StoreError) -> Void
    ) throws(RPCError) -> Record {
        try commitState(logger: logger) { goalState, date throws(RPCError) in
            let record: Record
            do throws(DomainError) {
                record = try change(&goalState.followUp, date)
            } catch {
                throw RPCError(error)
            }
            return record
        } persist: { store, record throws(StoreError) in
            try persist(store, record)
        }
    }

    /// Applies, commits and publishes one change to the whole state.
    /// `persist` runs after `change` succeeds; the new snapshot is published only after `persist` returns.
    package func commitState<Record>(
        logger: Logger,
        _ change: (inout GoalState, Date) throws(RPCError) -> Record,
        persist: (GoalStore, Record) throws(StoreError) -> Void
    ) throws(RPCError) -> Record {
        var next = state.snapshot.state
        let record = try change(&next, now())
        do {
            try persist(store, record)
        } catch {
            logger.error("store write failed", metadata: ["error": "\(error)", "message_id": "\(LogMessageID.storeError)"])
            throw RPCError(.unavailable, "\(error.message); nothing was recorded")
        }
        state.replace(with: Snapshot(next))
        return record
    }

    /// Runs a store operation whose result decides the new state (an import learns which trips were new only
    /// from the store), then publishes the state `apply` makes of it.
    package func storeThenApply<Outcome>(
        logger: Logger,
        _ operation: (GoalStore, Date) throws(StoreError) -> Outcome,
        apply: (inout GoalState, Outcome) -> Void
    ) throws(RPCError) -> Outcome {
        let outcome: Outcome
        do {
            outcome = try operation(store, now())
        } catch {
            logger.error("store write failed", metadata: ["error": "\(error)", "message_id": "\(LogMessageID.storeError)"])
            throw RPCError(.unavailable, "\(error.message); nothing was recorded")
        }
        var next = state.snapshot.state
        apply(&next, outcome)
        state.replace(with: Snapshot(next))
        return outcome
    }

    /// Runs a store write that changes nothing goald serves (rows staged for a later swap): nothing is published.
    package func storeOnly<Outcome>(
        logger: Logger, _ operation: (GoalStore, Date) throws(StoreError) -> Outcome
    ) throws(RPCError) -> Outcome {
        do {
            return try operation(store, now())
        } catch {
            logger.error("store write failed", metadata: ["error": "\(error)", "message_id": "\(LogMessageID.storeError)"])
            throw RPCError(.unavailable, "\(error.message); nothing was recorded")
        }
    }

    /// An online backup of the store. Runs on the writer, so it sees every acknowledged write.
    package func backup(to path: String, group: UInt32?) throws(StoreError) -> GoalStore.BackupOutcome {
        try store.backup(to: path, group: group)
    }

    /// Whether the store takes writes (false when it was opened read-only).
    package nonisolated let isWritable: Bool

    /// The time of the write being made, from the writer's clock (readable off the writer too, where a write is
    /// prepared).
    package nonisolated var date: Date { now() }

    /// Closes the store once every write before has been made (at shutdown).
    package func close() throws(StoreError) {
        try store.close()
    }

    /// Runs `prepare` on the preparer's thread, then the work it gives on the writer, each in the order handed in
    /// (prepared writes and `submit`'s work share the writer's order from the moment `prepare` has run).
    package nonisolated func submit(prepared prepare: @escaping @Sendable () -> @Sendable (isolated StateWriter) -> Void) {
        preparer.execute {
            Self.preparedAhead.wait()
            let work = prepare()
            self.submit { writer in
                work(writer)
                Self.preparedAhead.signal()
            }
        }
    }

    /// Returns once every write handed in before (prepared or not) has been made: before the store closes at
    /// shutdown, before a reload rebuilds the state, and as the watchdog's probe of both threads.
    package nonisolated func afterWritesHandedIn() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            preparer.execute {
                self.submit { _ in done.resume() }
            }
        }
    }

    /// Runs `work` on the writer after everything handed in before it, from any thread and without waiting:
    /// the writer's executor is its own event loop, so the work runs there, isolated to the writer (checked).
    package nonisolated func submit(_ work: @escaping @Sendable (isolated StateWriter) -> Void) {
        loop.execute {
            self.assumeIsolated { writer in work(writer) }
        }
    }

    /// The state now published.
    var stateSnapshot: GoalState { state.snapshot.state }

    func publish(_ next: GoalState) {
        state.replace(with: Snapshot(next))
    }

    func loadFollowUp(plan: Plan) throws(StoreError) -> FollowUp {
        try store.loadFollowUp(plan: plan)
    }

    /// Reads the store on the writer, where no write can interleave.
    package func read<T>(_ body: (GoalStore) throws(StoreError) -> T) throws(RPCError) -> T {
        do {
            return try body(store)
        } catch {
            throw RPCError(.unavailable, error.message)
        }
    }
}
