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
                "<tr data-effect-goal=\"\(Markup.escape(effect.id))\"><td><a href=\"#effect-\(Markup.escape(effect.id))\">"
                + "\(Markup.escape(effect.title))</a></td><td class=\"level\"><span class=\"badge\" "
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

    /// What the region's report adds to the committee's styles.
    static let style = """
        table.attainment td.level{width:11em;white-space:nowrap}
        table.attainment a{color:inherit}
        h3.committee-name{font-size:1.15rem;color:#00594f;border-bottom:1px dotted var(--rule);margin-top:1.4rem}
        .analysis.region{border-left-color:#37474f}
        @media print{h3.committee-name{break-after:avoid}table.attainment tr{break-inside:avoid}}
        """
}
