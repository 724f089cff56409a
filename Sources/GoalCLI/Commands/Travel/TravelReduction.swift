import ArgumentParser
import FoundationEssentials
import Glibc
import GoalClient
import GoalProtocol

/// The years a reduction compares, for `travel reduction` and `travel explain` alike.
struct ReductionYears: ParsableArguments {
    @Option(help: ArgumentHelp("The year compared (default: the latest year with trips).", valueName: "year"))
    var year: Int?

    @Option(help: ArgumentHelp("The baseline year.", valueName: "year"))
    var baseline = 2020

    @Option(help: ArgumentHelp("Only this unit's trips (default: every unit).", valueName: "unit"))
    var unit: String?

    @Option(help: ArgumentHelp("Compare 1 January to this day (YYYY-MM-DD) in both years.", valueName: "date"))
    var through: String?

    @Option(
        help: ArgumentHelp(
            "The one factor set for both years in the like-for-like figure (default: the compared "
                + "year's; see goalctl travel factors).", valueName: "set"))
    var factors: String?

    var request: GetReductionRequest {
        GetReductionRequest(year: year, baseline: baseline, unit: unit, through: through, factors: factors)
    }
}

struct TravelReduction: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reduction",
        abstract: "How far business-travel emissions have fallen against a baseline year.",
        discussion: """
            Prints two figures: as reported (each year computed with its own factor set) and like for like \
            (both years with one set, by default the compared year's), since a change of factor set alone can \
            move the figure by a third. With --through, both years count from 1 January to the same day \
            (year to date, as at the interim report on 31 August).

            With --committee ABBR, the trips of the units the region's model maps to that committee \
            (committees[].units), together; without --unit or --committee, every unit's, and the answer names the \
            units with trips that no committee has (counted in the total, in no committee's figure). \
            GOALD_COMMITTEE does not choose for this command: only --committee does.

            With --fail-below PCT goalctl exits 2 when the like-for-like reduction (or the as-reported one with \
            --method as-reported) is below PCT, for scripts and monitoring.

            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var travel: Travel
    var connection: ConnectionOptions { travel.goalctl.connection }

    @OptionGroup var years: ReductionYears

    @Option(help: ArgumentHelp("Exit 2 when the reduction in per cent is below this.", valueName: "pct"))
    var failBelow: Double?

    @Option(help: ArgumentHelp("The figure --fail-below checks: like-for-like or as-reported.", valueName: "method"))
    var method = "like-for-like"

    func validate() throws {
        guard method == "like-for-like" || method == "as-reported" else {
            throw ValidationError("--method must be like-for-like or as-reported.")
        }
    }

    func run() throws {
        let method = self.method
        // With --fail-below the exit status says whether the reduction reached it; without, the answer is only shown.
        let check: ((ReductionMessage) throws -> Void)? = failBelow.map { failBelow in
            { reduction in
                let figure = method == "as-reported" ? reduction.asReported : reduction.likeForLike
                guard let percent = figure.reductionPercent, percent >= failBelow else {
                    Output.error(
                        "goalctl: the \(method) reduction is "
                            + (figure.reductionPercent.map { Format.number($0, decimals: 1) + " %" }
                                ?? "unknown (no baseline emissions)")
                            + ", below \(Format.number(failBelow, decimals: 1)) %")
                    throw ExitCode(2)
                }
            }
        }
        var request = years.request
        request.committee = connection.committee.flatMap { $0.isEmpty ? nil : $0 }
        try connection.perform(GoalRPC.getReduction, request, check: check) { Format.reduction($0) }
    }
}
