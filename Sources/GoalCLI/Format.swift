import Foundation
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

// MARK: - Follow-up

extension Format {
    static func history(_ history: MeasurementHistory) -> String {
        var lines = ["\(history.indicator.number) \(history.indicator.title)  [target: \(history.indicator.target.display)]"]
        if history.measurements.isEmpty {
            lines.append("  nothing recorded")
            return lines.joined(separator: "\n")
        }
        let rows = history.measurements.map { m in
            ["#\(m.sequence)", m.period, m.display, m.recordedAt, m.recordedBy,
             (m.superseded ? "superseded" : "in force") + (m.note.map { "; " + $0 } ?? "")
                + (m.source.map { "; source: " + $0 } ?? "")]
        }
        lines += table(header: ["#", "period", "value", "recorded", "by", ""], rows: rows).map { "  " + $0 }
        return lines.joined(separator: "\n")
    }

    static func status(_ status: StatusMessage) -> String {
        let why = switch status.periodChosen {
        case "latestWithData": " (latest period with data)"
        case "current": " (current period; nothing recorded yet)"
        default: ""
        }
        var lines = ["Status \(status.period)\(why): \(tally(status.tally))"]
        if !status.assessed.isEmpty {
            let levels = ["uppfyllt", "delvis uppfyllt", "ej uppfyllt"].compactMap { level in
                status.assessed[level].map { "\($0) \(level)" }
            }
            lines.append("Result goals assessed: " + levels.joined(separator: ", "))
        }
        lines.append("")
        for effect in status.effectGoals {
            lines.append("\(effect.number) \(effect.title)")
            for result in effect.resultGoals {
                let assessment = result.assessment.map { "[\($0.level)]" } ?? "[not assessed]"
                lines.append("  \(result.number) \(result.title)")
                lines.append("        \(assessment)  \(tally(result.tally))")
            }
        }
        let missed = status.effectGoals.flatMap(\.resultGoals).flatMap(\.indicators).filter { $0.status == "notMet" }
        lines.append("")
        if missed.isEmpty {
            lines.append("No indicator misses its target.")
        } else {
            lines.append("Not met:")
            for indicator in missed {
                lines.append("  \(indicator.number) \(indicator.title): \(indicator.display ?? "?") (target \(indicator.target))")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func tally(_ tally: TallyMessage) -> String {
        var parts = ["\(tally.met) met", "\(tally.notMet) not met", "\(tally.noData) no data"]
        if tally.targetPending > 0 { parts.append("\(tally.targetPending) target pending") }
        if tally.needsAssessment > 0 { parts.append("\(tally.needsAssessment) to assess") }
        return parts.joined(separator: ", ") + " (of \(tally.total))"
    }

    /// Left-aligned columns, two spaces apart.
    static func table(header: [String], rows: [[String]]) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }
}
