import Foundation
import GoalDomain

/// Everything a follow-up report shows, computed from goald's state for one period. Pure: the caller passes the
/// state, the time and the zone; the renderers turn it into HTML, CSV or Markdown.
package struct FollowUpReport: Sendable {
    package var plan: Plan
    package var period: Period
    package var madeAt: Date
    package var timeZone: TimeZone
    package var status: PlanStatus
    /// The same period a year earlier, when the plan has it: what the trend arrows compare with.
    package let earlier: PlanStatus?
    /// `earlier`'s evaluations by indicator (its stable id), for one lookup per row.
    private let earlierByIndicator: [String: IndicatorEvaluation]
    /// Each indicator's value (by its stable id) in every period of the plan up to the report's, for its small chart.
    package var series: [String: [SeriesPoint]]
    /// Every indicator in every period up to the report's: the rows of the CSV.
    package var history: [PlanStatus]
    package var travel: TravelSection?
    /// True when a value or an assessment in the report is marked as synthetic sample data.
    package var synthetic: Bool
    /// The target changes in force (not retracted) from a period up to the report's, by indicator and period.
    package var targetChanges: [TargetChange] = []
    /// The last change of state of each period up to the report's; a period without one is a draft.
    package var stateChanges: [Period: FollowUpStateChange] = [:]
    /// The records of the report's period withdrawn after its decision, in the order withdrawn.
    package var changedAfterDecision: [Retraction] = []
    /// The values goald derives for the report's period that differ from those when it was decided.
    package var derivedChangedAfterDecision: [DerivedChange] = []
    /// The decided periods up to the report's changed after their decision (withdrawn records, derived values).
    package var changedPeriods: Set<Period> = []

    /// One point of an indicator's chart.
    package struct SeriesPoint: Sendable, Hashable {
        package var period: Period
        /// The value as a number (yes/no: 1 or 0); nil when nothing is recorded.
        package var value: Double?
        package var status: IndicatorStatus

        package init(period: Period, value: Double?, status: IndicatorStatus) {
            self.period = period
            self.value = value
            self.status = status
        }
    }
}

/// The business-travel section (result goal 5.6.4): kg CO2e by year and mode, the reduction against the baseline
/// both ways, and where the trend leads by the end of the plan.
package struct TravelSection: Sendable {
    package var indicator: Indicator
    package var unit: String?
    package var baselineYear: Int
    package var method: TravelReductionSource.Method
    /// From the first year with trips through the report's year (Jan–Aug at the interim period).
    package var years: [TravelYear]
    /// The report period's reduction (year to date at the interim period); nil without trips in both years.
    package var reduction: Reduction?
    /// Why it changed: the reduction split into activity, mode mix, intensity, supplier figures and factor revision.
    package var explanation: ReductionExplanation?
    /// The target in force for the period, per cent below the baseline; nil while still to be set.
    package var targetPercent: Double?
    package var planLastYear: Int
    /// The least-squares line through the whole years' totals from `trendYears`' first on, when there are two or more.
    package var trend: LinearTrend?
    /// The whole years the trend is fitted through: from the baseline, or from the first year after the pandemic
    /// when the baseline falls in it (travel restrictions made those years no guide to where travel is heading).
    package var trendYears: ClosedRange<Int>?
    /// The baseline year computed with the report year's factor set, when the indicator is judged like for like:
    /// the level the target is a share of, comparable with the report year's bar.
    package var baselineKgLikeForLike: Double?

    /// The years in which travel restrictions cut business travel (2020, 2021): fitted through, they make any later
    /// year look like a rise.
    package static let pandemicYears = 2020...2021

    package struct TravelYear: Sendable, Hashable {
        package var year: Int
        package var through: CivilDate
        /// As reported (each year with its own factor set), by mode in the modes' order.
        package var byMode: [ModeKg]
        package var totalKg: Double
        package var factorSet: String
        /// True for a year counted only to a day before 31 December.
        package var partial: Bool { through != CivilDate.lastOf(year: year) }
    }

    package struct ModeKg: Sendable, Hashable {
        package var mode: TravelMode
        package var kg: Double
    }
}

/// y = intercept + slope × year.
package struct LinearTrend: Sendable, Hashable {
    package var slope: Double
    package var intercept: Double

    package func value(at year: Int) -> Double { intercept + slope * Double(year) }

    /// The ordinary least-squares fit; nil for fewer than two distinct years.
    package static func fit(_ points: [(year: Int, value: Double)]) -> LinearTrend? {
        guard points.count >= 2 else { return nil }
        let n = Double(points.count)
        let meanX = points.map { Double($0.year) }.reduce(0, +) / n
        let meanY = points.map(\.value).reduce(0, +) / n
        let sxx = points.map { (Double($0.year) - meanX) * (Double($0.year) - meanX) }.reduce(0, +)
        guard sxx > 0 else { return nil }
        let sxy = points.map { (Double($0.year) - meanX) * ($0.value - meanY) }.reduce(0, +)
        let slope = sxy / sxx
        return LinearTrend(slope: slope, intercept: meanY - slope * meanX)
    }
}

extension FollowUpReport {
    /// The report of `period` from the follow-up and the travel data as they stand.
    package init(followUp: FollowUp, travel: TravelAccounts, period: Period, madeAt: Date, timeZone: TimeZone) {
        // The plan in force for the period, with its numbers; the periods before it under the plans in force then.
        let plan = followUp.plan(for: period)
        let upToPeriod = followUp.periods.filter { $0 <= period }
        let today = CivilDate.on(madeAt, in: timeZone)
        let statuses = upToPeriod.map { candidate in
            followUp.status(for: candidate, travel: travel, today: today)
        }
        let status = statuses.last ?? followUp.status(for: period, travel: travel, today: today)
        let earlierPeriod = period.yearEarlier
        let earlier = statuses.first { $0.period == earlierPeriod }
        var series: [String: [SeriesPoint]] = [:]
        for past in statuses {
            for evaluation in past.effectGoals.flatMap(\.resultGoals).flatMap(\.indicators) {
                let number: Double? =
                    switch evaluation.value {
                    case .number(let value)?: value
                    case .yesNo(let flag)?: flag ? 1 : 0
                    default: nil
                    }
                series[evaluation.indicator.id, default: []].append(
                    SeriesPoint(period: past.period, value: number, status: evaluation.status))
            }
        }
        let shown = status.effectGoals.flatMap(\.resultGoals)
        let synthetic =
            shown.flatMap(\.indicators).contains { Self.isSynthetic($0.measurement?.source) }
            || shown.contains { Self.isSynthetic($0.assessment?.analysis) }
        self.init(
            plan: plan, period: period, madeAt: madeAt, timeZone: timeZone, status: status, earlier: earlier,
            earlierByIndicator: Self.byIndicator(earlier),
            series: series, history: statuses,
            travel: TravelSection(
                followUp: followUp, travel: travel,
                period: period, today: today),
            synthetic: synthetic)
        for candidate in upToPeriod {
            if let last = followUp.stateHistory(of: candidate).last { stateChanges[candidate] = last }
        }
        changedAfterDecision = followUp.changesAfterDecision(of: period)
        for past in statuses where followUp.decision(of: past.period) != nil {
            let changes = followUp.derivedChangesAfterDecision(of: past.period, now: past.derivedValues)
            if past.period == period { derivedChangedAfterDecision = changes }
            if !changes.isEmpty || !followUp.changesAfterDecision(of: past.period).isEmpty {
                changedPeriods.insert(past.period)
            }
        }
        targetChanges = followUp.targetChanges.values.flatMap { $0 }
            .filter { $0.from <= period && followUp.retraction(of: $0.sequence) == nil }
            .sorted { a, b in
                let order = plan.number(of: a.indicator).compare(plan.number(of: b.indicator), options: .numeric)
                return order != .orderedSame ? order == .orderedAscending : (a.from, a.sequence) < (b.from, b.sequence)
            }
    }

    /// The decision in force for a period of the report (nil: a draft, or marked ready and not yet decided).
    package func decision(of period: Period) -> FollowUpStateChange? {
        stateChanges[period].flatMap { $0.state == .decided ? $0 : nil }
    }

    /// The rows of *Ändrat efter beslut*: withdrawn records (when, what, why, who), then the values goald derives
    /// that changed since the decision.
    func changedAfterDecisionRows(text: ReportText, format: ReportFormat) -> [[String]] {
        changedAfterDecision.map { retraction in
            [
                format.time(retraction.recordedAt, in: timeZone),
                text.retracted(retraction.kind) + " " + plan.number(of: retraction.subject),
                retraction.reason, retraction.recordedBy.name,
            ]
        }
            + derivedChangedAfterDecision.map { change in
                [
                    "–", text.derivedValueOf(plan.number(of: change.indicator)),
                    text.derivedChanged(
                        then: change.then.map { format.compact($0) }, now: change.now.map { format.compact($0) }),
                    "goald",
                ]
            }
    }

    /// The credits the values shown ask for: Kolada's licence, when a value shown came from Kolada.
    package var credits: [String] {
        KoladaFile.credits(for: status.effectGoals.flatMap(\.resultGoals).flatMap(\.indicators))
    }

    /// Sample data says so at the start of its source or analysis ("Syntetiskt exempel …").
    static func isSynthetic(_ text: String?) -> Bool {
        guard let text else { return false }
        return text.lowercased().hasPrefix("syntetisk") || text.lowercased().hasPrefix("synthetic")
    }

    /// The evaluation of an indicator a year earlier, for its trend arrow.
    package func earlierEvaluation(_ key: String) -> IndicatorEvaluation? { earlierByIndicator[key] }

    private static func byIndicator(_ status: PlanStatus?) -> [String: IndicatorEvaluation] {
        let evaluations = status?.effectGoals.flatMap(\.resultGoals).flatMap(\.indicators) ?? []
        return Dictionary(evaluations.map { ($0.indicator.id, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

extension TravelSection {
    /// The section for the plan's travel-derived indicator; nil when the plan has none.
    init?(followUp: FollowUp, travel: TravelAccounts, period: Period, today: CivilDate) {
        guard
            let found = followUp.plan(for: period).allIndicators.first(where: {
                $0.indicator.derivedFrom?.travelReduction != nil
            }),
            let source = found.indicator.derivedFrom?.travelReduction
        else { return nil }
        let unit = source.unit
        let ledger = travel.ledger
        let yearsWithTrips = ledger.years.filter { year in
            unit.map { ledger.hasTrips(unit: $0, year: year) }
                ?? ledger.units.contains { ledger.hasTrips(unit: $0, year: year) }
        }
        // A period whose data is not complete is counted to the last day known, in both years (provisional).
        let known = travel.provisionalThrough(periodEnd: period.lastDay, today: today)
        let lastDay = known.flatMap { $0.year == period.year ? $0 : nil } ?? period.lastDay
        var years: [TravelYear] = []
        if let first = yearsWithTrips.min(), first <= period.year {
            for year in first...period.year {
                let through = year == period.year ? lastDay : CivilDate.lastOf(year: year)
                guard
                    let footprint = try? travel.footprint(
                        from: .firstOf(year: year), through: through, unit: unit,
                        groupBy: .mode, factors: nil)
                else { continue }
                let byMode = footprint.groups.compactMap { group in
                    TravelMode(rawValue: group.key).map { ModeKg(mode: $0, kg: group.kg) }
                }
                years.append(
                    TravelYear(
                        year: year, through: through, byMode: byMode, totalKg: footprint.total.kg,
                        factorSet: footprint.setsUsed.first?.set ?? ""))
            }
        }
        let through = period.kind == .interim ? period.lastDay : nil
        // The explanation carries the reduction it explains: one computation for both.
        let explained =
            source.baseline < period.year && (unit.map { ledger.hasUnit($0) } ?? true)
            ? try? travel.explainReduction(
                year: period.year, baseline: source.baseline, unit: unit, through: through,
                factors: nil, today: today)
            : nil
        let trendFrom =
            Self.pandemicYears.contains(source.baseline) ? Self.pandemicYears.upperBound + 1 : source.baseline
        let whole = years.filter { !$0.partial && $0.year >= trendFrom }
        let shown = explained.flatMap { $0.reduction.baseline.trips > 0 && $0.reduction.current.trips > 0 ? $0 : nil }
        // Like for like, the target is a share of the baseline year counted with the report year's factors.
        var baselineLikeForLike: Double?
        if source.method == .likeForLike, source.baseline < period.year,
            years.contains(where: { $0.year == source.baseline && !$0.partial })
        {
            // The whole baseline year, as the indicator counts it like for like (the report year's set): the
            // explanation's own when it compared whole years, else counted once more for the whole year.
            if let reduction = explained?.reduction, through == nil, reduction.provisionalThrough == nil {
                baselineLikeForLike = reduction.baseline.kgLikeForLike
            } else {
                baselineLikeForLike =
                    try? travel.reduction(
                        year: period.year, baseline: source.baseline, unit: unit, through: nil, factors: nil
                    ).baseline.kgLikeForLike
            }
        }
        let trend = LinearTrend.fit(whole.map { ($0.year, $0.totalKg) })
        self.init(
            indicator: found.indicator, unit: unit, baselineYear: source.baseline, method: source.method,
            years: years, reduction: shown?.reduction, explanation: shown,
            targetPercent: followUp.target(of: found.indicator.id, in: period).value?.number,
            planLastYear: followUp.lastYear, trend: trend,
            trendYears: trend == nil ? nil : (whole.first?.year ?? trendFrom)...(whole.last?.year ?? trendFrom),
            baselineKgLikeForLike: baselineLikeForLike)
    }

    /// The kg CO2e the target is a share of: the baseline year like for like when the indicator is judged so,
    /// else as reported.
    package var targetBasisKg: Double? {
        method == .likeForLike ? baselineKgLikeForLike : baselineKg
    }

    /// The target level in kg CO2e, once a target is set.
    package var targetLevelKg: Double? {
        targetPercent.flatMap { percent in targetBasisKg.map { $0 * (1 - percent / 100) } }
    }

    /// The baseline year's whole-year total, as reported, when it has trips.
    package var baselineKg: Double? {
        years.first { $0.year == baselineYear && !$0.partial }?.totalKg
    }
}
