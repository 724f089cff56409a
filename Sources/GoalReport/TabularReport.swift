import Foundation
import GoalDomain

/// Every indicator row of the report for a spreadsheet: each period of the plan up to the report's, each
/// indicator, with the target in force, the status and where the value came from. RFC 4180: comma-separated,
/// CRLF line ends, fields quoted when they need it, a UTF-8 byte-order mark so that Excel reads å, ä, ö.
package enum CSVReport {
    package static func render(_ report: FollowUpReport, language: ReportLanguage) -> String {
        let text = ReportText(language)
        // Numbers keep a point in the CSV, whatever the language: a comma-separated file cannot take a decimal comma
        // unquoted, and spreadsheets read the point in any locale's import dialog.
        var lines = [text.csvColumns.map(field).joined(separator: ",")]
        for status in report.history {
            for evaluation in status.effectGoals.flatMap(\.resultGoals).flatMap(\.indicators) {
                let value: String = switch evaluation.value {
                case .number(let number)?: Self.number(number)
                case .yesNo(let flag)?: flag ? "true" : "false"
                case .text(let text)?: text
                case nil: ""
                }
                let target: String = switch evaluation.target.value {
                case .number(let number)?: (evaluation.target.direction?.symbol ?? "") + Self.number(number)
                case .yesNo(let flag)?: flag ? "true" : "false"
                case nil: evaluation.target.kind == .qualitative ? "" : "pending"
                }
                let measurement = evaluation.measurement
                let recordedAt = measurement.map { ReportFormat(language: language).time($0.recordedAt, in: report.timeZone) }
                let row = [status.period.description, evaluation.indicator.number, evaluation.indicator.title, value,
                           target, evaluation.status.rawValue,
                           evaluation.derived ? "goald" : measurement?.recordedBy.name ?? "",
                           recordedAt ?? "", evaluation.derived ? text.derivedNote : measurement?.source ?? "",
                           measurement?.note ?? ""]
                lines.append(row.map(field).joined(separator: ","))
            }
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// A field quoted when it holds a comma, a quote or a line end; a leading = + - @ (also after a line end inside
    /// the field) is kept from being read as a formula by a quote before it.
    static func field(_ value: String) -> String {
        var value = value
        if value.contains(where: \.isNewline) {
            value = value.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { line in
                guard let first = line.first, "=+@-".contains(first), Double(line) == nil else { return String(line) }
                return "'" + line
            }.joined(separator: "\n")
        }
        if let first = value.first, "=+@".contains(first) || (first == "-" && Double(value) == nil) {
            value = "'" + value
        }
        // `isNewline`: "\r\n" is one Character, equal to neither "\n" nor "\r".
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// The report in Markdown, for pasting into the report document: the judgements, analyses and indicator tables,
/// the travel figures; no charts.
package enum MarkdownReport {
    package static func render(_ report: FollowUpReport, language: ReportLanguage) -> String {
        let text = ReportText(language)
        let format = ReportFormat(language: language, groupSeparator: " ")
        var lines = ["# \(text.periodTitle(report.period))", "",
                     "\(report.plan.organisation) · \(report.plan.committee) · \(text.followUp): \(report.plan.title)", "",
                     "\(text.made) \(format.time(report.madeAt, in: report.timeZone))", ""]
        if report.synthetic { lines += ["> **\(text.synthetic)**", ""] }
        for effect in report.status.effectGoals {
            lines += ["## \(effect.effectGoal.number) \(effect.effectGoal.title)", ""]
            for result in effect.resultGoals {
                lines += ["### \(result.resultGoal.number) \(result.resultGoal.title)", "",
                          "**\(text.level(result.assessment?.level))**", ""]
                if let assessment = result.assessment {
                    lines += assessment.analysis.split(whereSeparator: \.isNewline).map(String.init)
                    lines += ["", "*\(assessment.recordedBy.name), \(format.time(assessment.recordedAt, in: report.timeZone))*", ""]
                }
                let columns = Array(text.columns(earlier: report.earlier?.period).prefix(6))
                lines.append("| " + columns.joined(separator: " | ") + " |")
                lines.append("|" + String(repeating: " --- |", count: columns.count))
                for evaluation in result.indicators {
                    let target = evaluation.target
                    let value = evaluation.value.map { format.value($0, kind: target.kind, unit: target.unit) } ?? "–"
                    let trend = report.earlierEvaluation(evaluation.indicator.number).flatMap { evaluation.trend(since: $0) }
                    let difference = evaluation.difference.map { ($0 > 0 ? "+" : "") + format.compact($0) } ?? ""
                    let cells = ["\(evaluation.indicator.number) \(evaluation.indicator.title)", value, format.target(target),
                                 text.status(evaluation.status), difference, trend?.arrow ?? "–"]
                    lines.append("| " + cells.map(cell).joined(separator: " | ") + " |")
                }
                lines.append("")
            }
        }
        if let travel = report.travel {
            lines += ["## \(text.travelTitle)", "", text.travelIntro(travel.unit, baseline: travel.baselineYear), ""]
            if !travel.years.isEmpty {
                lines += ["| År | kg CO2e |".replacingOccurrences(of: "År", with: language == .sv ? "År" : "Year"), "| --- | --- |"]
                for year in travel.years {
                    lines.append("| \(year.partial ? text.janAug(year.year) : String(year.year)) | \(format.mass(year.totalKg)) |")
                }
                lines.append("")
            }
            if let reduction = travel.reduction {
                func change(_ percent: Double?) -> String {
                    guard let percent else { return "–" }
                    return percent >= 0 ? text.fell(format.percent(percent)) : text.rose(format.percent(-percent))
                }
                lines.append("- \(text.asReported): \(change(reduction.reductionPercent)) "
                    + "(\(reduction.baseline.set.set) / \(reduction.current.set.set))")
                lines.append("- \(text.likeForLike): \(change(reduction.reductionPercentLikeForLike)) (\(reduction.likeForLikeSet))")
                if report.period.kind == .interim { lines.append("- \(text.yearToDate)") }
                lines.append("")
            }
            lines += [travel.targetPercent.map { text.targetIs(format.percent($0, decimals: 0)) } ?? text.targetNotSet, ""]
        }
        return lines.joined(separator: "\n")
    }

    /// A table cell: pipes escaped, lines joined.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
