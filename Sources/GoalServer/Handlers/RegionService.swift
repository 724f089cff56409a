import Foundation
import GoalDomain
import GoalProtocol
import GoalStore
import Logging

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
        // Made once per change of state, period and day, then answered from the snapshot.
        router.registerKept(
            GoalRPC.regionStatus, snapshot: { state.snapshot },
            key: { request in "\(request.period ?? "")|\(CivilDate.local(now()))" }
        ) { request, snapshot, _ in
            try Self.status(snapshot, period: request.period, now: now())
        }
        router.register(GoalRPC.regionIndicator) { request, _ in
            try Self.indicator(request, snapshot: state.snapshot, now: now())
        }
        router.registerStream(GoalRPC.regionWatch) { request, _ in
            _ = try Self.status(state.snapshot, period: request.period, now: now())  // check the params now
            return { snapshot, _ in try Self.status(snapshot, period: request.period, now: now()) }
        }
        router.registerWrite(GoalRPC.recordEffectGoalAssessment, scope: .board) { request, context, writer in
            try Self.assess(request, context: context, writer: writer)
        }
        router.registerWrite(GoalRPC.retractEffectGoalAssessment, scope: .board) { request, context, writer in
            try Self.retract(request, context: context, writer: writer)
        }
        let answers = DirectiveAnswers(state: state, now: now)
        router.register(GoalRPC.getPlanning) { request, _ in try answers.planning(request) }
        router.registerWrite(GoalRPC.submitAnswer, scope: .committee) { request, context, writer in
            try answers.submit(request, context: context, writer: writer)
        }
        router.registerWrite(GoalRPC.decideAnswer, scope: .decision) { request, context, writer in
            try answers.decide(request, context: context, writer: writer)
        }
    }

    /// Records the region's judgement of an effect goal (its board's to make).
    static func assess(
        _ request: RecordEffectGoalAssessmentRequest, context: CallContext, writer: isolated StateWriter
    ) throws(RPCError) -> EffectGoalAssessmentMessage {
        let level = try FollowUpRecords.level(request.level)
        let assessment = try writer.commit(\.judgements, logger: context.logger) {
            judgements, date throws(DomainError) in
            try judgements.record(
                effectGoal: request.effectGoal, period: request.period, level: level, analysis: request.analysis,
                at: date, by: context.peer)
        } persist: { store, assessment throws(StoreError) in
            try store.append(assessment)
        }
        context.logger.info(
            "effect goal assessed",
            metadata: [
                "effect_goal": "\(assessment.effectGoal)", "period": "\(assessment.period)",
                "level": "\(assessment.level.rawValue)", "sequence": "\(assessment.sequence)",
            ])
        return EffectGoalAssessmentMessage(assessment)
    }

    /// Withdraws the region's judgement in force for an effect goal and period.
    static func retract(
        _ request: RetractEffectGoalAssessmentRequest, context: CallContext, writer: isolated StateWriter
    ) throws(RPCError) -> RetractionMessage {
        let retraction = try writer.commit(\.judgements, logger: context.logger) {
            judgements, date throws(DomainError) in
            try judgements.retract(
                effectGoal: request.effectGoal, period: request.period, reason: request.reason, at: date,
                by: context.peer)
        } persist: { store, retraction throws(StoreError) in
            try store.append(retraction)
        }
        context.logger.notice(
            "effect goal assessment retracted",
            metadata: [
                "effect_goal": "\(retraction.subject)", "period": "\(retraction.period)",
                "retracted": "\(retraction.retracted)", "sequence": "\(retraction.sequence)",
                "reason": "\(retraction.reason)",
            ])
        let now = writer.stateSnapshot.judgements.current(retraction.subject, in: retraction.period)
        return RetractionMessage(retraction, subject: retraction.subject, nowInForce: now?.level.rawValue)
    }

    /// The region's status for a period: each committee's roll-up of the period, placed under the region's effect
    /// goals. Never a judgement of the effect goal itself: that is the region's to record, not to compute.
    package static func status(_ snapshot: Snapshot, period text: String?, now: Date) throws(RPCError)
        -> RegionStatusMessage
    {
        let region = snapshot.region
        let followUps = snapshot.state.followUps
        let (period, chosen) = try choosePeriod(snapshot, text, now: now)
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
                id: effect.id, title: effect.title,
                assessment: snapshot.state.judgements.current(effect.id, in: period).map(
                    EffectGoalAssessmentMessage.init),
                committees: contributions, committeesWithout: without)
        }
        return RegionStatusMessage(
            organisation: region.organisation, period: period.description, periodChosen: chosen,
            effectGoals: effects,
            committeesWithoutPlan: order.map(\.abbreviation).filter { statuses[$0] == nil })
    }

    /// One indicator across every committee for a period, with the region's own value.
    static func indicator(_ request: RegionIndicatorRequest, snapshot: Snapshot, now: Date) throws(RPCError)
        -> RegionIndicatorMessage
    {
        let across = try Self.across(request.indicator, period: request.period, snapshot: snapshot, now: now)
        let compared = across.value.period.yearEarlier
        func message(_ row: IndicatorAcrossRegion.Row) -> CommitteeIndicatorMessage {
            CommitteeIndicatorMessage(
                committee: row.committee, name: row.name,
                standing: IndicatorStatusMessage(
                    row.evaluation, resultGoal: row.resultGoal, compared: row.earlier, period: compared))
        }
        return RegionIndicatorMessage(
            indicator: IndicatorMessage(across.value.indicator), period: across.value.period.description,
            periodChosen: across.chosen, compared: compared.description,
            committees: across.value.committees.map(message), region: across.value.region.map(message),
            without: across.value.without.map { CommitteeNameMessage(abbreviation: $0.abbreviation, name: $0.name) },
            withoutPlan: across.value.withoutPlan.map {
                CommitteeNameMessage(abbreviation: $0.abbreviation, name: $0.name)
            })
    }

    /// The indicator a key names (a region indicator's id, or any committee's indicator by id or by its number in
    /// the default committee's plan) across the region, for the period asked or the latest with a value.
    static func across(_ key: String, period text: String?, snapshot: Snapshot, now: Date) throws(RPCError)
        -> (value: IndicatorAcrossRegion, chosen: String)
    {
        let state = snapshot.state
        let key = key.trimmingCharacters(in: .whitespaces)
        let found =
            snapshot.region.indicators.first { $0.id == key }
            ?? snapshot.followUp.plan.locateIndicator(key)?.indicator
            ?? snapshot.followUp.plans.reversed().lazy.compactMap { $0.locateIndicator(key)?.indicator }.first
            ?? state.followUps.values.lazy.compactMap { $0.locate(key)?.indicator }.first
        guard let indicator = found else {
            throw RPCError(
                .notFound,
                "indicator: no indicator with key \"\(key)\" (a region indicator's id, or an indicator's id or "
                    + "number in \(snapshot.state.defaultCommittee)'s plan)", details: ["field": "indicator"])
        }
        let period: Period
        let chosen: String
        if let text {
            (period, chosen) = try choosePeriod(snapshot, text, now: now)
        } else if let latest = IndicatorAcrossRegion.latestPeriod(
            of: indicator.id, followUps: state.followUps, own: state.regionFollowUp)
        {
            (period, chosen) = (latest, "latestWithData")
        } else {
            (period, chosen) = try choosePeriod(snapshot, nil, now: now)
        }
        return (
            IndicatorAcrossRegion(
                indicator, period: period, region: snapshot.region, followUps: state.followUps,
                own: state.regionFollowUp), chosen
        )
    }

    /// The period a region-wide call means: the one asked for, within some committee's plans, else the one today
    /// falls in.
    static func choosePeriod(_ snapshot: Snapshot, _ text: String?, now: Date) throws(RPCError)
        -> (Period, String)
    {
        let allPeriods = Set(snapshot.state.followUps.values.flatMap(\.periods)).sorted()
        guard let text else {
            let today = CivilDate.local(now)
            return (snapshot.followUp.period(containingYear: today.year, month: today.month), "current")
        }
        guard let parsed = Period(text.trimmingCharacters(in: .whitespaces)) else {
            throw RPCError.invalidArgument(
                "period: \"\(text)\" is not a period; write YEAR-interim or YEAR-annual", field: "period")
        }
        guard allPeriods.contains(parsed) else {
            throw RPCError.invalidArgument(
                "period: \(parsed) is outside every committee's plans (\(allPeriods.first?.description ?? "")–"
                    + "\(allPeriods.last?.description ?? ""))", field: "period")
        }
        return (parsed, "requested")
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

extension EffectGoalAssessmentMessage {
    init(_ assessment: EffectGoalAssessment) {
        self.init(
            sequence: assessment.sequence, effectGoal: assessment.effectGoal, period: assessment.period.description,
            level: assessment.level.rawValue, analysis: assessment.analysis,
            recordedAt: WireDate.string(assessment.recordedAt), recordedBy: assessment.recordedBy.name)
    }
}
