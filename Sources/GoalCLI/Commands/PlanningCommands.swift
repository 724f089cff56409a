import ArgumentParser
import GoalClient
import GoalNumbers
import GoalProtocol

struct Answer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "answer",
        abstract: "A committee's answer to the planning directive: hand it in, record its decision.",
        discussion: """
            Every spring the region's planning directive asks each committee for its answer for the next plan \
            period, by a date: some first preliminarily, then decided by the committee. The model holds the \
            directive's dates (directives); `goalctl planning status` shows where every committee stands.

            Examples:
              goalctl --committee RUN answer submit --plan 2024-2026 --date 2023-04-17
              goalctl --committee RUN answer decide --plan 2024-2026 --date 2023-05-15 --paragraph 45
              goalctl --committee RUN answer render --plan 2024-2026 --output svar.html

            """ + GoalCtl.sharedOptions,
        subcommands: [AnswerSubmit.self, AnswerDecide.self, AnswerRender.self]
    )

    @ParentCommand var goalctl: GoalCtl
}

struct AnswerSubmit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Hand in the committee's preliminary answer to the planning directive.",
        discussion: """
            The directive's rules are checked on the committee's answer in the model and printed: each result goal \
            under exactly one effect goal and within the plan period (errors, which goald refuses to load), and \
            1–3 of the committee's own result goals per effect goal (a warning; the goals common to every \
            committee do not count). Needs writer permission for the committee.

            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var answer: Answer
    var connection: ConnectionOptions { answer.goalctl.connection }

    @Option(
        help: ArgumentHelp(
            "The plan period answered for, such as 2024-2026 (default: the latest directive's).",
            valueName: "first-last"))
    var plan: String?

    @Option(help: ArgumentHelp("The day it was handed in, YYYY-MM-DD (default: today).", valueName: "date"))
    var date: String?

    func run() throws {
        try connection.perform(GoalRPC.submitAnswer, SubmitAnswerRequest(plan: plan, date: date)) {
            Format.answer($0)
        }
    }
}

struct AnswerDecide: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Record the committee's decision of its answer to the planning directive.",
        discussion: """
            Recorded by an administrator or the committee's secretaries (goald.conf secretaries.RUN). A committee \
            the directive asks no preliminary answer of (RS, PN, KSN, HMN in 2023) hands in its decided answer \
            alone.

            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var answer: Answer
    var connection: ConnectionOptions { answer.goalctl.connection }

    @Option(help: ArgumentHelp("The plan period answered for, such as 2024-2026.", valueName: "first-last"))
    var plan: String?

    @Option(help: ArgumentHelp("The meeting's date, YYYY-MM-DD (default: today).", valueName: "date"))
    var date: String?

    @Option(help: ArgumentHelp("The paragraph (§) of the minutes, such as 45.", valueName: "paragraph"))
    var paragraph: String

    func run() throws {
        let request = DecideAnswerRequest(plan: plan, date: date, paragraph: paragraph)
        try connection.perform(GoalRPC.decideAnswer, request) { Format.answer($0) }
    }
}

struct AnswerRender: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract:
            "Write the committee's answer to the planning directive as one HTML file (Svar på planeringsdirektiv).",
        discussion: """
            The document the directive asks for, generated from what goald holds: the directive's introduction \
            with its deadlines, the committee's assignment, steering documents, opportunities and challenges, its \
            result goals and indicators with their targets under each of the region's effect goals, the plan for \
            follow-up, budget, investments and premises, and the region's explanatory texts of the effect goals as \
            its appendix. In Swedish; it prints on A4. Whether it is handed in or decided is said under its title.

            Examples:
              goalctl --committee RUN answer render --plan 2024-2026 --output svar.html
              goalctl answer render > svar.html

            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var answer: Answer
    var connection: ConnectionOptions { answer.goalctl.connection }

    @Option(
        help: ArgumentHelp(
            "The plan period answered for, such as 2024-2026 (default: the latest answer).",
            valueName: "first-last"))
    var plan: String?

    @Option(
        help: ArgumentHelp("The file to write; - or none: standard output.", valueName: "file"),
        completion: .file())
    var output: String?

    func run() throws {
        let request = RenderAnswerRequest(plan: plan)
        try connection.withConnection { client in
            let document = try client.call(
                GoalRPC.renderAnswer, connection.scoped(request), timeout: connection.timeoutDuration)
            guard let output, output != "-" else {
                if connection.json {
                    Output.write(try Output.json(document))
                } else {
                    Output.writeDocument(document.content)
                }
                return
            }
            let content = Array(document.content.utf8)
            try Report.writeWhole(content, to: output)
            if connection.json {
                Output.write(
                    try Output.json(
                        Report.Written(
                            path: output, bytes: content.count, period: document.period,
                            periodChosen: document.periodChosen, language: document.language, format: document.format,
                            mediaType: document.mediaType)))
            } else {
                Output.write("wrote \(output): the answer for \(document.period), \(content.count) bytes")
            }
        }
    }
}

struct Planning: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "planning",
        abstract: "The planning calendar: where every committee's answer to the directive stands.",
        discussion: """
            Examples:
              goalctl planning status                     (today, the latest directive)
              goalctl planning status --on 2023-05-01 --plan 2024-2026

            """ + GoalCtl.sharedOptions,
        subcommands: [PlanningStatus.self]
    )

    @ParentCommand var goalctl: GoalCtl
}

struct PlanningStatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "List every committee's answer to the planning directive: due, overdue, handed in, decided.",
        discussion: """
            A committee is overdue once a deadline has passed with nothing handed in for it: the preliminary \
            answer's, or the decided one's. With --on, the deadlines are judged on that day, and answers handed in \
            after it do not count.

            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var planning: Planning
    var connection: ConnectionOptions { planning.goalctl.connection }

    @Option(help: ArgumentHelp("The plan period of the directive, such as 2024-2026.", valueName: "first-last"))
    var plan: String?

    @Option(help: ArgumentHelp("The day to judge the deadlines on, YYYY-MM-DD (default: today).", valueName: "date"))
    var on: String?

    @OptionGroup var language: LanguageOption

    func run() throws {
        let words = try language.words()
        try connection.perform(GoalRPC.getPlanning, GetPlanningRequest(plan: plan, on: on)) {
            Format.planning($0, words: words)
        }
    }
}

extension Format {
    static func answer(_ answer: AnswerMessage) -> String {
        let what =
            answer.state == "decided"
            ? "\(answer.committee)'s answer for \(answer.plan): decided \(answer.on), § \(answer.paragraph ?? "?")"
            : "\(answer.committee)'s answer for \(answer.plan): handed in preliminarily \(answer.on)"
        var lines = ["\(what)  (#\(answer.sequence), by \(answer.recordedBy))"]
        for problem in answer.problems {
            lines.append("  \(problem.severity): \(problem.path): \(problem.message)")
        }
        if answer.problems.isEmpty { lines.append("  the directive's rules hold for the answer") }
        return lines.joined(separator: "\n")
    }

    /// "11 maj" / "11 May": a deadline's day, the directive's year understood.
    static func deadline(_ text: String?, words: Words) -> String {
        let parts = text?.split(separator: "-").compactMap { Int($0) } ?? []
        guard let text, parts.count == 3 else { return text ?? "" }
        return DayText.short(year: parts[0], month: parts[1], day: parts[2], swedish: words.swedish, withYear: false)
            ?? text
    }

    /// Where an answer stands, in words: "ej inlämnat, senast 11 maj", "försenat: beslutat svar senast 25 apr".
    static func standing(_ standing: AnswerStandingMessage, words: Words) -> String {
        let preliminaryDue = standing.preliminaryDue.map { deadline($0, words: words) }
        let decidedDue = standing.decidedDue.map { deadline($0, words: words) }
        switch standing.state {
        case "decided":
            return words.pick("beslutat", "decided") + " \(deadline(standing.decidedOn, words: words))"
                + (standing.paragraph.map { ", § \($0)" } ?? "")
        case "preliminary":
            return words.pick("preliminärt inlämnat", "handed in preliminarily")
                + " \(deadline(standing.submittedOn, words: words))"
                + (decidedDue.map { words.pick("; beslutat senast \($0)", "; decided by \($0)") } ?? "")
        case "overdue":
            let missed = deadline(standing.missed, words: words)
            let which =
                standing.missed == standing.preliminaryDue
                ? words.pick("preliminärt svar", "the preliminary answer")
                : words.pick("beslutat svar", "the decided answer")
            return words.pick("försenat: \(which) senast \(missed)", "overdue: \(which) due \(missed)")
        default:
            guard let decidedDue else { return words.pick("ej inlämnat", "not handed in") }
            if let preliminaryDue {
                return words.pick(
                    "ej inlämnat, preliminärt senast \(preliminaryDue), beslutat senast \(decidedDue)",
                    "not handed in, preliminary due \(preliminaryDue), decided due \(decidedDue)")
            }
            return words.pick("ej inlämnat, senast \(decidedDue)", "not handed in, due \(decidedDue)")
        }
    }

    static func planning(_ planning: PlanningMessage, words: Words) -> String {
        let rows = planning.committees.map { committee in
            [committee.committee, standing(committee, words: words), committee.name]
        }
        let period = "\(planning.planFirstYear)–\(planning.planLastYear)"
        let title =
            (planning.title.contains(period) ? planning.title : "\(planning.title) (\(period))") + ", "
            + words.pick("läget \(planning.on)", "as of \(planning.on)")
        return ([title] + table(header: ["", words.pick("svar", "answer"), ""], rows: rows)).joined(separator: "\n")
    }
}
