/// Where an indicator stands for a period.
package enum IndicatorStatus: String, Sendable, Hashable, CaseIterable {
    /// The value meets the target.
    case met
    /// The value misses the target.
    case notMet
    /// Nothing recorded for the period.
    case noData
    /// The target is still to be set ("Uppdateras").
    case targetPending
    /// A qualitative follow-up: recorded, judged by people.
    case needsAssessment
}

/// One indicator's standing for a period, with the figures behind it.
package struct IndicatorEvaluation: Sendable, Hashable {
    package var indicator: Indicator
    package var status: IndicatorStatus
    /// The value judged: the recorded measurement's, or the one goald derived.
    package var value: MeasurementValue?
    /// True when goald computed the value (from the travel data).
    package var derived: Bool
    package var measurement: RecordedMeasurement?
    /// Value minus target, for numeric targets with a value: positive means above the target.
    package var difference: Double?
}

/// Counts of indicators by status.
package struct StatusTally: Sendable, Hashable {
    package var met = 0
    package var notMet = 0
    package var noData = 0
    package var targetPending = 0
    package var needsAssessment = 0

    package init() {}

    package var total: Int { met + notMet + noData + targetPending + needsAssessment }

    package mutating func count(_ status: IndicatorStatus) {
        switch status {
        case .met: met += 1
        case .notMet: notMet += 1
        case .noData: noData += 1
        case .targetPending: targetPending += 1
        case .needsAssessment: needsAssessment += 1
        }
    }

    package static func + (lhs: StatusTally, rhs: StatusTally) -> StatusTally {
        var sum = lhs
        sum.met += rhs.met
        sum.notMet += rhs.notMet
        sum.noData += rhs.noData
        sum.targetPending += rhs.targetPending
        sum.needsAssessment += rhs.needsAssessment
        return sum
    }
}

/// A result goal's standing for a period: the indicator tally and, beside it, the committee's assessment.
package struct ResultGoalStatus: Sendable, Hashable {
    package var resultGoal: ResultGoal
    package var tally: StatusTally
    package var assessment: Assessment?
    package var indicators: [IndicatorEvaluation]
}

package struct EffectGoalStatus: Sendable, Hashable {
    package var effectGoal: EffectGoal
    package var tally: StatusTally
    package var resultGoals: [ResultGoalStatus]
}

/// The plan's standing for a period: the roll-up the committee reads.
package struct PlanStatus: Sendable, Hashable {
    package var period: Period
    package var tally: StatusTally
    /// Result goals with an assessment for the period, by level.
    package var assessed: [Assessment.Level: Int]
    package var effectGoals: [EffectGoalStatus]
}

extension FollowUp {
    /// How one indicator stands for a period, honouring its target's kind and direction.
    /// `derived` holds the values goald computed for the period, by indicator key.
    package func evaluate(_ indicator: Indicator, in period: Period,
                          derived: [String: MeasurementValue] = [:]) -> IndicatorEvaluation {
        let isDerived = indicator.derivedFrom != nil
        let measurement = isDerived ? nil : currentMeasurement(indicator.number, in: period)
        let value = isDerived ? derived[indicator.number] : measurement?.value
        let target = indicator.target
        func result(_ status: IndicatorStatus, _ difference: Double? = nil) -> IndicatorEvaluation {
            IndicatorEvaluation(indicator: indicator, status: status, value: value, derived: isDerived,
                                measurement: measurement, difference: difference)
        }
        guard let value else { return result(.noData) }
        switch target.kind {
        case .qualitative:
            return result(.needsAssessment)
        case .yesNo:
            guard case .yesNo(let wanted)? = target.value else { return result(.targetPending) }
            return result(value == .yesNo(wanted) ? .met : .notMet)
        case .percentage, .index, .amount:
            guard let goal = target.value?.number, let number = value.number else { return result(.targetPending) }
            let met = switch target.direction ?? .atLeast {
            case .atLeast: number >= goal
            case .atMost: number <= goal
            }
            return result(met ? .met : .notMet, number - goal)
        }
    }

    /// The roll-up for a period: every indicator evaluated, counted per result goal, effect goal and plan.
    package func status(for period: Period, derived: [String: MeasurementValue] = [:]) -> PlanStatus {
        var planTally = StatusTally()
        var assessed: [Assessment.Level: Int] = [:]
        let effects = plan.effectGoals.map { effect in
            var effectTally = StatusTally()
            let results = effect.resultGoals.map { result in
                var tally = StatusTally()
                let evaluations = result.indicators.map { indicator in
                    let evaluation = evaluate(indicator, in: period, derived: derived)
                    tally.count(evaluation.status)
                    return evaluation
                }
                let assessment = currentAssessment(result.number, in: period)
                if let assessment { assessed[assessment.level, default: 0] += 1 }
                effectTally = effectTally + tally
                return ResultGoalStatus(resultGoal: result, tally: tally, assessment: assessment, indicators: evaluations)
            }
            planTally = planTally + effectTally
            return EffectGoalStatus(effectGoal: effect, tally: effectTally, resultGoals: results)
        }
        return PlanStatus(period: period, tally: planTally, assessed: assessed, effectGoals: effects)
    }
}
