import ArgumentParser
import FoundationEssentials
import Glibc
import GoalClient
import GoalProtocol

struct TravelStaff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff",
        abstract: "Record a unit's full-time equivalents for a year, for per-head figures (kg per FTE).",
        discussion: "Example: goalctl travel staff \"Regional utveckling\" 2024 212.5\n\n" + GoalCtl.sharedOptions
    )

    @ParentCommand var travel: Travel
    var connection: ConnectionOptions { travel.goalctl.connection }

    @Argument(help: ArgumentHelp("The unit.", valueName: "unit"))
    var unit: String

    @Argument(help: ArgumentHelp("The year.", valueName: "year"))
    var year: Int

    @Argument(help: ArgumentHelp("Full-time equivalents (årsarbetare).", valueName: "fte"))
    var fte: String

    func run() throws {
        guard let value = ValueParsing.number(fte) else {
            throw ValidationError("FTE must be a number, such as 212,5 or 212.5.")
        }
        try connection.perform(GoalRPC.setStaff, StaffMessage(unit: unit, year: year, fte: value)) { staff in
            "staff of \(staff.unit) in \(staff.year): \(Format.number(staff.fte, decimals: 1)) FTE"
        }
    }
}
