import GoalDomain
import GoalProtocol
import Synchronization

/// Everything goald holds: the region's model, the follow-up of the plan and the business-travel accounts.
package struct GoalState: Sendable {
    package var region: Region
    package var followUp: FollowUp
    package var travel: TravelAccounts

    /// - Parameter region: the model the plan comes from; nil: a region of the plan's committee alone.
    package init(region: Region? = nil, followUp: FollowUp, travel: TravelAccounts) {
        self.region = region ?? Region(plan: followUp.plan)
        self.followUp = followUp
        self.travel = travel
    }
}

/// The state every read is answered from: immutable, replaced whole after each committed write, so that reads
/// never wait for writes. A class, so that handing it to a read costs one reference, not one per field.
package final class Snapshot: Sendable {
    package let state: GoalState
    /// The plan as it goes on the wire (targets as changed), mapped once per change.
    package let planMessage: PlanMessage

    package var followUp: FollowUp { state.followUp }
    package var travel: TravelAccounts { state.travel }
    package var plan: Plan { state.followUp.plan }
    package var region: Region { state.region }

    package init(_ state: GoalState) {
        self.state = state
        self.planMessage = PlanMessage(state.followUp.plan)
    }
}

/// Holds the current snapshot. Reading takes a lock only long enough to copy a reference.
/// Watchers (streams) are told after each change, and when goald stops serving.
package final class LiveState: Sendable {
    private let current: Mutex<Snapshot>
    private let watchers = Mutex<(next: UInt64, callbacks: [UInt64: @Sendable () -> Void])>((1, [:]))
    private let serving = Mutex(true)
    private let changes = Mutex<UInt64>(0)
    /// When goald started, for `Health/Check`.
    package let startedAt: ContinuousClock.Instant

    package init(_ snapshot: Snapshot, startedAt: ContinuousClock.Instant = .now) {
        self.current = Mutex(snapshot)
        self.startedAt = startedAt
    }

    package var snapshot: Snapshot { current.withLock { $0 } }

    /// False once goald has begun to shut down.
    package var isServing: Bool { serving.withLock { $0 } }

    package func replace(with snapshot: Snapshot) {
        current.withLock { $0 = snapshot }
        changes.withLock { $0 += 1 }
        notifyWatchers()
    }

    /// How many times the state has changed since start: a write, an import, a reload each add one.
    package var generation: UInt64 { changes.withLock { $0 } }

    /// Marks goald as shutting down and tells the watchers.
    package func stopServing() {
        serving.withLock { $0 = false }
        notifyWatchers()
    }

    /// Calls `callback` after every change until `unwatch`. The callback must return quickly.
    package func watch(_ callback: @escaping @Sendable () -> Void) -> UInt64 {
        watchers.withLock { state in
            let id = state.next
            state.next += 1
            state.callbacks[id] = callback
            return id
        }
    }

    package func unwatch(_ id: UInt64) {
        _ = watchers.withLock { $0.callbacks.removeValue(forKey: id) }
    }

    private func notifyWatchers() {
        let callbacks = watchers.withLock { Array($0.callbacks.values) }
        for callback in callbacks { callback() }
    }
}
