import GoalDomain
import GoalProtocol
import Synchronization

/// The state every read is answered from: an immutable value, replaced whole after each committed write,
/// so that reads never wait for writes.
package struct Snapshot: Sendable {
    package let followUp: FollowUp
    /// The plan as it goes on the wire (targets as changed), mapped once per change.
    package let planMessage: PlanMessage

    package var plan: Plan { followUp.plan }

    package init(followUp: FollowUp) {
        self.followUp = followUp
        self.planMessage = PlanMessage(followUp.plan)
    }

    package init(plan: Plan) {
        self.init(followUp: FollowUp(plan: plan))
    }
}

/// Holds the current snapshot. Reading takes a lock only long enough to copy a reference.
package final class LiveState: Sendable {
    private let current: Mutex<Snapshot>
    /// When goald started, for `Health/Check`.
    package let startedAt: ContinuousClock.Instant

    package init(_ snapshot: Snapshot, startedAt: ContinuousClock.Instant = .now) {
        self.current = Mutex(snapshot)
        self.startedAt = startedAt
    }

    package var snapshot: Snapshot { current.withLock { $0 } }

    package func replace(with snapshot: Snapshot) {
        current.withLock { $0 = snapshot }
    }
}
