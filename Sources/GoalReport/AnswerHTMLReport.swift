import Foundation
import GoalDomain

/// A committee's answer to the planning directive ("Svar på planeringsdirektiv") as one self-contained HTML file,
/// generated from what goald holds, in the directive's order: the directive's introduction with its deadlines, the
/// committee's assignment, steering documents, opportunities and challenges, its result goals with their
/// indicators and targets under each of the region's effect goals, the plan for follow-up, budget, investments and
/// premises, and as an appendix the region's explanatory texts of its effect goals. In Swedish, as the directive
/// asks; it prints on A4 with the report's print rules.
package struct AnswerDocument: Sendable {
    package var organisation: String
    package var committee: Committee
    package var plan: CommitteePlan
    package var effectGoals: [RegionEffectGoal]
    /// The directive the answer is for, when the model holds it.
    package var directive: PlanningDirective?
    /// Where the answer stands: handed in preliminarily, decided.
    package var standing: AnswerStanding?
    package var madeAt: Date
    package var timeZone: TimeZone

    package init(
        region: Region, plan: CommitteePlan, planning: PlanningAnswers, madeAt: Date, timeZone: TimeZone
    ) {
        organisation = region.organisation
        committee = region.committee(plan.committee) ?? Committee(abbreviation: plan.committee, name: plan.committee)
        self.plan = plan
        effectGoals = region.effectGoals
        directive = region.directives.first { $0.planPeriod == plan.period }
        standing = directive.map {
            planning.standing(of: plan.committee, to: $0, on: CivilDate.on(madeAt, in: timeZone))
        }
        self.madeAt = madeAt
        self.timeZone = timeZone
    }
}

package enum AnswerHTMLReport {
    static let months = [
        "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november",
        "december",
    ]

    package static func render(_ document: AnswerDocument) -> String {
        let text = ReportText(.sv)
        let format = ReportFormat(language: .sv)
        let plan = document.plan
        var html = HTMLReport.head(
            title: "\(plan.title) – \(document.committee.name)", language: .sv, live: nil, extraStyle: style)
        html += "<header>\n<p class=\"org\">\(Markup.escape(document.organisation)) · "
        html += "\(Markup.escape(document.committee.name))</p>\n"
        html += "<h1>\(Markup.escape(plan.title))</h1>\n"
        html += "<p class=\"sub\">Planperiod \(plan.period.display)</p>\n"
        html +=
            "<p class=\"made\">\(text.made) <time>\(format.time(document.madeAt, in: document.timeZone))</time> "
            + "<span class=\"zone\">(\(text.timeZoneLabel) \(Markup.escape(document.timeZone.identifier)))</span></p>\n"
        html += standing(document)
        html += "</header>\n"

        var number = 1
        html += section(number, "Inledning", introduction(document))
        let answer = plan.answer ?? AnswerText()
        for (heading, body) in [
            ("Nämndens uppdrag", answer.assignment),
            ("För nämnden relevanta styrande dokument", answer.steeringDocuments),
            ("Nämndens omvärldsfaktorer: möjligheter och utmaningar", answer.opportunitiesAndChallenges),
        ] {
            number += 1
            html += section(number, heading, paragraphs(body))
        }
        number += 1
        html += resultGoals(document, number: number, answer: answer)
        for (heading, body) in [
            ("Nämndens budget och ev omprioriteringar på en övergripande nivå", answer.budget),
            ("Nämndens förslag på nyinvesteringar", answer.investments),
            ("Nämndens ev förändrade lokalbehov", answer.premises),
        ] {
            number += 1
            html += section(number, heading, paragraphs(body))
        }
        html += appendix(document)
        return html + "</body>\n</html>\n"
    }

    /// Whether the answer was handed in or decided, from the committee's answers goald holds.
    private static func standing(_ document: AnswerDocument) -> String {
        guard let standing = document.standing else { return "" }
        if let decision = standing.decision {
            return "<p class=\"decided\">Beslutat av \(Markup.escape(document.committee.name)) \(decision.on)"
                + (decision.paragraph.map { ", § \(Markup.escape($0))" } ?? "") + "</p>\n"
        }
        if let preliminary = standing.preliminary {
            return "<p class=\"draft\" role=\"note\"><strong>PRELIMINÄRT</strong> Preliminärt svar, inlämnat "
                + "\(preliminary.on); ännu ej beslutat av nämnden</p>\n"
        }
        return "<p class=\"draft\" role=\"note\"><strong>UTKAST</strong> Ännu ej inlämnat</p>\n"
    }

    private static func section(_ number: Int, _ heading: String, _ body: String) -> String {
        "<section class=\"answer-section\">\n<h2>\(number) \(Markup.escape(heading))</h2>\n"
            + (body.isEmpty ? "<p class=\"note\">Ej angivet.</p>\n" : body) + "</section>\n"
    }

    /// The directive's introduction, its `{deadlines}` paragraph replaced by the deadlines it sets.
    private static func introduction(_ document: AnswerDocument) -> String {
        guard let directive = document.directive else { return "" }
        let listed = deadlines(directive)
        let body = directive.introduction ?? "{deadlines}"
        var html = paragraphs(body, deadlines: listed)
        if !body.contains("{deadlines}") { html += listed }
        return html
    }

    /// "Preliminärt svar på planeringsdirektiv ska av HSN, KBN, KTN och RUN lämnas in 18 april": the committees
    /// due on the same day for the same answer on one line, in the order of the days.
    static func deadlines(_ directive: PlanningDirective) -> String {
        var groups: [(day: CivilDate, preliminary: Bool, committees: [String])] = []
        for deadline in directive.deadlines {
            let due = [deadline.preliminary.map { ($0, true) }, (deadline.decided, false)].compactMap { $0 }
            for (day, preliminary) in due {
                if let index = groups.firstIndex(where: { $0.day == day && $0.preliminary == preliminary }) {
                    groups[index].committees.append(deadline.committee)
                } else {
                    groups.append((day, preliminary, [deadline.committee]))
                }
            }
        }
        groups.sort { ($0.day, $0.preliminary ? 0 : 1) < ($1.day, $1.preliminary ? 0 : 1) }
        guard !groups.isEmpty else { return "" }
        var html = "<ul class=\"deadlines\">\n"
        for group in groups {
            let names =
                group.committees.count == 1
                ? group.committees[0]
                : group.committees.dropLast().joined(separator: ", ") + " och " + group.committees.last!
            html +=
                "<li>\(group.preliminary ? "Preliminärt" : "Beslutat") svar på planeringsdirektiv ska av "
                + "\(Markup.escape(names)) lämnas in \(group.day.day) \(months[group.day.month - 1])</li>\n"
        }
        return html + "</ul>\n"
    }

    /// Section 5: how the result goals are chosen and linked, then per effect goal the committee's result goals
    /// with their indicators and targets, then the plan for follow-up.
    private static func resultGoals(_ document: AnswerDocument, number: Int, answer: AnswerText) -> String {
        var html = "<section class=\"answer-section result-goals\">\n"
        html += "<h2>\(number) Nämndens förslag till resultatmål och indikatorer</h2>\n"
        html += paragraphs(answer.resultGoalsIntroduction)
        var sub = 0
        for context in answer.resultGoalsContext {
            sub += 1
            html += "<h3>\(number).\(sub) \(Markup.escape(context.heading))</h3>\n" + paragraphs(context.text)
        }
        for part in document.plan.effectGoals {
            sub += 1
            let title = document.effectGoals.first { $0.id == part.effectGoal }?.title ?? part.effectGoal
            html += "<div class=\"effect-goal\" data-effect-goal=\"\(Markup.escape(part.effectGoal))\">\n"
            html += "<h3>\(Markup.escape(part.number)) Effektmål: \(Markup.escape(title))</h3>\n"
            for result in part.resultGoals {
                html += "<article class=\"result-goal\" data-result-goal=\"\(Markup.escape(result.id))\">\n"
                html += "<h4>\(Markup.escape(result.number)) Resultatmål: \(Markup.escape(result.title))</h4>\n"
                html += "<table class=\"answer-indicators\"><thead><tr><th>Indikatorer</th><th>Mål</th></tr></thead>\n"
                html += "<tbody>\n"
                for indicator in result.indicators {
                    let target = indicator.target.text ?? indicator.target.display
                    html +=
                        "<tr data-indicator=\"\(Markup.escape(indicator.id))\"><td>\(Markup.escape(indicator.title))"
                        + "</td><td class=\"target\">\(Markup.escape(target))</td></tr>\n"
                }
                html += "</tbody>\n</table>\n</article>\n"
            }
            html += "</div>\n"
        }
        sub += 1
        html += "<h3>\(number).\(sub) Plan för uppföljning och bedömningsgrunder för måluppfyllelse</h3>\n"
        html += paragraphs(document.plan.followUp)
        return html + "</section>\n"
    }

    /// Bilaga 1: the region's explanatory texts of its effect goals (the seed's appendix holds all of them).
    private static func appendix(_ document: AnswerDocument) -> String {
        let explained = document.effectGoals.filter { $0.explanation != nil }
        guard !explained.isEmpty else { return "" }
        var html = "<section class=\"answer-section appendix\">\n"
        html += "<h2>Bilaga 1 Förklarande texter till effektmålen</h2>\n"
        for goal in explained {
            html += "<h3>\(Markup.escape(goal.title))</h3>\n" + paragraphs(goal.explanation)
        }
        return html + "</section>\n"
    }

    /// A model text as HTML: paragraphs apart by a blank line; a paragraph of "- " lines a list; a one-line
    /// paragraph beginning "### " a subheading; `{deadlines}` the directive's deadlines.
    static func paragraphs(_ text: String?, deadlines: String = "") -> String {
        guard let text else { return "" }
        var html = ""
        for block in text.components(separatedBy: "\n\n") {
            let lines = block.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            guard !lines.isEmpty else { continue }
            if lines == ["{deadlines}"] {
                html += deadlines
            } else if lines.count == 1, lines[0].hasPrefix("### ") {
                html += "<h4>\(Markup.escape(String(lines[0].dropFirst(4))))</h4>\n"
            } else if lines.allSatisfy({ $0.hasPrefix("- ") }) {
                html += "<ul>\n" + lines.map { "<li>\(Markup.escape(String($0.dropFirst(2))))</li>\n" }.joined()
                html += "</ul>\n"
            } else {
                html += "<p>\(Markup.escape(lines.joined(separator: " ")))</p>\n"
            }
        }
        return html
    }

    static let style = """
        .answer-section h2{margin-top:1.6rem}
        .answer-section h4{margin:.9rem 0 .3rem}
        .result-goal h4{text-transform:none;letter-spacing:0;font-size:1rem;color:inherit}
        .effect-goal h3{margin-top:1.2rem;border-bottom:1px solid var(--rule)}
        table.answer-indicators th:nth-child(2){width:11em}
        table.answer-indicators td.target{white-space:normal}
        @media print{.result-goal{break-inside:avoid}.effect-goal h3{break-after:avoid}}
        """
}
