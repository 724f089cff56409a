import ArgumentParser
import FoundationEssentials
import Glibc
import GoalClient
import GoalProtocol

struct Travel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "travel",
        abstract: "Business travel: import trips, and ask for the climate footprint and its reduction.",
        discussion: """
            Examples:
              goalctl travel import resor-2024.csv
              goalctl travel reduction                      (the latest year against 2020)
              goalctl travel reduction --year 2024 --through 2024-08-31
              goalctl travel reduction --json | jq .likeForLike.reductionPercent
              goalctl travel reduction --fail-below 20      (exit 2 when the reduction is under 20 %)
              goalctl travel footprint --year 2024 --by mode
              goalctl travel explain                        (why: fewer km, another mode, new factors)
              goalctl travel factors
              goalctl travel export --year 2024 --format xlsx --output resor-2024.xlsx

            """ + GoalCtl.sharedOptions,
        subcommands: [
            TravelImport.self, TravelImports.self, TravelRemove.self, TravelRemovals.self, TravelRestore.self,
            TravelExport.self, TravelReduction.self, TravelExplain.self, TravelFootprint.self,
            TravelFactors.self, TravelModes.self, TravelStaff.self,
        ]
    )

    @ParentCommand var goalctl: GoalCtl
}
