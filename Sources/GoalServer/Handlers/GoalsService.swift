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

    package func register(on router: inout RPCRouter) {
        let state = self.state
        let now = self.now
        router.register(GoalRPC.getPlan) { _, _ in
            state.snapshot.planMessage
        }

        router.register(GoalRPC.getIndicator) { request, _ in
            let followUp = state.snapshot.followUp
            let indicator: Indicator
            do throws(DomainError) {
                indicator = try followUp.indicator(request.key)
            } catch {
                throw RPCError(error).naming("key")  // the param is `key`
            }
            guard let found = followUp.plan.locateIndicator(indicator.number) else {
                throw RPCError.notFound("no indicator with key \"\(request.key)\"")
            }
            return IndicatorDetail(
                indicator: IndicatorMessage(found.indicator),
                resultGoal: GoalRef(number: found.resultGoal.number, title: found.resultGoal.title),
                effectGoal: GoalRef(number: found.effectGoal.number, title: found.effectGoal.title),
                targetHistory: (followUp.targetChanges[indicator.number] ?? []).map { change in
                    TargetChangeMessage(change, retracted: followUp.retraction(of: change.sequence))
                },
                targetsInForce: followUp.plan.periods.map { period in
                    PeriodTargetMessage(
                        period: period.description,
                        target: TargetMessage(followUp.target(of: indicator.number, in: period)))
                }
            )
        }

        router.registerWrite(GoalRPC.recordMeasurement) { request, context, writer in
            let value = try Self.measurementValue(request.value)
            let measurement = try writer.commit(logger: context.logger) { followUp, date throws(DomainError) in
                try followUp.recordMeasurement(
                    indicator: request.indicator, period: request.period, value: value,
                    note: request.note, source: request.source, at: date, by: context.peer)
            } persist: { store, measurement throws(StoreError) in
                try store.append(measurement)
            }
            context.logger.info(
                "measurement recorded",
                metadata: [
                    "indicator": "\(measurement.indicator)", "period": "\(measurement.period)",
                    "sequence": "\(measurement.sequence)", "peer_uid": "\(context.peer.uid.map(String.init) ?? "-")",
                ])
            let target = state.snapshot.plan.locateIndicator(measurement.indicator)?.indicator.target
            return MeasurementMessage(measurement, kind: target?.kind ?? .index, unit: target?.unit, superseded: false)
        }

        router.register(GoalRPC.listMeasurements) { request, _ in
            let snapshot = state.snapshot
            let followUp = snapshot.followUp
            let indicator = try domain { () throws(DomainError) in try followUp.indicator(request.indicator) }
            let period = try request.period.map { text in
                try domain { () throws(DomainError) in try followUp.period(text) }
            }
            let all = followUp.measurements[indicator.number] ?? []
            let current = Set(
                followUp.plan.periods.compactMap { followUp.currentMeasurement(indicator.number, in: $0)?.sequence })
            let listed = all.filter { period == nil || $0.period == period }.map { measurement in
                let retraction = followUp.retraction(of: measurement.sequence)
                return MeasurementMessage(
                    measurement, kind: indicator.target.kind, unit: indicator.target.unit,
                    superseded: retraction == nil && !current.contains(measurement.sequence),
                    retracted: retraction.map(RetractionNote.init))
            }
            // A value goald derives is computed for each period it has one, as status does.
            let derived: [MeasurementMessage] =
                indicator.derivedFrom == nil
                ? []
                : followUp.plan.periods
                    .filter { period == nil || $0 == period }
                    .compactMap { candidate in
                        snapshot.travel.derivedValues(for: followUp.plan, in: candidate, today: CivilDate.local(now()))[
                            indicator.number
                        ].map { value in
                            MeasurementMessage(derived: value, of: indicator, in: candidate, at: now())
                        }
                    }
            return MeasurementHistory(indicator: IndicatorMessage(indicator), measurements: listed + derived)
        }

        router.registerWrite(GoalRPC.setTarget) { request, context, writer in
            let value: TargetValue =
                switch request.value {
                case .number(let number): .number(number)
                case .bool(let flag): .yesNo(flag)
                default:
                    throw RPCError.invalidArgument(
                        "value: expected a number, or true/false for a yes/no target",
                        field: "value")
                }
            let direction = try request.direction.map { text in
                guard let direction = Direction(rawValue: text) else {
                    throw RPCError.invalidArgument(
                        "direction: expected \"atLeast\" or \"atMost\", found \"\(text)\"",
                        field: "direction")
                }
                return direction
            }
            let change = try writer.commit(logger: context.logger) { followUp, date throws(DomainError) in
                try followUp.setTarget(
                    indicator: request.indicator, value: value, direction: direction,
                    from: request.from, today: CivilDate.local(date), reason: request.reason, at: date,
                    by: context.peer)
            } persist: { store, change throws(StoreError) in
                try store.append(change)
            }
            context.logger.info(
                "target set",
                metadata: [
                    "indicator": "\(change.indicator)", "target": "\(change.target.display)", "from": "\(change.from)",
                    "previous": "\(change.previous.display)", "sequence": "\(change.sequence)",
                ])
            return TargetChangeMessage(change, fromChosen: request.from == nil ? "firstOpen" : "requested")
        }

        router.registerWrite(GoalRPC.recordAssessment) { request, context, writer in
            guard let level = Assessment.Level(text: request.level) else {
                let levels = Assessment.Level.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
                throw RPCError.invalidArgument(
                    "level: expected one of \(levels), found \"\(request.level)\"",
                    field: "level")
            }
            let subject = try Self.assessmentSubject(
                resultGoal: request.resultGoal, indicator: request.indicator,
                followUp: state.snapshot.followUp)
            let assessment = try writer.commit(logger: context.logger) { followUp, date throws(DomainError) in
                try followUp.recordAssessment(
                    subject: subject, period: request.period, level: level,
                    analysis: request.analysis, at: date, by: context.peer)
            } persist: { store, assessment throws(StoreError) in
                try store.append(assessment)
            }
            context.logger.info(
                "assessment recorded",
                metadata: [
                    "subject": "\(assessment.subject)", "period": "\(assessment.period)",
                    "level": "\(assessment.level.rawValue)", "sequence": "\(assessment.sequence)",
                ])
            return AssessmentMessage(assessment)
        }

        router.register(GoalRPC.listAssessments) { request, _ in
            let followUp = state.snapshot.followUp
            let resultGoal = try domain { () throws(DomainError) in try followUp.resultGoal(request.resultGoal) }
            let period = try request.period.map { text in
                try domain { () throws(DomainError) in try followUp.period(text) }
            }
            // The result goal's own assessments, then the judgements of its qualitative indicators.
            let subjects =
                [resultGoal.number]
                + resultGoal.indicators.filter { $0.target.kind == .qualitative }
                .map(\.number)
            let current = Set(
                subjects.flatMap { subject in
                    followUp.plan.periods.compactMap { followUp.currentAssessment(subject, in: $0)?.sequence }
                })
            let listed = subjects.flatMap { followUp.assessments[$0] ?? [] }.filter {
                period == nil || $0.period == period
            }
            .map { assessment in
                let retraction = followUp.retraction(of: assessment.sequence)
                return AssessmentMessage(
                    assessment,
                    superseded: retraction == nil && !current.contains(assessment.sequence),
                    retracted: retraction.map(RetractionNote.init))
            }
            return AssessmentHistory(
                resultGoal: GoalRef(number: resultGoal.number, title: resultGoal.title),
                assessments: listed)
        }

        router.registerWrite(GoalRPC.retractMeasurement) { request, context, writer in
            let retraction = try Self.retract(writer: writer, context: context) { followUp, date throws(DomainError) in
                try followUp.retractMeasurement(
                    indicator: request.indicator, period: request.period,
                    reason: request.reason, at: date, by: context.peer)
            }
            let followUp = state.snapshot.followUp
            let indicator = followUp.plan.locateIndicator(retraction.subject)?.indicator
            let now = followUp.currentMeasurement(retraction.subject, in: retraction.period).map { measurement in
                measurement.value.display(for: indicator?.target.kind ?? .index, unit: indicator?.target.unit)
            }
            return RetractionMessage(retraction, nowInForce: now)
        }

        router.registerWrite(GoalRPC.retractTarget) { request, context, writer in
            let retraction = try Self.retract(writer: writer, context: context) { followUp, date throws(DomainError) in
                try followUp.retractTarget(
                    indicator: request.indicator, from: request.from, reason: request.reason,
                    at: date, by: context.peer)
            }
            let now = state.snapshot.followUp.target(of: retraction.subject, in: retraction.period).display
            return RetractionMessage(retraction, nowInForce: now)
        }

        router.registerWrite(GoalRPC.retractAssessment) { request, context, writer in
            let subject = try Self.assessmentSubject(
                resultGoal: request.resultGoal, indicator: request.indicator,
                followUp: state.snapshot.followUp)
            let retraction = try Self.retract(writer: writer, context: context) { followUp, date throws(DomainError) in
                try followUp.retractAssessment(
                    subject: subject, period: request.period,
                    reason: request.reason, at: date, by: context.peer)
            }
            let now = state.snapshot.followUp.currentAssessment(retraction.subject, in: retraction.period)
            return RetractionMessage(retraction, nowInForce: now?.level.rawValue)
        }

        router.register(GoalRPC.getStatus) { request, _ in
            try Self.statusMessage(state.snapshot, request, now: now())
        }

        router.registerStream(GoalRPC.watch) { request, _ in
            _ = try Self.statusMessage(state.snapshot, request, now: now())  // check the params now
            return { snapshot, _ in try Self.statusMessage(snapshot, request, now: now()) }
        }
    }

    /// Exactly one of the two names what an assessment judges, and it is what the param says it is.
    static func assessmentSubject(resultGoal: String?, indicator: String?, followUp: FollowUp) throws(RPCError)
        -> String
    {
        switch (resultGoal, indicator) {
        case (let number?, nil):
            if followUp.plan.locateIndicator(number.trimmingCharacters(in: .whitespaces)) != nil {
                throw RPCError.invalidArgument(
                    "resultGoal: \(number) is an indicator; give it as indicator",
                    field: "resultGoal")
            }
            return number
        case (nil, let key?):
            guard followUp.plan.locateIndicator(key.trimmingCharacters(in: .whitespaces)) != nil else {
                throw RPCError(
                    .notFound,
                    "indicator: no indicator with key \"\(key)\"; a result goal is given as "
                        + "resultGoal", details: ["field": "indicator"])
            }
            return key
        case (nil, nil):
            throw RPCError.invalidArgument(
                "resultGoal: give the result goal (or, for a qualitative indicator, "
                    + "indicator)", field: "resultGoal")
        case (_?, _?):
            throw RPCError.invalidArgument(
                "indicator: give either resultGoal or indicator, not both",
                field: "indicator")
        }
    }

    /// The roll-up a status request asks for, with the compared period's beside it.
    static func statusMessage(_ snapshot: Snapshot, _ request: GetStatusRequest, now: Date) throws(RPCError)
        -> StatusMessage
    {
        let (status, chosen) = try planStatus(snapshot, period: request.period, now: now)
        let compared = try request.compare.map { text throws(RPCError) in
            let followUp = snapshot.followUp
            let period: Period
            if text == "yearEarlier" {
                period = status.period.yearEarlier
                guard followUp.plan.periods.contains(period) else {
                    throw RPCError.invalidArgument(
                        "compare: the period a year before \(status.period), \(period), is "
                            + "outside the plan (\(followUp.plan.firstYear)–\(followUp.plan.lastYear))",
                        field: "compare")
                }
            } else {
                period = try domain { () throws(DomainError) in try followUp.period(text, field: "compare") }
            }
            return followUp.status(
                for: period,
                derived: snapshot.travel.derivedValues(
                    for: followUp.plan, in: period,
                    today: CivilDate.local(now)))
        }
        return StatusMessage(status, periodChosen: chosen, compared: compared)
    }

    /// The roll-up for a period; without one, the latest period with data, else the current one.
    static func planStatus(_ snapshot: Snapshot, period text: String?, now: Date) throws(RPCError)
        -> (PlanStatus, chosen: String)
    {
        let followUp = snapshot.followUp
        let (period, chosen) = try choosePeriod(followUp, text, now: now)
        let derived = snapshot.travel.derivedValues(for: followUp.plan, in: period, today: CivilDate.local(now))
        return (followUp.status(for: period, derived: derived), chosen)
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
        return (followUp.plan.period(containingYear: today.year, month: today.month), "current")
    }

    /// Commits a retraction the domain makes, stores it and logs it.
    static func retract(
        writer: isolated StateWriter, context: CallContext,
        _ change: (inout FollowUp, Date) throws(DomainError) -> Retraction
    ) throws(RPCError) -> Retraction {
        let retraction = try writer.commit(logger: context.logger, change) { store, retraction throws(StoreError) in
            try store.append(retraction)
        }
        context.logger.notice(
            "\(retraction.kind.rawValue) retracted",
            metadata: [
                "subject": "\(retraction.subject)", "period": "\(retraction.period)",
                "retracted": "\(retraction.retracted)", "sequence": "\(retraction.sequence)",
                "reason": "\(retraction.reason)",
            ])
        return retraction
    }

    /// A measurement's value from its JSON: a number, true/false, or a text.
    static func measurementValue(_ value: JSONValue) throws(RPCError) -> MeasurementValue {
        switch value {
        case .number(let number): return .number(number)
        case .bool(let flag): return .yesNo(flag)
        case .string(let text): return .text(text)
        default:
            throw RPCError.invalidArgument("value: expected a number, true/false, or a text", field: "value")
        }
    }
}
