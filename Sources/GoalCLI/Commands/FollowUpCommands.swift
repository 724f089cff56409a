import ArgumentParser
import GoalClient
import GoalProtocol

struct Measure: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measure",
        abstract: "Record what an indicator showed for a period.",
        discussion: """
            VALUE takes the indicator's kind: a number for percentages, indices and amounts \
            (4,2 or 4.2; a trailing % is fine), ja/nej for yes/no questions, a text for qualitative follow-ups. \
            A new value for the same indicator and period supersedes the old one; `goalctl history` keeps both.

            Examples:
              goalctl measure 5.6.3.1 4,2 --period 2024-annual --source "HR-systemet"
              goalctl measure 5.3.1.5 ja --period 2024-interim
              goalctl measure 5.4.2.1 "Stöd till 42 företag, varav …" --period 2024-annual
              goalctl measure 5.6.1.1 -250000 --period 2024-annual
              goalctl measure 5.6.3.1 6,41 --women 7,06 --men 4,9 --period 2025-annual
              goalctl measure sjukfranvarokvot 6,1 --women 6,9 --men 4,2 --period 2025-annual --region

            An indicator split by women and men (`goalctl indicator KEY` says so) takes the total as VALUE and, \
            beside it, --women and --men: each its own figure (sick leave is weighted by hours, so the total is \
            not their mean); the status is judged on the total.


            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var goalctl: GoalCtl
    var connection: ConnectionOptions { goalctl.connection }

    @Argument(
        help: ArgumentHelp("The indicator's key, such as 5.6.3.1.", valueName: "key"),
        completion: Completions.indicators)
    var key: String

    /// Every input left after the options, so that a negative number (`-250000`) is a value, not an option.
    @Argument(
        parsing: .allUnrecognized,
        help: ArgumentHelp(
            "What the indicator showed: one value; a negative number such as -250000 is a value, not an option.",
            valueName: "value"))
    var values: [String] = []

    var value: String { values.first { $0 != "--" } ?? "" }

    func validate() throws {
        let given = values.filter { $0 != "--" }
        guard given.count == 1 else {
            throw ValidationError(
                given.isEmpty
                    ? "Missing the value: what the indicator showed, such as 4,2, ja or -250000."
                    : "One value at a time; found \(given.map { "\"\($0)\"" }.joined(separator: ", ")). "
                        + "Quote a text with spaces."
            )
        }
    }

    @Option(
        help: ArgumentHelp("The period: YEAR-interim (to 31 August) or YEAR-annual.", valueName: "period"),
        completion: Completions.periods)
    var period: String

    @Option(help: "A note to keep with the value.")
    var note: String?

    @Option(help: "Where the figure comes from.")
    var source: String?

    @Option(
        help: ArgumentHelp(
            "Women's value beside the total, for an indicator split by women and men (7,06 or 7.06).",
            valueName: "number"))
    var women: String?

    @Option(help: ArgumentHelp("Men's value beside the total, as --women.", valueName: "number"))
    var men: String?

    @Flag(
        help: ArgumentHelp(
            "The region's own value of one of its indicators (by its id): its own figure, never the committees' "
                + "mean."))
    var region = false

    /// A --women or --men figure as a number.
    private static func figure(_ text: String?, option: String) throws -> Double? {
        guard let text else { return nil }
        guard let number = ValueParsing.number(text) else {
            throw ValidationError("--\(option): expected a number such as 7,06 or 7.06, found \"\(text)\".")
        }
        return number
    }

    func run() throws {
        let women = try Self.figure(women, option: "women")
        let men = try Self.figure(men, option: "men")
        if region, connection.committeeName != nil {
            throw ValidationError("--region and --committee: a value is the region's own or a committee's; give one.")
        }
        try connection.withConnection { client in
            var ask = GetIndicatorRequest(key: key)
            ask.region = region ? true : nil
            let indicator = try client.call(
                GoalRPC.getIndicator, connection.scoped(ask), timeout: connection.timeoutDuration
            ).indicator
            let parsed = try ValueParsing.value(value, for: indicator)
            var request = RecordMeasurementRequest(
                indicator: key, period: period, value: parsed, note: note, source: source)
            request.women = women
            request.men = men
            request.region = region ? true : nil
            try connection.perform(GoalRPC.recordMeasurement, request, on: client) { measurement in
                // In the Swedish forms of the total's display.
                let words = Format.Words(swedish: true)
                let split =
                    words.gender(measurement.women, measurement.men, total: measurement.display, measurement.value)
                    .map { " (women / men: \($0))" } ?? ""
                return "recorded \(measurement.indicator) \(measurement.period): \(measurement.display)\(split)  "
                    + "(#\(measurement.sequence), by \(measurement.recordedBy))"
            }
        }
    }
}

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List every value recorded for an indicator, oldest first.",
        discussion: "Superseded and retracted values are marked; the last value of each period not retracted is the "
            + "one in force.\n\n"
            + GoalCtl.sharedOptions
    )

    @ParentCommand var goalctl: GoalCtl
    var connection: ConnectionOptions { goalctl.connection }

    @Argument(
        help: ArgumentHelp("The indicator's key, such as 5.6.3.1.", valueName: "key"),
        completion: Completions.indicators)
    var key: String

    @Option(help: ArgumentHelp("Only this period.", valueName: "period"), completion: Completions.periods)
    var period: String?

    @Flag(help: "The region's own values of one of its indicators (by its id).")
    var region = false

    @OptionGroup var language: LanguageOption

    func run() throws {
        let words = try language.words()
        var request = ListMeasurementsRequest(indicator: key, period: period)
        request.region = region ? true : nil
        try connection.perform(GoalRPC.listMeasurements, request) {
            Format.history($0, words: words)
        }
    }
}

struct Assess: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Record the committee's assessment of a result goal, or of a qualitative indicator, for a period.",
        discussion: """
            LEVEL is uppfyllt, delvis-uppfyllt or ej-uppfyllt (also uppnått/uppnatt, delvis-uppnått, \
            ej-uppnått, the region's Uppnåtts, "Delvis uppnåtts", "Ej uppnåtts", or met, partly-met, not-met; case \
            and diacritics do not matter). \
            A result goal's assessment stands beside its indicator tally in `goalctl status`; it is never computed \
            from it. A qualitative indicator (such as 5.4.2.1) has no target to measure against: the committee's \
            judgement is its status (uppfyllt counts as met, delvis uppfyllt as partly met, ej uppfyllt as not met) \
            and closes "to assess".

            Examples:
              goalctl assess 5.6.3 delvis-uppfyllt --period 2024-annual --text "Sjukfrånvaron minskar men …"
              goalctl assess 5.4.2.1 uppnatt --period 2024-annual --text "Stödet nådde 42 företag …"


            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var goalctl: GoalCtl
    var connection: ConnectionOptions { goalctl.connection }

    @Argument(
        help: ArgumentHelp(
            "A result goal's number, such as 5.6.3, or a qualitative indicator's key, such as "
                + "5.4.2.1.", valueName: "subject"), completion: Completions.subjects)
    var subject: String

    @Argument(
        help: ArgumentHelp("uppfyllt, delvis-uppfyllt or ej-uppfyllt.", valueName: "level"),
        completion: Completions.levels)
    var level: String

    @Option(
        help: ArgumentHelp("The period: YEAR-interim or YEAR-annual.", valueName: "period"),
        completion: Completions.periods)
    var period: String

    @Option(help: ArgumentHelp("The analysis behind the level.", valueName: "text"))
    var text: String

    func run() throws {
        try connection.withConnection { client in
            let isIndicator = try AssessmentSubject.isIndicator(subject, client: client, connection: connection)
            let request = RecordAssessmentRequest(
                resultGoal: isIndicator ? nil : subject,
                indicator: isIndicator ? subject : nil, period: period,
                level: level, analysis: text)
            try connection.perform(GoalRPC.recordAssessment, request, on: client) { assessment in
                "assessed \(assessment.indicator ?? assessment.resultGoal) \(assessment.period): \(assessment.level)  "
                    + "(#\(assessment.sequence), by \(assessment.recordedBy))"
            }
        }
    }
}

/// Whether what an assessment names is an indicator of the plan (else it is taken as a result goal).
enum AssessmentSubject {
    static func isIndicator(_ subject: String, client: GoalConnection, connection: ConnectionOptions) throws -> Bool {
        do {
            _ = try client.call(
                GoalRPC.getIndicator, connection.scoped(GetIndicatorRequest(key: subject)),
                timeout: connection.timeoutDuration)
            return true
        } catch let error as RPCError where error.code == .notFound || error.code == .invalidArgument {
            return false
        }
    }
}

struct SetTarget: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "target",
        abstract: "Set an indicator's target value in force from a period on; the old target stays in force before.",
        discussion: """
            VALUE is a number for numeric targets, ja/nej for yes/no questions. \
            The target is in force from --from on, until a target set from a later period; every evaluation \
            (status, the report) judges a period by the target in force for it, so a closed report keeps the \
            target it was judged by. Without --from, the first period not yet closed (a period closes when it \
            ends: 31 August, 31 December); the answer says which. \
            `goalctl indicator KEY` shows the target history and the target in force for each period.

            A target from a closed period changes a report that may be published: goald refuses it unless \
            --reason says why, and the report of every period it changes then says "målvärdet ändrat efter \
            periodens slut" with the reason. `goalctl retract-target` withdraws a change made by mistake.

            Examples:
              goalctl target 5.6.4.1 20 --direction at-least       (the pending target, "Uppdateras" in the source)
              goalctl target 5.6.2.1 78 --from 2025-interim
              goalctl target 5.6.3.4 90 --from 2024-annual --reason "RS beslut 2025-03-12 § 41"
              goalctl target sjukfranvarokvot 5,5 --from 2026-interim --region

            One of the region's indicators (sjukfrånvarokvot, HME … in the built-in model: `goalctl indicator KEY` \
            says "region indicator") has the region's target, the same for every committee: a committee cannot \
            change it. With --region, writers of every committee set it by its id, from an open period on, for \
            every committee that uses it; never for a closed period, nor one a committee has decided.


            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var goalctl: GoalCtl
    var connection: ConnectionOptions { goalctl.connection }

    @Argument(
        help: ArgumentHelp("The indicator's key, such as 5.6.4.1.", valueName: "key"),
        completion: Completions.indicators)
    var key: String

    @Argument(help: ArgumentHelp("The new target value.", valueName: "value"))
    var value: String

    @Option(
        help: ArgumentHelp("at-least (≥) or at-most (≤); default: keep the current one.", valueName: "direction"),
        completion: Completions.directions)
    var direction: String?

    @Option(
        help: ArgumentHelp(
            "The first period the target is in force for; default: the first period not yet "
                + "closed.", valueName: "period"), completion: Completions.periods)
    var from: String?

    @Option(
        help: ArgumentHelp(
            "Why the target is changed; needed for a period that has closed, and printed in its "
                + "report.", valueName: "text"))
    var reason: String?

    @Flag(help: "The region's target of one of its indicators, for every committee that uses it (by its id).")
    var region = false

    func validate() throws {
        if region, connection.committeeName != nil {
            throw ValidationError("--region and --committee: the region's target is every committee's; give one.")
        }
        if let direction, Self.direction(direction) == nil {
            throw ValidationError("--direction must be at-least or at-most, not \"\(direction)\".")
        }
    }

    static func direction(_ text: String) -> String? {
        switch text.lowercased() {
        case "at-least", "atleast", ">=", "≥": "atLeast"
        case "at-most", "atmost", "<=", "≤": "atMost"
        default: nil
        }
    }

    func run() throws {
        try connection.withConnection { client in
            var ask = GetIndicatorRequest(key: key)
            ask.region = region ? true : nil
            let indicator = try client.call(
                GoalRPC.getIndicator, connection.scoped(ask), timeout: connection.timeoutDuration
            ).indicator
            if indicator.target.kind == "qualitative" {
                throw ValueError(message: "\(indicator.number) is qualitative and has no target value")
            }
            let parsed = try ValueParsing.value(value, for: indicator)
            var request = SetTargetRequest(
                indicator: key, value: parsed, direction: direction.flatMap(Self.direction),
                from: from, reason: reason)
            request.region = region ? true : nil
            try connection.perform(GoalRPC.setTarget, request, on: client) { change in
                let why = change.fromChosen == "firstOpen" ? " (the first period not yet closed)" : ""
                return "target of \(change.indicator): \(change.target.display) in force from \(change.from)\(why) on; "
                    + "was \(change.previous.display)  (#\(change.sequence), by \(change.recordedBy))"
            }
        }
    }
}

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Where the plan stands for a period: each goal's assessment, its analysis, and every indicator.",
        discussion: """
            Without --period, the latest period with data. Each result goal shows the committee's assessment \
            (if recorded) with its author and analysis beside its indicator tally, then each indicator's value, \
            the target in force for the period and the status; the indicators that miss their target are \
            listed last. With --compare, each indicator also shows its value in that period and a trend arrow: \
            ↑ better, → unchanged, ↓ worse, judged by the target's direction (for a qualitative indicator, \
            by the committee's judgement).

            Examples:
              goalctl status --period 2025-annual --compare last-year
              goalctl status --period 2025-annual --compare 2025-interim

            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var goalctl: GoalCtl
    var connection: ConnectionOptions { goalctl.connection }

    @Option(
        help: ArgumentHelp("The period: YEAR-interim or YEAR-annual.", valueName: "period"),
        completion: Completions.periods)
    var period: String?

    @OptionGroup var language: LanguageOption

    @Option(
        help: ArgumentHelp(
            "A period to compare with, or last-year for the same period a year earlier.",
            valueName: "period"), completion: Completions.comparePeriods)
    var compare: String?

    func run() throws {
        let words = try language.words()
        let compared = compare.map {
            ["last-year", "lastyear", "year-earlier"].contains($0.lowercased()) ? "yearEarlier" : $0
        }
        try connection.perform(GoalRPC.getStatus, GetStatusRequest(period: period, compare: compared)) {
            Format.status($0, words: words)
        }
    }
}

struct Retract: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retract",
        abstract: "Withdraw the value in force for an indicator and period (recorded by mistake).",
        discussion: """
            Nothing is deleted: `goalctl history KEY` keeps the value, marked retracted, with who withdrew it, \
            when and why. Status, the derived indicators and the latest period with data then behave as if it had \
            not been recorded: a value recorded before it for the same period is in force again. Needs writer \
            permission.

            Examples:
              goalctl retract 5.6.3.1 --period 2025-annual --reason "recorded for the wrong year"

            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var goalctl: GoalCtl
    var connection: ConnectionOptions { goalctl.connection }

    @Argument(
        help: ArgumentHelp("The indicator's key, such as 5.6.3.1.", valueName: "key"),
        completion: Completions.indicators)
    var key: String

    @Option(
        help: ArgumentHelp("The period whose value is withdrawn: YEAR-interim or YEAR-annual.", valueName: "period"),
        completion: Completions.periods)
    var period: String

    @Option(help: ArgumentHelp("Why the value is withdrawn; kept in the history.", valueName: "text"))
    var reason: String

    func run() throws {
        try connection.perform(
            GoalRPC.retractMeasurement,
            RetractMeasurementRequest(indicator: key, period: period, reason: reason)
        ) {
            Format.retraction($0)
        }
    }
}

struct RetractTarget: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retract-target",
        abstract: "Withdraw the target change in force from a period (made by mistake).",
        discussion: """
            The target in force before the change is in force again from that period on. Nothing is deleted: \
            `goalctl indicator KEY` keeps the change in its target history, marked retracted, with who withdrew it, \
            when and why. Needs writer permission.

            Examples:
              goalctl retract-target 5.6.3.4 --from 2024-annual --reason "set for the wrong period"
              goalctl retract-target sjukfranvarokvot --from 2026-interim --region --reason "fel år"

            A target the region set for one of its indicators is withdrawn by the region alone: with --region, \
            writers of every committee withdraw it by the indicator's id, for every committee that uses it, from \
            an open period (never a closed one, nor one a committee has decided). A committee cannot withdraw it \
            for itself.

            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var goalctl: GoalCtl
    var connection: ConnectionOptions { goalctl.connection }

    @Argument(
        help: ArgumentHelp("The indicator's key, such as 5.6.3.4.", valueName: "key"),
        completion: Completions.indicators)
    var key: String

    @Option(
        help: ArgumentHelp(
            "The period the change is in force from: YEAR-interim or YEAR-annual.",
            valueName: "period"), completion: Completions.periods)
    var from: String

    @Option(help: ArgumentHelp("Why the change is withdrawn; kept in the history.", valueName: "text"))
    var reason: String

    @Flag(help: "Withdraw the region's target of one of its indicators, for every committee that uses it (by its id).")
    var region = false

    func validate() throws {
        if region, connection.committeeName != nil {
            throw ValidationError("--region and --committee: the region's target is every committee's; give one.")
        }
    }

    func run() throws {
        let request = RetractTargetRequest(indicator: key, from: from, reason: reason, region: region ? true : nil)
        try connection.perform(GoalRPC.retractTarget, request) { Format.retraction($0) }
    }
}

struct RetractAssessment: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retract-assessment",
        abstract: "Withdraw the assessment in force for a result goal (or qualitative indicator) and period.",
        discussion: """
            Nothing is deleted: the assessment stays in the store, marked retracted, with who withdrew it, when \
            and why; status shows the result goal as not assessed (or the assessment recorded before it). Needs \
            writer permission.

            Examples:
              goalctl retract-assessment 5.6.3 --period 2024-annual --reason "the analysis belongs to 5.6.2"

            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var goalctl: GoalCtl
    var connection: ConnectionOptions { goalctl.connection }

    @Argument(
        help: ArgumentHelp(
            "A result goal's number, such as 5.6.3, or a qualitative indicator's key.",
            valueName: "subject"), completion: Completions.subjects)
    var subject: String

    @Option(
        help: ArgumentHelp("The period whose assessment is withdrawn.", valueName: "period"),
        completion: Completions.periods)
    var period: String

    @Option(help: ArgumentHelp("Why the assessment is withdrawn; kept in the store.", valueName: "text"))
    var reason: String

    func run() throws {
        try connection.withConnection { client in
            let isIndicator = try AssessmentSubject.isIndicator(subject, client: client, connection: connection)
            let request = RetractAssessmentRequest(
                resultGoal: isIndicator ? nil : subject,
                indicator: isIndicator ? subject : nil, period: period,
                reason: reason)
            try connection.perform(GoalRPC.retractAssessment, request, on: client) { Format.retraction($0) }
        }
    }
}

struct Assessments: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assessments",
        abstract:
            "List every assessment of a result goal and of its qualitative indicators, oldest first, "
            + "with its analysis.",
        discussion: "Superseded and retracted assessments are marked; the last one of each period not retracted is "
            + "the one in force.\n\n" + GoalCtl.sharedOptions
    )

    @ParentCommand var goalctl: GoalCtl
    var connection: ConnectionOptions { goalctl.connection }

    @Argument(
        help: ArgumentHelp("The result goal's number, such as 5.6.3.", valueName: "result-goal"),
        completion: Completions.resultGoals)
    var resultGoal: String

    @Option(help: ArgumentHelp("Only this period.", valueName: "period"), completion: Completions.periods)
    var period: String?

    func run() throws {
        try connection.perform(GoalRPC.listAssessments, ListAssessmentsRequest(resultGoal: resultGoal, period: period))
        {
            Format.assessments($0)
        }
    }
}

/// `--lang sv|en`: the language of a table's words, as the report has them.
struct LanguageOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "sv or en: the table's words, statuses and judgements as the report has them "
                + "(default: sv when the environment's language, LC_ALL, LC_MESSAGES or LANG, is Swedish, else en).",
            valueName: "language"), completion: Completions.languages)
    var lang: String?

    func validate() throws { _ = try words() }

    func words() throws -> Format.Words { try Format.Words(lang: lang) }
}
