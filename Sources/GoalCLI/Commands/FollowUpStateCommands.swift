import ArgumentParser
import GoalProtocol

struct Ready: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ready",
        abstract: "Mark a committee's follow-up of a period ready for the committee's decision.",
        discussion: """
            A follow-up is prepared by officials (a draft), marked ready (klarmarkerad) when its values and \
            judgements are in, and decided by the committee at a meeting (`goalctl decide`). Marking it ready \
            changes nothing it holds: values may still be recorded until it is decided. Needs writer permission \
            for the committee (goald.conf writers.RUN, or writers).

            Examples:
              goalctl ready --period 2025-interim
              goalctl --committee HSN ready --period 2025-annual

            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var goalctl: GoalCtl
    var connection: ConnectionOptions { goalctl.connection }

    @Option(
        help: ArgumentHelp("The period: YEAR-interim or YEAR-annual.", valueName: "period"),
        completion: Completions.periods)
    var period: String

    func run() throws {
        try connection.perform(GoalRPC.markReady, MarkReadyRequest(period: period)) { Format.stateChange($0) }
    }
}

struct Decide: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Record the committee's decision of its follow-up of a period: the meeting's date and paragraph.",
        discussion: """
            Once decided, the follow-up of the period is the committee's decision: a new value, judgement or \
            target for it is refused (FAILED_PRECONDITION, naming the decision). A record may still be withdrawn \
            with a reason (`goalctl retract …`): the report lists it as changed after the decision. \
            `goalctl reopen` makes the period a draft again. The report of a decided period says "Beslutad av \
            <nämnd> <datum>, § <paragraf>"; until then every page says UTKAST (DRAFT).

            The follow-up must be marked ready first (`goalctl ready`); the date is the meeting's, on or after the \
            period's last day and not after today. Needs an administrator or the committee's secretaries \
            (goald.conf secretaries.RUN).

            Examples:
              goalctl decide --period 2025-interim --date 2025-10-14 --paragraph 87
              goalctl --committee HSN decide --period 2025-annual --date 2026-02-19 --paragraph "12"

            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var goalctl: GoalCtl
    var connection: ConnectionOptions { goalctl.connection }

    @Option(help: ArgumentHelp("The period decided.", valueName: "period"), completion: Completions.periods)
    var period: String

    @Option(help: ArgumentHelp("The meeting's date, YYYY-MM-DD.", valueName: "date"))
    var date: String

    @Option(help: ArgumentHelp("The paragraph (§) of the minutes, such as 87.", valueName: "paragraph"))
    var paragraph: String

    func run() throws {
        let request = DecideFollowUpRequest(period: period, date: date, paragraph: paragraph)
        try connection.perform(GoalRPC.decideFollowUp, request) { Format.stateChange($0) }
    }
}

struct Reopen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reopen",
        abstract: "Make a ready or decided follow-up of a period a draft again, with the reason.",
        discussion: """
            The decision stays in the history (`goalctl followup states`); the period takes new values again and its \
            report says UTKAST until it is decided anew. A writer of the committee may reopen a follow-up marked \
            ready; a decided one is reopened by an administrator or the committee's secretaries.

            Examples:
              goalctl reopen --period 2025-interim --reason "HME-resultatet rättat av HR"

            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var goalctl: GoalCtl
    var connection: ConnectionOptions { goalctl.connection }

    @Option(help: ArgumentHelp("The period reopened.", valueName: "period"), completion: Completions.periods)
    var period: String

    @Option(help: ArgumentHelp("Why it is reopened; kept in the history.", valueName: "text"))
    var reason: String

    func run() throws {
        let request = ReopenFollowUpRequest(period: period, reason: reason)
        try connection.perform(GoalRPC.reopenFollowUp, request) { Format.stateChange($0) }
    }
}

struct FollowUpGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "followup",
        abstract: "The committee's follow-up as a whole: where each period stands.",
        discussion: """
            Examples:
              goalctl followup states                  (draft, ready or decided, period by period)
              goalctl followup import hr-2025.csv      (every committee's values from one file)
              goalctl ready --period 2025-interim      (officials: the follow-up is ready)
              goalctl decide --period 2025-interim --date 2025-10-14 --paragraph 87

            """ + GoalCtl.sharedOptions,
        subcommands: [FollowUpStates.self, FollowUpImport.self]
    )

    @ParentCommand var goalctl: GoalCtl
}

struct FollowUpStates: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "states",
        abstract: "List where the committee's follow-up of each period stands: draft, ready or decided.",
        discussion: """
            One line a period: its state, the decision in force (the meeting's date and paragraph), how many records \
            were withdrawn after it, and the last change with who made it and when. With --history, every change \
            of state, oldest first (a reopening with its reason).

            Examples:
              goalctl followup states
              goalctl --committee HSN followup states --period 2025-annual --history
              goalctl followup states --json

            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var followUp: FollowUpGroup
    var connection: ConnectionOptions { followUp.goalctl.connection }

    @Option(help: ArgumentHelp("Only this period.", valueName: "period"), completion: Completions.periods)
    var period: String?

    @Flag(help: "Every change of state, not only the last.")
    var history = false

    @OptionGroup var language: LanguageOption

    func run() throws {
        let words = try language.words()
        try connection.perform(GoalRPC.listFollowUpStates, ListFollowUpStatesRequest(period: period)) {
            Format.followUpStates($0, history: history, words: words)
        }
    }
}

extension Format {
    /// One change of state, as `ready`, `decide` and `reopen` answer.
    static func stateChange(_ change: FollowUpStateMessage) -> String {
        let what =
            switch change.state {
            case "ready": "\(change.committee) \(change.period): marked ready for the committee's decision"
            case "decided":
                "\(change.committee) \(change.period): decided \(change.decidedOn ?? "?"), "
                    + "§ \(change.paragraph ?? "?")"
            default: "\(change.committee) \(change.period): reopened, a draft again (\(change.reason ?? ""))"
            }
        return "\(what)  (#\(change.sequence), by \(change.recordedBy))"
    }

    /// Where a period's follow-up stands, in words: "utkast", "klarmarkerad", "beslutad 2025-10-14, § 87".
    static func state(_ note: FollowUpStateNote, words: Words) -> String {
        switch note.state {
        case "ready": return words.pick("klarmarkerad, ej beslutad", "ready, not yet decided")
        case "decided":
            let changed = note.changedAfterDecision ?? 0
            return words.pick("beslutad", "decided") + " \(note.decidedOn ?? "?"), § \(note.paragraph ?? "?")"
                + (changed == 0
                    ? "" : words.pick(" (\(changed) ändrat efter beslut)", " (\(changed) changed after the decision)"))
        default: return words.pick("utkast", "draft")
        }
    }

    static func followUpStates(_ states: FollowUpStatesMessage, history: Bool, words: Words) -> String {
        var rows: [[String]] = []
        for period in states.periods {
            let last = period.changes.last
            rows.append([
                period.period, state(period.current, words: words),
                last.map { "\($0.recordedBy), \(localTime($0.recordedAt))" } ?? "",
            ])
            guard history else { continue }
            for change in period.changes {
                let what =
                    switch change.state {
                    case "ready": words.pick("klarmarkerad", "marked ready")
                    case "decided":
                        words.pick("beslutad", "decided") + " \(change.decidedOn ?? "?"), § \(change.paragraph ?? "?")"
                    default: words.pick("återöppnad: ", "reopened: ") + clip(change.reason ?? "", to: 60)
                    }
                rows.append(["", "  " + what, "\(change.recordedBy), \(localTime(change.recordedAt))"])
            }
        }
        let header = [
            words.pick("period", "period"), words.pick("läge", "state"), words.pick("senast ändrat", "last change"),
        ]
        let title = words.pick("Uppföljningens läge, \(states.committee)", "Follow-up states, \(states.committee)")
        return ([title] + table(header: header, rows: rows)).joined(separator: "\n")
    }
}
