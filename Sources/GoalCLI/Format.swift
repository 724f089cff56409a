import GoalProtocol

/// Text for people on a terminal.
enum Format {
    static func tree(_ plan: PlanMessage, verbose: Bool) -> String {
        let indicators = plan.effectGoals.flatMap(\.resultGoals).flatMap(\.indicators)
        let resultGoals = plan.effectGoals.flatMap(\.resultGoals)
        var lines = [
            "\(plan.title) — \(plan.committee), \(plan.organisation), \(plan.firstYear)–\(plan.lastYear)",
            "\(plan.effectGoals.count) effect goals, \(resultGoals.count) result goals, \(indicators.count) indicators",
            "",
        ]
        for effect in plan.effectGoals {
            lines.append("\(effect.number) \(effect.title)")
            if verbose {
                for link in effect.strategyLinks {
                    lines.append("    Värmlandsstrategin: \(link.priorityArea): \(link.goals.joined(separator: ", "))")
                }
                if let note = effect.note { lines.append("    \(note)") }
                if let explanation = effect.explanation {
                    for paragraph in explanation.split(separator: "\n", omittingEmptySubsequences: true) {
                        lines.append("    \(paragraph)")
                    }
                }
            }
            for result in effect.resultGoals {
                lines.append("  \(result.number) \(result.title)")
                for indicator in result.indicators {
                    lines.append("    \(indicator.number) \(indicator.title)  [target: \(indicator.target.display)]")
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    static func indicator(_ detail: IndicatorDetail) -> String {
        let indicator = detail.indicator
        let target = indicator.target
        var lines = ["\(indicator.number) \(indicator.title)"]
        var kind = target.kind
        if let direction = target.direction { kind += ", " + (direction == "atMost" ? "at most" : "at least") }
        let source = target.text.flatMap { target.display.contains($0) ? nil : "  (source: \"\($0)\")" } ?? ""
        lines.append("  target:       \(target.display)\(source)")
        lines.append("  kind:         \(kind)")
        lines.append("  result goal:  \(detail.resultGoal.number) \(detail.resultGoal.title)")
        lines.append("  effect goal:  \(detail.effectGoal.number) \(detail.effectGoal.title)")
        if let note = indicator.note { lines.append("  note:         \(note)") }
        return lines.joined(separator: "\n")
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds)
        let (days, hours, minutes, secs) = (total / 86_400, total % 86_400 / 3600, total % 3600 / 60, total % 60)
        if days > 0 { return "\(days)d\(hours)h" }
        if hours > 0 { return "\(hours)h\(minutes)m" }
        if minutes > 0 { return "\(minutes)m\(secs)s" }
        return "\(secs)s"
    }
}
