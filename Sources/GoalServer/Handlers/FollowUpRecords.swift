import Foundation
import GoalDomain
import GoalProtocol
import GoalStore
import Logging

/// The follow-up's writes as one application type: values recorded, targets changed, judgements made, and each of
/// them withdrawn. Each takes its request, the call's context and the writer it runs isolated on, and answers what
/// the wire returns; `GoalsService` registers them. The rules live in the domain (`FollowUp`), the storage in
/// `GoalStore`.
struct FollowUpRecords: Sendable {
    let state: LiveState

    /// Records a value of an indicator for a period; the value in force for it is the last one not retracted.
    func record(_ request: RecordMeasurementRequest, context: CallContext, writer: isolated StateWriter)
        throws(RPCError)
        -> MeasurementMessage
    {
        let value = try Self.measurementValue(request.value)
        let measurement = try writer.commit(
            logger: context.logger, committee: request.committee, region: request.region
        ) {
            followUp, date throws(DomainError) in
            try followUp.recordMeasurement(
                indicator: request.indicator, period: request.period, value: value,
                gender: GenderValues(women: request.women, men: request.men), note: request.note,
                source: request.source, at: date, by: context.peer)
        } persist: { store, measurement throws(StoreError) in
            try store.append(measurement)
        }
        let plan = try state.snapshot.followUp(committee: request.committee, region: request.region).plan(
            for: measurement.period)
        context.logger.info(
            "measurement recorded",
            metadata: [
                "indicator": "\(plan.number(of: measurement.indicator))", "id": "\(measurement.indicator)",
                "period": "\(measurement.period)",
                "sequence": "\(measurement.sequence)", "peer_uid": "\(context.peer.uid.map(String.init) ?? "-")",
            ])
        let target = plan.locateIndicator(measurement.indicator)?.indicator.target
        return MeasurementMessage(
            measurement, in: plan, kind: target?.kind ?? .index, unit: target?.unit, superseded: false)
    }

    /// Records a follow-up file's values for every committee its rows name, all or nothing, durable before the
    /// answer; rows whose value is already in force are left as they are. `parsed` was read off the writer.
    func importFile(
        _ request: ImportMeasurementsRequest, input: MeasurementImportInput, context: CallContext,
        writer: isolated StateWriter
    ) throws(RPCError) -> ImportMeasurementsResponse {
        let current = writer.stateSnapshot
        var committee = current.defaultCommittee
        if let named = request.committee, !named.trimmingCharacters(in: .whitespaces).isEmpty {
            committee = try current.committee(named: named).abbreviation
        }
        // The region's own follow-up beside the committees': a row of "region" records there.
        var followUps = current.followUps
        if let own = current.regionFollowUp { followUps[Region.ownKey] = own }
        let parsed: MeasurementFile.Parsed
        var kolada: KoladaReadingMessage?
        switch input {
        case .file(let file): parsed = file
        case .kolada(let entries):
            let reading: KoladaFile.Reading
            do throws(DomainError) {
                reading = try KoladaFile.rows(
                    entries, municipality: request.municipality, region: current.region, followUps: followUps)
            } catch {
                throw RPCError(error)
            }
            parsed = reading.parsed
            kolada = KoladaReadingMessage(reading)
        }
        let outcome = MeasurementImport(
            parsed, into: &followUps, region: current.region, committee: committee, source: request.source,
            lastSequence: current.lastSequence, at: writer.date, by: context.peer)
        var answer = ImportMeasurementsResponse(
            recorded: outcome.recorded.count, unchanged: outcome.unchanged, rows: parsed.rows.count,
            committees: outcome.committees,
            rejected: outcome.problems.prefix(ImportMeasurementsResponse.listedAtMost).map {
                RowProblemMessage(line: $0.line, column: $0.column, message: $0.message)
            },
            committed: false, headerLine: parsed.headerLine, ignoredColumns: parsed.ignored)
        answer.kolada = kolada
        if outcome.problems.count > ImportMeasurementsResponse.listedAtMost {
            answer.rejectedNotListed = outcome.problems.count - ImportMeasurementsResponse.listedAtMost
        }
        guard outcome.problems.isEmpty else {
            answer.recorded = 0
            return answer
        }
        try context.authorize(rowsOf: outcome.committees)
        guard request.dryRun != true, !outcome.recorded.isEmpty else { return answer }
        let changed = Set(outcome.recorded.map(\.committee))
        try writer.write(logger: context.logger) { store, _ throws(StoreError) in
            try store.append(outcome.recorded)
        } publish: { state, _ in
            for committee in changed {
                if committee == Region.ownKey {
                    state.regionFollowUp = followUps[committee]
                } else {
                    state.followUps[committee] = followUps[committee]
                }
            }
        }
        answer.committed = true
        context.logger.info(
            "follow-up file imported",
            metadata: [
                "source": "\(request.source ?? "-")", "recorded": "\(outcome.recorded.count)",
                "unchanged": "\(outcome.unchanged)", "committees": "\(outcome.committees.joined(separator: ","))",
                "first_sequence": "\(outcome.recorded.first?.sequence ?? 0)",
                "last_sequence": "\(outcome.recorded.last?.sequence ?? 0)",
                "peer_uid": "\(context.peer.uid.map(String.init) ?? "-")",
            ])
        return answer
    }

    /// What a follow-up import reads: a file's rows, or a Kolada answer's entries (mapped to rows on the writer,
    /// where the follow-ups they reach are known).
    enum MeasurementImportInput: Sendable {
        case file(MeasurementFile.Parsed)
        case kolada([KoladaFile.Entry])
    }

    /// The file of an import read off the writer: its CSV parsed, or its Kolada answer read.
    static func importInput(_ request: ImportMeasurementsRequest) throws(RPCError) -> MeasurementImportInput {
        switch (request.csv, request.kolada) {
        case (let csv?, nil):
            return .file(MeasurementFile.parse(csv, firstLine: request.firstLine ?? 1))
        case (nil, let kolada?):
            do throws(DomainError) {
                return .kolada(try KoladaFile.parse(kolada))
            } catch {
                throw RPCError(error)
            }
        case (nil, nil):
            throw RPCError.invalidArgument("csv: give the file, as csv (or a Kolada answer as kolada)", field: "csv")
        case (_?, _?):
            throw RPCError.invalidArgument("kolada: give either csv or kolada, not both", field: "kolada")
        }
    }

    /// Changes an indicator's target from a period on (a closed period only with a reason, said in its report).
    func setTarget(_ request: SetTargetRequest, context: CallContext, writer: isolated StateWriter) throws(RPCError)
        -> TargetChangeMessage
    {
        let value: TargetValue =
            switch request.value {
            case .number(let number): .number(number)
            case .bool(let flag): .yesNo(flag)
            default:
                throw RPCError.invalidArgument(
                    "value: expected a number, or true/false for a yes/no target",
                    field: "value")
            }
        let direction = try request.direction.map { text throws(RPCError) in
            guard let direction = Direction(rawValue: text) else {
                throw RPCError.invalidArgument(
                    "direction: expected \"atLeast\" or \"atMost\", found \"\(text)\"",
                    field: "direction")
            }
            return direction
        }
        if request.region == true {
            return try setRegionTarget(request, value: value, direction: direction, context: context, writer: writer)
        }
        let change = try writer.commit(logger: context.logger, committee: request.committee) {
            followUp, date throws(DomainError) in
            try followUp.setTarget(
                indicator: request.indicator, value: value, direction: direction,
                from: request.from, today: CivilDate.local(date), reason: request.reason, at: date,
                by: context.peer)
        } persist: { store, change throws(StoreError) in
            try store.append(change)
        }
        let plan = try state.snapshot.followUp(committee: request.committee).plan(for: change.from)
        context.logger.info(
            "target set",
            metadata: [
                "indicator": "\(plan.number(of: change.indicator))", "id": "\(change.indicator)",
                "target": "\(change.target.display)", "from": "\(change.from)",
                "previous": "\(change.previous.display)", "sequence": "\(change.sequence)",
            ])
        return TargetChangeMessage(change, in: plan, fromChosen: request.from == nil ? "firstOpen" : "requested")
    }

    /// The region sets the target of one of its indicators from an open period on: in its own follow-up and in
    /// every committee's that uses the indicator, in one record; refused when the period has closed or a committee
    /// has decided a period it would reach.
    private func setRegionTarget(
        _ request: SetTargetRequest, value: TargetValue, direction: Direction?, context: CallContext,
        writer: isolated StateWriter
    ) throws(RPCError) -> TargetChangeMessage {
        let change = try writer.commitRegionTarget(logger: context.logger) { own, date throws(DomainError) in
            let today = CivilDate.local(date)
            if let from = request.from {
                try Self.checkOpen(
                    from, in: own, today: today,
                    "a target the region sets applies from an open period on, never to "
                        + "a closed one")
            }
            return try own.setTarget(
                indicator: request.indicator, value: value, direction: direction, from: request.from, today: today,
                reason: request.reason, at: date, by: context.peer)
        } adopt: { followUp, change throws(DomainError) in
            try followUp.adoptRegionTarget(change)
        } persist: { store, change throws(StoreError) in
            try store.append(change)
        }
        context.logger.notice(
            "region target set",
            metadata: [
                "id": "\(change.indicator)", "target": "\(change.target.display)", "from": "\(change.from)",
                "previous": "\(change.previous.display)", "sequence": "\(change.sequence)",
                "committees": "\(Self.committees(using: change.indicator, in: state.snapshot))",
            ])
        return TargetChangeMessage(
            change, in: try state.snapshot.state.ownFollowUp().plan,
            fromChosen: request.from == nil ? "firstOpen" : "requested")
    }

    /// Refuses a period the region's change would reach that has closed (`why` says what the region does instead).
    private static func checkOpen(_ text: String, in own: FollowUp, today: CivilDate, _ why: String)
        throws(DomainError)
    {
        let period = try own.period(text, field: "from")
        guard period.isClosed(on: today) else { return }
        throw DomainError(.failedPrecondition, field: "from", "from: \(period) closed on \(period.lastDay): \(why)")
    }

    /// The committees whose follow-up has an indicator, by abbreviation, for the log of a region's change.
    private static func committees(using indicator: String, in snapshot: Snapshot) -> String {
        snapshot.state.followUps.values.filter { $0.locate(indicator) != nil }.map(\.plan.committeeAbbreviation)
            .sorted().joined(separator: ",")
    }

    /// Records the committee's judgement of a result goal, or of a qualitative indicator, with its reason.
    func assess(_ request: RecordAssessmentRequest, context: CallContext, writer: isolated StateWriter) throws(RPCError)
        -> AssessmentMessage
    {
        let level = try Self.level(request.level)
        let subject = try Self.assessmentSubject(
            resultGoal: request.resultGoal, indicator: request.indicator,
            followUp: try state.snapshot.followUp(committee: request.committee))
        let assessment = try writer.commit(logger: context.logger, committee: request.committee) {
            followUp, date throws(DomainError) in
            try followUp.recordAssessment(
                subject: subject, period: request.period, level: level,
                analysis: request.analysis, at: date, by: context.peer)
        } persist: { store, assessment throws(StoreError) in
            try store.append(assessment)
        }
        let plan = try state.snapshot.followUp(committee: request.committee).plan(for: assessment.period)
        context.logger.info(
            "assessment recorded",
            metadata: [
                "subject": "\(plan.number(of: assessment.subject))", "id": "\(assessment.subject)",
                "period": "\(assessment.period)",
                "level": "\(assessment.level.rawValue)", "sequence": "\(assessment.sequence)",
            ])
        return AssessmentMessage(assessment, in: plan)
    }

    /// Withdraws the value in force for an indicator and period.
    func retractMeasurement(_ request: RetractMeasurementRequest, context: CallContext, writer: isolated StateWriter)
        throws(RPCError)
        -> RetractionMessage
    {
        let retraction = try Self.retract(writer: writer, context: context, committee: request.committee) {
            followUp, date throws(DomainError) in
            try followUp.retractMeasurement(
                indicator: request.indicator, period: request.period,
                reason: request.reason, at: date, by: context.peer)
        }
        let followUp = try state.snapshot.followUp(committee: request.committee)
        let indicator = followUp.locate(retraction.subject)?.indicator
        let now = followUp.currentMeasurement(retraction.subject, in: retraction.period).map { measurement in
            measurement.value.display(for: indicator?.target.kind ?? .index, unit: indicator?.target.unit)
        }
        return RetractionMessage(retraction, in: followUp.plan(for: retraction.period), nowInForce: now)
    }

    /// Withdraws the target change in force from a period.
    func retractTarget(_ request: RetractTargetRequest, context: CallContext, writer: isolated StateWriter)
        throws(RPCError)
        -> RetractionMessage
    {
        if request.region == true { return try retractRegionTarget(request, context: context, writer: writer) }
        let retraction = try Self.retract(writer: writer, context: context, committee: request.committee) {
            followUp, date throws(DomainError) in
            try followUp.retractTarget(
                indicator: request.indicator, from: request.from, reason: request.reason,
                at: date, by: context.peer)
        }
        let followUp = try state.snapshot.followUp(committee: request.committee)
        let now = followUp.target(of: retraction.subject, in: retraction.period).display
        return RetractionMessage(retraction, in: followUp.plan(for: retraction.period), nowInForce: now)
    }

    /// The region withdraws a target change it set, from an open period: in its own follow-up and in every
    /// committee's that uses the indicator, in one record; refused when the period has closed or a committee has
    /// decided a period it would reach.
    private func retractRegionTarget(
        _ request: RetractTargetRequest, context: CallContext, writer: isolated StateWriter
    ) throws(RPCError) -> RetractionMessage {
        let retraction = try writer.commitRegionTarget(logger: context.logger) { own, date throws(DomainError) in
            try Self.checkOpen(
                request.from, in: own, today: CivilDate.local(date),
                "the region withdraws a target it set from an open period alone, never in a closed one")
            return try own.retractTarget(
                indicator: request.indicator, from: request.from, reason: request.reason, at: date, by: context.peer)
        } adopt: { followUp, retraction throws(DomainError) in
            try followUp.adoptRegionRetraction(retraction)
        } persist: { store, retraction throws(StoreError) in
            try store.append(retraction)
        }
        let snapshot = state.snapshot
        context.logger.notice(
            "region target retracted",
            metadata: [
                "id": "\(retraction.subject)", "from": "\(retraction.period)",
                "retracted": "\(retraction.retracted)", "sequence": "\(retraction.sequence)",
                "reason": "\(retraction.reason)",
                "committees": "\(Self.committees(using: retraction.subject, in: snapshot))",
            ])
        let own = try snapshot.state.ownFollowUp()
        let now = own.target(of: retraction.subject, in: retraction.period).display
        return RetractionMessage(retraction, in: own.plan(for: retraction.period), nowInForce: now)
    }

    /// Withdraws the assessment in force for a subject and period.
    func retractAssessment(_ request: RetractAssessmentRequest, context: CallContext, writer: isolated StateWriter)
        throws(RPCError)
        -> RetractionMessage
    {
        let subject = try Self.assessmentSubject(
            resultGoal: request.resultGoal, indicator: request.indicator,
            followUp: try state.snapshot.followUp(committee: request.committee))
        let retraction = try Self.retract(writer: writer, context: context, committee: request.committee) {
            followUp, date throws(DomainError) in
            try followUp.retractAssessment(
                subject: subject, period: request.period,
                reason: request.reason, at: date, by: context.peer)
        }
        let followUp = try state.snapshot.followUp(committee: request.committee)
        let now = followUp.currentAssessment(retraction.subject, in: retraction.period)
        return RetractionMessage(retraction, in: followUp.plan(for: retraction.period), nowInForce: now?.level.rawValue)
    }

    /// Exactly one of the two names what an assessment judges, and it is what the param says it is.
    static func assessmentSubject(resultGoal: String?, indicator: String?, followUp: FollowUp) throws(RPCError)
        -> String
    {
        switch (resultGoal, indicator) {
        case (let number?, nil):
            if followUp.plans.contains(where: { $0.locateIndicator(number.trimmingCharacters(in: .whitespaces)) != nil }
            ) {
                throw RPCError.invalidArgument(
                    "resultGoal: \(number) is an indicator; give it as indicator",
                    field: "resultGoal")
            }
            return number
        case (nil, let key?):
            guard
                followUp.plans.contains(where: { $0.locateIndicator(key.trimmingCharacters(in: .whitespaces)) != nil })
            else {
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

    /// Commits a retraction the domain makes, stores it and logs it.
    static func retract(
        writer: isolated StateWriter, context: CallContext, committee: String?,
        _ change: (inout FollowUp, Date) throws(DomainError) -> Retraction
    ) throws(RPCError) -> Retraction {
        let retraction = try writer.commit(logger: context.logger, committee: committee, change) {
            store, retraction throws(StoreError) in
            try store.append(retraction)
        }
        context.logger.notice(
            "\(retraction.kind.rawValue) retracted",
            metadata: [
                "subject": """
                \((writer.stateSnapshot.followUps[retraction.committee] ?? writer.stateSnapshot.followUp)
                        .plan(for: retraction.period).number(of: retraction.subject))
                """,
                "id": "\(retraction.subject)", "period": "\(retraction.period)",
                "retracted": "\(retraction.retracted)", "sequence": "\(retraction.sequence)",
                "reason": "\(retraction.reason)",
            ])
        return retraction
    }

    /// A judgement's level from the forms people write it in (`Assessment.Level(text:)`).
    static func level(_ text: String) throws(RPCError) -> Assessment.Level {
        guard let level = Assessment.Level(text: text) else {
            let levels = Assessment.Level.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw RPCError.invalidArgument("level: expected one of \(levels), found \"\(text)\"", field: "level")
        }
        return level
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
