import ArgumentParser
import FoundationEssentials
import Glibc
import GoalClient
import GoalProtocol

struct TravelFootprint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "footprint",
        abstract: "The climate footprint of business travel for a year or a range of days.",
        discussion: "Each year is computed with its own factor set unless --factors names one for all.\n\n"
            + GoalCtl.sharedOptions
    )

    @ParentCommand var travel: Travel
    var connection: ConnectionOptions { travel.goalctl.connection }

    @Option(
        help: ArgumentHelp(
            "The year (default: the latest year with trips, as travel reduction takes, unless "
                + "--from and --through are given).", valueName: "year"))
    var year: Int?

    @Option(help: ArgumentHelp("First day, YYYY-MM-DD.", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("Last day, YYYY-MM-DD.", valueName: "date"))
    var through: String?

    @Option(
        help: ArgumentHelp("Break down by mode, unit or month.", valueName: "group"),
        completion: Completions.groupings)
    var by: String?

    @Option(help: ArgumentHelp("Only this unit.", valueName: "unit"))
    var unit: String?

    @Option(help: ArgumentHelp("One factor set for every year.", valueName: "set"))
    var factors: String?

    @Option(
        help: ArgumentHelp(
            "Groups to show, 1 to 5000 (a footprint by unit of many units comes in pages).",
            valueName: "n"))
    var limit = 1000

    @Option(help: ArgumentHelp("The first group to show (the answer's nextOffset for the next page).", valueName: "n"))
    var offset = 0

    func validate() throws {
        guard (1...5000).contains(limit) else { throw ValidationError("--limit must be from 1 to 5000.") }
        guard offset >= 0 else { throw ValidationError("--offset must be 0 or more.") }
        if (from == nil) != (through == nil) { throw ValidationError("--from and --through go together.") }
        if year != nil, from != nil { throw ValidationError("give --year or --from/--through, not both.") }
        if let by, !["mode", "unit", "month"].contains(by) {
            throw ValidationError("--by must be mode, unit or month.")
        }
    }

    func run() throws {
        let request = GetFootprintRequest(
            year: from == nil ? year : nil, from: from, through: through,
            unit: unit, by: by, factors: factors, limit: limit, offset: offset)
        try connection.perform(GoalRPC.getFootprint, request) { answer in
            var text = Format.footprint(answer, by: by)
            if let next = answer.nextOffset {
                text +=
                    "\nnote: groups \(offset + 1)–\(next) of \(answer.groupCount) shown; "
                    + "--offset \(next) for the next"
            }
            return text
        }
    }
}
