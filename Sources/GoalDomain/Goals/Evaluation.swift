/// Where an indicator stands for a period.
package enum IndicatorStatus: String, Sendable, Hashable, CaseIterable {
    /// The value meets the target (or the committee judged the qualitative indicator uppfyllt).
    case met
    /// The committee judged the qualitative indicator delvis uppfyllt.
    case partlyMet
    /// The value misses the target (or the committee judged the qualitative indicator ej uppfyllt).
    case notMet
    /// Nothing recorded for the period.
    case noData
    /// The target is still to be set ("Uppdateras").
    case targetPending
    /// A qualitative follow-up recorded and not yet judged by the committee.
    case needsAssessment
    /// Nothing recorded at the interim period for an indicator measured once a year ("mäts årsvis"): not missing.
    case measuredAnnually
}

extension IndicatorStatus {
    /// The status a committee's judgement of a qualitative indicator gives it.
    package init(_ level: Assessment.Level) {
        switch level {
        case .met: self = .met
        case .partlyMet: self = .partlyMet
        case .notMet: self = .notMet
        }
    }
}

/// One indicator's standing for a period, with the figures behind it.
package struct IndicatorEvaluation: Sendable, Hashable {
    package var indicator: Indicator
    package var status: IndicatorStatus
    /// The target in force for the period judged.
    package var target: Target
    /// The value judged: the recorded measurement's, or the one goald derived.
    package var value: MeasurementValue?
    /// True when goald computed the value (from the travel data).
    package var derived: Bool
    package var measurement: RecordedMeasurement?
    /// The committee's judgement, for a qualitative indicator.
    package var assessment: Assessment?
    /// Value minus target, for numeric targets with a value: positive means above the target.
    package var difference: Double?
    /// For a derived value whose travel data is not complete: the day through which both years were compared.
    package var provisionalThrough: CivilDate?
    /// The change that set the target in force for the period; nil while the model file's target is.
    package var targetChange: TargetChange?
}

/// Counts of indicators by status.
package struct StatusTally: Sendable, Hashable {
    package var met = 0
    package var partlyMet = 0
    package var notMet = 0
    package var noData = 0
    package var targetPending = 0
    package var needsAssessment = 0
    package var measuredAnnually = 0

    package init() {}

    package var total: Int { met + partlyMet + notMet + noData + targetPending + needsAssessment + measuredAnnually }

    package mutating func count(_ status: IndicatorStatus) {
        switch status {
        case .met: met += 1
        case .partlyMet: partlyMet += 1
        case .notMet: notMet += 1
        case .noData: noData += 1
        case .targetPending: targetPending += 1
        case .needsAssessment: needsAssessment += 1
        case .measuredAnnually: measuredAnnually += 1
        }
    }

    package static func + (lhs: StatusTally, rhs: StatusTally) -> StatusTally {
        var sum = lhs
        sum.met += rhs.met
        sum.partlyMet += rhs.partlyMet
        sum.notMet += rhs.notMet
        sum.noData += rhs.noData
        sum.targetPending += rhs.targetPending
        sum.needsAssessment += rhs.needsAssessment
        sum.measuredAnnually += rhs.measuredAnnually
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
    /// `derived` holds the values goald computed for the period, by indicator (its stable id).
    package func evaluate(
        _ indicator: Indicator, in period: Period,
        derived: [String: DerivedValue] = [:]
    ) -> IndicatorEvaluation {
        let isDerived = indicator.derivedFrom != nil
        let measurement = isDerived ? nil : currentMeasurement(indicator.id, in: period)
        let value = isDerived ? derived[indicator.id]?.value : measurement?.value
        let (target, change) = targetInForce(of: indicator.id, in: period)
        let assessment = target.kind == .qualitative ? currentAssessment(indicator.id, in: period) : nil
        func result(_ status: IndicatorStatus, _ difference: Double? = nil) -> IndicatorEvaluation {
            IndicatorEvaluation(
                indicator: indicator, status: status, target: target, value: value, derived: isDerived,
                measurement: measurement, assessment: assessment, difference: difference,
                provisionalThrough: isDerived ? derived[indicator.id]?.provisionalThrough : nil,
                targetChange: change)
        }
        if let assessment { return result(IndicatorStatus(assessment.level)) }
        guard let value else { return result(indicator.isMeasured(in: period) ? .noData : .measuredAnnually) }
        switch target.kind {
        case .qualitative:
            return result(.needsAssessment)
        case .yesNo:
            guard case .yesNo(let wanted)? = target.value else { return result(.targetPending) }
            return result(value == .yesNo(wanted) ? .met : .notMet)
        case .percentage, .index, .amount:
            guard let goal = target.value?.number, let number = value.number else { return result(.targetPending) }
            let met =
                switch target.direction ?? .atLeast {
                case .atLeast: number >= goal
                case .atMost: number <= goal
                }
            // Bounded values and targets keep the difference finite; one stored before the bounds may not.
            let difference = number - goal
            return result(met ? .met : .notMet, difference.isFinite ? difference : nil)
        }
    }

    /// The roll-up for a period: every indicator evaluated, counted per result goal, effect goal and plan.
    package func status(for period: Period, derived: [String: DerivedValue] = [:]) -> PlanStatus {
        var planTally = StatusTally()
        var assessed: [Assessment.Level: Int] = [:]
        let effects = plan(for: period).effectGoals.map { effect in
            var effectTally = StatusTally()
            let results = effect.resultGoals.map { result in
                var tally = StatusTally()
                let evaluations = result.indicators.map { indicator in
                    let evaluation = evaluate(indicator, in: period, derived: derived)
                    tally.count(evaluation.status)
                    return evaluation
                }
                let assessment = currentAssessment(result.id, in: period)
                if let assessment { assessed[assessment.level, default: 0] += 1 }
                effectTally = effectTally + tally
                return ResultGoalStatus(
                    resultGoal: result, tally: tally, assessment: assessment, indicators: evaluations)
            }
            planTally = planTally + effectTally
            return EffectGoalStatus(effectGoal: effect, tally: effectTally, resultGoals: results)
        }
        return PlanStatus(period: period, tally: planTally, assessed: assessed, effectGoals: effects)
    }
}

/// How an indicator moved between two periods, judged by its target: toward the good side is better.
package enum Trend: String, Sendable, Hashable, CaseIterable {
    case better, unchanged, worse

    /// The arrow a table or report prints.
    package var arrow: String {
        switch self {
        case .better: "↑"
        case .unchanged: "→"
        case .worse: "↓"
        }
    }
}

extension IndicatorEvaluation {
    /// The trend from `earlier` to this evaluation; nil when either lacks what the comparison needs (a value, a
    /// target's direction or wanted answer, the committee's judgement of a qualitative indicator).
    package func trend(since earlier: IndicatorEvaluation) -> Trend? {
        if target.kind == .qualitative {
            guard let now = assessment?.level, let then = earlier.assessment?.level else { return nil }
            let rank: (Assessment.Level) -> Int = { [.notMet: 0, .partlyMet: 1, .met: 2][$0] ?? 0 }
            return rank(now) == rank(then) ? .unchanged : rank(now) > rank(then) ? .better : .worse
        }
        guard let now = value, let then = earlier.value else { return nil }
        switch (now, then) {
        case (.number(let now), .number(let then)):
            let change = now - then
            if abs(change) <= 1e-9 * max(abs(now), abs(then), 1) { return .unchanged }
            let up = change > 0
            return (target.direction ?? .atLeast) == .atLeast ? (up ? .better : .worse) : (up ? .worse : .better)
        case (.yesNo(let now), .yesNo(let then)):
            guard case .yesNo(let wanted)? = target.value else { return nil }
            if now == then { return .unchanged }
            return now == wanted ? .better : .worse
        default:
            return nil
        }
    }
}
