import ArgumentParser
import GoalClient
import GoalProtocol

struct Measure: ParsableCommand {
    static let configuration = CommandConfiguration(
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


            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var goalctl: GoalCtl
    var connection: ConnectionOptions { goalctl.connection }

    @Argument(help: ArgumentHelp("The indicator's key, such as 5.6.3.1.", valueName: "key"))
    var key: String

    /// Every input left after the options, so that a negative number (`-250000`) is a value, not an option.
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp(
        "What the indicator showed: one value; a negative number such as -250000 is a value, not an option.",
        valueName: "value"))
    var values: [String] = []

    var value: String { values.first { $0 != "--" } ?? "" }

    func validate() throws {
        let given = values.filter { $0 != "--" }
        guard given.count == 1 else {
            throw ValidationError(given.isEmpty ? "Missing the value: what the indicator showed, such as 4,2, ja or -250000."
                : "One value at a time; found \(given.map { "\"\($0)\"" }.joined(separator: ", ")). Quote a text with spaces.")
        }
    }

    @Option(help: ArgumentHelp("The period: YEAR-interim (to 31 August) or YEAR-annual.", valueName: "period"))
    var period: String

    @Option(help: "A note to keep with the value.")
    var note: String?

    @Option(help: "Where the figure comes from.")
    var source: String?

    func run() throws {
        try connection.withConnection { client in
            let indicator = try client.call(GoalRPC.getIndicator, GetIndicatorRequest(key: key),
                                            timeout: connection.timeoutDuration).indicator
            let parsed = try ValueParsing.value(value, for: indicator)
            let request = RecordMeasurementRequest(indicator: key, period: period, value: parsed, note: note, source: source)
            try connection.perform(GoalRPC.recordMeasurement, request, on: client) { measurement in
                "recorded \(measurement.indicator) \(measurement.period): \(measurement.display)  "
                    + "(#\(measurement.sequence), by \(measurement.recordedBy))"
            }
        }
    }
}

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List every value recorded for an indicator, oldest first.",
        discussion: "Superseded and retracted values are marked; the last value of each period not retracted is the "
            + "one in force.\n\n"
            + GoalCtl.sharedOptions
    )

    @ParentCommand var goalctl: GoalCtl
    var connection: ConnectionOptions { goalctl.connection }

    @Argument(help: ArgumentHelp("The indicator's key, such as 5.6.3.1.", valueName: "key"))
    var key: String

    @Option(help: ArgumentHelp("Only this period.", valueName: "period"))
    var period: String?

    func run() throws {
        try connection.perform(GoalRPC.listMeasurements, ListMeasurementsRequest(indicator: key, period: period)) {
            Format.history($0)
        }
    }
}

struct Assess: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record the committee's assessment of a result goal for a period.",
        discussion: """
            LEVEL is uppfyllt, delvis-uppfyllt or ej-uppfyllt (or met, partly-met, not-met). \
            The assessment stands beside the indicator tally in `goalctl status`; it is never computed from it.

            Example:
              goalctl assess 5.6.3 delvis-uppfyllt --period 2024-annual --text "Sjukfrånvaron minskar men …"


            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var goalctl: GoalCtl
    var connection: ConnectionOptions { goalctl.connection }

    @Argument(help: ArgumentHelp("The result goal's number, such as 5.6.3.", valueName: "result-goal"))
    var resultGoal: String

    @Argument(help: ArgumentHelp("uppfyllt, delvis-uppfyllt or ej-uppfyllt.", valueName: "level"))
    var level: String

    @Option(help: ArgumentHelp("The period: YEAR-interim or YEAR-annual.", valueName: "period"))
    var period: String

    @Option(help: ArgumentHelp("The analysis behind the level.", valueName: "text"))
    var text: String

    func run() throws {
        let request = RecordAssessmentRequest(resultGoal: resultGoal, period: period, level: level, analysis: text)
        try connection.perform(GoalRPC.recordAssessment, request) { assessment in
            "assessed \(assessment.resultGoal) \(assessment.period): \(assessment.level)  "
                + "(#\(assessment.sequence), by \(assessment.recordedBy))"
        }
    }
}

struct SetTarget: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "target",
        abstract: "Set an indicator's target value; the old target stays in its history.",
        discussion: """
            VALUE is a number for numeric targets, ja/nej for yes/no questions. \
            `goalctl indicator KEY` shows the target history.

            Example (the pending target of 5.6.4.1, "Uppdateras" in the source):
              goalctl target 5.6.4.1 20 --direction at-least


            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var goalctl: GoalCtl
    var connection: ConnectionOptions { goalctl.connection }

    @Argument(help: ArgumentHelp("The indicator's key, such as 5.6.4.1.", valueName: "key"))
    var key: String

    @Argument(help: ArgumentHelp("The new target value.", valueName: "value"))
    var value: String

    @Option(help: ArgumentHelp("at-least (≥) or at-most (≤); default: keep the current one.", valueName: "direction"))
    var direction: String?

    func validate() throws {
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
            let indicator = try client.call(GoalRPC.getIndicator, GetIndicatorRequest(key: key),
                                            timeout: connection.timeoutDuration).indicator
            if indicator.target.kind == "qualitative" {
                throw ValueError(message: "\(indicator.number) is qualitative and has no target value")
            }
            let parsed = try ValueParsing.value(value, for: indicator)
            let request = SetTargetRequest(indicator: key, value: parsed, direction: direction.flatMap(Self.direction))
            try connection.perform(GoalRPC.setTarget, request, on: client) { change in
                "target of \(change.indicator): \(change.target.display)  (was \(change.previous.display); "
                    + "#\(change.sequence), by \(change.recordedBy))"
            }
        }
    }
}

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Where the plan stands for a period: each goal's assessment and indicator tally.",
        discussion: """
            Without --period, the latest period with data. Each result goal shows the committee's assessment \
            (if recorded) beside its indicator tally; the indicators that miss their target are listed last.

            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var goalctl: GoalCtl
    var connection: ConnectionOptions { goalctl.connection }

    @Option(help: ArgumentHelp("The period: YEAR-interim or YEAR-annual.", valueName: "period"))
    var period: String?

    func run() throws {
        try connection.perform(GoalRPC.getStatus, GetStatusRequest(period: period)) { Format.status($0) }
    }
}

struct Retract: ParsableCommand {
    static let configuration = CommandConfiguration(
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

    @Argument(help: ArgumentHelp("The indicator's key, such as 5.6.3.1.", valueName: "key"))
    var key: String

    @Option(help: ArgumentHelp("The period whose value is withdrawn: YEAR-interim or YEAR-annual.", valueName: "period"))
    var period: String

    @Option(help: ArgumentHelp("Why the value is withdrawn; kept in the history.", valueName: "text"))
    var reason: String

    func run() throws {
        try connection.perform(GoalRPC.retractMeasurement,
                               RetractMeasurementRequest(indicator: key, period: period, reason: reason)) {
            Format.retraction($0)
        }
    }
}

struct RetractAssessment: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retract-assessment",
        abstract: "Withdraw the assessment in force for a result goal and period.",
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

    @Argument(help: ArgumentHelp("The result goal's number, such as 5.6.3.", valueName: "result-goal"))
    var resultGoal: String

    @Option(help: ArgumentHelp("The period whose assessment is withdrawn.", valueName: "period"))
    var period: String

    @Option(help: ArgumentHelp("Why the assessment is withdrawn; kept in the store.", valueName: "text"))
    var reason: String

    func run() throws {
        try connection.perform(GoalRPC.retractAssessment,
                               RetractAssessmentRequest(resultGoal: resultGoal, period: period, reason: reason)) {
            Format.retraction($0)
        }
    }
}

struct Assessments: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List every assessment of a result goal, oldest first, with its analysis.",
        discussion: "Superseded and retracted assessments are marked; the last one of each period not retracted is "
            + "the one in force.\n\n" + GoalCtl.sharedOptions
    )

    @ParentCommand var goalctl: GoalCtl
    var connection: ConnectionOptions { goalctl.connection }

    @Argument(help: ArgumentHelp("The result goal's number, such as 5.6.3.", valueName: "result-goal"))
    var resultGoal: String

    @Option(help: ArgumentHelp("Only this period.", valueName: "period"))
    var period: String?

    func run() throws {
        try connection.perform(GoalRPC.listAssessments, ListAssessmentsRequest(resultGoal: resultGoal, period: period)) {
            Format.assessments($0)
        }
    }
}
