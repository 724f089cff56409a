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
    /// The writer's two threads, its own: the writer's (SQLite's commits wait for the disk, synchronous = FULL, and
    /// that wait must not hold one of Swift's few cooperative threads) and the preparer's, which prepares writes
    /// before the writer makes them (their params decoded, a file parsed), in the order they were handed in, so
    /// that the writer spends its time on the store. Shut down by `shutdown()` once the store is closed.
    private nonisolated let threads: MultiThreadedEventLoopGroup
    private nonisolated let loop: any EventLoop
    private nonisolated let preparer: any EventLoop
    /// Writes handed in and not yet prepared, and how many are prepared and not yet made; only on the preparer.
    private nonisolated let preparation: NIOLoopBoundBox<Preparation>
    /// Writes prepared and not yet made, at most: a client that pipelines many large writes has a few of them parsed
    /// ahead, and the rest wait, as they came, unparsed.
    static let preparedAhead = 4
    package nonisolated var unownedExecutor: UnownedSerialExecutor { loop.executor.asUnownedSerialExecutor() }

    private let store: GoalStore
    private let state: LiveState
    private nonisolated let now: @Sendable () -> Date

    package init(store: GoalStore, state: LiveState, now: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.state = state
        self.now = now
        self.isWritable = store.readOnlyReason == nil
        threads = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        var loops = threads.makeIterator()
        loop = loops.next()!
        preparer = loops.next()!
        preparation = NIOLoopBoundBox.makeBoxSendingValue(Preparation(), eventLoop: preparer)
    }

    /// Ends the writer's threads, once its store is closed (at shutdown). Call it off them, and only once nothing
    /// more is handed in.
    package nonisolated func shutdown() async {
        try? await threads.shutdownGracefully()
    }

    /// The one write path: `operation` runs the store's part (its own transaction; a failure changes nothing and
    /// answers UNAVAILABLE), then `publish`, when given, makes the state goald serves from the outcome, and the new
    /// snapshot is published. Without `publish` nothing goald serves changes (rows staged for a later swap, a
    /// pending import).
    package func write<Outcome>(
        logger: Logger,
        _ operation: (GoalStore, Date) throws(StoreError) -> Outcome,
        publish: ((inout GoalState, Outcome) -> Void)? = nil
    ) throws(RPCError) -> Outcome {
        let outcome: Outcome
        do {
            outcome = try operation(store, now())
        } catch {
            logger.error(
                "store write failed", metadata: ["error": "\(error)", "message_id": "\(LogMessageID.storeError)"])
            throw RPCError(.unavailable, "\(error.message); nothing was recorded")
        }
        if let publish {
            var next = state.snapshot.state
            publish(&next, outcome)
            state.replace(with: Snapshot(next))
        }
        return outcome
    }

    /// A change of the follow-up through the one write path: the domain makes the record (or refuses the change,
    /// and nothing is written), `persist` stores it, and the follow-up with it is published.
    package func commit<Record>(
        logger: Logger, committee: String? = nil, region: Bool? = nil,
        _ change: (inout FollowUp, Date) throws(DomainError) -> Record,
        persist: (GoalStore, Record) throws(StoreError) -> Void
    ) throws(RPCError) -> Record {
        let current = state.snapshot.state
        if region == true {
            let own = try current.ownFollowUp()
            return try commit(own, in: current, logger: logger, change, persist: persist) { goalState, changed in
                goalState.regionFollowUp = changed
            }
        }
        let followUp = try current.followUp(committee: committee)
        let key = followUp.plan.committeeAbbreviation
        return try commit(followUp, in: current, logger: logger, change, persist: persist) { goalState, changed in
            goalState.followUps[key] = changed
        }
    }

    /// A change of a target the region set, through the one write path: made in the region's own follow-up, adopted
    /// by every committee's follow-up that uses the indicator (or refused, as a committee's decision refuses it),
    /// stored as one record, and published with all of them at once.
    package func commitRegionTarget<Record>(
        logger: Logger,
        _ change: (inout FollowUp, Date) throws(DomainError) -> Record,
        adopt: (inout FollowUp, Record) throws(DomainError) -> Void,
        persist: (GoalStore, Record) throws(StoreError) -> Void
    ) throws(RPCError) -> Record {
        let current = state.snapshot.state
        var committees = current.followUps
        return try commit(
            try current.ownFollowUp(), in: current, logger: logger,
            { own, date throws(DomainError) in
                let record = try change(&own, date)
                for key in committees.keys.sorted() { try adopt(&committees[key]!, record) }
                return record
            }, persist: persist
        ) { goalState, changed in
            goalState.regionFollowUp = changed
            goalState.followUps = committees
        }
    }

    /// A change of one of the region's own parts of the state (its judgements of its effect goals, the committees'
    /// answers to the planning directive) through the one write path, as `commit` does for a committee's follow-up.
    package func commit<Part: SequencedRecords, Record>(
        _ part: WritableKeyPath<GoalState, Part>, logger: Logger,
        _ change: (inout Part, Date) throws(DomainError) -> Record,
        persist: (GoalStore, Record) throws(StoreError) -> Void
    ) throws(RPCError) -> Record {
        let current = state.snapshot.state
        return try commit(current[keyPath: part], in: current, logger: logger, change, persist: persist) {
            goalState, changed in goalState[keyPath: part] = changed
        }
    }

    /// The part of the state a record changes (a committee's follow-up, the region's judgements): its next record
    /// takes the store's next sequence, across every part; the domain makes the record or refuses the change, and
    /// nothing is written; `persist` stores it; `publish` puts the changed part in the state published.
    private func commit<Part: SequencedRecords, Record>(
        _ part: Part, in current: GoalState, logger: Logger,
        _ change: (inout Part, Date) throws(DomainError) -> Record,
        persist: (GoalStore, Record) throws(StoreError) -> Void,
        publish: @escaping (inout GoalState, Part) -> Void
    ) throws(RPCError) -> Record {
        var next = part
        // Sequences are the store's, across committees and the region: the next record's follows every last one.
        next.sequencesUsed(through: current.lastSequence)
        let date = now()
        let record = try domain { () throws(DomainError) in try change(&next, date) }
        let changed = next
        return try write(logger: logger) { store, _ throws(StoreError) in
            try persist(store, record)
            return record
        } publish: { goalState, _ in
            publish(&goalState, changed)
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
    /// (prepared writes and `submit`'s work share the writer's order from the moment `prepare` has run). At most
    /// `preparedAhead` wait prepared; the next is prepared when the writer has made one: nothing blocks a thread.
    package nonisolated func submit(
        prepared prepare: @escaping @Sendable () -> @Sendable (isolated StateWriter) -> Void
    ) {
        preparer.execute { self.handIn(.write(prepare)) }
    }

    /// Returns once every write handed in before (prepared or not) has been made: before the store closes at
    /// shutdown, before a reload rebuilds the state, and as the watchdog's probe of both threads.
    package nonisolated func afterWritesHandedIn() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            preparer.execute { self.handIn(.mark { _ in done.resume() }) }
        }
    }

    /// What waits on the preparer: a write to prepare, or work for the writer that follows the writes before it.
    enum Handed {
        case write(@Sendable () -> @Sendable (isolated StateWriter) -> Void)
        case mark(@Sendable (isolated StateWriter) -> Void)
    }

    /// The preparer's queue (on the preparer's thread only).
    final class Preparation {
        var waiting = CircularBuffer<Handed>()
        var ahead = 0
    }

    /// On the preparer: queues what is handed in, then prepares and passes on what may go.
    private nonisolated func handIn(_ handed: Handed) {
        preparation.value.waiting.append(handed)
        passOn()
    }

    /// On the preparer: passes to the writer, in order, what waits, preparing each write while fewer than
    /// `preparedAhead` wait prepared.
    private nonisolated func passOn() {
        let queue = preparation.value
        while let next = queue.waiting.first {
            switch next {
            case .mark(let work):
                queue.waiting.removeFirst()
                submit(work)
            case .write(let prepare):
                guard queue.ahead < Self.preparedAhead else { return }
                queue.waiting.removeFirst()
                queue.ahead += 1
                let work = prepare()
                let preparer = self.preparer
                submit { writer in
                    work(writer)
                    preparer.execute { writer.madeOne() }
                }
            }
        }
    }

    /// On the preparer: a prepared write has been made; the next may be prepared.
    private nonisolated func madeOne() {
        preparation.value.ahead -= 1
        passOn()
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

    func loadFollowUps(of region: Region) throws(StoreError) -> [FollowUp] {
        try store.loadFollowUps(of: region)
    }

    func loadRegionFollowUp(of region: Region) throws(StoreError) -> FollowUp? {
        try store.loadRegionFollowUp(of: region)
    }

    func loadEffectGoalJudgements(of region: Region) throws(StoreError) -> EffectGoalJudgements {
        try store.loadEffectGoalJudgements(of: region)
    }

    func loadPlanningAnswers(of region: Region) throws(StoreError) -> PlanningAnswers {
        try store.loadPlanningAnswers(of: region)
    }

    /// Reads the store from GRDB's pool beside the writes, off the writer: the read sees the writes committed when
    /// it began (WAL), so a long export page never waits behind an import. For reads that need not match the
    /// published snapshot to the write (a list of imports, a page of trips); a rule that decides a write reads on
    /// the writer (`read`).
    package nonisolated func readBeside<T>(_ body: (GoalStore) throws(StoreError) -> T) throws(RPCError) -> T {
        do {
            return try body(store)
        } catch {
            throw RPCError(.unavailable, error.message)
        }
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

/// What takes records numbered by the store's one sequence.
package protocol SequencedRecords {
    mutating func sequencesUsed(through sequence: Int64)
}

extension FollowUp: SequencedRecords {}
extension EffectGoalJudgements: SequencedRecords {}
extension PlanningAnswers: SequencedRecords {}
