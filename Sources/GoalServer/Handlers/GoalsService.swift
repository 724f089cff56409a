import GoalDomain
import GoalProtocol

/// `goald.v1.Goals`: the goal model.
package enum GoalsService {
    package static func register(on router: inout RPCRouter, state: LiveState) {
        router.register(GoalRPC.getPlan) { _, _ in
            state.snapshot.planMessage
        }

        router.register(GoalRPC.getIndicator) { request, _ in
            let plan = state.snapshot.plan
            let key = request.key.trimmingWhitespace()
            guard !key.isEmpty else {
                throw RPCError.invalidArgument("key: must not be empty; give an indicator key such as 5.6.3.1",
                                               field: "key")
            }
            guard let found = plan.locateIndicator(key) else {
                let keys = plan.allIndicators.map(\.indicator.number)
                throw RPCError.notFound(
                    "no indicator with key \"\(key)\"; the plan has \(keys.count) indicators, \(keys.first ?? "")…\(keys.last ?? "")")
            }
            return IndicatorDetail(
                indicator: IndicatorMessage(found.indicator),
                resultGoal: GoalRef(number: found.resultGoal.number, title: found.resultGoal.title),
                effectGoal: GoalRef(number: found.effectGoal.number, title: found.effectGoal.title)
            )
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice.removeFirst() }
        while slice.last?.isWhitespace == true { slice.removeLast() }
        return String(slice)
    }
}
