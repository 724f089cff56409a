import ArgumentParser
import GoalClient
import GoalProtocol

struct IndicatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicator",
        abstract: "Show one indicator: its target, the goals above it, its target history and its values.",
        discussion: "KEY is the indicator's number in the plan, such as 5.6.3.1 (see `goalctl goals`). The table "
            + "ends with every change of the target and the value in force for each period with data (`goalctl "
            + "history KEY` has every value recorded). With --json: the indicator as goald.v1.Goals/GetIndicator "
            + "answers. With --region, one of the region's indicators (by its id, such as sjukfranvarokvot) in the "
            + "region's own follow-up: the target it sets for every committee, and its own values.\n\n"
            + GoalCtl.sharedOptions
    )

    @ParentCommand var goalctl: GoalCtl
    var connection: ConnectionOptions { goalctl.connection }

    @Argument(
        help: ArgumentHelp("The indicator's key, such as 5.6.3.1.", valueName: "key"),
        completion: Completions.indicators)
    var key: String

    @Flag(help: "The region's own follow-up of one of its indicators (by its id).")
    var region = false

    @OptionGroup var language: LanguageOption

    func run() throws {
        let words = try language.words()
        var values = ListMeasurementsRequest(indicator: key)
        var ask = GetIndicatorRequest(key: key)
        if region {
            values.region = true
            ask.region = true
        }
        try connection.withConnection { client in
            // The values come from a second call, made first, so that the answer printed is the indicator's.
            let history =
                connection.json
                ? nil
                : try client.call(
                    GoalRPC.listMeasurements,
                    connection.scoped(values),
                    timeout: connection.timeoutDuration)
            try connection.perform(GoalRPC.getIndicator, ask, on: client) { detail in
                Format.indicator(detail, words: words)
                    + (history.map { "\n" + Format.valuesInForce($0, targets: detail, words: words) } ?? "")
            }
        }
    }
}
