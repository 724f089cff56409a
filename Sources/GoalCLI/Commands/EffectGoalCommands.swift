import ArgumentParser
import GoalProtocol

struct AssessEffectGoal: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess-effect-goal",
        abstract: "Record the region's judgement of one of its effect goals for a period (Regionstyrelsen's).",
        discussion: """
            The effect goals are the region's; each committee judges its own result goals under them \
            (`goalctl assess`), and the region's board judges the effect goal itself. goald never computes that \
            judgement from the committees': `goalctl region status` and `goalctl report --region` show it beside \
            theirs. The period lies in the mandate period the effect goals are set for. Needs writer permission \
            for the board's committee (goald.conf writers.RS), or for every committee.

            ID is the effect goal's stable id (`goalctl committees` lists them). LEVEL is uppfyllt, \
            delvis-uppfyllt or ej-uppfyllt (or the forms `goalctl assess` reads).

            Examples:
              goalctl assess-effect-goal attraktivt-och-hallbart-varmland delvis-uppfyllt --period 2025-annual \\
                --text "Utsläppen från tjänsteresor minskar, men …"
              goalctl retract-effect-goal-assessment attraktivt-och-hallbart-varmland --period 2025-annual \\
                --reason "fel period"

            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var goalctl: GoalCtl
    var connection: ConnectionOptions { goalctl.connection }

    @Argument(
        help: ArgumentHelp("The effect goal's id, such as attraktivt-och-hallbart-varmland.", valueName: "id"),
        completion: Completions.effectGoals)
    var effectGoal: String

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
        let request = RecordEffectGoalAssessmentRequest(
            effectGoal: effectGoal, period: period, level: level, analysis: text)
        try connection.perform(GoalRPC.recordEffectGoalAssessment, request) { assessment in
            "assessed \(assessment.effectGoal) \(assessment.period): \(assessment.level)  "
                + "(#\(assessment.sequence), by \(assessment.recordedBy))"
        }
    }
}

struct RetractEffectGoalAssessment: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retract-effect-goal-assessment",
        abstract: "Withdraw the region's judgement in force for an effect goal and period.",
        discussion: """
            Nothing is deleted: the judgement stays in the store, marked retracted, with who withdrew it, when and \
            why; the judgement recorded before it, if any, is in force again. Needs the same permission as \
            `goalctl assess-effect-goal`.

            Examples:
              goalctl retract-effect-goal-assessment hallbar-organisation --period 2025-interim \\
                --reason "bedömningen gällde helåret"

            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var goalctl: GoalCtl
    var connection: ConnectionOptions { goalctl.connection }

    @Argument(
        help: ArgumentHelp("The effect goal's id.", valueName: "id"), completion: Completions.effectGoals)
    var effectGoal: String

    @Option(
        help: ArgumentHelp("The period whose judgement is withdrawn.", valueName: "period"),
        completion: Completions.periods)
    var period: String

    @Option(help: ArgumentHelp("Why the judgement is withdrawn; kept in the store.", valueName: "text"))
    var reason: String

    func run() throws {
        let request = RetractEffectGoalAssessmentRequest(effectGoal: effectGoal, period: period, reason: reason)
        try connection.perform(GoalRPC.retractEffectGoalAssessment, request) { Format.retraction($0) }
    }
}
