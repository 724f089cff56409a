import GoalDomain
import GoalProtocol

// Mapping from the domain's values to the wire's messages. The domain never learns about the wire.

extension PlanMessage {
    package init(_ plan: Plan) {
        self.init(
            id: plan.id, title: plan.title, organisation: plan.organisation, committee: plan.committee,
            firstYear: plan.firstYear, lastYear: plan.lastYear, followUp: plan.followUp,
            effectGoals: plan.effectGoals.map(EffectGoalMessage.init)
        )
    }
}

extension EffectGoalMessage {
    package init(_ goal: EffectGoal) {
        self.init(
            number: goal.number, title: goal.title,
            strategyLinks: goal.strategyLinks.map { StrategyLinkMessage(priorityArea: $0.priorityArea, goals: $0.goals) },
            explanation: goal.explanation, note: goal.note,
            resultGoals: goal.resultGoals.map(ResultGoalMessage.init)
        )
    }
}

extension ResultGoalMessage {
    package init(_ goal: ResultGoal) {
        self.init(number: goal.number, title: goal.title, indicators: goal.indicators.map(IndicatorMessage.init))
    }
}

extension IndicatorMessage {
    package init(_ indicator: Indicator) {
        self.init(number: indicator.number, title: indicator.title, target: TargetMessage(indicator.target),
                  note: indicator.note)
    }
}

extension TargetMessage {
    package init(_ target: Target) {
        let value: ScalarValue? = switch target.value {
        case .number(let number)?: .number(number)
        case .yesNo(let flag)?: .bool(flag)
        case nil: nil
        }
        self.init(kind: target.kind.rawValue, value: value, direction: target.direction?.rawValue,
                  unit: target.unit, text: target.text, display: target.display, pending: target.isPending)
    }
}
