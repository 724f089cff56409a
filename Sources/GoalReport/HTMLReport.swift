import Foundation
import GoalDomain

/// The report as one self-contained HTML file: inline CSS and SVG, no script, nothing fetched (its Content
/// Security Policy forbids it), a print stylesheet for A4.
///
/// As goald's live page (`live`), the same document with a few lines of script: it listens to goald's events
/// (Server-Sent Events at `live`'s address, on the same origin) and, after each, fetches the page again and puts
/// the new body in place, without a reload.
package enum HTMLReport {
    package static func render(_ report: FollowUpReport, language: ReportLanguage, live events: String? = nil)
        -> String
    {
        let text = ReportText(language)
        let format = ReportFormat(language: language)
        let draft = report.decision(of: report.period) == nil
        var html = head(
            title: "\(text.periodTitle(report.period)) – \(report.plan.committee)", language: language, live: events,
            extraStyle: draft ? draftPageStyle(text) : "")
        html += header(report, text: text, format: format, live: events != nil)
        html += summary(report, text: text)
        for effect in report.status.effectGoals {
            html += effectGoal(effect, report: report, text: text, format: format)
        }
        if let travel = report.travel {
            html += travelSection(travel, period: report.period, text: text, format: format)
        }
        html += changedAfterDecision(report, text: text, format: format)
        html += sources(report, text: text, format: format)
        html += "</body>\n</html>\n"
        return html
    }

    /// The document up to its body: the policy (a live page's admits its one script), the styles and `extraStyle`.
    static func head(title: String, language: ReportLanguage, live events: String?, extraStyle: String = "") -> String {
        """
        <!DOCTYPE html>
        <html lang="\(language.rawValue)">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="\(events == nil ? policy : livePolicy)">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="goald">
        <title>\(Markup.escape(title))</title>
        <style>\(style)\(extraStyle)</style>
        \(events.map(liveScript) ?? "")</head>
        <body>

        """
    }

    private static func header(_ report: FollowUpReport, text: ReportText, format: ReportFormat, live: Bool) -> String {
        var html =
            "<header>\n<p class=\"org\">\(Markup.escape(report.plan.organisation)) · "
            + "\(Markup.escape(report.plan.committee))</p>\n"
        html += "<h1>\(Markup.escape(text.periodTitle(report.period)))</h1>\n"
        let years = "\(report.plan.firstYear)–\(report.plan.lastYear)"
        let planTitle = report.plan.title.contains(years) ? report.plan.title : report.plan.title + " " + years
        html += "<p class=\"sub\">\(Markup.escape(text.followUp)): \(Markup.escape(planTitle))</p>\n"
        html +=
            "<p class=\"made\">\(text.made) <time>\(format.time(report.madeAt, in: report.timeZone))</time> "
            + "<span class=\"zone\">(\(text.timeZoneLabel) \(Markup.escape(report.timeZone.identifier)))</span> "
            + "· <span class=\"period\" data-period=\"\(report.period)\">\(text.periodSpan(report.period))</span>"
            + (live ? "<span class=\"live\" title=\"\(Markup.escape(text.liveNote))\">\(text.liveBadge)</span>" : "")
            + "</p>\n"
        if report.synthetic {
            html += "<p class=\"synthetic\" role=\"note\">\(Markup.escape(text.synthetic))</p>\n"
        }
        html += stateNote(report.stateChanges[report.period], committee: report.plan.committee, text: text)
        return html + "</header>\n"
    }

    /// Whether the committee has decided the follow-up: "Beslutad av … 2025-10-14, § 87", or a draft's note and
    /// its mark, which a printer repeats on every page (a fixed element is printed on each).
    static func stateNote(_ change: FollowUpStateChange?, committee: String, text: ReportText) -> String {
        let note = Markup.escape(text.stateNote(change, committee: committee))
        guard change?.state != .decided else { return "<p class=\"decided\">\(note)</p>\n" }
        return "<p class=\"draft\" role=\"note\"><strong>\(text.draftMark)</strong> \(note)</p>\n"
    }

    /// A draft's mark in the top margin of every printed page (a page margin box, outside the page's content).
    static func draftPageStyle(_ text: ReportText) -> String {
        "\n@page{@top-right{content:\"\(text.draftMark)\";color:#e65100;font:700 9pt system-ui,sans-serif;"
            + "letter-spacing:.12em}}\n"
    }

    /// The records withdrawn after the committee's decision, as the report shows them changed.
    private static func changedAfterDecision(_ report: FollowUpReport, text: ReportText, format: ReportFormat)
        -> String
    {
        let rows = report.changedAfterDecisionRows(text: text, format: format)
        guard !rows.isEmpty else { return "" }
        var html = "<section class=\"changed-after-decision\" id=\"changed-after-decision\">\n"
        html += "<h2>\(text.changedAfterDecisionTitle)</h2>\n<p class=\"note\">\(text.changedAfterDecisionNote)</p>\n"
        let columns = text.changedAfterDecisionColumns
        html +=
            "<table class=\"changed-list stack\"><thead><tr>"
            + columns.map { "<th>\($0)</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for cells in rows {
            html +=
                "<tr>"
                + zip(columns, cells).map { column, cell in
                    "<td data-label=\"\(Markup.escape(column))\">\(Markup.escape(cell))</td>"
                }.joined() + "</tr>\n"
        }
        return html + "</tbody>\n</table>\n</section>\n"
    }

    private static func summary(_ report: FollowUpReport, text: ReportText) -> String {
        let results = report.status.effectGoals.flatMap(\.resultGoals)
        var html = "<section class=\"summary\">\n<h2>\(text.summary)</h2>\n<div class=\"cards\">\n"
        html += "<div class=\"card\"><h3>\(text.resultGoalsJudged)</h3><ul>"
        for level in [Assessment.Level.met, .partlyMet, .notMet] as [Assessment.Level?] + [nil] {
            let count = results.filter { $0.assessment?.level == level }.count
            html +=
                "<li><span class=\"dot\" style=\"background:\(Palette.level(level))\"></span>\(text.level(level)): "
                + "<strong>\(count)</strong></li>"
        }
        html += "</ul></div>\n<div class=\"card\"><h3>\(text.indicatorsTitle)</h3><ul>"
        let tally = report.status.tally
        let counts: [(IndicatorStatus, Int)] = [
            (.met, tally.met), (.partlyMet, tally.partlyMet), (.notMet, tally.notMet),
            (.noData, tally.noData), (.targetPending, tally.targetPending),
            (.needsAssessment, tally.needsAssessment), (.measuredAnnually, tally.measuredAnnually),
        ]
        for (status, count) in counts where count > 0 || [.met, .notMet].contains(status) {
            html +=
                "<li><span class=\"dot\" style=\"background:\(Palette.status(status))\"></span>\(text.status(status)): "
                + "<strong>\(count)</strong></li>"
        }
        html += "</ul></div>\n</div>\n"
        html +=
            "<p class=\"note\">"
            + "\(Markup.escape(report.earlier.map { text.trendNote($0.period) } ?? text.noEarlier))</p>\n"
        html += "</section>\n"
        return html
    }

    private static func effectGoal(
        _ effect: EffectGoalStatus, report: FollowUpReport, text: ReportText,
        format: ReportFormat
    ) -> String {
        var html = "<section class=\"effect-goal\" id=\"goal-\(Markup.escape(effect.effectGoal.number))\">\n"
        html += "<h2>\(Markup.escape(effect.effectGoal.number)) \(Markup.escape(effect.effectGoal.title))</h2>\n"
        for result in effect.resultGoals {
            html += resultGoal(result, report: report, text: text, format: format)
        }
        return html + "</section>\n"
    }

    /// A result goal: the committee's judgement and analysis, then its indicators' table. `anchor` prefixes its
    /// id (in the region's report, the committee's abbreviation: numbers repeat across committees).
    static func resultGoal(
        _ result: ResultGoalStatus, report: FollowUpReport, text: ReportText, format: ReportFormat,
        anchor: String = ""
    ) -> String {
        var html = ""
        let level = result.assessment?.level
        html +=
            "<article class=\"result-goal\" id=\"goal-\(Markup.escape(anchor + result.resultGoal.number))\">\n"
        // The heading and the committee's analysis stay together, and with the table's first rows, on a page.
        html += "<div class=\"goal-head\">\n"
        html +=
            "<h3><span class=\"badge\" style=\"background:\(Palette.level(level))\">\(text.level(level))</span> "
            + (level != nil && report.period.kind == .interim
                ? "<span class=\"forecast\">\(text.forecast)</span> " : "")
            + "\(Markup.escape(result.resultGoal.number)) \(Markup.escape(result.resultGoal.title))</h3>\n"
        if let assessment = result.assessment {
            html +=
                "<div class=\"analysis\"><h4>\(text.analysis)</h4>"
                + reasoning(assessment, report: report, format: format) + "</div>\n"
        }
        html += "</div>\n"
        html += indicatorTable(result.indicators, report: report, text: text, format: format)
        html += "</article>\n"
        return html
    }

    private static func indicatorTable(
        _ indicators: [IndicatorEvaluation], report: FollowUpReport, text: ReportText,
        format: ReportFormat
    ) -> String {
        let columns = text.columns
        var html =
            "<table class=\"indicators stack\">\n<thead><tr>"
            + columns.map { "<th>\(Markup.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        // Each cell names its column (data-label): on a narrow screen a row is drawn as a card, label beside value.
        func cell(_ column: Int, _ kind: String, _ content: String, title: String? = nil) -> String {
            "<td class=\"\(kind)\" data-label=\"\(Markup.escape(columns[column]))\""
                + (title.map { " title=\"\(Markup.escape($0))\"" } ?? "") + ">\(content)</td>"
        }
        for evaluation in indicators {
            let indicator = evaluation.indicator
            let target = evaluation.target
            let value = evaluation.value.map { format.value($0, kind: target.kind, unit: target.unit) } ?? "–"
            let difference =
                evaluation.difference.map {
                    format.difference($0, of: target, percentagePoints: text.percentagePoints)
                } ?? ""
            let trend = report.earlierEvaluation(indicator.id).flatMap { evaluation.trend(since: $0) }
            let arrow = trend?.arrow ?? "–"
            let points = report.series[indicator.id] ?? []
            let chartTitle =
                "\(indicator.number): "
                + points.map { point in
                    "\(text.periodName(point.period)) "
                        + (point.value.map { value in
                            target.kind == .yesNo
                                ? format.value(.yesNo(value != 0), kind: .yesNo, unit: nil)
                                : format.value(.number(value), kind: target.kind, unit: nil)
                        } ?? "–")
                }.joined(separator: ", ")
            html +=
                "<tr data-indicator=\"\(Markup.escape(indicator.number))\" "
                + "data-status=\"\(evaluation.status.rawValue)\">"
            var name = "<span class=\"key\">\(Markup.escape(indicator.number))</span> \(Markup.escape(indicator.title))"
            if evaluation.derived { name += "<br><small>\(text.derivedNote)</small>" }
            if let through = evaluation.provisionalThrough {
                name += "<br><small class=\"provisional\">\(Markup.escape(text.provisional(through)))</small>"
            }
            if target.kind == .qualitative, let measured = evaluation.measurement,
                case .text(let follow) = measured.value
            {
                name += "<br><small class=\"qualitative\">\(Markup.escape(follow))</small>"
            }
            if let assessment = evaluation.assessment {
                name += judgement(assessment, report: report, text: text, format: format)
            }
            if let change = evaluation.targetChange, change.changedAfterClose(of: report.period) {
                let changed = text.changedAfterClose(
                    on: change.recordedOn, by: change.recordedBy.name, reason: change.reason)
                name += "<br><small class=\"changed\">\(Markup.escape(changed))</small>"
            }
            html += cell(0, "name", name)
            html += cell(
                1, "value",
                target.kind == .qualitative && evaluation.value != nil
                    ? "✓"
                    : Markup.escape(value)
                        + (format.genderParts(evaluation.measurement, of: target).map { parts in
                            "<br><small class=\"gender\">" + parts.map(Markup.escape).joined(separator: "<br>")
                                + "</small>"
                        } ?? ""))
            html += cell(
                2, target.kind == .qualitative ? "target wrap" : "target", Markup.escape(format.target(target)))
            html += cell(
                3, "status",
                "<span class=\"dot\" style=\"background:\(Palette.status(evaluation.status))\"></span>"
                    + text.status(evaluation.status))
            html += cell(4, "difference", Markup.escape(difference))
            html += cell(5, "trend", arrow, title: text.trend(trend))
            html += cell(
                6, "chart",
                Charts.sparkline(
                    points, target: target.value?.number, kind: target.kind,
                    title: chartTitle))
            html += "</tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    /// The committee's judgement of a qualitative indicator, with its reason, who made it and when.
    private static func judgement(
        _ assessment: Assessment, report: FollowUpReport, text: ReportText,
        format: ReportFormat
    ) -> String {
        "<div class=\"judgement\"><span class=\"badge\" style=\"background:\(Palette.level(assessment.level))\">"
            + "\(text.level(assessment.level))</span>"
            + (assessment.period.kind == .interim ? "<span class=\"forecast\">\(text.forecast)</span>" : "")
            + reasoning(assessment, report: report, format: format) + "</div>"
    }

    /// An assessment's analysis, a paragraph a line, then who judged and when.
    private static func reasoning(_ assessment: Assessment, report: FollowUpReport, format: ReportFormat) -> String {
        assessment.analysis.split(whereSeparator: \.isNewline).map { "<p>\(Markup.escape(String($0)))</p>" }.joined()
            + "<p class=\"by\">\(Markup.escape(assessment.recordedBy.name)), "
            + "\(format.time(assessment.recordedAt, in: report.timeZone))</p>"
    }

    private static func travelSection(
        _ travel: TravelSection, period: Period, text: ReportText,
        format: ReportFormat
    ) -> String {
        var html = "<section class=\"travel\" id=\"travel\">\n<h2>\(text.travelTitle)</h2>\n"
        guard !travel.years.isEmpty else { return html + "<p>\(text.noTrips)</p>\n</section>\n" }
        html += "<p>\(Markup.escape(text.travelIntro(travel.unit, baseline: travel.baselineYear)))</p>\n"
        html +=
            "<figure>" + Charts.travel(travel, text: text, format: format) + legend(travel, text: text, format: format)
            + "</figure>\n"
        if let reduction = travel.reduction {
            let span = period.kind == .interim ? " (\(text.yearToDate))" : ""
            html +=
                "<table class=\"reduction\">\n<thead><tr><th></th><th>\(reduction.baseline.year)</th>"
                + "<th>\(reduction.current.year)</th><th></th><th>\(text.factorSets)</th></tr></thead>\n<tbody>\n"
            func change(_ percent: Double?) -> String {
                guard let percent else { return "–" }
                return percent >= 0 ? text.fell(format.percent(percent)) : text.rose(format.percent(-percent))
            }
            html +=
                "<tr data-basis=\"reported\"><th>\(text.asReported)</th><td>\(format.mass(reduction.baseline.kg))</td>"
                + "<td>\(format.mass(reduction.current.kg))</td>"
                + "<td class=\"figure\">\(change(reduction.reductionPercent))</td>"
                + "<td>\(Markup.escape(reduction.baseline.set.set)) / \(Markup.escape(reduction.current.set.set))"
                + "</td></tr>\n"
            html +=
                "<tr data-basis=\"like_for_like\"><th>\(text.likeForLike)</th>"
                + "<td>\(format.mass(reduction.baseline.kgLikeForLike))</td>"
                + "<td>\(format.mass(reduction.current.kgLikeForLike))</td>"
                + "<td class=\"figure\">\(change(reduction.reductionPercentLikeForLike))</td>"
                + "<td>\(Markup.escape(reduction.likeForLikeSet))</td></tr>\n"
            if let baseFte = reduction.baseline.fte, let currentFte = reduction.current.fte, baseFte > 0, currentFte > 0
            {
                html +=
                    "<tr><th>\(text.asReported), \(text.perFte)</th>"
                    + "<td>\(format.mass(reduction.baseline.kg / baseFte))</td>"
                    + "<td>\(format.mass(reduction.current.kg / currentFte))</td><td></td><td></td></tr>\n"
            }
            html += "</tbody>\n</table>\n"
            if let explanation = travel.explanation {
                let intro = text.explanationIntro(
                    baseline: reduction.baseline.year, year: reduction.current.year, set: reduction.likeForLikeSet)
                html += "<h3>\(text.explanationTitle)</h3>\n<p>\(Markup.escape(intro))</p>\n"
                html += "<figure>" + Charts.waterfall(explanation, text: text, format: format) + "</figure>\n"
                html += "<table class=\"explanation\">\n<tbody>\n"
                for (effect, kg) in explanation.ranked {
                    let ofBaseline =
                        explanation.percentOfBaseline(kg).map {
                            ($0 < 0 ? "−" : "+") + format.percent(abs($0))
                        } ?? "–"
                    html +=
                        "<tr data-effect=\"\(effect.rawValue)\">"
                        + "<th>\(Markup.escape(text.effectName(effect, shiftedTo: explanation.shiftedTo)))</th>"
                        + "<td>\(kg < 0 ? "−" : "+")\(format.mass(abs(kg)))</td>"
                        + "<td>\(ofBaseline)</td></tr>\n"
                }
                html += "</tbody>\n</table>\n"
            }
            if let through = reduction.provisionalThrough {
                html +=
                    "<p class=\"note provisional\">"
                    + "\(Markup.escape(text.provisionalNote(through, baseline: reduction.baseline.year)))</p>\n"
            } else if !span.isEmpty {
                html +=
                    "<p class=\"note\">"
                    + "\(Markup.escape(text.yearToDate.prefix(1).uppercased() + text.yearToDate.dropFirst())).</p>\n"
            }
        } else {
            html += "<p>\(text.noReduction)</p>\n"
        }
        html +=
            "<p>" + (travel.targetPercent.map { text.targetIs(format.percent($0, decimals: 0)) } ?? text.targetNotSet)
            + "</p>\n"
        return html + "</section>\n"
    }

    private static func legend(_ travel: TravelSection, text: ReportText, format: ReportFormat) -> String {
        let modes = TravelMode.allCases.filter { mode in
            travel.years.contains { $0.byMode.contains { $0.mode == mode && $0.kg > 0 } }
        }
        var html = "<figcaption><ul class=\"legend\">"
        for mode in modes {
            html +=
                "<li><span class=\"swatch\" style=\"background:\(Palette.mode(mode))\"></span>"
                + "\(Markup.escape(text.modeName(mode)))</li>"
        }
        if travel.trend != nil, let years = travel.trendYears {
            html +=
                "<li><span class=\"line dashed\"></span>"
                + "\(Markup.escape(text.trendLine(years, baseline: travel.baselineYear)))</li>"
        }
        if travel.targetLevelKg != nil {
            html +=
                "<li><span class=\"line target\"></span>\(Markup.escape(text.targetLevel(travel, format: format)))</li>"
                + "<li><span class=\"line path\"></span>\(text.pathToTarget)</li>"
        }
        return html + "</ul></figcaption>"
    }

    private static func sources(_ report: FollowUpReport, text: ReportText, format: ReportFormat) -> String {
        var html = "<section class=\"sources\" id=\"sources\">\n<h2>\(text.sourcesTitle)</h2>\n"
        let evaluations = report.status.effectGoals.flatMap(\.resultGoals).flatMap(\.indicators)
        let recorded = evaluations.filter { $0.measurement != nil }
        if recorded.isEmpty {
            html += "<p>\(text.nothingRecorded)</p>\n"
        } else {
            html +=
                "<table class=\"source-list stack\">\n<thead><tr>"
                + text.sourceColumns.map { "<th>\($0)</th>" }.joined()
                + "</tr></thead>\n<tbody>\n"
            for evaluation in recorded {
                guard let measurement = evaluation.measurement else { continue }
                let value = format.value(measurement.value, kind: evaluation.target.kind, unit: evaluation.target.unit)
                html +=
                    "<tr>"
                    + labelled(
                        text.sourceColumns,
                        [
                            Markup.escape(evaluation.indicator.number), text.periodName(measurement.period),
                            Markup.escape(value),
                            Markup.escape(measurement.recordedBy.name),
                            format.time(measurement.recordedAt, in: report.timeZone),
                            Markup.escape(measurement.source ?? ""), Markup.escape(measurement.note ?? ""),
                        ]) + "</tr>\n"
            }
            html += "</tbody>\n</table>\n"
        }
        for credit in report.credits { html += "<p class=\"credit\">\(Markup.escape(credit))</p>\n" }
        if !report.targetChanges.isEmpty {
            html +=
                "<h3>\(text.targetChangesTitle)</h3>\n<table class=\"target-changes stack\">\n<thead><tr>"
                + text.targetChangeColumns.map { "<th>\($0)</th>" }.joined() + "</tr></thead>\n<tbody>\n"
            for change in report.targetChanges {
                // A change that reached back into a period already closed when it was made says so.
                let late = change.changedAfterClose(of: change.from) ? " (\(text.afterCloseMark))" : ""
                html +=
                    "<tr data-target-change=\"\(change.sequence)\">"
                    + labelled(
                        text.targetChangeColumns,
                        [
                            Markup.escape(report.plan.number(of: change.indicator)),
                            text.periodName(change.from) + Markup.escape(late),
                            Markup.escape(format.target(change.previous)), Markup.escape(format.target(change.target)),
                            Markup.escape(change.recordedBy.name), format.time(change.recordedAt, in: report.timeZone),
                            Markup.escape(change.reason ?? ""),
                        ]) + "</tr>\n"
            }
            html += "</tbody>\n</table>\n"
        }
        let judged =
            report.status.effectGoals.flatMap(\.resultGoals).compactMap(\.assessment)
            + evaluations.compactMap(\.assessment)
        if !judged.isEmpty {
            html +=
                "<h3>\(text.judgementsTitle)</h3>\n<table class=\"judgement-list stack\">\n<thead><tr>"
                + text.judgementColumns.map { "<th>\($0)</th>" }.joined() + "</tr></thead>\n<tbody>\n"
            let number = { (assessment: Assessment) in report.plan.number(of: assessment.subject) }
            for assessment in judged.sorted(by: {
                number($0).compare(number($1), options: .numeric) == .orderedAscending
            }) {
                html +=
                    "<tr>"
                    + labelled(
                        text.judgementColumns,
                        [
                            Markup.escape(number(assessment)), text.level(assessment.level),
                            Markup.escape(assessment.recordedBy.name),
                            format.time(assessment.recordedAt, in: report.timeZone),
                        ])
                    + "</tr>\n"
            }
            html += "</tbody>\n</table>\n"
        }
        return html + "</section>\n"
    }

    /// Table cells, each naming its column (`data-label`) for the narrow layout; the contents are markup already.
    private static func labelled(_ columns: [String], _ cells: [String]) -> String {
        zip(columns, cells).map { "<td data-label=\"\(Markup.escape($0))\">\($1)</td>" }.joined()
    }

    /// The report's content policy: nothing is fetched, no script runs.
    package static let policy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    /// The live page's: its one script is goald's own file (`liveScriptPath`, same origin), never inline, and it
    /// may fetch the page and the events again from goald.
    package static let livePolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'self'; connect-src 'self'"
    /// Where goald serves the live page's script.
    package static let liveScriptPath = "/live.js"

    /// The live page's script element: the file, with the events' address in a data attribute (escaped).
    static func liveScript(_ events: String) -> String {
        "<script src=\"\(liveScriptPath)\" data-events=\"\(Markup.escape(events))\"></script>"
    }

    /// The live page's script: after each event, the page is fetched again and its body swapped in. Served as a file
    /// (`liveScriptPath`), so that the page's policy admits no inline script: nothing a stored text holds can run.
    package static let liveScriptSource = """
        (function () {
          var events = new EventSource(document.currentScript.dataset.events);
          var pending = false;
          function refresh() {
            if (pending) { return; }
            pending = true;
            fetch(location.href, {cache: "no-store"}).then(function (answer) { return answer.text(); })
              .then(function (html) {
                var next = new DOMParser().parseFromString(html, "text/html");
                document.body.replaceWith(next.body);
                document.title = next.title;
                document.documentElement.dataset.generation = \
        String(Number(document.documentElement.dataset.generation || 0) + 1);
              }).finally(function () { pending = false; });
          }
          events.addEventListener("change", refresh);
        })();
        """

    static let style = """
        :root{--ink:#212121;--muted:#616161;--rule:#e0e0e0}
        *{box-sizing:border-box}
        body{font-family:"Segoe UI",Arial,Helvetica,sans-serif;color:var(--ink);max-width:1040px;margin:2rem auto;\
        padding:0 1.2rem;line-height:1.45;font-size:15px}
        header{border-bottom:3px solid #00594f;margin-bottom:1.2rem}
        h1{font-size:1.9rem;margin:.2rem 0}
        h2{font-size:1.35rem;margin:1.8rem 0 .6rem;border-bottom:1px solid var(--rule);padding-bottom:.2rem}
        h3{font-size:1.08rem;margin:1.2rem 0 .4rem}
        h4{font-size:.9rem;margin:.2rem 0;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
        .org,.sub,.made{margin:.15rem 0;color:var(--muted)}
        .synthetic{background:#fff3e0;border:1px solid #fb8c00;padding:.5rem .8rem;color:#e65100;font-weight:600}
        .cards{display:flex;gap:1rem;flex-wrap:wrap}
        .card{border:1px solid var(--rule);border-radius:6px;padding:.4rem 1rem;min-width:260px}
        .card ul{list-style:none;padding:0;margin:.3rem 0}
        .dot{display:inline-block;width:.75em;height:.75em;border-radius:50%;margin-right:.4em;vertical-align:baseline}
        .badge{display:inline-block;color:#fff;border-radius:4px;padding:.05rem .5rem;font-size:.85rem;\
        margin-right:.4rem;vertical-align:middle}
        .analysis{background:#fafafa;border-left:4px solid #00594f;padding:.3rem .9rem;margin:.4rem 0 .6rem}
        .analysis p{margin:.3rem 0}
        .by{color:var(--muted);font-size:.85rem}
        table{border-collapse:collapse;width:100%;margin:.4rem 0 .8rem;font-size:.9rem}
        th,td{text-align:left;padding:.3rem .45rem;border-bottom:1px solid var(--rule);vertical-align:top}
        th{background:#f5f5f5;font-weight:600}
        table.indicators th:nth-child(2),table.indicators th:nth-child(5){width:7.5em}
        table.indicators th:nth-child(3){width:7em}
        table.indicators th:nth-child(4){width:8.2em}
        table.indicators th:nth-child(6){width:3.6em}
        table.indicators th:nth-child(7){width:128px}
        table.indicators td.value,table.indicators td.difference,table.indicators td.target,\
        table.indicators td.status{white-space:nowrap}
        table.indicators td.target.wrap{white-space:normal}
        table.source-list td:nth-child(-n+2),table.source-list td:nth-child(5),\
        table.judgement-list td{white-space:nowrap}
        table.target-changes td:nth-child(-n+4){white-space:nowrap}
        td.value,td.difference{text-align:right}
        .judgement{margin:.35rem 0 .1rem;font-size:.88rem}
        .judgement p{margin:.2rem 0}
        .judgement .badge{font-size:.78rem}
        td.trend{font-size:1.2rem;text-align:center}
        .key{font-weight:600;white-space:nowrap}
        small{color:var(--muted)}
        figure{margin:.6rem 0}
        svg.spark{width:100%;max-width:150px;height:auto;display:block}
        .live{display:inline-block;background:#00594f;color:#fff;border-radius:4px;padding:0 .45rem;font-size:.8rem;\
        margin-left:.4rem}
        .travel-chart text{font-size:11px;fill:#424242}
        .travel-chart .mark{font-weight:700;font-size:12px}
        .legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3rem 1rem;font-size:.85rem}
        .swatch{display:inline-block;width:.9em;height:.9em;margin-right:.35em;vertical-align:-.1em}
        .line{display:inline-block;width:1.8em;margin-right:.35em;vertical-align:middle;border-top:2px solid #424242}
        .line.dashed{border-top-style:dashed}
        .line.target{border-top:2px dotted #c62828}
        .line.path{border-top-color:#c62828}
        td.figure{font-weight:700}
        .note{color:var(--muted);font-size:.9rem}
        .provisional,.changed{color:#e65100;font-weight:600}
        .draft{background:#fff3e0;border-left:4px solid #e65100;padding:.3rem .7rem}
        .draft strong{color:#e65100;letter-spacing:.08em;margin-right:.4rem}
        .decided{font-weight:600;color:#00594f}
        .forecast{display:inline-block;border:1px solid #757575;color:#424242;border-radius:4px;padding:0 .4rem;\
        font-size:.78rem;font-weight:400;margin-right:.4rem;vertical-align:middle}
        @media (max-width:720px){
          body{padding:0 .7rem;font-size:14px}
          table.stack thead{display:none}
          table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:auto}
          table.stack tr{border:1px solid var(--rule);border-radius:6px;margin:.5rem 0;padding:.2rem .5rem}
          table.stack td{border:0;padding:.15rem 0;text-align:left;white-space:normal}
          table.stack td[data-label]:not(.name){display:flex;gap:.6rem;align-items:baseline}
          table.stack td[data-label]:not(.name)::before{content:attr(data-label);flex:0 0 9.5em;\
        color:var(--muted);font-size:.85rem}
          table.indicators td.value,table.indicators td.difference,table.indicators td.status{white-space:nowrap}
          table.indicators td.chart svg{width:150px;flex:0 0 auto}
          table.stack td:empty{display:none}
          .card{min-width:0;flex:1 1 100%}
        }
        @page{size:A4;margin:14mm 12mm}
        @media print{
          body{max-width:none;margin:0;padding:0;font-size:9.5pt}
          h2{break-after:avoid;margin-top:1.2rem}
          h3{break-after:avoid}
          h4{break-after:avoid}
          figure,table.reduction,.card,.goal-head{break-inside:avoid}
          .goal-head{break-after:avoid}
          tr{break-inside:avoid}
          thead{display:table-header-group}
          th,td{padding:.22rem .35rem}
          table.indicators th:nth-child(7){width:84px}
          table.indicators th:nth-child(2),table.indicators th:nth-child(5){width:6em}
          table.indicators th:nth-child(3){width:6em}
          table.indicators th:nth-child(4){width:7.4em}
          table.indicators th:nth-child(6){width:3em}
          svg.spark{max-width:84px}
          table.source-list,table.judgement-list,table.target-changes{font-size:8.5pt}
          .travel-chart{max-width:100%}
        }
        """
}
