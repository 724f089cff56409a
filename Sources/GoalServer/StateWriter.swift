import Dispatch
import Foundation
import GoalDomain
import GoalProtocol
import GoalStore
import Logging

/// The single writer of goald's state. Every write runs on its queue, one at a time:
/// apply the change to a copy of the follow-up, commit it to the store, then publish a new snapshot.
/// A write that fails validation or the commit leaves both the store and the snapshot as they were.
package final class StateWriter: Sendable {
    package let queue = DispatchQueue(label: "goald.writer")
    private let store: GoalStore
    private let state: LiveState
    private let now: @Sendable () -> Date

    package init(store: GoalStore, state: LiveState, now: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.state = state
        self.now = now
    }

    /// Applies, commits and publishes one change. Call it on `queue` only.
    package func commit<Record>(
        logger: Logger,
        _ change: (inout FollowUp, Date) throws(FollowUpError) -> Record,
        persist: (GoalStore, Record) throws(StoreError) -> Void
    ) throws(RPCError) -> Record {
        dispatchPrecondition(condition: .onQueue(queue))
        var next = state.snapshot.followUp
        let record: Record
        do {
            record = try change(&next, now())
        } catch {
            throw RPCError(error)
        }
        do {
            try persist(store, record)
        } catch {
            logger.error("store write failed", metadata: ["error": "\(error)"])
            throw RPCError(.unavailable, "\(error.message); nothing was recorded")
        }
        state.replace(with: Snapshot(followUp: next))
        return record
    }
}

extension RPCError {
    init(_ error: FollowUpError) {
        switch error.code {
        case .invalidArgument: self = .invalidArgument(error.message, field: error.field)
        case .notFound: self = RPCError(.notFound, error.message, details: ["field": error.field])
        }
    }
}
