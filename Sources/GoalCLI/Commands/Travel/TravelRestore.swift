import ArgumentParser
import FoundationEssentials
import Glibc
import GoalClient
import GoalProtocol

struct TravelRestore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Let a trip removed by itself into later imports again (needs writer permission).",
        discussion: """
            The trip is not added by this: the next import that has it adds it.

            Examples:
              goalctl travel restore --trip "Regional utveckling/T-1044"

            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var travel: Travel
    var connection: ConnectionOptions { travel.goalctl.connection }

    @Option(help: ArgumentHelp("The trip, as UNIT/ID (as `travel removals` lists it).", valueName: "unit/id"))
    var trip: String

    func validate() throws { _ = try TripReference(trip) }

    func run() throws {
        let parts = try TripReference(trip)
        let request = RestoreTripRequest(unit: parts.unit, id: parts.id)
        try connection.perform(GoalRPC.restoreTrip, request) { answer in
            "restored \(answer.unit)/\(answer.id) (removed as \"\(answer.reason)\"): "
                + "the next import that has it adds it"
        }
    }
}
