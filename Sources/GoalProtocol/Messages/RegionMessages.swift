/// `goald.v1.Region/ListCommittees`: the region's model as goald holds it: its effect goals, its committees and
/// the plans (answers to the planning directive) loaded for each.
package struct CommitteesMessage: Codable, Sendable, Hashable {
    package var organisation: String
    package var mandatePeriod: YearsMessage
    /// The committee a call that names none is taken to mean.
    package var defaultCommittee: String
    package var effectGoals: [RegionEffectGoalMessage]
    /// In the model's order.
    package var committees: [CommitteeMessage]

    package init(
        organisation: String, mandatePeriod: YearsMessage, defaultCommittee: String,
        effectGoals: [RegionEffectGoalMessage], committees: [CommitteeMessage]
    ) {
        self.organisation = organisation
        self.mandatePeriod = mandatePeriod
        self.defaultCommittee = defaultCommittee
        self.effectGoals = effectGoals
        self.committees = committees
    }
}

/// A span of calendar years, both included.
package struct YearsMessage: Codable, Sendable, Hashable {
    package var firstYear: Int
    package var lastYear: Int

    package init(firstYear: Int, lastYear: Int) {
        self.firstYear = firstYear
        self.lastYear = lastYear
    }
}

package struct RegionEffectGoalMessage: Codable, Sendable, Hashable {
    /// The stable id.
    package var id: String
    package var title: String
    /// The Agenda 2030 goals it serves, where the model names them.
    package var agenda2030: [Int]

    package init(id: String, title: String, agenda2030: [Int]) {
        self.id = id
        self.title = title
        self.agenda2030 = agenda2030
    }
}

package struct CommitteeMessage: Codable, Sendable, Hashable {
    /// Such as `RUN`: how a call names the committee.
    package var abbreviation: String
    package var name: String
    /// Its plans loaded, by first year; empty when no answer of the committee's is loaded.
    package var plans: [CommitteePlanMessage]

    package init(abbreviation: String, name: String, plans: [CommitteePlanMessage]) {
        self.abbreviation = abbreviation
        self.name = name
        self.plans = plans
    }
}

package struct CommitteePlanMessage: Codable, Sendable, Hashable {
    package var id: String
    package var title: String
    package var firstYear: Int
    package var lastYear: Int
    package var resultGoals: Int
    package var indicators: Int
    /// True for the plan goald follows up.
    package var followedUp: Bool

    package init(
        id: String, title: String, firstYear: Int, lastYear: Int, resultGoals: Int, indicators: Int,
        followedUp: Bool
    ) {
        self.id = id
        self.title = title
        self.firstYear = firstYear
        self.lastYear = lastYear
        self.resultGoals = resultGoals
        self.indicators = indicators
        self.followedUp = followedUp
    }
}

/// Params of `goald.v1.Region/GetStatus`.
package struct RegionStatusRequest: Codable, Sendable, Hashable {
    /// The period; absent: the one today falls in.
    package var period: String?

    package init(period: String? = nil) {
        self.period = period
    }
}

/// `goald.v1.Region/GetStatus`: per effect goal of the region, each committee's result goals under it with the
/// committee's judgement and indicator tally, and the committees without a result goal there.
package struct RegionStatusMessage: Codable, Sendable, Hashable {
    package var organisation: String
    package var period: String
    /// `requested` or `current`.
    package var periodChosen: String
    package var effectGoals: [RegionEffectGoalStatusMessage]
    /// Committees with no plan in force for the period (their answer not loaded, or not covering it).
    package var committeesWithoutPlan: [String]

    package init(
        organisation: String, period: String, periodChosen: String, effectGoals: [RegionEffectGoalStatusMessage],
        committeesWithoutPlan: [String]
    ) {
        self.organisation = organisation
        self.period = period
        self.periodChosen = periodChosen
        self.effectGoals = effectGoals
        self.committeesWithoutPlan = committeesWithoutPlan
    }
}

package struct RegionEffectGoalStatusMessage: Codable, Sendable, Hashable {
    package var id: String
    package var title: String
    /// The region's own judgement for the period, recorded by its board; absent: not judged. Never computed from
    /// the committees' judgements.
    package var assessment: EffectGoalAssessmentMessage?
    /// The committees with result goals under the effect goal, in the model's order.
    package var committees: [CommitteeContributionMessage]
    /// Committees with a plan in force but no result goal under this effect goal.
    package var committeesWithout: [String]

    package init(
        id: String, title: String, assessment: EffectGoalAssessmentMessage? = nil,
        committees: [CommitteeContributionMessage], committeesWithout: [String]
    ) {
        self.id = id
        self.title = title
        self.assessment = assessment
        self.committees = committees
        self.committeesWithout = committeesWithout
    }
}

package struct CommitteeContributionMessage: Codable, Sendable, Hashable {
    package var committee: String
    package var name: String
    /// The plan in force for the period.
    package var plan: String
    package var resultGoals: [RegionResultGoalMessage]

    package init(committee: String, name: String, plan: String, resultGoals: [RegionResultGoalMessage]) {
        self.committee = committee
        self.name = name
        self.plan = plan
        self.resultGoals = resultGoals
    }
}

package struct RegionResultGoalMessage: Codable, Sendable, Hashable {
    package var id: String
    package var number: String
    package var title: String
    /// The committee's judgement for the period (`uppfyllt`, `delvis uppfyllt`, `ej uppfyllt`); absent: not judged.
    package var assessment: String?
    package var tally: TallyMessage

    package init(id: String, number: String, title: String, assessment: String?, tally: TallyMessage) {
        self.id = id
        self.number = number
        self.title = title
        self.assessment = assessment
        self.tally = tally
    }
}

/// Params of `goald.v1.Region/RecordAssessment`: the region's judgement of one of its effect goals.
package struct RecordEffectGoalAssessmentRequest: Codable, Sendable, Hashable {
    /// The effect goal's stable id (`goalctl committees` lists them).
    package var effectGoal: String
    package var period: String
    /// `uppfyllt`, `delvis uppfyllt` or `ej uppfyllt` (the forms `RecordAssessment` reads).
    package var level: String
    package var analysis: String

    package init(effectGoal: String, period: String, level: String, analysis: String) {
        self.effectGoal = effectGoal
        self.period = period
        self.level = level
        self.analysis = analysis
    }
}

/// Params of `goald.v1.Region/RetractAssessment`.
package struct RetractEffectGoalAssessmentRequest: Codable, Sendable, Hashable {
    package var effectGoal: String
    package var period: String
    package var reason: String

    package init(effectGoal: String, period: String, reason: String) {
        self.effectGoal = effectGoal
        self.period = period
        self.reason = reason
    }
}

/// The region's judgement of an effect goal for a period, as recorded by its board.
package struct EffectGoalAssessmentMessage: Codable, Sendable, Hashable {
    package var sequence: Int64
    package var effectGoal: String
    package var period: String
    package var level: String
    package var analysis: String
    package var recordedAt: String
    package var recordedBy: String

    package init(
        sequence: Int64, effectGoal: String, period: String, level: String, analysis: String, recordedAt: String,
        recordedBy: String
    ) {
        self.sequence = sequence
        self.effectGoal = effectGoal
        self.period = period
        self.level = level
        self.analysis = analysis
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }
}

/// Params of `goald.v1.Region/GetIndicator`: one indicator across every committee.
package struct RegionIndicatorRequest: Codable, Sendable, Hashable {
    /// The indicator: a region indicator's id (`sjukfranvarokvot`), or any indicator's id or its number in the
    /// default committee's plan.
    package var indicator: String
    /// The period; absent: the latest period some committee or the region has a value of the indicator for.
    package var period: String?

    package init(indicator: String, period: String? = nil) {
        self.indicator = indicator
        self.period = period
    }
}

/// Result of `goald.v1.Region/GetIndicator`: every committee's standing on one indicator for a period, the region's
/// own value beside them, each with its trend against the same period a year before.
package struct RegionIndicatorMessage: Codable, Sendable, Hashable {
    package var indicator: IndicatorMessage
    package var period: String
    /// `requested`, `latestWithData`, or `current` (no value yet: the period today falls in).
    package var periodChosen: String
    /// The period each trend is judged against (the same period a year before).
    package var compared: String
    /// The committees whose plan in force has the indicator: those with a value first, best first by the target's
    /// direction, then those without, in the model's order.
    package var committees: [CommitteeIndicatorMessage]
    /// The region's own value, for one of the region's indicators (never an average of the committees').
    package var region: CommitteeIndicatorMessage?
    /// The committees whose plan in force for the period lacks the indicator.
    package var without: [CommitteeNameMessage]
    /// The committees with no plan in force for the period ("inget svar inläst").
    package var withoutPlan: [CommitteeNameMessage]

    package init(
        indicator: IndicatorMessage, period: String, periodChosen: String, compared: String,
        committees: [CommitteeIndicatorMessage], region: CommitteeIndicatorMessage?, without: [CommitteeNameMessage],
        withoutPlan: [CommitteeNameMessage]
    ) {
        self.withoutPlan = withoutPlan
        self.indicator = indicator
        self.period = period
        self.periodChosen = periodChosen
        self.compared = compared
        self.committees = committees
        self.region = region
        self.without = without
    }
}

/// One committee's (or the region's own) standing on an indicator.
package struct CommitteeIndicatorMessage: Codable, Sendable, Hashable {
    /// What stands for the committee where the region's own value or record is meant (here, and in
    /// `ImportMeasurements`' `committees`).
    package static let regionKey = "@region"

    /// The committee's abbreviation; `@region` for the region's own.
    package var committee: String
    package var name: String
    /// Its value, women's and men's, target, status, and (in `compared`, `trend`) the year before.
    package var standing: IndicatorStatusMessage

    package init(committee: String, name: String, standing: IndicatorStatusMessage) {
        self.committee = committee
        self.name = name
        self.standing = standing
    }
}

/// A committee by abbreviation and name.
package struct CommitteeNameMessage: Codable, Sendable, Hashable {
    package var abbreviation: String
    package var name: String

    package init(abbreviation: String, name: String) {
        self.abbreviation = abbreviation
        self.name = name
    }
}
