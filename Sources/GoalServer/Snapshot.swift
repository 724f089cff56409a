import Foundation
import GoalDomain
import GoalProtocol
import Synchronization

/// Everything goald holds: the region's model, each committee's follow-up of its plans and the business-travel
/// accounts.
package struct GoalState: Sendable {
    package var region: Region
    /// Every committee's follow-up whose plans are loaded, by the committee's abbreviation.
    package var followUps: [String: FollowUp]
    package var travel: TravelAccounts
    /// The region's own judgements of its effect goals.
    package var judgements: EffectGoalJudgements
    /// The committees' answers to the region's planning directives.
    package var planning: PlanningAnswers
    /// The region's own follow-up of its indicators: its own values and the targets it sets (nil when the model has
    /// no region indicators).
    package var regionFollowUp: FollowUp?
    /// The committee a call that names none means.
    package let defaultCommittee: String

    /// - Parameters:
    ///   - region: the model the plans come from.
    ///   - followUps: every committee's follow-up with plans, the default committee's among them.
    package init(
        region: Region, followUps: [FollowUp], travel: TravelAccounts, judgements: EffectGoalJudgements? = nil,
        planning: PlanningAnswers? = nil, regionFollowUp: FollowUp? = nil
    ) {
        self.regionFollowUp = regionFollowUp ?? region.ownPlan.map { FollowUp(plan: $0) }
        self.region = region
        self.judgements = judgements ?? EffectGoalJudgements(region: region)
        self.planning = planning ?? PlanningAnswers(region: region)
        self.defaultCommittee = region.defaultCommittee
        self.followUps = Dictionary(
            followUps.map { ($0.plan.committeeAbbreviation, $0) }, uniquingKeysWith: { first, _ in first })
        self.travel = travel
        precondition(self.followUps[defaultCommittee] != nil, "the default committee's follow-up is loaded")
    }

    /// One committee's follow-up, in a region of that committee alone unless `region` is given.
    package init(region: Region? = nil, followUp: FollowUp, travel: TravelAccounts) {
        self.init(region: region ?? Region(plan: followUp.plan), followUps: [followUp], travel: travel)
    }

    /// The last sequence any record took: the store's sequences are shared by every committee and the region.
    package var lastSequence: Int64 {
        max(
            followUps.values.map(\.lastSequence).max() ?? 0, judgements.lastSequence, planning.lastSequence,
            regionFollowUp?.lastSequence ?? 0)
    }

    /// The default committee's follow-up.
    package var followUp: FollowUp {
        get { followUps[defaultCommittee]! }
        set { followUps[defaultCommittee] = newValue }
    }

    /// The follow-up of the committee a call names (its abbreviation, in any case), or the default committee's.
    /// - Throws: NOT_FOUND for a committee the region lacks; FAILED_PRECONDITION for one whose plans are not loaded.
    package func followUp(committee text: String?) throws(RPCError) -> FollowUp {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return followUp }
        let committee = try self.committee(named: text)
        guard let found = followUps[committee.abbreviation] else {
            throw RPCError(
                .failedPrecondition,
                "committee: no answer of \(committee.abbreviation) (\(committee.name)) to the planning directive is "
                    + "loaded; `goalctl committees` lists the committees and their plans",
                details: ["field": "committee"])
        }
        return found
    }

    /// The region's own follow-up, for a call that asks for it (`region: true`).
    /// - Throws: FAILED_PRECONDITION when the model has no region indicators, with the field `region`.
    package func ownFollowUp() throws(RPCError) -> FollowUp {
        guard let regionFollowUp else {
            throw RPCError(
                .failedPrecondition,
                "region: the model has no indicators of the region's own (regionIndicators), so the region records "
                    + "no values or targets of its own", details: ["field": "region"])
        }
        return regionFollowUp
    }

    /// The committee a call names (its abbreviation, in any case).
    /// - Throws: NOT_FOUND naming the committees there are, with the field `committee`.
    package func committee(named text: String) throws(RPCError) -> Committee {
        guard let committee = region.committee(named: text) else {
            throw RPCError(
                .notFound,
                "committee: no committee \"\(text)\"; committees: "
                    + region.committees.map(\.abbreviation).joined(separator: ", "),
                details: ["field": "committee"])
        }
        return committee
    }
}

/// The state every read is answered from: immutable, replaced whole after each committed write, so that reads
/// never wait for writes. A class, so that handing it to a read costs one reference, not one per field.
package final class Snapshot: Sendable {
    package let state: GoalState
    /// The plan as it goes on the wire (targets as changed), mapped once per change.
    package let planMessage: PlanMessage
    /// The default committee's follow-up and its latest plan, found once per change (not per read).
    package let followUp: FollowUp
    package let plan: Plan

    package var travel: TravelAccounts { state.travel }
    package var region: Region { state.region }

    /// The follow-up a call names: the region's own with `region`, else the committee's.
    package func followUp(committee: String?, region: Bool?) throws(RPCError) -> FollowUp {
        if region == true { return try state.ownFollowUp() }
        return try followUp(committee: committee)
    }

    /// The follow-up of the committee a call names; see `GoalState.followUp(committee:)`.
    package func followUp(committee: String?) throws(RPCError) -> FollowUp {
        guard let committee, !committee.isEmpty else { return followUp }
        return try state.followUp(committee: committee)
    }

    package init(_ state: GoalState) {
        self.state = state
        self.followUp = state.followUp
        self.plan = followUp.plan
        self.planMessage = PlanMessage(plan)
    }

    /// Answers made from this snapshot and kept for the next call that asks the same (`RPCRouter.registerKept`):
    /// at most `keptAtMost`, the oldest let go first; gone with the snapshot at the next change.
    private let keptAnswers = Mutex<(order: [String], answers: [String: [UInt8]])>(([], [:]))
    static let keptAtMost = 16

    /// The answer kept under `key`, else the one `make` makes, kept. Two calls that miss at once both make it.
    package func kept(_ key: String, _ make: () throws(RPCError) -> [UInt8]) throws(RPCError) -> [UInt8] {
        if let answer = keptAnswers.withLock({ $0.answers[key] }) { return answer }
        let answer = try make()
        keptAnswers.withLock { kept in
            guard kept.answers[key] == nil else { return }
            if kept.order.count >= Self.keptAtMost {
                kept.answers[kept.order.removeFirst()] = nil
            }
            kept.order.append(key)
            kept.answers[key] = answer
        }
        return answer
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
