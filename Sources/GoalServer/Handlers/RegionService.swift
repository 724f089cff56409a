import Foundation
import GoalDomain
import GoalProtocol

/// `goald.v1.Region`: the region's model (its effect goals, its committees and the plans loaded for each) and the
/// region's view of the follow-up: per effect goal, every committee's result goals.
package struct RegionService: RPCService {
    private let state: LiveState
    private let now: @Sendable () -> Date

    package init(state: LiveState, now: @escaping @Sendable () -> Date = Date.init) {
        self.state = state
        self.now = now
    }

    package func register(on router: inout RPCRouter) {
        let (state, now) = (self.state, self.now)
        router.register(GoalRPC.listCommittees) { _, _ in
            let snapshot = state.snapshot
            return CommitteesMessage(
                snapshot.region, followedUp: Set(snapshot.state.followUps.values.flatMap { $0.plans.map(\.id) }))
        }
        router.register(GoalRPC.regionStatus) { request, _ in
            try Self.status(state.snapshot, period: request.period, now: now())
        }
    }

    /// The region's status for a period: each committee's roll-up of the period, placed under the region's effect
    /// goals. Never a judgement of the effect goal itself: that is the region's to record, not to compute.
    static func status(_ snapshot: Snapshot, period text: String?, now: Date) throws(RPCError) -> RegionStatusMessage {
        let region = snapshot.region
        let followUps = snapshot.state.followUps
        let allPeriods = Set(followUps.values.flatMap(\.periods)).sorted()
        let period: Period
        let chosen: String
        if let text {
            guard let parsed = Period(text.trimmingCharacters(in: .whitespaces)) else {
                throw RPCError.invalidArgument(
                    "period: \"\(text)\" is not a period; write YEAR-interim or YEAR-annual", field: "period")
            }
            guard allPeriods.contains(parsed) else {
                throw RPCError.invalidArgument(
                    "period: \(parsed) is outside every committee's plans (\(allPeriods.first?.description ?? "")–"
                        + "\(allPeriods.last?.description ?? ""))", field: "period")
            }
            (period, chosen) = (parsed, "requested")
        } else {
            let today = CivilDate.local(now)
            (period, chosen) = (snapshot.followUp.period(containingYear: today.year, month: today.month), "current")
        }
        let today = CivilDate.local(now)
        var statuses: [String: (plan: Plan, status: PlanStatus)] = [:]
        for (committee, followUp) in followUps where followUp.periods.contains(period) {
            statuses[committee] = (
                followUp.plan(for: period), followUp.status(for: period, travel: snapshot.travel, today: today)
            )
        }
        let order = region.committees
        let effects = region.effectGoals.map { effect in
            var contributions: [CommitteeContributionMessage] = []
            var without: [String] = []
            for committee in order {
                guard let (plan, status) = statuses[committee.abbreviation] else { continue }
                let results = status.effectGoals.first { $0.effectGoal.id == effect.id }?.resultGoals ?? []
                if results.isEmpty {
                    without.append(committee.abbreviation)
                    continue
                }
                contributions.append(
                    CommitteeContributionMessage(
                        committee: committee.abbreviation, name: committee.name, plan: plan.id,
                        resultGoals: results.map { result in
                            RegionResultGoalMessage(
                                id: result.resultGoal.id, number: result.resultGoal.number,
                                title: result.resultGoal.title, assessment: result.assessment?.level.rawValue,
                                tally: TallyMessage(result.tally))
                        }))
            }
            return RegionEffectGoalStatusMessage(
                id: effect.id, title: effect.title, committees: contributions, committeesWithout: without)
        }
        return RegionStatusMessage(
            organisation: region.organisation, period: period.description, periodChosen: chosen,
            effectGoals: effects,
            committeesWithoutPlan: order.map(\.abbreviation).filter { statuses[$0] == nil })
    }
}

extension CommitteesMessage {
    package init(_ region: Region, followedUp: Set<String>) {
        self.init(
            organisation: region.organisation,
            mandatePeriod: YearsMessage(firstYear: region.mandate.firstYear, lastYear: region.mandate.lastYear),
            defaultCommittee: region.defaultCommittee,
            effectGoals: region.effectGoals.map {
                RegionEffectGoalMessage(id: $0.id, title: $0.title, agenda2030: $0.agenda2030)
            },
            committees: region.committees.map { committee in
                CommitteeMessage(
                    abbreviation: committee.abbreviation, name: committee.name,
                    plans: region.plans(of: committee.abbreviation).map { answer in
                        let plan = region.plan(answer)
                        return CommitteePlanMessage(
                            id: answer.id, title: answer.title, firstYear: answer.period.firstYear,
                            lastYear: answer.period.lastYear, resultGoals: plan.resultGoalCount,
                            indicators: plan.indicatorCount, followedUp: followedUp.contains(answer.id))
                    })
            })
    }
}
