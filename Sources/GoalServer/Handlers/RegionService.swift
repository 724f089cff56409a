import GoalDomain
import GoalProtocol

/// `goald.v1.Region`: the region's model: its effect goals, its committees and the plans loaded for each.
package struct RegionService: RPCService {
    private let state: LiveState

    package init(state: LiveState) {
        self.state = state
    }

    package func register(on router: inout RPCRouter) {
        let state = self.state
        router.register(GoalRPC.listCommittees) { _, _ in
            let snapshot = state.snapshot
            return CommitteesMessage(snapshot.region, followedUp: Set(snapshot.followUp.plans.map(\.id)))
        }
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
