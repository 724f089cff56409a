import Foundation
import GoalDomain

/// The region's coordinated report of a period, "samordnad för samtliga nämnder": the region's own judgement of
/// each of its effect goals (*Sammanfattning måluppfyllelse*), then per effect goal every committee's result goals
/// under it, each with the committee's judgement, analysis and indicators. Pure: the caller passes the state.
package struct RegionReport: Sendable {
    package var organisation: String
    package var mandate: YearSpan
    package var period: Period
    package var madeAt: Date
    package var timeZone: TimeZone
    package var effectGoals: [RegionEffectGoal]
    /// The region's judgement in force for the period, by effect goal id.
    package var judgements: [String: EffectGoalAssessment]
    /// The committees with a plan in force for the period, in the model's order, each with its own report.
    package var committees: [CommitteeSection]
    /// The committees with no plan in force for the period (their answer not loaded, or not covering it).
    package var committeesWithoutPlan: [Committee]
    /// The region's indicators, each across every committee with the region's own value ("alla verksamheter per
    /// indikator"), in the model's order.
    package var sharedIndicators: [IndicatorAcrossRegion]

    package struct CommitteeSection: Sendable {
        package var committee: Committee
        package var report: FollowUpReport

        /// The committee's result goals under one of the region's effect goals.
        package func resultGoals(under effectGoal: String) -> [ResultGoalStatus] {
            report.status.effectGoals.first { $0.effectGoal.id == effectGoal }?.resultGoals ?? []
        }
    }

    /// - Parameters:
    ///   - followUps: every committee's follow-up, by abbreviation.
    ///   - own: the region's own follow-up of its indicators.
    package init(
        region: Region, followUps: [String: FollowUp], own: FollowUp? = nil, judgements: EffectGoalJudgements,
        travel: TravelAccounts, period: Period, madeAt: Date, timeZone: TimeZone
    ) {
        organisation = region.organisation
        mandate = region.mandate
        self.period = period
        self.madeAt = madeAt
        self.timeZone = timeZone
        effectGoals = region.effectGoals
        self.judgements = Dictionary(
            uniqueKeysWithValues: region.effectGoals.compactMap { goal in
                judgements.current(goal.id, in: period).map { (goal.id, $0) }
            })
        var sections: [CommitteeSection] = []
        var without: [Committee] = []
        for committee in region.committees {
            guard let followUp = followUps[committee.abbreviation], followUp.periods.contains(period) else {
                without.append(committee)
                continue
            }
            sections.append(
                CommitteeSection(
                    committee: committee,
                    report: FollowUpReport(
                        followUp: followUp, travel: travel, period: period, madeAt: madeAt, timeZone: timeZone)))
        }
        committees = sections
        committeesWithoutPlan = without
        sharedIndicators = region.indicators.map { indicator in
            IndicatorAcrossRegion(indicator, period: period, region: region, followUps: followUps, own: own)
        }.filter { !$0.committees.isEmpty || $0.region != nil }
    }

    /// The credits the values shown ask for: Kolada's, when a value shown came from Kolada.
    package var credits: [String] {
        let across = sharedIndicators.flatMap { $0.committees + [$0.region].compactMap { $0 } }.map(\.evaluation)
        let own = committees.flatMap { $0.report.status.effectGoals.flatMap(\.resultGoals).flatMap(\.indicators) }
        return KoladaFile.credits(for: across + own)
    }

    /// True when a value or an assessment in any committee's part is synthetic sample data.
    package var synthetic: Bool { committees.contains { $0.report.synthetic } }
}
