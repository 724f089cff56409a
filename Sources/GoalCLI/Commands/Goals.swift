import ArgumentParser
import GoalProtocol

struct Goals: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "goals",
        abstract: "Print the goal model as a tree: effect goals, result goals, indicators and targets.",
        discussion:
            "Each line starts with the source's numbering (5.3, 5.3.1, 5.3.1.1); indicators end with their target.\n\n"
            + GoalCtl.sharedOptions
    )

    @ParentCommand var goalctl: GoalCtl
    var connection: ConnectionOptions { goalctl.connection }

    @Flag(
        help: ArgumentHelp(
            "Also print each goal's and indicator's stable id, and the explanatory text, strategy links and Agenda "
                + "2030 goals of each effect goal."))
    var verbose = false

    func run() throws {
        try connection.perform(GoalRPC.getPlan, GetPlanRequest()) { plan in
            Format.tree(plan, verbose: verbose)
        }
    }
}
