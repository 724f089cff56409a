import Foundation
import GoalDomain
import GoalProtocol
import GoalStore
import Logging

/// Where a committee's follow-up of a period stands, as one application type: marked ready by a writer of the
/// committee, decided at a meeting (recorded by an administrator or the committee's secretaries), reopened with a
/// reason. The rules live in the domain (`FollowUp.markReady`, `decide`, `reopen`); `GoalsService` registers them.
struct FollowUpStates: Sendable {
    let state: LiveState

    func markReady(_ request: MarkReadyRequest, context: CallContext, writer: isolated StateWriter)
        throws(RPCError) -> FollowUpStateMessage
    {
        try change(committee: request.committee, context: context, writer: writer) {
            followUp, date throws(DomainError) in
            try followUp.markReady(period: request.period, at: date, by: context.peer)
        }
    }

    func decide(_ request: DecideFollowUpRequest, context: CallContext, writer: isolated StateWriter)
        throws(RPCError) -> FollowUpStateMessage
    {
        // The values goald derives for the period as decided: a later import that changes one is said.
        let travel = writer.stateSnapshot.travel
        return try change(committee: request.committee, context: context, writer: writer) {
            followUp, date throws(DomainError) in
            let today = CivilDate.local(date)
            let derived = (try? followUp.period(request.period)).map {
                followUp.derivedValues(in: $0, travel: travel, today: today)
            }
            return try followUp.decide(
                period: request.period, on: request.date, paragraph: request.paragraph, today: today,
                derived: derived ?? [:], at: date, by: context.peer)
        }
    }

    func reopen(_ request: ReopenFollowUpRequest, context: CallContext, writer: isolated StateWriter)
        throws(RPCError) -> FollowUpStateMessage
    {
        // A decided follow-up is the committee's decision: reopened by who records decisions.
        let followUp = try writer.stateSnapshot.followUp(committee: request.committee)
        if let period = try? followUp.period(request.period), followUp.state(of: period) == .decided {
            try context.authorizeDecision(of: followUp.plan.committeeAbbreviation)
        }
        return try change(committee: request.committee, context: context, writer: writer) {
            followUp, date throws(DomainError) in
            try followUp.reopen(period: request.period, reason: request.reason, at: date, by: context.peer)
        }
    }

    /// Every period's state of a committee's follow-up (or one period's), with each change.
    func list(_ request: ListFollowUpStatesRequest, now: Date) throws(RPCError) -> FollowUpStatesMessage {
        let snapshot = state.snapshot
        let followUp = try snapshot.followUp(committee: request.committee)
        let today = CivilDate.local(now)
        let periods =
            try request.period.map { text throws(RPCError) in
                [try domain { () throws(DomainError) in try followUp.period(text) }]
            } ?? followUp.periods
        return FollowUpStatesMessage(
            committee: followUp.plan.committeeAbbreviation,
            periods: periods.map { period in
                PeriodStateMessage(
                    period: period.description,
                    current: FollowUpStateNote(followUp, period: period) {
                        followUp.derivedValues(in: period, travel: snapshot.travel, today: today)
                    },
                    changes: followUp.stateHistory(of: period).map(FollowUpStateMessage.init))
            })
    }

    private func change(
        committee: String?, context: CallContext, writer: isolated StateWriter,
        _ body: (inout FollowUp, Date) throws(DomainError) -> FollowUpStateChange
    ) throws(RPCError) -> FollowUpStateMessage {
        let change = try writer.commit(logger: context.logger, committee: committee, body) {
            store, change throws(StoreError) in
            try store.append(change)
        }
        var metadata: Logger.Metadata = [
            "committee": "\(change.committee)", "period": "\(change.period)", "state": "\(change.state.rawValue)",
            "sequence": "\(change.sequence)", "peer_uid": "\(context.peer.uid.map(String.init) ?? "-")",
        ]
        if let day = change.decidedOn { metadata["decided_on"] = "\(day)" }
        if let paragraph = change.paragraph { metadata["paragraph"] = "\(paragraph)" }
        if let reason = change.reason { metadata["reason"] = "\(reason)" }
        context.logger.notice("follow-up state changed", metadata: metadata)
        return FollowUpStateMessage(change)
    }
}

extension FollowUpStateMessage {
    init(_ change: FollowUpStateChange) {
        self.init(
            sequence: change.sequence, committee: change.committee, period: change.period.description,
            state: change.state.rawValue, decidedOn: change.decidedOn?.description, paragraph: change.paragraph,
            reason: change.reason, recordedAt: WireDate.string(change.recordedAt), recordedBy: change.recordedBy.name)
    }
}

extension FollowUpStateNote {
    /// Where a period's follow-up stands; `derived` gives the values goald derives for it today (asked only for a
    /// decided period), to tell those changed since the decision.
    init(_ followUp: FollowUp, period: Period, derived: () -> [String: DerivedValue]) {
        let decision = followUp.decision(of: period)
        let changed =
            decision == nil
            ? 0
            : followUp.changesAfterDecision(of: period).count
                + followUp.derivedChangesAfterDecision(of: period, now: derived()).count
        self.init(
            state: followUp.state(of: period).rawValue, decidedOn: decision?.decidedOn?.description,
            paragraph: decision?.paragraph, changedAfterDecision: decision == nil ? nil : changed)
    }
}
