import Foundation
import GoalDomain
import GoalProtocol
import GoalStore
import Logging

/// `goald.v1.Goals`: the goal model and its follow-up.
package struct GoalsService: RPCService {
    private let state: LiveState
    private let now: @Sendable () -> Date

    package init(state: LiveState, now: @escaping @Sendable () -> Date = Date.init) {
        self.state = state
        self.now = now
    }

    /// The methods and the functions that answer them (the follow-up's writes in `FollowUpRecords`, its states in
    /// `FollowUpStates`).
    package func register(on router: inout RPCRouter) {
        let state = self.state
        let now = self.now
        let records = FollowUpRecords(state: state)
        let states = FollowUpStates(state: state)
        router.register(GoalRPC.getPlan) { request, _ in try self.plan(request) }
        router.register(GoalRPC.getIndicator) { request, _ in try self.indicator(request) }
        router.register(GoalRPC.listMeasurements) { request, _ in try self.measurements(request) }
        router.register(GoalRPC.listAssessments) { request, _ in try self.assessments(request) }
        router.register(GoalRPC.listFollowUpStates) { request, _ in try states.list(request, now: now()) }
        router.register(GoalRPC.getStatus) { request, _ in try Self.statusMessage(state.snapshot, request, now: now()) }
        router.registerStream(GoalRPC.watch) { request, _ in
            _ = try Self.statusMessage(state.snapshot, request, now: now())  // check the params now
            return { snapshot, _ in try Self.statusMessage(snapshot, request, now: now()) }
        }
        router.registerWrite(GoalRPC.recordMeasurement, scope: .committee) { request, context, writer in
            try records.record(request, context: context, writer: writer)
        }
        // The file is read off the writer; its rows are checked and recorded on it, all or nothing.
        router.registerWrite(
            GoalRPC.importMeasurements, scope: .rows,
            prepare: { request, _, _ in (request, try FollowUpRecords.importInput(request)) }
        ) { prepared, context, writer in
            try records.importFile(prepared.0, input: prepared.1, context: context, writer: writer)
        }
        router.registerWrite(GoalRPC.setTarget, scope: .committee) { request, context, writer in
            try records.setTarget(request, context: context, writer: writer)
        }
        router.registerWrite(GoalRPC.recordAssessment, scope: .committee) { request, context, writer in
            try records.assess(request, context: context, writer: writer)
        }
        router.registerWrite(GoalRPC.retractMeasurement, scope: .committee) { request, context, writer in
            try records.retractMeasurement(request, context: context, writer: writer)
        }
        router.registerWrite(GoalRPC.retractTarget, scope: .committee) { request, context, writer in
            try records.retractTarget(request, context: context, writer: writer)
        }
        router.registerWrite(GoalRPC.retractAssessment, scope: .committee) { request, context, writer in
            try records.retractAssessment(request, context: context, writer: writer)
        }
        router.registerWrite(GoalRPC.markReady, scope: .committee) { request, context, writer in
            try states.markReady(request, context: context, writer: writer)
        }
        router.registerWrite(GoalRPC.decideFollowUp, scope: .decision) { request, context, writer in
            try states.decide(request, context: context, writer: writer)
        }
        router.registerWrite(GoalRPC.reopenFollowUp, scope: .reopening) { request, context, writer in
            try states.reopen(request, context: context, writer: writer)
        }
    }

    /// `Goals/GetPlan`: a committee's plan (the default committee's is kept made with the snapshot).
    func plan(_ request: GetPlanRequest) throws -> PlanMessage {
        let snapshot = state.snapshot
        guard let committee = request.committee else { return snapshot.planMessage }
        let followUp = try snapshot.followUp(committee: committee)
        return followUp.plan.committeeAbbreviation == snapshot.plan.committeeAbbreviation
            ? snapshot.planMessage : PlanMessage(followUp.plan)
    }

    /// `Goals/GetIndicator`: an indicator with its goals, its target changes and the targets in force per period.
    func indicator(_ request: GetIndicatorRequest) throws -> IndicatorDetail {
        let snapshot = state.snapshot
        let followUp = try snapshot.followUp(committee: request.committee, region: request.region)
        let indicator: Indicator
        do throws(DomainError) {
            indicator = try followUp.indicator(request.key)
        } catch {
            throw RPCError(error).naming("key")  // the param is `key`
        }
        guard let found = followUp.locate(indicator.id) else {
            throw RPCError.notFound("no indicator with key \"\(request.key)\"")
        }
        var detail = IndicatorDetail(
            indicator: IndicatorMessage(found.indicator),
            resultGoal: GoalRef(number: found.resultGoal.number, title: found.resultGoal.title),
            effectGoal: GoalRef(number: found.effectGoal.number, title: found.effectGoal.title),
            targetHistory: (followUp.targetChanges[indicator.id] ?? []).map { change in
                TargetChangeMessage(
                    change, in: followUp.plan(for: change.from), retracted: followUp.retraction(of: change.sequence)
                )
            },
            targetsInForce: followUp.periods(of: indicator.id).map { period in
                PeriodTargetMessage(
                    period: period.description,
                    target: TargetMessage(followUp.target(of: indicator.id, in: period)))
            }
        )
        if indicator.derivedFrom != nil {
            // The latest period with a derived value says whether its data is complete.
            let today = CivilDate.local(now())
            let travel = snapshot.travel
            detail.provisionalThrough =
                followUp.periods.reversed().lazy.compactMap { period in
                    followUp.derivedValues(in: period, travel: travel, today: today)[indicator.id]
                }.first?.provisionalThrough?.description
        }
        return detail
    }

    /// `Goals/ListMeasurements`: an indicator's values, superseded and retracted ones marked, and derived ones.
    func measurements(_ request: ListMeasurementsRequest) throws -> MeasurementHistory {
        let snapshot = state.snapshot
        let followUp = try snapshot.followUp(committee: request.committee, region: request.region)
        let indicator = try followUp.indicator(request.indicator)
        let period = try request.period.map { text throws(DomainError) in try followUp.period(text) }
        let all = followUp.measurements[indicator.id] ?? []
        let current = Set(
            followUp.periods.compactMap { followUp.currentMeasurement(indicator.id, in: $0)?.sequence })
        let listed = all.filter { period == nil || $0.period == period }.map { measurement in
            let retraction = followUp.retraction(of: measurement.sequence)
            return MeasurementMessage(
                measurement, in: followUp.plan(for: measurement.period), kind: indicator.target.kind,
                unit: indicator.target.unit,
                superseded: retraction == nil && !current.contains(measurement.sequence),
                retracted: retraction.map(RetractionNote.init))
        }
        // A value goald derives is computed for each period it has one, as status does.
        let derived: [MeasurementMessage] =
            indicator.derivedFrom == nil
            ? []
            : followUp.periods
                .filter { period == nil || $0 == period }
                .compactMap { candidate in
                    followUp.derivedValues(in: candidate, travel: snapshot.travel, today: CivilDate.local(now()))[
                        indicator.id
                    ].map { value in
                        MeasurementMessage(derived: value, of: indicator, in: candidate, at: now())
                    }
                }
        return MeasurementHistory(indicator: IndicatorMessage(indicator), measurements: listed + derived)
    }

    /// `Goals/ListAssessments`: a result goal's judgements and its qualitative indicators'.
    func assessments(_ request: ListAssessmentsRequest) throws -> AssessmentHistory {
        let followUp = try state.snapshot.followUp(committee: request.committee)
        let resultGoal = try followUp.resultGoal(request.resultGoal)
        let period = try request.period.map { text throws(DomainError) in try followUp.period(text) }
        // The result goal's own assessments, then the judgements of its qualitative indicators.
        let subjects =
            [resultGoal.id]
            + resultGoal.indicators.filter { $0.target.kind == .qualitative }
            .map(\.id)
        let current = Set(
            subjects.flatMap { subject in
                followUp.periods.compactMap { followUp.currentAssessment(subject, in: $0)?.sequence }
            })
        let listed = subjects.flatMap { followUp.assessments[$0] ?? [] }.filter {
            period == nil || $0.period == period
        }
        .map { assessment in
            let retraction = followUp.retraction(of: assessment.sequence)
            return AssessmentMessage(
                assessment, in: followUp.plan(for: assessment.period),
                superseded: retraction == nil && !current.contains(assessment.sequence),
                retracted: retraction.map(RetractionNote.init))
        }
        return AssessmentHistory(
            resultGoal: GoalRef(number: resultGoal.number, title: resultGoal.title),
            assessments: listed)
    }

    /// The roll-up a status request asks for, with the compared period's beside it.
    static func statusMessage(_ snapshot: Snapshot, _ request: GetStatusRequest, now: Date) throws(RPCError)
        -> StatusMessage
    {
        let (status, chosen) = try planStatus(
            snapshot, period: request.period, committee: request.committee, now: now)
        let compared = try request.compare.map { text throws(RPCError) in
            let followUp = try snapshot.followUp(committee: request.committee)
            let period: Period
            if text == "yearEarlier" {
                period = status.period.yearEarlier
                guard followUp.periods.contains(period) else {
                    throw RPCError.invalidArgument(
                        "compare: the period a year before \(status.period), \(period), is "
                            + "outside the plan (\(followUp.firstYear)–\(followUp.lastYear))",
                        field: "compare")
                }
            } else {
                period = try domain { () throws(DomainError) in try followUp.period(text, field: "compare") }
            }
            return followUp.status(for: period, travel: snapshot.travel, today: CivilDate.local(now))
        }
        var message = StatusMessage(status, periodChosen: chosen, compared: compared)
        // The derived values the roll-up already holds: not computed again.
        message.followUp = FollowUpStateNote(
            try snapshot.followUp(committee: request.committee), period: status.period
        ) { status.derivedValues }
        return message
    }

    /// The roll-up for a period; without one, the latest period with data, else the current one.
    static func planStatus(_ snapshot: Snapshot, period text: String?, committee: String? = nil, now: Date)
        throws(RPCError) -> (PlanStatus, chosen: String)
    {
        let followUp = try snapshot.followUp(committee: committee)
        let (period, chosen) = try choosePeriod(followUp, text, now: now)
        return (followUp.status(for: period, travel: snapshot.travel, today: CivilDate.local(now)), chosen)
    }

    /// The period asked for; without one, the latest period with data (`latestWithData`), else the one today
    /// falls in (`current`).
    package static func choosePeriod(_ followUp: FollowUp, _ text: String?, now: Date) throws(RPCError)
        -> (Period, chosen: String)
    {
        if let text {
            return (try domain { () throws(DomainError) in try followUp.period(text) }, "requested")
        }
        if let latest = followUp.latestPeriodWithData { return (latest, "latestWithData") }
        let today = CivilDate.local(now)
        return (followUp.period(containingYear: today.year, month: today.month), "current")
    }
}
