/// The whole goal model, as `goald.v1.Goals/GetPlan` returns it.
package struct PlanMessage: Codable, Sendable, Hashable {
    package var id: String
    package var title: String
    package var organisation: String
    package var committee: String
    /// The committee's abbreviation, such as `RUN` (sent by goald since the region model; absent before).
    package var committeeAbbreviation: String?
    package var firstYear: Int
    package var lastYear: Int
    package var followUp: String?
    package var effectGoals: [EffectGoalMessage]

    package init(
        id: String, title: String, organisation: String, committee: String, committeeAbbreviation: String? = nil,
        firstYear: Int, lastYear: Int, followUp: String?, effectGoals: [EffectGoalMessage]
    ) {
        self.id = id
        self.title = title
        self.organisation = organisation
        self.committee = committee
        self.committeeAbbreviation = committeeAbbreviation
        self.firstYear = firstYear
        self.lastYear = lastYear
        self.followUp = followUp
        self.effectGoals = effectGoals
    }
}

package struct EffectGoalMessage: Codable, Sendable, Hashable {
    /// The stable id, the same in every plan (sent since the region model).
    package var id: String?
    /// The source's numbering, such as `5.3`.
    package var number: String
    package var title: String
    package var strategyLinks: [StrategyLinkMessage]
    package var explanation: String?
    package var note: String?
    /// The Agenda 2030 goals the effect goal serves, where the model names them.
    package var agenda2030: [Int]?
    package var resultGoals: [ResultGoalMessage]

    package init(
        id: String? = nil, number: String, title: String, strategyLinks: [StrategyLinkMessage], explanation: String?,
        note: String?, agenda2030: [Int]? = nil, resultGoals: [ResultGoalMessage]
    ) {
        self.id = id
        self.agenda2030 = agenda2030
        self.number = number
        self.title = title
        self.strategyLinks = strategyLinks
        self.explanation = explanation
        self.note = note
        self.resultGoals = resultGoals
    }
}

package struct StrategyLinkMessage: Codable, Sendable, Hashable {
    package var priorityArea: String
    package var goals: [String]

    package init(priorityArea: String, goals: [String]) {
        self.priorityArea = priorityArea
        self.goals = goals
    }
}

package struct ResultGoalMessage: Codable, Sendable, Hashable {
    /// The stable id, kept when a later plan renumbers the goal (sent since the region model).
    package var id: String?
    /// The source's numbering, such as `5.6.4`.
    package var number: String
    package var title: String
    package var indicators: [IndicatorMessage]

    package init(id: String? = nil, number: String, title: String, indicators: [IndicatorMessage]) {
        self.id = id
        self.number = number
        self.title = title
        self.indicators = indicators
    }
}

package struct IndicatorMessage: Codable, Sendable, Hashable {
    /// The stable id, kept when a later plan renumbers the indicator (sent since the region model).
    package var id: String?
    /// The indicator's key, such as `5.6.3.1`.
    package var number: String
    package var title: String
    package var target: TargetMessage
    package var note: String?
    /// The least and most a measurement may be, when bounded.
    package var min: Double?
    package var max: Double?
    /// `annual` for an indicator measured once a year; absent: at both periods.
    package var measured: String?
    /// True for an indicator whose values are given for women and men beside the total; absent otherwise.
    package var byGender: Bool?
    /// True for one of the region's indicators: its definition and target are the region's, the same for every
    /// committee (`SetTarget` with `region`); absent otherwise.
    package var shared: Bool?
    /// A region indicator's definition, the system its values come from, its Kolada KPI id and Agenda 2030 goals.
    package var definition: String?
    package var source: String?
    package var kolada: String?
    package var agenda2030: [Int]?

    package init(
        id: String? = nil, number: String, title: String, target: TargetMessage, note: String?, min: Double?,
        max: Double?, measured: String? = nil, byGender: Bool? = nil
    ) {
        self.byGender = byGender
        self.measured = measured
        self.id = id
        self.number = number
        self.title = title
        self.target = target
        self.note = note
        self.min = min
        self.max = max
    }
}

package struct TargetMessage: Codable, Sendable, Hashable {
    /// `percentage`, `yesNo`, `index`, `amount` or `qualitative`.
    package var kind: String
    /// A number, or true/false for `yesNo`; absent when qualitative or not yet set.
    package var value: ScalarValue?
    /// `atLeast` (≥) or `atMost` (≤) for numeric kinds.
    package var direction: String?
    package var unit: String?
    /// The target as the source writes it.
    package var text: String?
    /// The target as a person reads it, such as "≥ 100 %".
    package var display: String
    /// True when a numeric target is still to be set.
    package var pending: Bool

    package init(
        kind: String, value: ScalarValue?, direction: String?, unit: String?, text: String?,
        display: String, pending: Bool
    ) {
        self.kind = kind
        self.value = value
        self.direction = direction
        self.unit = unit
        self.text = text
        self.display = display
        self.pending = pending
    }
}

/// A JSON number or boolean.
package enum ScalarValue: Codable, Sendable, Hashable {
    case number(Double)
    case bool(Bool)

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else {
            self = .number(try container.decode(Double.self))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number): try container.encode(number)
        case .bool(let flag): try container.encode(flag)
        }
    }
}

/// Params of `goald.v1.Goals/GetIndicator`.
package struct GetIndicatorRequest: Codable, Sendable, Hashable {
    /// The committee (its abbreviation) whose follow-up is meant; absent: the default committee.
    package var committee: String?
    /// True: one of the region's indicators in the region's own follow-up.
    package var region: Bool?
    /// The indicator's key, such as `5.6.3.1`.
    package var key: String
    package init(key: String, committee: String? = nil) {
        self.committee = committee
        self.key = key
    }
}

/// Params of `goald.v1.Goals/GetPlan`.
package struct GetPlanRequest: Codable, Sendable, Hashable {
    /// The committee (its abbreviation) whose plan is meant; absent: the default committee.
    package var committee: String?

    package init(committee: String? = nil) {
        self.committee = committee
    }
}

/// Result of `goald.v1.Goals/GetIndicator`: the indicator and the goals above it.
package struct IndicatorDetail: Codable, Sendable, Hashable {
    package var indicator: IndicatorMessage
    package var resultGoal: GoalRef
    package var effectGoal: GoalRef
    /// Every change of the indicator's target, oldest first.
    package var targetHistory: [TargetChangeMessage]
    /// The target in force for each period of the plan, in order.
    package var targetsInForce: [PeriodTargetMessage]
    /// For a derived indicator whose latest period with a value is provisional: the day its travel data is known
    /// through (`YYYY-MM-DD`).
    package var provisionalThrough: String?

    package init(
        indicator: IndicatorMessage, resultGoal: GoalRef, effectGoal: GoalRef,
        targetHistory: [TargetChangeMessage], targetsInForce: [PeriodTargetMessage]
    ) {
        self.indicator = indicator
        self.resultGoal = resultGoal
        self.effectGoal = effectGoal
        self.targetHistory = targetHistory
        self.targetsInForce = targetsInForce
    }
}

/// The target in force for one period.
package struct PeriodTargetMessage: Codable, Sendable, Hashable {
    package var period: String
    package var target: TargetMessage

    package init(period: String, target: TargetMessage) {
        self.period = period
        self.target = target
    }
}

/// A goal named by its number and title.
package struct GoalRef: Codable, Sendable, Hashable {
    package var number: String
    package var title: String
    package init(number: String, title: String) {
        self.number = number
        self.title = title
    }
}

/// The params of a method of one committee's follow-up: they may name the committee (absent: the default one).
package protocol CommitteeScoped {
    var committee: String? { get set }
}

/// A write that may be the region's own (`region: true`): then writers of every committee make it, whatever
/// committee it would otherwise mean.
package protocol RegionScoped {
    var region: Bool? { get }
}

extension RecordMeasurementRequest: RegionScoped {}
extension SetTargetRequest: RegionScoped {}
extension RetractTargetRequest: RegionScoped {}

extension GetPlanRequest: CommitteeScoped {}
extension GetIndicatorRequest: CommitteeScoped {}
extension RecordMeasurementRequest: CommitteeScoped {}
extension ImportMeasurementsRequest: CommitteeScoped {}
extension ListMeasurementsRequest: CommitteeScoped {}
extension SetTargetRequest: CommitteeScoped {}
extension RetractTargetRequest: CommitteeScoped {}
extension RecordAssessmentRequest: CommitteeScoped {}
extension ListAssessmentsRequest: CommitteeScoped {}
extension RetractMeasurementRequest: CommitteeScoped {}
extension MarkReadyRequest: CommitteeScoped {}
extension DecideFollowUpRequest: CommitteeScoped {}
extension ReopenFollowUpRequest: CommitteeScoped {}
extension ListFollowUpStatesRequest: CommitteeScoped {}
extension SubmitAnswerRequest: CommitteeScoped {}
extension RenderAnswerRequest: CommitteeScoped {}
extension DecideAnswerRequest: CommitteeScoped {}
extension RetractAssessmentRequest: CommitteeScoped {}
extension GetStatusRequest: CommitteeScoped {}
extension RenderReportRequest: CommitteeScoped {}
