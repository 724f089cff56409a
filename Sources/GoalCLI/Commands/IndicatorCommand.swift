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
            + "With --committees, the indicator across the region for a period (--period; default: the latest with "
            + "a value): every committee whose plan has it, with its number there, its value, women's and men's, "
            + "the target in force, the status and the trend against the same period a year before (↑ better, "
            + "→ unchanged, ↓ worse, and that year's value); those with a value first, best first by the target's "
            + "direction; then the region's own value (never an average of the committees'), and the committees "
            + "whose plan lacks it. With --json: goald.v1.Region/GetIndicator's answer.\n\n"
            + "Examples:\n"
            + "  goalctl indicator 5.6.3.1\n"
            + "  goalctl indicator sjukfranvarokvot --region\n"
            + "  goalctl indicator sjukfranvarokvot --committees --period 2025-annual\n\n"
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

    @Flag(help: "Every committee's value, target, status and trend for a period, with the region's own.")
    var committees = false

    @Option(
        help: ArgumentHelp("With --committees: the period (default: the latest with a value).", valueName: "period"),
        completion: Completions.periods)
    var period: String?

    @OptionGroup var language: LanguageOption

    func validate() throws {
        if committees, region {
            throw ValidationError(
                "--committees already shows the region's own value beside every committee's; give one.")
        }
        if committees, connection.committeeName != nil {
            throw ValidationError("--committees shows every committee: --committee does not apply.")
        }
        if period != nil, !committees {
            throw ValidationError("--period is for --committees; the indicator's own view shows every period.")
        }
    }

    func run() throws {
        let words = try language.words()
        if committees {
            try connection.perform(GoalRPC.regionIndicator, RegionIndicatorRequest(indicator: key, period: period)) {
                Format.acrossRegion($0, words: words)
            }
            return
        }
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
