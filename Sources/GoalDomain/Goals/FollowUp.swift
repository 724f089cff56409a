import Foundation
import HashTreeCollections

/// The follow-up of a committee's plans: measurements, assessments and target changes, with their history.
/// Plans roll: the plan in force for a year is the latest (by first year) whose period covers it, and a record is
/// kept under the stable id of what it follows up, so an indicator carries its history and targets across plans
/// whatever its number. Pure: every rule of recording lives here; the caller stores what it returns and passes in
/// the time.
package struct FollowUp: Sendable {
    /// The latest plan, with the targets in force for the last period: the targets as they stand from now on.
    /// A period's own plan is `plan(for:)`, its targets `target(of:in:)`.
    package private(set) var plan: Plan
    /// The committee's plans as the model states them, by first year.
    package let plans: [Plan]
    /// Every period some plan covers, in order.
    package let periods: [Period]
    /// The stable ids of every result goal and indicator of every plan.
    private let known: Set<String>
    /// By plan (as `plans`), each indicator's stated target by its stable id: what a read looks up per indicator.
    private let statedTargets: [[String: Target]]
    // The histories grow with every write and are shared with the published snapshot: they are kept where a write
    // copies O(log n) of them (`RecordLog`, `TreeDictionary`), so that n writes cost n log n, not n². The maps from
    // subject to history are as large as the plans, not the history.
    /// Measurements by indicator (its stable id), in the order they were recorded.
    package private(set) var measurements: [String: RecordLog<RecordedMeasurement>] = [:]
    /// Assessments by subject (the stable id of a result goal or qualitative indicator), in the order they were
    /// recorded.
    package private(set) var assessments: [String: RecordLog<Assessment>] = [:]
    /// Target changes by indicator (its stable id), in the order they were made.
    package private(set) var targetChanges: [String: RecordLog<TargetChange>] = [:]
    /// Retractions by the sequence of the record they withdraw.
    package private(set) var retractions: TreeDictionary<Int64, Retraction> = [:]
    /// Changes of state (draft, ready, decided) by period, in the order recorded (`FollowUpState.swift`).
    package private(set) var stateChanges: [Period: RecordLog<FollowUpStateChange>] = [:]
    /// By subject and period, the positions in the subject's history of the records not retracted, the latest last;
    /// after every change the last one is never retracted: the record in force without a pass over the history
    /// (which, with every value of a period recorded and then retracted, is all retracted).
    private var standingMeasurements: [Standing: RecordLog<Int>] = [:]
    private var standingAssessments: [Standing: RecordLog<Int>] = [:]
    /// The same for target changes, by indicator and the period they are in force from; and by indicator, those
    /// periods in order: the change in force for a period without a pass over every change.
    private var standingTargets: [Standing: RecordLog<Int>] = [:]
    private var targetFroms: [String: [Period]] = [:]
    /// By period, how many measurements and assessments are recorded and not retracted: `latestPeriodWithData`
    /// without a pass over every record.
    private var inForceByPeriod: [Period: Int] = [:]
    /// By indicator, the target change in force for the plan's last period.
    private var lastPeriodChange: [String: TargetChange] = [:]
    /// The highest sequence number used: every record gets the next one.
    package private(set) var lastSequence: Int64 = 0
    /// Stored records that name an indicator or result goal this plan lacks (after a change of model file).
    package private(set) var orphans = 0

    package init(plan: Plan) {
        self.init(plans: [plan])
    }

    /// - Parameter plans: one committee's plans, at least one.
    package init(plans: [Plan]) {
        precondition(!plans.isEmpty, "a follow-up needs a plan")
        let ordered = plans.sorted { $0.firstYear < $1.firstYear }
        self.plans = ordered
        self.plan = ordered[ordered.count - 1]
        self.periods = Set(ordered.flatMap(\.periods)).sorted()
        self.known = Set(
            ordered.flatMap { plan in
                plan.effectGoals.flatMap(\.resultGoals).flatMap { [$0.id] + $0.indicators.map(\.id) }
            })
        self.statedTargets = ordered.map { plan in
            Dictionary(
                plan.allIndicators.map { ($0.indicator.id, $0.indicator.target) }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// The index in `plans` of the plan in force for a period (the latest when none covers it).
    private func planIndex(for period: Period) -> Int {
        plans.lastIndex { $0.firstYear <= period.year && period.year <= $0.lastYear } ?? plans.count - 1
    }

    /// The first and last year a plan covers.
    package var firstYear: Int { periods.first?.year ?? plan.firstYear }
    package var lastYear: Int { periods.last?.year ?? plan.lastYear }

    /// The plan in force for a period: the latest, by first year, whose years cover it (as the model states it).
    package func plan(for period: Period) -> Plan {
        plans[planIndex(for: period)]
    }

    /// An indicator by its stable id and where it sits, in the latest plan that has it.
    package func locate(
        _ id: String
    ) -> (effectGoal: EffectGoal, resultGoal: ResultGoal, indicator: Indicator)? {
        if let found = plan.locateIndicator(id), found.indicator.id == id { return found }
        return plans.reversed().lazy.compactMap { $0.locateIndicator(id) }.first { $0.indicator.id == id }
    }

    /// The periods whose plan in force has the indicator (its stable id).
    package func periods(of id: String) -> [Period] {
        periods.filter { statedTargets[planIndex(for: $0)][id] != nil }
    }

    /// The first period not yet closed on `today`; nil once the last has closed.
    package func firstOpenPeriod(on today: CivilDate) -> Period? {
        periods.first { !$0.isClosed(on: today) }
    }

    /// The period a date falls in for follow-up (up to August the year's interim period, then the annual one),
    /// clamped to the years the plans cover.
    package func period(containingYear year: Int, month: Int) -> Period {
        if year < firstYear { return Period(year: firstYear, kind: .interim) }
        if year > lastYear { return Period(year: lastYear, kind: .annual) }
        return Period(year: year, kind: month <= 8 ? .interim : .annual)
    }

    // MARK: - Recording

    /// Checks a measurement against its indicator and the plan's periods, and records it.
    /// - Returns: the measurement to store; `self` already holds it.
    package mutating func recordMeasurement(
        indicator key: String, period periodText: String, value: MeasurementValue,
        gender: GenderValues = GenderValues(), note: String?, source: String?, at date: Date, by author: Author
    ) throws(DomainError) -> RecordedMeasurement {
        _ = try indicator(key)  // an unknown key is said first
        let period = try period(periodText)
        try checkNotDecided(period)
        let indicator = try indicator(key, in: period)
        if indicator.derivedFrom?.travelReduction != nil {
            throw DomainError(
                .failedPrecondition, field: "indicator",
                "indicator: \(indicator.number) takes its value from the business-travel data; import trips instead")
        }
        guard indicator.isMeasured(in: period) else {
            throw DomainError(
                .failedPrecondition, field: "period",
                "period: \(indicator.number) is measured once a year (\"mäts årsvis\"), not at the interim period: "
                    + "record it for \(period.year)-annual")
        }
        try Self.check(value, for: indicator)
        try Self.check(gender, for: indicator)
        let measurement = RecordedMeasurement(
            sequence: lastSequence + 1, committee: plan.committeeAbbreviation, indicator: indicator.id, period: period,
            value: value, women: gender.women, men: gender.men,
            note: try Self.optionalText(note, field: "note"), source: try Self.optionalText(source, field: "source"),
            recordedAt: date, recordedBy: author)
        restore(measurement)
        return measurement
    }

    /// Records the committee's judgement for a period of a result goal, or of a qualitative indicator.
    package mutating func recordAssessment(
        subject number: String, period periodText: String, level: Assessment.Level, analysis: String,
        at date: Date, by author: Author
    ) throws(DomainError) -> Assessment {
        _ = try assessmentSubject(number)  // an unknown subject is said first
        let period = try period(periodText)
        try checkNotDecided(period)
        let (resultGoal, indicator) = try assessmentSubject(number, in: period)
        let text = analysis.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            throw .invalid("analysis", "must not be empty: the assessment states the analysis behind its level")
        }
        guard text.count <= 20_000 else { throw .invalid("analysis", "is longer than 20000 characters") }
        let assessment = Assessment(
            sequence: lastSequence + 1, committee: plan.committeeAbbreviation, resultGoal: resultGoal.id,
            indicator: indicator?.id, period: period, level: level, analysis: text,
            recordedAt: date, recordedBy: author)
        restore(assessment)
        return assessment
    }

    /// What an assessment may judge: a result goal, or a qualitative indicator (with its result goal), of the plan
    /// in force for `period` (without one: of the latest plan).
    package func assessmentSubject(_ number: String, in period: Period? = nil) throws(DomainError)
        -> (ResultGoal, Indicator?)
    {
        let trimmed = number.trimmingCharacters(in: .whitespaces)
        let inForce = period.map(plan(for:)) ?? plan
        guard let found = inForce.locateIndicator(trimmed) else { return (try resultGoal(trimmed, in: period), nil) }
        guard found.indicator.target.kind == .qualitative else {
            throw DomainError(
                .failedPrecondition, field: "resultGoal",
                "resultGoal: \(trimmed) is judged by its "
                    + "value against its target; the committee assesses result goals and qualitative indicators")
        }
        return (found.resultGoal, found.indicator)
    }

    /// Sets an indicator's target value (and optionally its direction) in force from a period on; the target it
    /// replaces stays in force for the periods before, and in the history.
    /// - Parameters:
    ///   - from: the first period the target applies to; nil: the first period not yet closed on `today`.
    ///   - reason: why; required when `from` has closed, since the change then rewrites a report that may be
    ///     published (the report says so, with the reason).
    package mutating func setTarget(
        indicator key: String, value: TargetValue, direction: Direction?, from fromText: String?, today: CivilDate,
        reason reasonText: String? = nil, at date: Date, by author: Author
    ) throws(DomainError) -> TargetChange {
        var indicator = try indicator(key)
        if indicator.shared, plan.committeeAbbreviation != Region.ownKey { throw Self.regionsTarget(indicator) }
        let reason = try Self.optionalText(reasonText, field: "reason").flatMap { $0.isEmpty ? nil : $0 }
        let from: Period
        if let fromText {
            from = try period(fromText, field: "from")
            indicator = try self.indicator(key, in: from)
            if from.isClosed(on: today), reason == nil {
                throw DomainError(
                    .failedPrecondition, field: "from",
                    "from: \(from) closed on \(from.lastDay) and "
                        + "its report may be published; a target in force from it changes that report: give a reason "
                        + "(--reason) to change it anyway, and the report will say so")
            }
        } else if let open = firstOpenPeriod(on: today) {
            from = open
            indicator = try self.indicator(key, in: from)
        } else {
            throw DomainError(
                .failedPrecondition, field: "from",
                "from: every period of the plan has closed "
                    + "(the last, \(periods.last?.description ?? "?"), ended before \(today)); name the period "
                    + "the target is in force from")
        }
        // A target in force from `from` reaches every later period: none of them may be decided.
        if let decided = periods.first(where: { $0 >= from && decision(of: $0) != nil }) {
            try checkNotDecided(decided, field: "from")
        }
        let previous = target(of: indicator.id, in: from)
        var target = previous
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
        let change = TargetChange(
            sequence: lastSequence + 1, committee: plan.committeeAbbreviation, indicator: indicator.id, target: target,
            from: from,
            previous: previous, recordedAt: date, recordedBy: author, recordedOn: today,
            reason: reason)
        restore(change)
        return change
    }

    /// The target in force for an indicator and period: the change with the latest first period not after
    /// `period` (of two from the same period, the later recorded), else the model file's.
    package func target(of key: String, in period: Period) -> Target {
        targetInForce(of: key, in: period).target
    }

    /// The target in force for an indicator (its stable id) and period, and the change that set it (nil when it is
    /// the plan's). A plan states its targets from its first period on: a change made before that period yields to
    /// the new plan's target (unless the plan leaves it pending); a change from the plan's period on holds.
    package func targetInForce(of key: String, in period: Period) -> (target: Target, change: TargetChange?) {
        let change = targetChange(of: key, in: period)
        let index = planIndex(for: period)
        return Self.choose(
            change: change, stated: statedTargets[index][key],
            planStart: Period(year: plans[index].firstYear, kind: .interim))
            ?? (modelTarget(of: key), nil)
    }

    /// Of a change and a plan's stated target, the one in force (see `targetInForce`); nil when there is neither.
    private static func choose(change: TargetChange?, stated: Target?, planStart: Period) -> (
        target: Target, change: TargetChange?
    )? {
        if let change, change.from >= planStart || stated == nil || stated?.isPending == true {
            return (change.target, change)
        }
        return stated.map { ($0, nil) }
    }

    /// The target the model gives an indicator: the latest plan's that holds it, in force until a change.
    package func modelTarget(of key: String) -> Target {
        statedTargets.reversed().lazy.compactMap { $0[key] }.first ?? Target(kind: .qualitative)
    }

    /// The change that set the target in force for an indicator and period (retracted changes do not count); nil
    /// while the model file's target is in force.
    package func targetChange(of key: String, in period: Period) -> TargetChange? {
        // The latest period a change stands from, up to `period`; of its changes, the latest made.
        for from in (targetFroms[key] ?? []).reversed() where from <= period {
            if let change = standingTargetChange(of: key, from: from) { return change }
        }
        return nil
    }

    /// The change in force from exactly `from` (the latest made from it and not retracted), if any.
    package func standingTargetChange(of key: String, from: Period) -> TargetChange? {
        guard let top = standingTargets[Standing(key, from)]?.last, let history = targetChanges[key] else {
            return nil
        }
        let change = history[top]
        guard retractions[change.sequence] != nil else { return change }
        return history.last { $0.from == from && retractions[$0.sequence] == nil }
    }

    /// A region indicator's target is the region's: a committee's follow-up neither sets it nor withdraws what the
    /// region set.
    static func regionsTarget(_ indicator: Indicator) -> DomainError {
        DomainError(
            .failedPrecondition, field: "indicator",
            "indicator: \(indicator.number) is one of the region's indicators (\(indicator.id)): its target is the "
                + "region's, the same for every committee; region writers change it with "
                + "`goalctl target \(indicator.id) VALUE --region`")
    }

    /// A target the region set for one of its indicators, in force from `change.from` on in this committee's
    /// follow-up too: refused when a decided period of the committee would be reached (its decision names it). A
    /// follow-up without the indicator is left as it is.
    package mutating func adoptRegionTarget(_ change: TargetChange) throws(DomainError) {
        guard locate(change.indicator) != nil else { return }
        if let decided = periods.first(where: { $0 >= change.from && decision(of: $0) != nil }) {
            try checkNotDecided(decided, field: "from")
        }
        restore(change)
    }

    /// The region's withdrawal of a target it set, in this committee's follow-up too: refused when a decided period
    /// of the committee would be reached (its target changes back). A follow-up without the indicator is left as it
    /// is.
    package mutating func adoptRegionRetraction(_ retraction: Retraction) throws(DomainError) {
        guard retraction.kind == .target, locate(retraction.subject) != nil else { return }
        if let decided = periods.first(where: { $0 >= retraction.period && decision(of: $0) != nil }) {
            try checkNotDecided(decided, field: "from")
        }
        restore(retraction)
    }

    // MARK: - Restoring from the store

    /// Counts sequences the store has used for records that are not this follow-up's (another committee's), so that
    /// a new record's is never one of them.
    package mutating func sequencesUsed(through sequence: Int64) {
        lastSequence = max(lastSequence, sequence)
    }

    /// Applies a stored measurement without checking it again.
    package mutating func restore(_ measurement: RecordedMeasurement) {
        lastSequence = max(lastSequence, measurement.sequence)
        guard known.contains(measurement.indicator) else {
            orphans += 1
            return
        }
        measurements[measurement.indicator, default: []].append(measurement)
        let position = (measurements[measurement.indicator]?.count ?? 1) - 1
        standingMeasurements[Standing(measurement.indicator, measurement.period), default: []].append(position)
        inForceByPeriod[measurement.period, default: 0] += 1
    }

    package mutating func restore(_ assessment: Assessment) {
        lastSequence = max(lastSequence, assessment.sequence)
        let known =
            if let key = assessment.indicator { known.contains(key) } else { known.contains(assessment.resultGoal) }
        guard known else {
            orphans += 1
            return
        }
        assessments[assessment.subject, default: []].append(assessment)
        let position = (assessments[assessment.subject]?.count ?? 1) - 1
        standingAssessments[Standing(assessment.subject, assessment.period), default: []].append(position)
        inForceByPeriod[assessment.period, default: 0] += 1
    }

    package mutating func restore(_ change: TargetChange) {
        lastSequence = max(lastSequence, change.sequence)
        guard known.contains(change.indicator) else {
            orphans += 1
            return
        }
        targetChanges[change.indicator, default: []].append(change)
        let position = (targetChanges[change.indicator]?.count ?? 1) - 1
        standingTargets[Standing(change.indicator, change.from), default: []].append(position)
        if targetFroms[change.indicator]?.contains(change.from) != true {
            targetFroms[change.indicator, default: []].append(change.from)
            targetFroms[change.indicator]?.sort()
        }
        // The plan holds the target in force for its last period: the change in force there is the one with the
        // latest `from` (of two, the later made). Compared with the one in force so far, not found again among all
        // changes, so that loading n changes takes time in proportion to n.
        guard let last = periods.last, change.from <= last else { return }
        let inForce = lastPeriodChange[change.indicator]
        if inForce.map({ ($0.from, $0.sequence) < (change.from, change.sequence) }) ?? true {
            lastPeriodChange[change.indicator] = change
            refreshLatestTarget(change.indicator)
        }
    }

    /// The latest plan's target of an indicator again, from the change in force for the last period and the
    /// plan's own: as `targetInForce` would find it, without searching the changes again.
    private mutating func refreshLatestTarget(_ key: String) {
        let latest = plans[plans.count - 1]
        guard
            let now = Self.choose(
                change: lastPeriodChange[key], stated: statedTargets[plans.count - 1][key],
                planStart: Period(year: latest.firstYear, kind: .interim))
        else { return }
        plan.updateIndicator(key) { $0.target = now.target }
    }

    /// Replays a stored change of a period's state (a period the plans no longer cover is kept, and shown nowhere).
    package mutating func restore(_ change: FollowUpStateChange) {
        lastSequence = max(lastSequence, change.sequence)
        stateChanges[change.period, default: []].append(change)
    }

    package mutating func restore(_ retraction: Retraction) {
        lastSequence = max(lastSequence, retraction.sequence)
        let firstTime = retractions.updateValue(retraction, forKey: retraction.retracted) == nil
        // A withdrawn value or judgement no longer counts for its period (the one the retraction names: a record
        // is withdrawn in its own period).
        if firstTime, retraction.kind == .measurement || retraction.kind == .assessment,
            known.contains(retraction.subject),
            let counted = inForceByPeriod[retraction.period], counted > 0
        {
            inForceByPeriod[retraction.period] = counted == 1 ? nil : counted - 1
        }
        let standing = Standing(retraction.subject, retraction.period)
        switch retraction.kind {
        case .measurement:
            Self.settle(&standingMeasurements, standing, history: measurements[retraction.subject], retractions)
        case .assessment:
            Self.settle(&standingAssessments, standing, history: assessments[retraction.subject], retractions)
        case .target:
            Self.settle(&standingTargets, standing, history: targetChanges[retraction.subject], retractions)
        case .effectGoalAssessment:
            break
        }
        // A withdrawn target change: the target in force for the last period is found again.
        if retraction.kind == .target, let last = periods.last, known.contains(retraction.subject) {
            lastPeriodChange[retraction.subject] = targetChange(of: retraction.subject, in: last)
            refreshLatestTarget(retraction.subject)
        }
    }

    // MARK: - Reading

    /// The measurement in force for an indicator and period: the latest recorded and not retracted.
    package func currentMeasurement(_ key: String, in period: Period) -> RecordedMeasurement? {
        guard let top = standingMeasurements[Standing(key, period)]?.last, let history = measurements[key] else {
            return nil
        }
        let record = history[top]
        // (A retraction stored before the record it withdraws, which goald never writes: the pass over the history.)
        guard retractions[record.sequence] != nil else { return record }
        return history.last { $0.period == period && retractions[$0.sequence] == nil }
    }

    /// The assessment in force for a result goal or qualitative indicator and period.
    package func currentAssessment(_ subject: String, in period: Period) -> Assessment? {
        guard let top = standingAssessments[Standing(subject, period)]?.last, let history = assessments[subject] else {
            return nil
        }
        let record = history[top]
        guard retractions[record.sequence] != nil else { return record }
        return history.last { $0.period == period && retractions[$0.sequence] == nil }
    }

    /// A subject (the stable id of an indicator or result goal) in a period.
    private struct Standing: Hashable {
        var subject: String
        var period: Period

        init(_ subject: String, _ period: Period) {
            self.subject = subject
            self.period = period
        }
    }

    /// Takes the retracted records off the top of a subject's standing records in a period (a record retracted
    /// beneath one that stands comes off when it reaches the top).
    private static func settle<Record: Sendable>(
        _ standing: inout [Standing: RecordLog<Int>], _ key: Standing, history: RecordLog<Record>?,
        _ retractions: TreeDictionary<Int64, Retraction>
    ) where Record: Sequenced {
        guard var stack = standing[key], let history else { return }
        while let top = stack.last, retractions[history[top].sequence] != nil { stack.removeLast() }
        standing[key] = stack.isEmpty ? nil : stack
    }

    /// The retraction of a record, if it was withdrawn.
    package func retraction(of sequence: Int64) -> Retraction? { retractions[sequence] }

    /// The latest period anything is recorded for (retracted records do not count), or nil before the first.
    package var latestPeriodWithData: Period? { inForceByPeriod.keys.max() }

    // MARK: - Checks

    /// The indicator with this key: its stable id, or its number in the plan in force for `period` (without a
    /// period: in the latest plan that has it). With a period, the indicator must be in the plan in force then.
    /// NOT_FOUND names the plan's keys; FAILED_PRECONDITION says when an indicator is not in force.
    package func indicator(_ key: String, in period: Period? = nil) throws(DomainError) -> Indicator {
        let trimmed = key.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .invalid("indicator", "must not be empty; give a key such as 5.6.3.1") }
        let inForce = period.map(plan(for:)) ?? plan
        if let found = inForce.locateIndicator(trimmed) { return found.indicator }
        // Another plan's indicator: without a period, found there (its id, or its number in the latest plan that
        // has it); with a period, an id of one not in force then.
        if let elsewhere = plans.reversed().lazy.compactMap({ $0.locateIndicator(trimmed) }).first,
            period == nil || elsewhere.indicator.id == trimmed
        {
            guard let period else { return elsewhere.indicator }
            throw DomainError(
                .failedPrecondition, field: "indicator",
                "indicator: \(trimmed) is not in \(inForce.id), the plan in force for \(period): it was followed up "
                    + "under another plan")
        }
        let keys = inForce.allIndicators.map(\.indicator.number)
        throw DomainError(
            .notFound, field: "indicator",
            "indicator: no indicator with key \"\(trimmed)\"; the plan's keys run "
                + "\(keys.first ?? "")…\(keys.last ?? "")"
        )
    }

    /// The result goal with this key (its stable id, or its number in the plan in force for `period`; without a
    /// period, in the latest plan).
    package func resultGoal(_ number: String, in period: Period? = nil) throws(DomainError) -> ResultGoal {
        let trimmed = number.trimmingCharacters(in: .whitespaces)
        let inForce = period.map(plan(for:)) ?? plan
        if let found = inForce.locateResultGoal(trimmed) { return found }
        if period == nil, let found = plans.reversed().lazy.compactMap({ $0.locateResultGoal(trimmed) }).first,
            found.id == trimmed
        {
            return found
        }
        let numbers = inForce.effectGoals.flatMap { $0.resultGoals.map(\.number) }
        throw DomainError(
            .notFound, field: "resultGoal",
            "resultGoal: no result goal \"\(trimmed)\"; result goals: \(numbers.joined(separator: ", "))")
    }

    /// A period of the plan, or INVALID_ARGUMENT listing the allowed ones.
    package func period(_ text: String, field: String = "period") throws(DomainError) -> Period {
        let allowed = periods.map(\.description).joined(separator: ", ")
        guard let period = Period(text.trimmingCharacters(in: .whitespaces)) else {
            throw .invalid(field, "\"\(text)\" is not a period; write YEAR-interim or YEAR-annual: \(allowed)")
        }
        guard periods.contains(period) else {
            throw .invalid(
                field, "\(period) is outside the plan (\(firstYear)–\(lastYear)); allowed: \(allowed)")
        }
        return period
    }

    /// Whether a value fits an indicator's kind and range.
    package static func check(_ value: MeasurementValue, for indicator: Indicator) throws(DomainError) {
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
            try checkNumber(number, field: "value", for: indicator)
        case (_, _):
            throw .invalid("value", "indicator \(indicator.number) takes \(kind.withArticle): give a number")
        }
    }

    /// A number of an indicator (its total, or women's or men's value) within the indicator's range.
    private static func checkNumber(_ number: Double, field: String, for indicator: Indicator) throws(DomainError) {
        let kind = indicator.target.kind
        guard number.isFinite else { throw .invalid(field, "must be a finite number") }
        guard number == 0 || abs(number) >= ValueRange.smallest else {
            throw .invalid(
                field, "\(number) is too small to be a figure: give 0, or a number of at least 0.000001")
        }
        let range = indicator.effectiveRange
        if let min = range.min, number < min {
            throw .invalid(
                field,
                "\(Target.format(number)) is below the least allowed for \(indicator.number) (\(kind.rawValue)): "
                    + "\(range.display)"
            )
        }
        if let max = range.max, number > max {
            throw .invalid(
                field,
                "\(Target.format(number)) is above the most allowed for \(indicator.number) (\(kind.rawValue)): "
                    + "\(range.display)"
            )
        }
    }

    /// Women's and men's values: only for an indicator split by gender, each within its range.
    package static func check(_ gender: GenderValues, for indicator: Indicator) throws(DomainError) {
        guard !gender.isEmpty else { return }
        guard indicator.isSplitByGender else {
            throw .invalid(
                gender.women != nil ? "women" : "men",
                "indicator \(indicator.number) is not split by women and men: give its value alone")
        }
        if let women = gender.women { try checkNumber(women, field: "women", for: indicator) }
        if let men = gender.men { try checkNumber(men, field: "men", for: indicator) }
    }

    private static func optionalText(_ text: String?, field: String) throws(DomainError) -> String? {
        guard let text else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count <= 2000 else { throw .invalid(field, "is longer than 2000 characters") }
        return trimmed.isEmpty ? nil : trimmed
    }
}

extension Plan {
    /// Changes one indicator (by its stable id) in place.
    mutating func updateIndicator(_ id: String, _ change: (inout Indicator) -> Void) {
        for e in effectGoals.indices {
            for r in effectGoals[e].resultGoals.indices {
                if let i = effectGoals[e].resultGoals[r].indicators.firstIndex(where: { $0.id == id }) {
                    change(&effectGoals[e].resultGoals[r].indicators[i])
                    return
                }
            }
        }
    }
}

/// A record with its place in the store's one sequence, which a retraction names.
private protocol Sequenced {
    var sequence: Int64 { get }
}

extension RecordedMeasurement: Sequenced {}
extension Assessment: Sequenced {}
extension TargetChange: Sequenced {}
