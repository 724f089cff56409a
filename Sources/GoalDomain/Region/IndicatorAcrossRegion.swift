import Foundation

/// One indicator across the region for a period ("alla verksamheter per indikator"): every committee's value,
/// women's and men's, target and status where its plan in force has the indicator, with the region's own value
/// beside them and each one's trend against the year before. Never an average: the region's own value is the one it
/// recorded (sick leave is weighted by hours). Pure.
package struct IndicatorAcrossRegion: Sendable {
    /// One committee's (or the region's own) standing.
    package struct Row: Sendable {
        /// The committee's abbreviation; `Region.ownKey` for the region's own.
        package var committee: String
        package var name: String
        /// The indicator's number in the plan in force for the period ("5.6.3.1"; the region's own: its id).
        package var number: String
        /// The number of the result goal it sits under there.
        package var resultGoal: String
        package var evaluation: IndicatorEvaluation
        /// The same period a year before, when the plan in force then had the indicator.
        package var earlier: IndicatorEvaluation?

        package var trend: Trend? { earlier.flatMap { evaluation.trend(since: $0) } }
    }

    package var indicator: Indicator
    package var period: Period
    /// The committees whose plan in force for the period has the indicator: those with a value first, best first
    /// by the target's direction, then those without, in the model's order.
    package var committees: [Row]
    /// The region's own value, when the indicator is one of the region's.
    package var region: Row?
    /// The committees whose plan in force for the period lacks it.
    package var without: [Committee]
    /// The committees with no plan in force for the period (no answer loaded that covers it).
    package var withoutPlan: [Committee]

    /// - Parameters:
    ///   - followUps: every committee's follow-up by abbreviation.
    ///   - own: the region's own follow-up of its indicators: a region indicator is shown as it holds it now (its
    ///     target as the region last set it).
    package init(
        _ indicator: Indicator, period: Period, region: Region, followUps: [String: FollowUp], own: FollowUp?
    ) {
        let indicator = own?.plan.locateIndicator(indicator.id)?.indicator ?? indicator
        self.indicator = indicator
        self.period = period
        func row(_ key: String, _ name: String, _ followUp: FollowUp) -> Row? {
            guard followUp.periods(of: indicator.id).contains(period),
                let found = followUp.plan(for: period).locateIndicator(indicator.id)
            else { return nil }
            let earlierPeriod = period.yearEarlier
            let earlier =
                followUp.periods(of: indicator.id).contains(earlierPeriod)
                ? followUp.plan(for: earlierPeriod).locateIndicator(indicator.id).map {
                    followUp.evaluate($0.indicator, in: earlierPeriod)
                } : nil
            return Row(
                committee: key, name: name, number: found.indicator.number, resultGoal: found.resultGoal.number,
                evaluation: followUp.evaluate(found.indicator, in: period), earlier: earlier)
        }
        var rows: [Row] = []
        var without: [Committee] = []
        var withoutPlan: [Committee] = []
        for committee in region.committees {
            guard let followUp = followUps[committee.abbreviation], followUp.periods.contains(period) else {
                withoutPlan.append(committee)
                continue
            }
            if let found = row(committee.abbreviation, committee.name, followUp) {
                rows.append(found)
            } else {
                without.append(committee)
            }
        }
        self.withoutPlan = withoutPlan
        let own = own.flatMap { row(Region.ownKey, region.organisation, $0) }
        let order = Dictionary(uniqueKeysWithValues: rows.enumerated().map { ($1.committee, $0) })
        // The direction of the target in force for the period (the region may have changed it since the model).
        let direction = (own ?? rows.first)?.evaluation.target.direction ?? indicator.target.direction ?? .atLeast
        committees = rows.sorted { left, right in
            switch (left.evaluation.value?.number, right.evaluation.value?.number) {
            case (let a?, let b?) where a != b: return direction == .atMost ? a < b : a > b
            case (_?, nil): return true
            case (nil, _?): return false
            default: return order[left.committee, default: 0] < order[right.committee, default: 0]
            }
        }
        self.without = without
        self.region = own
    }

    /// The latest period some committee, or the region, has a value of the indicator in force for; nil before any.
    package static func latestPeriod(
        of id: String, followUps: [String: FollowUp], own: FollowUp?
    ) -> Period? {
        ([own].compactMap { $0 } + followUps.values).flatMap { followUp in
            followUp.periods(of: id).filter { followUp.currentMeasurement(id, in: $0) != nil }
        }.max()
    }
}
