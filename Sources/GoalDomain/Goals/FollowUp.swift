import Foundation

/// The follow-up of a plan: measurements, assessments and target changes, with their history.
/// Pure: every rule of recording lives here; the caller stores what it returns and passes in the time.
package struct FollowUp: Sendable {
    /// The plan with every target change applied.
    package private(set) var plan: Plan
    /// Measurements by indicator key, in the order they were recorded.
    package private(set) var measurements: [String: [RecordedMeasurement]] = [:]
    /// Assessments by result goal number, in the order they were recorded.
    package private(set) var assessments: [String: [Assessment]] = [:]
    /// Target changes by indicator key, in the order they were made.
    package private(set) var targetChanges: [String: [TargetChange]] = [:]
    /// Retractions by the sequence of the record they withdraw.
    package private(set) var retractions: [Int64: Retraction] = [:]
    /// The highest sequence number used: every record gets the next one.
    package private(set) var lastSequence: Int64 = 0
    /// Stored records that name an indicator or result goal this plan lacks (after a change of model file).
    package private(set) var orphans = 0

    package init(plan: Plan) {
        self.plan = plan
    }

    // MARK: - Recording

    /// Checks a measurement against its indicator and the plan's periods, and records it.
    /// - Returns: the measurement to store; `self` already holds it.
    package mutating func recordMeasurement(
        indicator key: String, period periodText: String, value: MeasurementValue, note: String?,
        source: String?, at date: Date, by actor: Actor
    ) throws(FollowUpError) -> RecordedMeasurement {
        let indicator = try indicator(key)
        if indicator.derivedFrom?.travelReduction != nil {
            throw FollowUpError(.failedPrecondition, field: "indicator",
                                "indicator: \(indicator.number) takes its value from the business-travel data; import trips instead")
        }
        let period = try period(periodText)
        try Self.check(value, for: indicator)
        let measurement = RecordedMeasurement(
            sequence: lastSequence + 1, indicator: indicator.number, period: period, value: value,
            note: try Self.optionalText(note, field: "note"), source: try Self.optionalText(source, field: "source"),
            recordedAt: date, recordedBy: actor)
        restore(measurement)
        return measurement
    }

    /// Records the committee's judgement of a result goal for a period.
    package mutating func recordAssessment(
        resultGoal number: String, period periodText: String, level: Assessment.Level, analysis: String,
        at date: Date, by actor: Actor
    ) throws(FollowUpError) -> Assessment {
        let resultGoal = try resultGoal(number)
        let period = try period(periodText)
        let text = analysis.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            throw .invalid("analysis", "must not be empty: the assessment states the analysis behind its level")
        }
        guard text.count <= 20_000 else { throw .invalid("analysis", "is longer than 20000 characters") }
        let assessment = Assessment(sequence: lastSequence + 1, resultGoal: resultGoal.number, period: period,
                                    level: level, analysis: text, recordedAt: date, recordedBy: actor)
        restore(assessment)
        return assessment
    }

    /// Sets an indicator's target value (and optionally its direction); the old target stays in the history.
    package mutating func setTarget(
        indicator key: String, value: TargetValue, direction: Direction?, at date: Date, by actor: Actor
    ) throws(FollowUpError) -> TargetChange {
        let indicator = try indicator(key)
        var target = indicator.target
        switch (target.kind, value) {
        case (.qualitative, _):
            throw .invalid("value", "indicator \(indicator.number) is qualitative and has no target value")
        case (.yesNo, .number):
            throw .invalid("value", "indicator \(indicator.number) is a yes/no question: give true or false")
        case (.percentage, .yesNo), (.index, .yesNo), (.amount, .yesNo):
            throw .invalid("value", "indicator \(indicator.number) takes \(target.kind.withArticle): give a number")
        default:
            break
        }
        if direction != nil, !target.kind.isNumeric {
            throw .invalid("direction", "only numeric targets have a direction")
        }
        target.value = value
        if let direction { target.direction = direction }
        target.text = nil
        for (path, message) in target.problems(range: indicator.effectiveRange) {
            throw .invalid(path == ".direction" ? "direction" : "value", message)
        }
        let change = TargetChange(sequence: lastSequence + 1, indicator: indicator.number, target: target,
                                  previous: indicator.target, recordedAt: date, recordedBy: actor)
        restore(change)
        return change
    }

    // MARK: - Restoring from the store

    /// Applies a stored measurement without checking it again.
    package mutating func restore(_ measurement: RecordedMeasurement) {
        lastSequence = max(lastSequence, measurement.sequence)
        guard plan.locateIndicator(measurement.indicator) != nil else { orphans += 1; return }
        measurements[measurement.indicator, default: []].append(measurement)
    }

    package mutating func restore(_ assessment: Assessment) {
        lastSequence = max(lastSequence, assessment.sequence)
        guard plan.effectGoals.contains(where: { $0.resultGoals.contains { $0.number == assessment.resultGoal } }) else {
            orphans += 1
            return
        }
        assessments[assessment.resultGoal, default: []].append(assessment)
    }

    package mutating func restore(_ change: TargetChange) {
        lastSequence = max(lastSequence, change.sequence)
        guard plan.locateIndicator(change.indicator) != nil else { orphans += 1; return }
        plan.updateIndicator(change.indicator) { $0.target = change.target }
        targetChanges[change.indicator, default: []].append(change)
    }

    package mutating func restore(_ retraction: Retraction) {
        lastSequence = max(lastSequence, retraction.sequence)
        retractions[retraction.retracted] = retraction
    }

    // MARK: - Reading

    /// The measurement in force for an indicator and period: the latest recorded and not retracted.
    package func currentMeasurement(_ key: String, in period: Period) -> RecordedMeasurement? {
        measurements[key]?.last { $0.period == period && retractions[$0.sequence] == nil }
    }

    package func currentAssessment(_ resultGoal: String, in period: Period) -> Assessment? {
        assessments[resultGoal]?.last { $0.period == period && retractions[$0.sequence] == nil }
    }

    /// The retraction of a record, if it was withdrawn.
    package func retraction(of sequence: Int64) -> Retraction? { retractions[sequence] }

    /// The latest period anything is recorded for (retracted records do not count), or nil before the first.
    package var latestPeriodWithData: Period? {
        let measured = measurements.values.flatMap { $0.filter { retractions[$0.sequence] == nil }.map(\.period) }
        let assessed = assessments.values.flatMap { $0.filter { retractions[$0.sequence] == nil }.map(\.period) }
        return (measured + assessed).max()
    }

    // MARK: - Checks

    /// The indicator with this key, or NOT_FOUND naming the plan's keys.
    package func indicator(_ key: String) throws(FollowUpError) -> Indicator {
        let trimmed = key.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .invalid("indicator", "must not be empty; give a key such as 5.6.3.1") }
        guard let found = plan.locateIndicator(trimmed) else {
            let keys = plan.allIndicators.map(\.indicator.number)
            throw FollowUpError(.notFound, field: "indicator",
                                "indicator: no indicator with key \"\(trimmed)\"; the plan's keys run \(keys.first ?? "")…\(keys.last ?? "")")
        }
        return found.indicator
    }

    package func resultGoal(_ number: String) throws(FollowUpError) -> ResultGoal {
        let trimmed = number.trimmingCharacters(in: .whitespaces)
        for effect in plan.effectGoals {
            if let found = effect.resultGoals.first(where: { $0.number == trimmed }) { return found }
        }
        let numbers = plan.effectGoals.flatMap { $0.resultGoals.map(\.number) }
        throw FollowUpError(.notFound, field: "resultGoal",
                            "resultGoal: no result goal \"\(trimmed)\"; result goals: \(numbers.joined(separator: ", "))")
    }

    /// A period of the plan, or INVALID_ARGUMENT listing the allowed ones.
    package func period(_ text: String) throws(FollowUpError) -> Period {
        let allowed = plan.periods.map(\.description).joined(separator: ", ")
        guard let period = Period(text.trimmingCharacters(in: .whitespaces)) else {
            throw .invalid("period", "\"\(text)\" is not a period; write YEAR-interim or YEAR-annual: \(allowed)")
        }
        guard plan.periods.contains(period) else {
            throw .invalid("period", "\(period) is outside the plan (\(plan.firstYear)–\(plan.lastYear)); allowed: \(allowed)")
        }
        return period
    }

    /// Whether a value fits an indicator's kind and range.
    package static func check(_ value: MeasurementValue, for indicator: Indicator) throws(FollowUpError) {
        let kind = indicator.target.kind
        switch (kind, value) {
        case (.qualitative, .text(let text)):
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw .invalid("value", "the follow-up text of \(indicator.number) must not be empty")
            }
            guard text.count <= 20_000 else { throw .invalid("value", "is longer than 20000 characters") }
        case (.qualitative, _):
            throw .invalid("value", "indicator \(indicator.number) is qualitative: give a text, not a number or yes/no")
        case (.yesNo, .yesNo):
            break
        case (.yesNo, _):
            throw .invalid("value", "indicator \(indicator.number) is a yes/no question: give true or false (ja/nej)")
        case (_, .number(let number)):
            guard number.isFinite else { throw .invalid("value", "must be a finite number") }
            let range = indicator.effectiveRange
            if let min = range.min, number < min {
                throw .invalid("value", "\(Target.format(number)) is below the least allowed for \(indicator.number) (\(kind.rawValue)): \(range.display)")
            }
            if let max = range.max, number > max {
                throw .invalid("value", "\(Target.format(number)) is above the most allowed for \(indicator.number) (\(kind.rawValue)): \(range.display)")
            }
        case (_, _):
            throw .invalid("value", "indicator \(indicator.number) takes \(kind.withArticle): give a number")
        }
    }

    private static func optionalText(_ text: String?, field: String) throws(FollowUpError) -> String? {
        guard let text else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count <= 2000 else { throw .invalid(field, "is longer than 2000 characters") }
        return trimmed.isEmpty ? nil : trimmed
    }
}

extension Plan {
    /// Changes one indicator in place.
    mutating func updateIndicator(_ key: String, _ change: (inout Indicator) -> Void) {
        for e in effectGoals.indices {
            for r in effectGoals[e].resultGoals.indices {
                if let i = effectGoals[e].resultGoals[r].indicators.firstIndex(where: { $0.number == key }) {
                    change(&effectGoals[e].resultGoals[r].indicators[i])
                    return
                }
            }
        }
    }
}
