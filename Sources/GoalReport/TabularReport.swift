import Foundation
import GoalDomain
import GoalNumbers

/// Every indicator row of the report for a spreadsheet: each period of the plan up to the report's, each result
/// goal's judgement and each indicator, with the target in force, the status, the committee's judgement with its
/// reason, where the value came from, and for a provisional value the day its data is known through. CRLF line
/// ends, fields quoted when they need it, a UTF-8 byte-order mark.
///
/// In Swedish the file is what a Swedish Excel opens by double-click: `;` between fields, a decimal comma, the
/// status in Swedish words. In English: `,` and a decimal point.
package enum CSVReport {
    package static func render(_ report: FollowUpReport, language: ReportLanguage) -> String {
        let text = ReportText(language)
        let format = ReportFormat(language: language)
        let separator: Character = language == .sv ? ";" : ","
        func line(_ fields: [String]) -> String {
            fields.map { field($0, separator: separator) }.joined(separator: String(separator))
        }
        func number(_ value: Double) -> String { Self.number(value, decimalComma: language == .sv) }
        func judgement(_ assessment: Assessment?) -> [String] {
            guard let assessment else { return ["", "", "", ""] }
            return [
                text.level(assessment.level), assessment.analysis, assessment.recordedBy.name,
                format.time(assessment.recordedAt, in: report.timeZone),
            ]
        }
        var lines = [line(text.csvColumns)]
        for status in report.history {
            // Each row says whether its period's follow-up is decided: UTKAST until it is.
            let state = text.csvState(
                report.stateChanges[status.period], changed: report.changedPeriods.contains(status.period))
            for result in status.effectGoals.flatMap(\.resultGoals) {
                lines.append(
                    line(
                        [
                            status.period.description, text.resultGoalRow, result.resultGoal.number,
                            result.resultGoal.title, "", "", "", "", "",
                        ] + judgement(result.assessment)
                            + ["", "", "", "", "", state]))
                for evaluation in result.indicators {
                    let value: String =
                        switch evaluation.value {
                        case .number(let value)?: number(value)
                        case .yesNo(let flag)?: format.value(.yesNo(flag), kind: .yesNo, unit: nil)
                        case .text(let text)?: text
                        case nil: ""
                        }
                    let target: String =
                        switch evaluation.target.value {
                        case .number(let value)?: (evaluation.target.direction?.symbol ?? "") + number(value)
                        case .yesNo(let flag)?: format.value(.yesNo(flag), kind: .yesNo, unit: nil)
                        case nil: evaluation.target.kind == .qualitative ? "" : text.targetPendingWord
                        }
                    let measurement = evaluation.measurement
                    let recordedAt = measurement.map { format.time($0.recordedAt, in: report.timeZone) }
                    lines.append(
                        line(
                            [
                                status.period.description, text.indicatorRow, evaluation.indicator.number,
                                evaluation.indicator.title, value, measurement?.women.map(number) ?? "",
                                measurement?.men.map(number) ?? "", target, text.status(evaluation.status),
                            ]
                                + judgement(evaluation.assessment)
                                + [
                                    evaluation.derived ? "goald" : measurement?.recordedBy.name ?? "",
                                    recordedAt ?? "", evaluation.derived ? text.derivedNote : measurement?.source ?? "",
                                    measurement?.note ?? "", evaluation.provisionalThrough?.description ?? "",
                                    state,
                                ]))
                }
            }
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A number as a spreadsheet reads it: no grouping, as many decimals as it has, a comma or a point.
    static func number(_ value: Double, decimalComma: Bool) -> String {
        NumberStyle(decimalSeparator: decimalComma ? "," : ".", groupSeparator: "", minus: "-").shortest(value)
    }

    /// A field quoted when it holds the separator, a quote or a line end; text that a spreadsheet would take for a
    /// formula is kept from it (`SpreadsheetText`).
    static func field(_ value: String, separator: Character) -> String {
        let value = SpreadsheetText.neutralised(VisibleText.escaped(value, keepingLineBreaks: true))
        // `isNewline`: "\r\n" is one Character, equal to neither "\n" nor "\r".
        guard value.contains(where: { $0 == separator || $0 == "\"" || $0.isNewline }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// The report in Markdown, for pasting into the report document: the judgements, analyses and indicator tables,
/// the travel figures; no charts.
package enum MarkdownReport {
    package static func render(_ report: FollowUpReport, language: ReportLanguage) -> String {
        let text = ReportText(language)
        let format = ReportFormat(language: language, groupSeparator: " ")
        var lines = [
            "# \(text.periodTitle(report.period))", "",
            "\(escape(report.plan.organisation)) · \(escape(report.plan.committee)) · \(text.followUp): "
                + escape(report.plan.title), "",
            "\(text.made) \(format.time(report.madeAt, in: report.timeZone)) "
                + "(\(text.timeZoneLabel) \(escape(report.timeZone.identifier)))", "",
        ]
        if report.synthetic { lines += ["> **\(text.synthetic)**", ""] }
        // Whether the committee has decided it: a draft says so first.
        let state = report.stateChanges[report.period]
        let stateNote = escape(text.stateNote(state, committee: report.plan.committee))
        lines += [state?.state == .decided ? "**\(stateNote)**" : "> **\(text.draftMark)** – \(stateNote)", ""]
        lines += [escape(report.earlier.map { text.trendNote($0.period) } ?? text.noEarlier), ""]
        for effect in report.status.effectGoals {
            lines += ["## \(escape(effect.effectGoal.number)) \(escape(effect.effectGoal.title))", ""]
            for result in effect.resultGoals {
                lines += [
                    "### \(escape(result.resultGoal.number)) \(escape(result.resultGoal.title))", "",
                    "**\(text.level(result.assessment?.level))**"
                        + (result.assessment != nil && report.period.kind == .interim ? " (\(text.forecast))" : ""), "",
                ]
                if let assessment = result.assessment {
                    lines += analysis(assessment, report: report, format: format)
                }
                let columns = Array(text.columns.prefix(6))
                lines.append("| " + columns.joined(separator: " | ") + " |")
                lines.append("|" + String(repeating: " --- |", count: columns.count))
                for evaluation in result.indicators {
                    let target = evaluation.target
                    let value =
                        (evaluation.value.map { format.value($0, kind: target.kind, unit: target.unit) } ?? "–")
                        + (format.gender(evaluation.measurement, of: target).map { " (\($0))" } ?? "")
                        + (evaluation.provisionalThrough.map { " (\(text.provisional($0)))" } ?? "")
                    let trend = report.earlierEvaluation(evaluation.indicator.id).flatMap {
                        evaluation.trend(since: $0)
                    }
                    let difference =
                        evaluation.difference.map {
                            format.difference($0, of: target, percentagePoints: text.percentagePoints)
                        } ?? ""
                    let cells = [
                        "\(evaluation.indicator.number) \(evaluation.indicator.title)", value, format.target(target),
                        text.status(evaluation.status), difference, trend?.arrow ?? "–",
                    ]
                    lines.append("| " + cells.map(cell).joined(separator: " | ") + " |")
                }
                lines.append("")
                for evaluation in result.indicators {
                    guard let change = evaluation.targetChange, change.changedAfterClose(of: report.period) else {
                        continue
                    }
                    lines += [
                        "*\(escape(evaluation.indicator.number)): "
                            + escape(
                                text.changedAfterClose(
                                    on: change.recordedOn, by: change.recordedBy.name, reason: change.reason)) + "*",
                        "",
                    ]
                }
                // The judgements of qualitative indicators, with their reasons, below the table they belong to.
                for evaluation in result.indicators {
                    guard let assessment = evaluation.assessment else { continue }
                    lines += [
                        "**\(escape(evaluation.indicator.number)) \(escape(evaluation.indicator.title)): "
                            + "\(text.level(assessment.level))**"
                            + (assessment.period.kind == .interim ? " (\(text.forecast))" : ""), "",
                    ]
                    lines += analysis(assessment, report: report, format: format)
                }
            }
        }
        // Every change of a target in force during the plan period, as the HTML report lists them.
        if !report.targetChanges.isEmpty {
            lines += [
                "### \(text.targetChangesTitle)", "", "| " + text.targetChangeColumns.joined(separator: " | ") + " |",
                "|" + String(repeating: " --- |", count: text.targetChangeColumns.count),
            ]
            for change in report.targetChanges {
                let late = change.changedAfterClose(of: change.from) ? " (\(text.afterCloseMark))" : ""
                let cells = [
                    report.plan.number(of: change.indicator), text.periodName(change.from) + late,
                    format.target(change.previous),
                    format.target(change.target), change.recordedBy.name,
                    format.time(change.recordedAt, in: report.timeZone), change.reason ?? "",
                ]
                lines.append("| " + cells.map(cell).joined(separator: " | ") + " |")
            }
            lines.append("")
        }
        let changedRows = report.changedAfterDecisionRows(text: text, format: format)
        if !changedRows.isEmpty {
            let columns = text.changedAfterDecisionColumns
            lines += [
                "### \(text.changedAfterDecisionTitle)", "", escape(text.changedAfterDecisionNote), "",
                "| " + columns.joined(separator: " | ") + " |", "|" + String(repeating: " --- |", count: columns.count),
            ]
            for cells in changedRows {
                lines.append("| " + cells.map(cell).joined(separator: " | ") + " |")
            }
            lines.append("")
        }
        if let travel = report.travel {
            lines += [
                "## \(text.travelTitle)", "", escape(text.travelIntro(travel.unit, baseline: travel.baselineYear)), "",
            ]
            if !travel.years.isEmpty {
                lines += [language == .sv ? "| År | Utsläpp, CO2e |" : "| Year | Emissions, CO2e |", "| --- | --- |"]
                for year in travel.years {
                    lines.append(
                        "| \(text.yearSpan(year.year, through: year.through)) | \(format.mass(year.totalKg)) |")
                }
                lines.append("")
            }
            if let reduction = travel.reduction {
                func change(_ percent: Double?) -> String {
                    guard let percent else { return "–" }
                    return percent >= 0 ? text.fell(format.percent(percent)) : text.rose(format.percent(-percent))
                }
                lines.append(
                    "- \(text.asReported): \(change(reduction.reductionPercent)) "
                        + "(\(escape(reduction.baseline.set.set)) / \(escape(reduction.current.set.set)))")
                lines.append(
                    "- \(text.likeForLike): \(change(reduction.reductionPercentLikeForLike)) "
                        + "(\(escape(reduction.likeForLikeSet)))"
                )
                if let through = reduction.provisionalThrough {
                    lines.append("- " + escape(text.provisionalNote(through, baseline: reduction.baseline.year)))
                } else if report.period.kind == .interim {
                    lines.append("- \(text.yearToDate)")
                }
                lines.append("")
            }
            lines += [
                travel.targetPercent.map { text.targetIs(format.percent($0, decimals: 0)) } ?? text.targetNotSet, "",
            ]
        }
        for credit in report.credits { lines += ["*\(escape(credit))*", ""] }
        return lines.joined(separator: "\n")
    }

    /// An analysis: its paragraphs apart, escaped, then who judged and when.
    static func analysis(_ assessment: Assessment, report: FollowUpReport, format: ReportFormat) -> [String] {
        assessment.analysis.split(whereSeparator: \.isNewline).flatMap { [escape(String($0)), ""] }
            + [
                "*\(escape(assessment.recordedBy.name)), \(format.time(assessment.recordedAt, in: report.timeZone))*",
                "",
            ]
    }

    /// Text that Markdown shows as written: its markup characters escaped, so that no text can add HTML, a link or
    /// emphasis (CommonMark's backslash escapes).
    static func escape(_ text: String) -> String {
        var out = ""
        // Control characters shown as escapes first (a terminal showing the file runs none of them).
        for scalar in VisibleText.escaped(text, keepingLineBreaks: true).unicodeScalars {
            if "\\`*_[]<>&|#".unicodeScalars.contains(scalar) { out += "\\" }
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    /// A table cell: escaped, lines joined.
    static func cell(_ text: String) -> String {
        escape(text).replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
    }
}
