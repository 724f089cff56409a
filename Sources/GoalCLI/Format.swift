import ArgumentParser
import FoundationEssentials
import Glibc
import GoalNumbers
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
            lines.append("\(effect.number) \(effect.title)" + Self.idMark(effect.id, verbose: verbose))
            if verbose {
                if let goals = effect.agenda2030, !goals.isEmpty {
                    lines.append("    Agenda 2030: " + goals.map(String.init).joined(separator: ", "))
                }
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
                lines.append("  \(result.number) \(result.title)" + Self.idMark(result.id, verbose: verbose))
                for indicator in result.indicators {
                    lines.append(
                        "    \(indicator.number) \(indicator.title)  [target: \(indicator.target.display)]"
                            + Self.idMark(indicator.id, verbose: verbose))
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// " (id: sjukfranvarokvot)" with --verbose, when goald sent an id.
    private static func idMark(_ id: String?, verbose: Bool) -> String {
        guard verbose, let id else { return "" }
        return "  (id: \(id))"
    }

    static func indicator(_ detail: IndicatorDetail, words: Words = Words(swedish: false)) -> String {
        let indicator = detail.indicator
        let target = indicator.target
        var lines = ["\(indicator.number) \(indicator.title)"]
        var kind = words.kind(target.kind)
        if let direction = target.direction {
            kind += ", " + (direction == "atMost" ? words.pick("högst", "at most") : words.pick("minst", "at least"))
        }
        if indicator.byGender == true {
            kind += ", " + words.pick("uppdelat på kvinnor och män", "split by women and men")
        }
        if indicator.shared == true {
            kind +=
                "; " + words.pick("regiongemensam indikator", "region indicator")
                + " (\(indicator.id ?? indicator.number)"
                + (indicator.source.map { ", " + words.pick("källa ", "source ") + $0 } ?? "") + ")"
        }
        let source =
            target.text.flatMap {
                target.display.contains($0) ? nil : "  (\(words.pick("källa", "source")): \"\($0)\")"
            } ?? ""
        let labels = [
            words.pick("målvärde:", "target:"), words.pick("slag:", "kind:"),
            words.pick("resultatmål:", "result goal:"), words.pick("effektmål:", "effect goal:"),
            words.pick("not:", "note:"),
        ]
        let width = (labels.map(\.count).max() ?? 0) + 2
        func line(_ label: Int, _ text: String) -> String {
            "  " + labels[label] + String(repeating: " ", count: width - labels[label].count) + text
        }
        lines.append(line(0, words.target(target.display) + source))
        lines.append(line(1, kind))
        lines.append(line(2, "\(detail.resultGoal.number) \(detail.resultGoal.title)"))
        lines.append(line(3, "\(detail.effectGoal.number) \(detail.effectGoal.title)"))
        if let note = indicator.note { lines.append(line(4, note)) }
        return lines.joined(separator: "\n")
    }

    /// The target's changes and the value in force for each period with data, for `goalctl indicator`.
    static func valuesInForce(
        _ history: MeasurementHistory, targets detail: IndicatorDetail,
        words: Words = Words(swedish: false)
    ) -> String {
        var lines: [String] = []
        if !detail.targetHistory.isEmpty {
            lines.append(words.pick("  målvärdets ändringar:", "  target history:"))
            for change in detail.targetHistory {
                let retracted = change.retracted.map { note in
                    words.pick("  TILLBAKADRAGEN av", "  RETRACTED by") + " \(note.recordedBy) \(words.at) "
                        + "\(localTime(note.recordedAt)): \(note.reason)"
                }
                lines.append(
                    "    \(words.pick("från", "from")) \(change.from): \(words.target(change.previous.display)) → "
                        + "\(words.target(change.target.display))  (#\(change.sequence), "
                        + "\(words.by) \(change.recordedBy) \(words.at) \(localTime(change.recordedAt)))"
                        + (retracted ?? ""))
                if let reason = change.reason { lines.append("      \(words.pick("skäl", "reason")): \(reason)") }
            }
        }
        let targets = Dictionary(detail.targetsInForce.map { ($0.period, words.target($0.target.display)) }) {
            first, _ in first
        }
        // In period order (2024-interim, 2024-annual, 2025-interim …), whatever order they were recorded in.
        let inForce = history.measurements.filter { $0.retracted == nil && !$0.superseded }.sorted { a, b in
            (String(a.period.prefix(4)), a.period.hasSuffix("annual") ? 1 : 0)
                < (String(b.period.prefix(4)), b.period.hasSuffix("annual") ? 1 : 0)
        }
        if inForce.isEmpty {
            lines.append(words.pick("  utfall:       inga än", "  values:       none yet"))
        } else {
            lines.append(words.pick("  utfall:", "  values:"))
            let split = inForce.contains { $0.women != nil || $0.men != nil }
            let rows = inForce.map { value in
                let by =
                    value.derived == true
                    ? words.pick("räknat av goald", "derived by goald")
                    : "\(words.by) \(value.recordedBy) \(words.at) \(localTime(value.recordedAt))"
                let provisional = value.provisionalThrough.map { ", " + words.provisional($0) }
                return [value.period, words.value(value.display, value.value)]
                    + (split ? [words.gender(value.women, value.men, total: value.display, value.value) ?? ""] : [])
                    + [
                        "\(words.pick("målvärde", "target")) \(targets[value.period] ?? "?")",
                        "(\(by)\(provisional ?? ""))",
                    ]
            }
            let header =
                [words.pick("period", "period"), words.pick("utfall", "value")]
                + (split ? [words.genderHeading] : [])
                + [words.pick("målvärde som gäller", "target in force"), ""]
            lines += table(header: header, rows: rows).map { "    " + $0 }
        }
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
    static func history(_ history: MeasurementHistory, words: Words = Words(swedish: false)) -> String {
        // The target as it stands now: each period is judged by the one in force for it (`goalctl indicator KEY`).
        let key = history.indicator.number
        var lines = [
            "\(key) \(history.indicator.title)  ["
                + words.pick(
                    "målvärde nu: \(words.target(history.indicator.target.display)); `goalctl indicator \(key)` ger "
                        + "varje periods",
                    "target now: \(words.target(history.indicator.target.display)); `goalctl indicator \(key)` gives "
                        + "each period's")
                + "]"
        ]
        if history.measurements.isEmpty {
            lines.append(words.pick("  inget registrerat", "  nothing recorded"))
            return lines.joined(separator: "\n")
        }
        let split = history.measurements.contains { $0.women != nil || $0.men != nil }
        let rows = history.measurements.map { m in
            let standing =
                m.derived == true
                ? words.pick("räknat nu", "computed now")
                : standing(m.retracted, superseded: m.superseded, words: words)
            // A derived value's note is goald's (in English); in Swedish goalctl says it in its own words.
            let note =
                m.derived == true && words.swedish
                ? "räknat ur tjänsteresornas data, minskningen mot basåret"
                    + (m.provisionalThrough.map { ", " + words.provisional($0) + " (samma dagar båda åren)" }
                        ?? (m.period.hasSuffix("interim") ? ", januari–augusti" : ""))
                : m.note
            let notes =
                (note.map { "; " + $0 } ?? "") + (m.source.map { "; \(words.pick("källa", "source")): " + $0 } ?? "")
            return [
                m.derived == true ? words.pick("räknat", "derived") : "#\(m.sequence)", m.period,
                words.value(m.display, m.value),
            ] + (split ? [words.gender(m.women, m.men, total: m.display, m.value) ?? ""] : [])
                + [localTime(m.recordedAt), m.recordedBy, standing + notes]
        }
        let header =
            ["#", "period", words.pick("utfall", "value")] + (split ? [words.genderHeading] : [])
            + [words.pick("registrerat", "recorded"), words.pick("av", "by"), ""]
        lines += table(header: header, rows: rows).map { "  " + $0 }
        return lines.joined(separator: "\n")
    }

    /// Whether a record is in force, superseded, or retracted (by whom, when, why).
    static func standing(_ retracted: RetractionNote?, superseded: Bool, words: Words = Words(swedish: false)) -> String
    {
        if let retracted {
            return words.pick("tillbakadragen av", "retracted by") + " \(retracted.recordedBy) \(words.at) "
                + "\(localTime(retracted.recordedAt)): \(retracted.reason)"
        }
        return superseded ? words.pick("ersatt", "superseded") : words.pick("gäller", "in force")
    }

    static func assessments(_ history: AssessmentHistory) -> String {
        var lines = ["\(history.resultGoal.number) \(history.resultGoal.title)"]
        if history.assessments.isEmpty {
            lines.append("  not assessed")
            return lines.joined(separator: "\n")
        }
        for assessment in history.assessments {
            let subject = assessment.indicator.map { "indicator \($0) " } ?? ""
            lines.append(
                "  #\(assessment.sequence) \(subject)\(assessment.period): \(assessment.level), "
                    + "by \(assessment.recordedBy) at \(localTime(assessment.recordedAt)); "
                    + "\(standing(assessment.retracted, superseded: assessment.superseded == true))"
            )
            lines.append("    " + assessment.analysis.replacing("\n", with: "\n    "))
        }
        return lines.joined(separator: "\n")
    }

    /// "2024-08-14" as "14 August".
    static func dayAndMonth(_ date: String) -> String {
        let months = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ]
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]) else { return date }
        return "\(parts[2]) \(months[parts[1] - 1])"
    }

    static func retraction(_ retraction: RetractionMessage) -> String {
        let what =
            switch retraction.kind {
            case "assessment": "the assessment of"
            case "target": "the target change of"
            case "effectGoalAssessment": "the region's judgement of"
            default: "the value of"
            }
        let now = retraction.nowInForce.map { "in force now: \($0)" } ?? "nothing in force now"
        return "retracted \(what) \(retraction.subject) for \(retraction.period) (#\(retraction.retracted)); \(now)  "
            + "(retraction #\(retraction.sequence), by \(retraction.recordedBy))"
    }

    static func status(_ status: StatusMessage, words: Words = Words(swedish: false)) -> String {
        let why =
            switch status.periodChosen {
            case "latestWithData": words.pick(" (senaste period med data)", " (latest period with data)")
            case "current":
                words.pick(" (pågående period; inget registrerat än)", " (current period; nothing recorded yet)")
            default: ""
            }
        var lines = ["Status \(status.period)\(why): \(tally(status.tally, words: words))"]
        if let note = status.followUp {
            lines.append(words.pick("Uppföljningen: ", "Follow-up: ") + state(note, words: words))
        }
        if !status.assessed.isEmpty {
            let levels = ["uppfyllt", "delvis uppfyllt", "ej uppfyllt"].compactMap { level in
                status.assessed[level].map { "\($0) \(words.level(level))" }
            }
            lines.append(
                words.pick("Bedömda resultatmål: ", "Result goals assessed: ") + levels.joined(separator: ", "))
        }
        if let compare = status.compare {
            let trends = status.effectGoals.flatMap(\.resultGoals).flatMap(\.indicators).compactMap(\.trend)
            let counts = [("better", "↑"), ("unchanged", "→"), ("worse", "↓")].map { trend, arrow in
                "\(trends.filter { $0 == trend }.count) \(arrow) \(words.trend(trend))"
            }
            lines.append(
                words.pick("Jämfört med ", "Compared with ") + "\(compare): " + counts.joined(separator: ", "))
        }
        // One table for every indicator, so that the columns line up across the goals.
        let allIndicators = status.effectGoals.flatMap(\.resultGoals).flatMap(\.indicators)
        // Women's and men's values get a column when any indicator has them.
        let split = allIndicators.contains { $0.women != nil || $0.men != nil }
        let indicatorRows = allIndicators.map { indicator in
            var row = [indicator.number, clip(words.value(indicator.display, indicator.value))]
            if split {
                row.append(
                    words.gender(
                        indicator.women, indicator.men, total: indicator.display, indicator.value, labelled: true)
                        ?? "")
            }
            row += [
                words.target(indicator.target),
                words.status(indicator.status)
                    + (indicator.provisionalThrough == nil ? "" : words.pick(" (preliminärt)", " (provisional)")),
            ]
            if let compare = status.compare {
                row.append(
                    "\(compare.prefix(4)): "
                        + "\(clip(words.value(indicator.compared?.display, indicator.compared?.value))) "
                        + (indicator.trend.map(arrow) ?? " "))
            }
            return row + [indicator.title]
        }
        let header =
            ["", words.pick("utfall", "value")] + (split ? [words.genderHeading] : [])
            + [words.pick("målvärde", "target"), "status"]
            + (status.compare != nil ? [words.pick("jämfört", "compared")] : []) + [""]
        var indicatorLines = table(header: header, rows: indicatorRows).dropFirst().makeIterator()
        lines.append("")
        for effect in status.effectGoals {
            lines.append("\(effect.number) \(effect.title)")
            for result in effect.resultGoals {
                lines.append("  \(result.number) \(result.title)")
                if let assessment = result.assessment {
                    lines.append(
                        "      [\(words.level(assessment.level))\(forecast(assessment, words))] "
                            + "\(words.by) \(assessment.recordedBy) "
                            + "\(words.at) \(localTime(assessment.recordedAt))  " + tally(result.tally, words: words))
                    lines += wrap(assessment.analysis, width: 96).map { "      " + $0 }
                } else {
                    lines.append(
                        "      [\(words.pick("ej bedömt", "not assessed"))]  \(tally(result.tally, words: words))")
                }
                for indicator in result.indicators {
                    if let line = indicatorLines.next() { lines.append("      " + line) }
                    if let through = indicator.provisionalThrough {
                        lines.append(
                            "          "
                                + words.provisional(through)
                                + words.pick(
                                    ": resorna är kända så långt, båda åren jämförda till den dagen",
                                    ": trips are known that far, both years compared to that day"))
                    }
                    // A qualitative indicator's judgement, with its reason, under its row.
                    if let assessment = indicator.assessment {
                        lines.append(
                            "          [\(words.level(assessment.level))\(forecast(assessment, words))] "
                                + "\(words.by) \(assessment.recordedBy) "
                                + "\(words.at) " + localTime(assessment.recordedAt))
                        lines += wrap(assessment.analysis, width: 92).map { "          " + $0 }
                    }
                }
            }
        }
        let missed = status.effectGoals.flatMap(\.resultGoals).flatMap(\.indicators).filter { $0.status == "notMet" }
        lines.append("")
        if missed.isEmpty {
            lines.append(words.pick("Ingen indikator missar sitt målvärde.", "No indicator misses its target."))
        } else {
            lines.append(words.pick("Ej uppnått:", "Not met:"))
            for indicator in missed {
                lines.append(
                    "  \(indicator.number) \(indicator.title): \(words.value(indicator.display, indicator.value)) "
                        + "(\(words.pick("målvärde", "target")) \(words.target(indicator.target)))")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The words of goalctl's status table, in Swedish or English: the report's words for statuses and judgements.
    struct Words {
        let swedish: Bool

        /// Swedish when asked (`--lang sv`), or when not asked and the environment's language is Swedish.
        init(swedish: Bool) { self.swedish = swedish }

        init(lang: String?) throws {
            switch lang?.lowercased() {
            case "sv"?: swedish = true
            case "en"?: swedish = false
            case nil:
                let environment = ProcessInfo.processInfo.environment
                let language =
                    environment["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 }
                    ?? environment["LC_MESSAGES"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["LANG"] ?? ""
                swedish = language.hasPrefix("sv")
            case let other?:
                throw ValidationError("--lang must be sv or en, not \"\(other)\".")
            }
        }

        func pick(_ sv: String, _ en: String) -> String { swedish ? sv : en }

        func status(_ status: String) -> String {
            switch status {
            case "met": pick("uppnått", "met")
            case "partlyMet": pick("delvis uppnått", "partly met")
            case "notMet": pick("ej uppnått", "not met")
            case "noData": pick("inget utfall", "no data")
            case "measuredAnnually": pick("mäts årsvis", "measured annually")
            case "targetPending": pick("målvärde saknas", "target pending")
            case "needsAssessment": pick("att bedöma", "to assess")
            default: status
            }
        }

        /// A judgement's level as the report says it (stored in the directive's words, `delvis uppfyllt`).
        func level(_ level: String) -> String {
            switch level {
            case "uppfyllt": pick("Uppnått", "met")
            case "delvis uppfyllt": pick("Delvis uppnått", "partly met")
            case "ej uppfyllt": pick("Ej uppnått", "not met")
            default: level
            }
        }

        func trend(_ trend: String) -> String {
            switch trend {
            case "better": pick("bättre", "better")
            case "unchanged": pick("oförändrat", "unchanged")
            case "worse": pick("sämre", "worse")
            default: trend
            }
        }

        /// An indicator's kind of target.
        func kind(_ kind: String) -> String {
            switch kind {
            case "percentage": pick("andel i procent", "percentage")
            case "index": pick("index", "index")
            case "amount": pick("belopp", "amount")
            case "yesNo": pick("ja/nej", "yes/no")
            case "qualitative": pick("kvalitativ", "qualitative")
            default: kind
            }
        }

        /// A value as goald displays it (`4,2 %`, `820 000 kr`, `Ja`: Swedish forms), in the table's language: in
        /// English a decimal point, thousands apart by commas, Yes/No; a qualitative text as it was written.
        func value(_ display: String?, _ value: JSONValue?) -> String {
            guard let display else { return "–" }
            switch value {
            case .bool(let flag)?: return flag ? pick("Ja", "Yes") : pick("Nej", "No")
            case .number?: return swedish ? display : NumberStyle.english.restyled(display, from: .swedish)
            default: return display
            }
        }

        /// Women's and men's values beside a total as goald displays it (`6,41 %`): "7,06 % / 4,9 %", each in the
        /// total's unit and the table's language ("–" for the one not given); nil when neither is given.
        /// `labelled`, for a table without headings: "K 7,06 % / M 4,9 %" ("W 7.06 % / M 4.9 %").
        func gender(
            _ women: Double?, _ men: Double?, total display: String?, _ value: JSONValue?, labelled: Bool = false
        ) -> String? {
            guard women != nil || men != nil else { return nil }
            var unit = ""
            if let display, case .number(let total)? = value {
                let figure = NumberStyle.swedish.shortest(total)
                if display.hasPrefix(figure) { unit = String(display.dropFirst(figure.count)) }
            }
            let style = swedish ? NumberStyle.swedish : NumberStyle.english
            func one(_ figure: Double?) -> String { figure.map { style.shortest($0) + unit } ?? "–" }
            return labelled
                ? pick("K ", "W ") + one(women) + " / M " + one(men) : one(women) + " / " + one(men)
        }

        /// The heading of the column of women's and men's values.
        var genderHeading: String { pick("kvinnor / män", "women / men") }

        /// A target as goald displays it (`≤ 2,5 %`, `Ja`, `not set yet (Uppdateras)`, `qualitative`), in the
        /// table's language, as the report words it.
        func target(_ display: String) -> String {
            let pending = "not set yet"
            switch display {
            case "qualitative": return pick("kvalitativ", "qualitative")
            case "Ja", "Nej": return swedish ? display : display == "Ja" ? "Yes" : "No"
            case _ where display.hasPrefix(pending):
                return pick("Ej fastställt", "Not set") + display.dropFirst(pending.count)
            default: return swedish ? display : NumberStyle.english.restyled(display, from: .swedish)
            }
        }

        /// A provisional value's label, as the report words it: "preliminärt, t.o.m. 20 nov 2026" / "provisional,
        /// through 20 Nov 2026" (`through`: YYYY-MM-DD).
        func provisional(_ through: String) -> String {
            let parts = through.split(separator: "-").compactMap { Int($0) }
            let day =
                parts.count == 3
                ? DayText.short(year: parts[0], month: parts[1], day: parts[2], swedish: swedish) ?? through : through
            return pick("preliminärt, t.o.m. \(day)", "provisional, through \(day)")
        }

        var by: String { pick("av", "by") }
        var at: String { pick("den", "at") }
    }

    /// A value cut to fit a table column (a qualitative text can be long).
    static func clip(_ text: String, to width: Int = 32) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }

    static func arrow(_ trend: String) -> String {
        switch trend {
        case "better": "↑"
        case "worse": "↓"
        default: "→"
        }
    }

    /// A text broken into lines of at most `width` characters at spaces (a longer word stands alone).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                if !line.isEmpty, line.count + 1 + word.count > width {
                    lines.append(line)
                    line = ""
                }
                line += (line.isEmpty ? "" : " ") + word
            }
            lines.append(line)
        }
        return lines
    }

    /// After a judgement's level at an interim period: it judges where the year is heading.
    static func forecast(_ assessment: AssessmentMessage, _ words: Words) -> String {
        assessment.forecast == true ? words.pick(", prognos helår", ", forecast for the year") : ""
    }

    static func tally(_ tally: TallyMessage, words: Words = Words(swedish: false)) -> String {
        var parts = ["\(tally.met) \(words.status("met"))"]
        if tally.partlyMet > 0 { parts.append("\(tally.partlyMet) \(words.status("partlyMet"))") }
        parts += ["\(tally.notMet) \(words.status("notMet"))", "\(tally.noData) \(words.status("noData"))"]
        if tally.targetPending > 0 { parts.append("\(tally.targetPending) \(words.status("targetPending"))") }
        if tally.needsAssessment > 0 { parts.append("\(tally.needsAssessment) \(words.status("needsAssessment"))") }
        if let annual = tally.measuredAnnually, annual > 0 {
            parts.append("\(annual) \(words.status("measuredAnnually"))")
        }
        return parts.joined(separator: ", ") + words.pick(" (av \(tally.total))", " (of \(tally.total))")
    }

    /// One indicator across the region: a row per committee, best first, then the region's own value.
    static func acrossRegion(_ answer: RegionIndicatorMessage, words: Words) -> String {
        let indicator = answer.indicator
        var lines = [
            "\(indicator.id ?? indicator.number) \(indicator.title)  [\(answer.period)"
                + (answer.periodChosen == "latestWithData"
                    ? words.pick(", senaste med utfall", ", the latest with a value") : "")
                + words.pick("; trend mot \(answer.compared)]", "; trend against \(answer.compared)]")
        ]
        let split = (answer.committees + [answer.region].compactMap { $0 }).contains {
            $0.standing.women != nil || $0.standing.men != nil
        }
        func row(_ item: CommitteeIndicatorMessage, label: String) -> [String] {
            let standing = item.standing
            // The region's own follow-up has no plan numbers: its row has none.
            let number = item.committee == CommitteeIndicatorMessage.regionKey ? "" : standing.number
            var cells = [label, number, clip(words.value(standing.display, standing.value))]
            if split {
                cells.append(
                    words.gender(standing.women, standing.men, total: standing.display, standing.value) ?? "")
            }
            let earlier = standing.compared.map { clip(words.value($0.display, $0.value)) } ?? "–"
            cells += [
                words.target(standing.target), words.status(standing.status),
                (standing.trend.map(arrow) ?? " ") + " " + earlier,
            ]
            return cells
        }
        var rows = answer.committees.map { row($0, label: "\($0.committee) \($0.name)") }
        if let own = answer.region {
            rows.append(row(own, label: words.pick("Regionen", "The region") + " (\(own.name))"))
        }
        let header =
            [words.pick("nämnd", "committee"), words.pick("nr", "no."), words.pick("utfall", "value")]
            + (split ? [words.genderHeading] : [])
            + [words.pick("målvärde", "target"), "status", "\(answer.compared.prefix(4))"]
        lines += table(header: header, rows: rows).map { "  " + $0 }
        if !answer.without.isEmpty {
            lines.append(
                words.pick("  utan indikatorn för perioden: ", "  without the indicator for the period: ")
                    + answer.without.map(\.abbreviation).joined(separator: ", "))
        }
        if !answer.withoutPlan.isEmpty {
            lines.append(
                words.pick("  inget svar inläst för perioden: ", "  no answer loaded for the period: ")
                    + answer.withoutPlan.map(\.abbreviation).joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    /// Left-aligned columns, two spaces apart.
    static func table(header: [String], rows: [[String]]) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1
                    ? cell : cell + String(repeating: " ", count: max(0, widths[column] - cell.count))
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
    }
}

// MARK: - Travel

extension Format {
    /// A number the Swedish way, with a fixed count of decimals: a decimal comma and a space between thousands
    /// (1 250,5; -3,2).
    static func number(_ value: Double, decimals: Int) -> String {
        NumberStyle.swedish.fixed(value, decimals: decimals)
    }

    /// A mass of CO2e: kilograms with one decimal below a tonne, tonnes with one decimal from 1 000 kg.
    static func kg(_ value: Double) -> String {
        abs(value) >= 1000 ? number(value / 1000, decimals: 1) + " t" : number(value, decimals: 1) + " kg"
    }

    /// A wire timestamp (ISO 8601 in UTC, `2024-09-12T08:30:00.000Z`) in this machine's local time, to the
    /// minute: `2024-09-12 10:30`. Anything else is shown as it came.
    static func localTime(_ iso: String) -> String {
        let bytes = Array(iso.utf8)
        func digits(_ range: Range<Int>) -> Int32? {
            guard range.upperBound <= bytes.count else { return nil }
            var value: Int32 = 0
            for index in range {
                guard bytes[index] >= 0x30, bytes[index] <= 0x39 else { return nil }
                value = value * 10 + Int32(bytes[index] - 0x30)
            }
            return value
        }
        guard bytes.count >= 20, bytes.last == UInt8(ascii: "Z"), let year = digits(0..<4), let month = digits(5..<7),
            let day = digits(8..<10), let hour = digits(11..<13), let minute = digits(14..<16),
            let second = digits(17..<19)
        else { return iso }
        var utc = tm()
        utc.tm_year = year - 1900
        utc.tm_mon = month - 1
        utc.tm_mday = day
        utc.tm_hour = hour
        utc.tm_min = minute
        utc.tm_sec = second
        var seconds = timegm(&utc)
        var local = tm()
        guard localtime_r(&seconds, &local) != nil else { return iso }
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return
            "\(local.tm_year + 1900)-\(two(local.tm_mon + 1))-\(two(local.tm_mday)) "
            + "\(two(local.tm_hour)):\(two(local.tm_min))"
    }

    static func change(_ percent: Double?) -> String {
        guard let percent else { return "no baseline emissions" }
        return percent >= 0 ? "fell \(number(percent, decimals: 1)) %" : "rose \(number(-percent, decimals: 1)) %"
    }

    /// Whose trips a reduction counts, in words: a unit, a committee with its units, or every unit.
    static func scope(_ reduction: ReductionMessage) -> String {
        if let committee = reduction.committee {
            return "\(committee) (" + (reduction.units ?? []).joined(separator: ", ") + ")"
        }
        return reduction.unit ?? "all units"
    }

    static func reduction(_ reduction: ReductionMessage) -> String {
        let base = reduction.baseline
        let current = reduction.current
        let span = base.through.hasSuffix("12-31") ? "" : " (1 January to \(Format.dayAndMonth(current.through)))"
        var lines = [
            "Business-travel footprint, \(scope(reduction)): \(current.year) against \(base.year)\(span)"
        ]
        let rows = [
            ["", "\(base.year)", "\(current.year)", "", "factor sets"],
            [
                "as reported", kg(reduction.asReported.baselineKgCO2e), kg(reduction.asReported.currentKgCO2e),
                change(reduction.asReported.reductionPercent),
                "\(base.factorSet.factorSet) / \(current.factorSet.factorSet)",
            ],
            [
                "like for like", kg(reduction.likeForLike.baselineKgCO2e), kg(reduction.likeForLike.currentKgCO2e),
                change(reduction.likeForLike.reductionPercent),
                "\(reduction.likeForLike.factorSet ?? "?") for both years",
            ],
            ["trips", "\(base.trips)", "\(current.trips)", "", ""],
        ]
        lines += table(header: rows[0], rows: Array(rows.dropFirst())).map { "  " + $0 }
        if base.kgCO2eLikeForLikeAsReported > 0 || current.kgCO2eLikeForLikeAsReported > 0 {
            lines.append(
                "  like for like, taken as the suppliers reported (trips without a distance): "
                    + "\(kg(base.kgCO2eLikeForLikeAsReported)) / \(kg(current.kgCO2eLikeForLikeAsReported))")
        }
        if let basePerHead = base.kgCO2ePerFte, let currentPerHead = current.kgCO2ePerFte {
            lines.append("  per FTE, as reported: \(kg(basePerHead)) → \(kg(currentPerHead))")
        }
        if let through = reduction.provisionalThrough {
            lines.insert(
                "  PROVISIONAL: \(current.year)'s trips are known only through \(through); both years are "
                    + "compared from 1 January to \(dayAndMonth(through)). Final once the year is imported "
                    + "(or declared complete with `travel import --complete-through`).", at: 1)
        }
        for side in [base, current] where !side.factorSet.yearsOwnSet {
            lines.append("  note: \(side.year) has no factor set of its own; \(side.factorSet.factorSet) stands in")
        }
        if let unmapped = reduction.unmappedUnits, !unmapped.isEmpty {
            lines.append(
                "  note: no committee has the units " + unmapped.map { "\"\($0)\"" }.joined(separator: ", ")
                    + ": counted here, in no committee's figure")
        }
        if !reduction.byMode.isEmpty {
            lines.append("By mode, like for like:")
            let modeRows = reduction.byMode.map { mode in
                [
                    mode.mode, kg(mode.baselineKgCO2eLikeForLike), kg(mode.currentKgCO2eLikeForLike),
                    change(
                        mode.baselineKgCO2eLikeForLike > 0
                            ? (mode.baselineKgCO2eLikeForLike - mode.currentKgCO2eLikeForLike)
                                / mode.baselineKgCO2eLikeForLike * 100
                            : nil),
                ]
            }
            lines += table(header: ["mode", "\(base.year)", "\(current.year)", ""], rows: modeRows).map { "  " + $0 }
        }
        return lines.joined(separator: "\n")
    }

    static func footprint(_ footprint: FootprintMessage, by: String?) -> String {
        var lines = [
            "Business-travel footprint \(footprint.from) to \(footprint.through), \(footprint.unit ?? "all units"): "
                + "\(kg(footprint.total.kgCO2e)) CO2e from \(footprint.total.trips) trips"
        ]
        if footprint.total.reportedTrips > 0 {
            lines.append(
                "  of which reported by suppliers: \(kg(footprint.total.reportedKgCO2e)) "
                    + "from \(footprint.total.reportedTrips) trips"
            )
        }
        lines.append(
            "  factor sets: "
                + footprint.factorSets.map {
                    "\($0.year) \($0.factorSet)" + ($0.yearsOwnSet ? "" : " (stand-in)")
                }.joined(separator: ", "))
        if let by, !footprint.groups.isEmpty {
            let rows = footprint.groups.map { group in
                [
                    group.key, kg(group.kgCO2e), "\(group.trips)", number(group.passengerKm, decimals: 0),
                    group.reportedTrips > 0 ? kg(group.reportedKgCO2e) : "",
                ]
            }
            lines += table(header: [by, "CO2e", "trips", "passenger-km", "reported"], rows: rows).map { "  " + $0 }
        }
        return lines.joined(separator: "\n")
    }

    static func factorSets(_ sets: FactorSetsMessage, set name: String?) -> String {
        if let name {
            guard let set = sets.sets.first(where: { $0.name == name }) else {
                return "no factor set \"\(name)\"; sets: \(sets.sets.map(\.name).joined(separator: ", "))"
            }
            var lines = ["\(set.name): \(set.title)", "  source: \(set.source)", "  \(set.url)"]
            if let note = set.note { lines.append("  \(note)") }
            let rows = set.factors.map { factor in
                [
                    factor.mode, number(factor.kgCO2ePerUnit, decimals: 5), factor.unit,
                    (factor.description ?? "") + (factor.source.map { " (source: \($0))" } ?? ""),
                ]
            }
            lines += table(header: ["mode", "kg CO2e", "per", ""], rows: rows).map { "  " + $0 }
            return lines.joined(separator: "\n")
        }
        var rows = sets.sets.map { set in
            [
                set.name, "\(set.year)",
                set.radiativeForcingIncluded
                    ? "RF ×" + (set.radiativeForcingMultiplier.map { number($0, decimals: 1) } ?? "?") : "no RF",
                set.title + (set.loaded ? " (loaded)" : ""),
            ]
        }
        rows.sort { $0[1] < $1[1] }
        var lines = table(header: ["set", "year", "flights", "title"], rows: rows)
        if let car = sets.privateCarKgPerKm {
            lines.append("car_private: configured \(number(car, decimals: 5)) kg CO2e per km in every set")
        }
        lines.append(
            "Trips of a year use that year's set, else the latest before it (goalctl travel factors SET lists one).")
        return lines.joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
