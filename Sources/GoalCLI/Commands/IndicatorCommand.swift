import ArgumentParser
import GoalProtocol

struct IndicatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicator",
        abstract: "Show one indicator: its target and the goals above it.",
        discussion: "KEY is the indicator's number in the plan, such as 5.6.3.1 (see `goalctl goals`).\n\n" + GoalCtl.sharedOptions
    )

    @ParentCommand var goalctl: GoalCtl
    var connection: ConnectionOptions { goalctl.connection }

    @Argument(help: ArgumentHelp("The indicator's key, such as 5.6.3.1.", valueName: "key"))
    var key: String

    func run() throws {
        try connection.perform(GoalRPC.getIndicator, GetIndicatorRequest(key: key)) { detail in
            Format.indicator(detail)
        }
    }
}
