/// One finding of the planning directive's rules on a committee's answer: an error the answer must not have, or a
/// warning the committee should look at.
package struct AnswerProblem: Sendable, Hashable, CustomStringConvertible {
    package enum Severity: String, Sendable, Hashable {
        case error, warning
    }

    package var severity: Severity
    /// Where in the model, such as `plans[0].effectGoals[3]`.
    package var path: String
    package var message: String

    package init(_ severity: Severity, _ path: String, _ message: String) {
        self.severity = severity
        self.path = path
        self.message = message
    }

    package var description: String { "\(severity.rawValue): \(path): \(message)" }
}

extension Region {
    /// The directive's rules on a committee's answer (`plans[index]`): each result goal under exactly one effect
    /// goal (an error), one to three of the committee's own result goals per effect goal (a warning: the goals the
    /// region sets for every committee, `regionCommon`, do not count, and a committee may have none under an
    /// effect goal), and a one- or multi-year result goal within the plan period (an error).
    package func answerProblems(plan index: Int) -> [AnswerProblem] {
        let answer = plans[index]
        let path = "plans[\(index)]"
        var problems: [AnswerProblem] = []
        var placed: [String: String] = [:]  // result goal id → the effect goal it is under
        for (e, part) in answer.effectGoals.enumerated() {
            let partPath = "\(path).effectGoals[\(e)]"
            let title = effectGoal(part.effectGoal)?.title ?? part.effectGoal
            for (r, result) in part.resultGoals.enumerated() {
                let resultPath = "\(partPath).resultGoals[\(r)]"
                if let other = placed[result.id], other != part.effectGoal {
                    problems.append(
                        AnswerProblem(
                            .error, resultPath,
                            "result goal \(result.number) (\(result.id)) is under both \(other) and "
                                + "\(part.effectGoal): a result goal belongs to exactly one effect goal"))
                }
                placed[result.id] = placed[result.id] ?? part.effectGoal
                if let years = result.years {
                    if years.lastYear < years.firstYear {
                        problems.append(
                            AnswerProblem(
                                .error, resultPath + ".lastYear",
                                "result goal \(result.number) ends (\(years.lastYear)) before it begins "
                                    + "(\(years.firstYear))"))
                    } else if !answer.period.contains(years.firstYear) || !answer.period.contains(years.lastYear) {
                        problems.append(
                            AnswerProblem(
                                .error, resultPath,
                                "result goal \(result.number) runs \(years.display), outside the plan period "
                                    + "\(answer.period.display): a one- or multi-year result goal lies within it"))
                    }
                }
            }
            let own = part.resultGoals.filter { $0.regionCommon != true }
            if own.count > 3 {
                let common = part.resultGoals.count - own.count
                problems.append(
                    AnswerProblem(
                        .warning, partPath,
                        "\(part.number) \(title) has \(own.count) of \(answer.committee)'s own result goals ("
                            + own.map(\.number).joined(separator: ", ") + "); the directive asks for 1–3 per effect "
                            + "goal" + (common > 0 ? " (the region's \(common) common goals here not counted)" : "")))
            }
        }
        return problems
    }

    /// The directive's rules on every committee's answer.
    package var answerProblems: [AnswerProblem] {
        plans.indices.flatMap { answerProblems(plan: $0) }
    }
}
