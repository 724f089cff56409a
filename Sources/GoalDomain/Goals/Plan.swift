/// A committee's goal model for a planning period: effect goals, their result goals and the indicators
/// that follow them up. The value is what a model file holds (see `docs/model-format.md`).
package struct Plan: Sendable, Hashable, Codable {
    /// The format tag every model file carries, so that a later format can be told apart.
    package static let formatTag = "goald.plan/1"

    package var format: String
    /// A short identifier, such as `run-2024-2026`.
    package var id: String
    package var title: String
    package var organisation: String
    /// The committee's name, such as `Regionala utvecklingsnämnden`.
    package var committee: String
    /// The committee's abbreviation, such as `RUN`: how calls and commands name it.
    package var committeeAbbreviation: String
    /// The first and last calendar year of the planning period.
    package var firstYear: Int
    package var lastYear: Int
    /// How attainment is judged (section 5.7 of the source).
    package var followUp: String?
    package var effectGoals: [EffectGoal]
    /// The organisational units whose trips are the committee's (the region model's `committees[].units`): a
    /// travel-derived indicator that names no unit derives from these. Not part of a `goald.plan/1` file.
    package var units: [String] = []

    private enum CodingKeys: String, CodingKey {
        case format, id, title, organisation, committee, committeeAbbreviation, firstYear, lastYear, followUp,
            effectGoals
    }

    package init(
        format: String = Plan.formatTag, id: String, title: String, organisation: String, committee: String,
        committeeAbbreviation: String? = nil, firstYear: Int, lastYear: Int, followUp: String? = nil,
        effectGoals: [EffectGoal]
    ) {
        self.format = format
        self.id = id
        self.title = title
        self.organisation = organisation
        self.committee = committee
        self.committeeAbbreviation = committeeAbbreviation ?? Committee.abbreviation(forName: committee)
        self.firstYear = firstYear
        self.lastYear = lastYear
        self.followUp = followUp
        self.effectGoals = effectGoals
    }
}

/// An effect goal for the term of office, set by the regional board.
package struct EffectGoal: Sendable, Hashable, Codable {
    /// The stable id: the same in every plan that answers under this effect goal.
    package var id: String
    /// The source's numbering, such as `5.3`: its label in this plan.
    package var number: String
    package var title: String
    /// Links to the regional development strategy (Värmlandsstrategin).
    package var strategyLinks: [StrategyLink]
    /// The explanatory text of the effect goal (Bilaga 1 of the source).
    package var explanation: String?
    /// Anything else the source says about the goal's basis.
    package var note: String?
    /// The Agenda 2030 goals (1–17) the effect goal serves, as the regional plan names them.
    package var agenda2030: [Int]
    package var resultGoals: [ResultGoal]

    package init(
        id: String? = nil, number: String, title: String, strategyLinks: [StrategyLink] = [],
        explanation: String? = nil, note: String? = nil, agenda2030: [Int] = [], resultGoals: [ResultGoal]
    ) {
        self.id = id ?? number
        self.agenda2030 = agenda2030
        self.number = number
        self.title = title
        self.strategyLinks = strategyLinks
        self.explanation = explanation
        self.note = note
        self.resultGoals = resultGoals
    }
}

/// One priority area (insatsområde) of the regional strategy and the strategy goals under it.
package struct StrategyLink: Sendable, Hashable, Codable {
    package var priorityArea: String
    package var goals: [String]

    package init(priorityArea: String, goals: [String]) {
        self.priorityArea = priorityArea
        self.goals = goals
    }
}

/// A result goal proposed by the committee; it belongs to exactly one effect goal.
package struct ResultGoal: Sendable, Hashable, Codable {
    /// The stable id: it stays when a later plan renumbers the goal.
    package var id: String
    /// The source's numbering, such as `5.6.4`: its label in this plan.
    package var number: String
    package var title: String
    package var indicators: [Indicator]
    /// Set by the region for every committee ("regiongemensamt", the economy and HR goals): it does not count
    /// toward the committee's own 1–3 result goals per effect goal.
    package var regionCommon: Bool?
    /// The years a one- or multi-year result goal runs, within its plan's period; nil: the whole plan period.
    package var years: YearSpan?

    package init(
        id: String? = nil, number: String, title: String, indicators: [Indicator], regionCommon: Bool? = nil,
        years: YearSpan? = nil
    ) {
        self.id = id ?? number
        self.number = number
        self.title = title
        self.indicators = indicators
        self.regionCommon = regionCommon
        self.years = years
    }

    // As a plan file writes it: a multi-year goal's years as `firstYear` and `lastYear`, which the reader reads.
    private enum CodingKeys: String, CodingKey {
        case id, number, title, indicators, regionCommon, firstYear, lastYear
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        number = try container.decode(String.self, forKey: .number)
        title = try container.decode(String.self, forKey: .title)
        indicators = try container.decode([Indicator].self, forKey: .indicators)
        regionCommon = try container.decodeIfPresent(Bool.self, forKey: .regionCommon)
        let first = try container.decodeIfPresent(Int.self, forKey: .firstYear)
        let last = try container.decodeIfPresent(Int.self, forKey: .lastYear)
        years = first.flatMap { first in last.map { YearSpan(firstYear: first, lastYear: $0) } }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(number, forKey: .number)
        try container.encode(title, forKey: .title)
        try container.encode(indicators, forKey: .indicators)
        try container.encodeIfPresent(regionCommon, forKey: .regionCommon)
        try container.encodeIfPresent(years?.firstYear, forKey: .firstYear)
        try container.encodeIfPresent(years?.lastYear, forKey: .lastYear)
    }
}

/// A measurable signal for a result goal, with its target.
package struct Indicator: Sendable, Hashable, Codable {
    /// The stable id: it stays when a later plan renumbers the indicator, and carries its history.
    package var id: String
    /// The indicator's key in this plan: its result goal's number and its position, such as `5.6.3.1`.
    package var number: String
    package var title: String
    package var target: Target
    /// The values a measurement may take, when they differ from the kind's own (a percentage is 0–100).
    package var valueRange: ValueRange?
    /// Where the indicator's value comes from when goald computes it instead of people recording it.
    package var derivedFrom: DerivedSource?
    package var note: String?
    /// When the indicator is measured; nil: at both periods of the year. An indicator measured annually (a
    /// survey such as HME) is "mäts årsvis" at the interim period, not missing.
    package var measured: Measured?
    /// Whether a value is given for women and men beside the total ("redovisas uppdelat på kvinnor och män"):
    /// then a measurement may carry `women` and `men`; the total is its own figure, never their mean.
    package var byGender: Bool?
    /// True for one of the region's indicators (`regionIndicators` in the model): its definition and target are the
    /// region's, the same in every committee's plan that uses it; a committee may not change them.
    package var shared = false
    /// What the indicator measures and how, as the region defines it.
    package var definition: String?
    /// The system its values come from, such as Heroma.
    package var sourceSystem: String?
    /// Its key in Kolada (RKA's public database), such as N00090: a saved Kolada answer fills it.
    package var kolada: String?
    /// The Agenda 2030 goals (1–17) it serves.
    package var agenda2030: [Int] = []

    /// As a plan file (`goald.plan/1`) writes it: a region indicator's definition with it, so that the file reads
    /// back the same.
    private enum CodingKeys: String, CodingKey {
        case id, number, title, target, valueRange, derivedFrom, note, measured, byGender, shared, definition
        case sourceSystem = "source"
        case kolada, agenda2030
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        number = try container.decode(String.self, forKey: .number)
        title = try container.decode(String.self, forKey: .title)
        target = try container.decode(Target.self, forKey: .target)
        valueRange = try container.decodeIfPresent(ValueRange.self, forKey: .valueRange)
        derivedFrom = try container.decodeIfPresent(DerivedSource.self, forKey: .derivedFrom)
        note = try container.decodeIfPresent(String.self, forKey: .note)
        measured = try container.decodeIfPresent(Measured.self, forKey: .measured)
        byGender = try container.decodeIfPresent(Bool.self, forKey: .byGender)
        shared = try container.decodeIfPresent(Bool.self, forKey: .shared) ?? false
        definition = try container.decodeIfPresent(String.self, forKey: .definition)
        sourceSystem = try container.decodeIfPresent(String.self, forKey: .sourceSystem)
        kolada = try container.decodeIfPresent(String.self, forKey: .kolada)
        agenda2030 = try container.decodeIfPresent([Int].self, forKey: .agenda2030) ?? []
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(number, forKey: .number)
        try container.encode(title, forKey: .title)
        try container.encode(target, forKey: .target)
        try container.encodeIfPresent(valueRange, forKey: .valueRange)
        try container.encodeIfPresent(derivedFrom, forKey: .derivedFrom)
        try container.encodeIfPresent(note, forKey: .note)
        try container.encodeIfPresent(measured, forKey: .measured)
        try container.encodeIfPresent(byGender, forKey: .byGender)
        if shared { try container.encode(true, forKey: .shared) }
        try container.encodeIfPresent(definition, forKey: .definition)
        try container.encodeIfPresent(sourceSystem, forKey: .sourceSystem)
        try container.encodeIfPresent(kolada, forKey: .kolada)
        if !agenda2030.isEmpty { try container.encode(agenda2030, forKey: .agenda2030) }
    }

    /// The periods an indicator is measured at.
    package enum Measured: String, Sendable, Hashable, Codable {
        /// Once a year, for the annual report.
        case annual
        /// At the interim period and for the annual report (the default).
        case interimAndAnnual
    }

    package init(
        id: String? = nil, number: String, title: String, target: Target, valueRange: ValueRange? = nil,
        derivedFrom: DerivedSource? = nil, note: String? = nil, measured: Measured? = nil, byGender: Bool? = nil
    ) {
        self.byGender = byGender
        self.id = id ?? number
        self.number = number
        self.title = title
        self.target = target
        self.valueRange = valueRange
        self.derivedFrom = derivedFrom
        self.note = note
        self.measured = measured
    }

    /// Whether the indicator is measured at all in a period: one measured annually is not at the interim period.
    package func isMeasured(in period: Period) -> Bool {
        !(measured == .annual && period.kind == .interim)
    }

    /// Whether a measurement may give women's and men's values beside the total.
    package var isSplitByGender: Bool { byGender == true }

    /// The range measurements and targets must keep: `valueRange` if given, else the kind's own, and never beyond
    /// ±10^15 (`ValueRange.largest`), so that every sum, difference and trend goald computes from them is finite.
    package var effectiveRange: ValueRange {
        var range = valueRange ?? (target.kind == .percentage ? ValueRange(min: 0, max: 100) : ValueRange())
        range.min = Swift.max(range.min ?? -ValueRange.largest, -ValueRange.largest)
        range.max = Swift.min(range.max ?? ValueRange.largest, ValueRange.largest)
        return range
    }
}

/// Bounds on an indicator's values; an absent bound is no bound (but see `largest`).
package struct ValueRange: Sendable, Hashable, Codable {
    package var min: Double?
    package var max: Double?

    /// The largest magnitude any value or target may have: a thousand billion billion-krona budgets would still
    /// fit, and sums and differences of such numbers stay far from overflow.
    package static let largest = 1e15
    /// The smallest magnitude a value or target other than 0 may have: below it a number is a slip (5e-324), not
    /// a figure, and dividing by it would overflow.
    package static let smallest = 1e-6

    package init(min: Double? = nil, max: Double? = nil) {
        self.min = min
        self.max = max
    }

    package var display: String {
        switch (min, max) {
        case (let low?, let high?): "\(Target.format(low)) to \(Target.format(high))"
        case (let low?, nil): "at least \(Target.format(low))"
        case (nil, let high?): "at most \(Target.format(high))"
        case (nil, nil): "any number"
        }
    }

    /// "between 0 and 100", "at least 0", "at most 100".
    package var requirement: String {
        switch (min, max) {
        case (let low?, let high?): "between \(Target.format(low)) and \(Target.format(high))"
        default: display
        }
    }

    package func contains(_ value: Double) -> Bool {
        (min.map { value >= $0 } ?? true) && (max.map { value <= $0 } ?? true)
    }
}

// MARK: - Lookup

extension Plan {
    /// Every indicator with the result goal and effect goal it belongs to, in plan order.
    package var allIndicators: [(effectGoal: EffectGoal, resultGoal: ResultGoal, indicator: Indicator)] {
        effectGoals.flatMap { effect in
            effect.resultGoals.flatMap { result in result.indicators.map { (effect, result, $0) } }
        }
    }

    /// The indicator with the given key, its stable id or its number in this plan, and where it sits in the plan.
    /// (No id is another indicator's number: the model's validation sees to it, so a key finds one at most.)
    package func locateIndicator(
        _ key: String
    ) -> (effectGoal: EffectGoal, resultGoal: ResultGoal, indicator: Indicator)? {
        for effect in effectGoals {
            for result in effect.resultGoals {
                if let indicator = result.indicators.first(where: { $0.id == key || $0.number == key }) {
                    return (effect, result, indicator)
                }
            }
        }
        return nil
    }

    /// The result goal with the given key, its stable id or its number in this plan.
    package func locateResultGoal(_ key: String) -> ResultGoal? {
        for effect in effectGoals {
            if let found = effect.resultGoals.first(where: { $0.id == key || $0.number == key }) { return found }
        }
        return nil
    }

    /// The number in this plan of the result goal or indicator with this stable id; the id itself when the plan
    /// has no such item (a record kept from a plan that had it).
    package func number(of id: String) -> String {
        for effect in effectGoals {
            for result in effect.resultGoals {
                if result.id == id { return result.number }
                if let indicator = result.indicators.first(where: { $0.id == id }) { return indicator.number }
            }
        }
        return id
    }

    /// Every result goal's and indicator's stable id by its number in this plan.
    package var idsByNumber: [String: String] {
        var ids: [String: String] = [:]
        for effect in effectGoals {
            for result in effect.resultGoals {
                ids[result.number] = result.id
                for indicator in result.indicators { ids[indicator.number] = indicator.id }
            }
        }
        return ids
    }

    package var resultGoalCount: Int { effectGoals.reduce(0) { $0 + $1.resultGoals.count } }
    package var indicatorCount: Int { allIndicators.count }
}

/// A value goald computes for an indicator.
package struct DerivedSource: Sendable, Hashable, Codable {
    /// The reduction of business-travel emissions against a baseline year, in per cent.
    package var travelReduction: TravelReductionSource?

    package init(travelReduction: TravelReductionSource?) {
        self.travelReduction = travelReduction
    }
}

/// Which reduction an indicator takes: against which year, for which unit, computed how.
package struct TravelReductionSource: Sendable, Hashable, Codable {
    package enum Method: String, Sendable, Hashable, Codable, CaseIterable {
        /// Each year with its own factor set.
        case asReported
        /// Both years with the current year's factor set.
        case likeForLike
    }

    package var baseline: Int
    /// The unit whose trips count; nil: every unit.
    package var unit: String?
    package var method: Method

    package init(baseline: Int, unit: String?, method: Method) {
        self.baseline = baseline
        self.unit = unit
        self.method = method
    }
}
