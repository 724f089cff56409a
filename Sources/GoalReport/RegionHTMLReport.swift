import Foundation
import GoalDomain

/// The region's coordinated report as one self-contained HTML file, with the committee's report's styles and its
/// A4 print rules: *Sammanfattning måluppfyllelse* (effect goal | the region's judgement), then per effect goal the
/// region's analysis and, committee by committee, the result goals under it with the committee's judgement,
/// analysis and indicators; last, the committees with no plan in force for the period.
package enum RegionHTMLReport {
    /// - Parameter events: for goald's live page of the region, the address of its events (the page then
    ///   refreshes itself, as the committee's live page does).
    package static func render(_ report: RegionReport, language: ReportLanguage, live events: String? = nil) -> String {
        let text = ReportText(language)
        let format = ReportFormat(language: language)
        // Not yet decided by every committee: a draft, naming the committees whose follow-up is not decided.
        let undecided = report.committees.filter { $0.report.decision(of: report.period) == nil }
        var html = HTMLReport.head(
            title: "\(text.periodTitle(report.period)) – \(report.organisation)", language: language, live: events,
            extraStyle: style + (undecided.isEmpty ? "" : HTMLReport.draftPageStyle(text)))
        html += "<header>\n<p class=\"org\">\(Markup.escape(report.organisation)) · \(text.allCommittees)</p>\n"
        html += "<h1>\(Markup.escape(text.periodTitle(report.period)))</h1>\n"
        html += "<p class=\"sub\">\(text.coordinated(mandate: report.mandate.display))</p>\n"
        html +=
            "<p class=\"made\">\(text.made) <time>\(format.time(report.madeAt, in: report.timeZone))</time> "
            + "<span class=\"zone\">(\(text.timeZoneLabel) \(Markup.escape(report.timeZone.identifier)))</span> "
            + "· <span class=\"period\" data-period=\"\(report.period)\">\(text.periodSpan(report.period))</span>"
            + (events != nil
                ? "<span class=\"live\" title=\"\(Markup.escape(text.liveNote))\">\(text.liveBadge)</span>" : "")
            + "</p>\n"
        if report.synthetic {
            html += "<p class=\"synthetic\" role=\"note\">\(Markup.escape(text.synthetic))</p>\n"
        }
        if !undecided.isEmpty {
            html +=
                "<div class=\"draft\" role=\"note\"><strong>\(text.draftMark)</strong> "
                + "\(text.committeesUndecided)<ul class=\"undecided\">\n"
            for section in undecided {
                let state = section.report.stateChanges[report.period]
                html +=
                    "<li data-committee=\"\(Markup.escape(section.committee.abbreviation))\">"
                    + "\(Markup.escape(section.committee.name)) (\(Markup.escape(section.committee.abbreviation))): "
                    + "\(Markup.escape(text.stateNote(state, committee: section.committee.name)))</li>\n"
            }
            html += "</ul></div>\n"
        }
        // The committees that have decided theirs, each with its decision.
        for section in report.committees {
            guard let decision = section.report.decision(of: report.period) else { continue }
            html +=
                "<p class=\"decided\" data-decided=\"\(Markup.escape(section.committee.abbreviation))\">"
                + "\(Markup.escape(text.decidedBy(decision, committee: section.committee.name)))</p>\n"
        }
        html += "</header>\n"
        html += summary(report, text: text)
        for effect in report.effectGoals {
            html += effectGoal(effect, report: report, text: text, format: format)
        }
        if !report.sharedIndicators.isEmpty {
            html += sharedIndicators(report, text: text, format: format)
        }
        for credit in report.credits { html += "<p class=\"credit\">\(Markup.escape(credit))</p>\n" }
        if !report.committeesWithoutPlan.isEmpty {
            html += "<section class=\"without-plan\">\n<h2>\(text.committeesWithoutPlanTitle)</h2>\n<ul>\n"
            for committee in report.committeesWithoutPlan {
                html +=
                    "<li data-committee=\"\(Markup.escape(committee.abbreviation))\">\(Markup.escape(committee.name)) "
                    + "(\(Markup.escape(committee.abbreviation)))</li>\n"
            }
            html += "</ul>\n<p class=\"note\">\(text.committeesWithoutPlanNote)</p>\n</section>\n"
        }
        return html + "</body>\n</html>\n"
    }

    /// Sammanfattning måluppfyllelse: each effect goal with the region's judgement.
    private static func summary(_ report: RegionReport, text: ReportText) -> String {
        var html =
            "<section class=\"summary\">\n<h2>\(text.attainmentSummary)</h2>\n<table class=\"attainment\">\n"
            + "<thead><tr><th>\(text.effectGoalColumn)</th><th>\(text.judgementColumn)</th></tr></thead>\n<tbody>\n"
        for effect in report.effectGoals {
            let level = report.judgements[effect.id]?.level
            html +=
                "<tr data-effect-goal=\"\(Markup.escape(effect.id))\">"
                + "<td><a href=\"#effect-\(Markup.escape(effect.id))\">\(Markup.escape(effect.title))</a></td>"
                + "<td class=\"level\"><span class=\"badge\" "
                + "style=\"background:\(Palette.level(level))\">\(text.level(level))</span></td></tr>\n"
        }
        html += "</tbody>\n</table>\n<p class=\"note\">\(text.regionJudgesNote)</p>\n</section>\n"
        return html
    }

    private static func effectGoal(
        _ effect: RegionEffectGoal, report: RegionReport, text: ReportText, format: ReportFormat
    ) -> String {
        var html = "<section class=\"effect-goal\" id=\"effect-\(Markup.escape(effect.id))\">\n"
        html += "<h2>\(Markup.escape(effect.title))</h2>\n"
        if let judgement = report.judgements[effect.id] {
            html +=
                "<div class=\"analysis region\"><h4>\(text.regionJudgement)</h4>"
                + "<p><span class=\"badge\" style=\"background:\(Palette.level(judgement.level))\">"
                + "\(text.level(judgement.level))</span></p>"
                + judgement.analysis.split(whereSeparator: \.isNewline).map { "<p>\(Markup.escape(String($0)))</p>" }
                .joined()
                + "<p class=\"by\">\(Markup.escape(judgement.recordedBy.name)), "
                + "\(format.time(judgement.recordedAt, in: report.timeZone))</p></div>\n"
        } else {
            html += "<p class=\"note\">\(text.regionNotJudged)</p>\n"
        }
        var without: [Committee] = []
        for section in report.committees {
            let results = section.resultGoals(under: effect.id)
            guard !results.isEmpty else {
                without.append(section.committee)
                continue
            }
            let abbreviation = section.committee.abbreviation
            html +=
                "<section class=\"committee\" data-committee=\"\(Markup.escape(abbreviation))\">\n"
                + "<h3 class=\"committee-name\">\(Markup.escape(section.committee.name)) "
                + "(\(Markup.escape(abbreviation)))</h3>\n"
            for result in results {
                html += HTMLReport.resultGoal(
                    result, report: section.report, text: text, format: format, anchor: abbreviation + "-")
            }
            html += "</section>\n"
        }
        if !without.isEmpty {
            html +=
                "<p class=\"note\">\(text.noResultGoalHere) "
                + without.map { Markup.escape("\($0.name) (\($0.abbreviation))") }.joined(separator: ", ") + "</p>\n"
        }
        return html + "</section>\n"
    }

    /// The region's indicators, one table each: every committee's value, women's and men's, target, status and
    /// trend against the year before, best first, then the region's own value.
    private static func sharedIndicators(_ report: RegionReport, text: ReportText, format: ReportFormat) -> String {
        let earlier = report.period.yearEarlier
        let columns = text.sharedIndicatorColumns(earlier: text.periodName(earlier))
        var html =
            "<section class=\"shared-indicators\" id=\"shared-indicators\">\n<h2>\(text.sharedIndicatorsTitle)</h2>\n"
            + "<p class=\"note\">\(Markup.escape(text.sharedIndicatorsNote(earlier: text.periodName(earlier))))</p>\n"
        for across in report.sharedIndicators {
            let indicator = across.indicator
            html +=
                "<section class=\"shared-indicator\" data-indicator=\"\(Markup.escape(indicator.id))\">\n"
                + "<h3>\(Markup.escape(indicator.title))</h3>\n"
            if let definition = indicator.definition {
                html += "<p class=\"definition\">\(Markup.escape(definition))</p>\n"
            }
            html +=
                "<table class=\"across stack\">\n<thead><tr>" + columns.map { "<th>\(Markup.escape($0))</th>" }.joined()
                + "</tr></thead>\n<tbody>\n"
            func row(_ item: IndicatorAcrossRegion.Row, label: String, own: Bool) -> String {
                let evaluation = item.evaluation
                let target = evaluation.target
                let value = evaluation.value.map { format.value($0, kind: target.kind, unit: target.unit) } ?? "–"
                func figure(_ number: Double?) -> String {
                    number.map { format.value(.number($0), kind: target.kind, unit: target.unit) } ?? "–"
                }
                let before =
                    item.earlier?.value.map { format.value($0, kind: target.kind, unit: target.unit) } ?? "–"
                let arrow = item.trend?.arrow ?? ""
                let cells = [
                    Markup.escape(label), Markup.escape(value), Markup.escape(figure(evaluation.measurement?.women)),
                    Markup.escape(figure(evaluation.measurement?.men)), Markup.escape(format.target(target)),
                    "<span class=\"dot\" style=\"background:\(Palette.status(evaluation.status))\"></span>"
                        + Markup.escape(text.status(evaluation.status)),
                    "<span title=\"\(Markup.escape(text.trend(item.trend)))\">\(arrow)</span> \(Markup.escape(before))",
                ]
                // The region's own row names no committee.
                return
                    (own
                    ? "<tr class=\"own\" data-own=\"region\">"
                    : "<tr data-committee=\"\(Markup.escape(item.committee))\">")
                    + zip(columns, cells).map { "<td data-label=\"\(Markup.escape($0))\">\($1)</td>" }.joined()
                    + "</tr>\n"
            }
            for item in across.committees {
                html += row(item, label: "\(item.name) (\(item.committee)) \(item.number)", own: false)
            }
            if let own = across.region {
                html += row(own, label: text.regionsOwnValue(own.name), own: true)
            }
            html += "</tbody>\n</table>\n"
            if !across.without.isEmpty {
                html +=
                    "<p class=\"note\">\(text.withoutIndicator) "
                    + across.without.map { Markup.escape("\($0.name) (\($0.abbreviation))") }.joined(separator: ", ")
                    + "</p>\n"
            }
            html += "</section>\n"
        }
        return html + "</section>\n"
    }

    /// What the region's report adds to the committee's styles.
    static let style = """
        table.attainment td.level{width:11em;white-space:nowrap}
        table.attainment a{color:inherit}
        h3.committee-name{font-size:1.15rem;color:#00594f;border-bottom:1px dotted var(--rule);margin-top:1.4rem}
        .analysis.region{border-left-color:#37474f}
        table.across td:nth-child(n+2){white-space:nowrap}
        table.across tr.own td{font-weight:600;border-top:2px solid var(--rule)}
        p.definition{color:#444;font-size:.9rem;margin:.2rem 0 .4rem}
        @media print{h3.committee-name{break-after:avoid}table.attainment tr{break-inside:avoid}
        section.shared-indicator{break-inside:avoid}table.across{font-size:8.5pt}}
        """
}
