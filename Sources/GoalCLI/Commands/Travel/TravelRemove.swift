import ArgumentParser
import FoundationEssentials
import Glibc
import GoalClient
import GoalProtocol

struct TravelRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove the trips of an import, or one trip, in one durable transaction (needs writer permission).",
        discussion: """
            The trips leave the store and every footprint, reduction and status at once; the removal is kept in \
            the store with its reason, by whom and when. `goalctl travel imports` lists the imports and what was \
            removed of each. A trip removed by itself stays removed: a later file that has it again leaves it out \
            (`travel removals`, `travel restore`).

            Examples:
              goalctl travel remove --import 12 --reason "the 2023 file was imported as 2024"
              goalctl travel remove --trip "Regional utveckling/T-1044" --reason "booked twice"

            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var travel: Travel
    var connection: ConnectionOptions { travel.goalctl.connection }

    @Option(
        name: .customLong("import"),
        help: ArgumentHelp(
            "The import's id, as `travel imports` lists it.",
            valueName: "id"))
    var importID: Int64?

    @Option(help: ArgumentHelp("One trip, as UNIT/ID.", valueName: "unit/id"))
    var trip: String?

    @Option(help: ArgumentHelp("Why the trips are removed; kept in the store.", valueName: "text"))
    var reason: String

    func validate() throws {
        guard (importID == nil) != (trip == nil) else {
            throw ValidationError("Give --import ID or --trip UNIT/ID, one of the two.")
        }
        if let trip { _ = try TripReference(trip) }
    }

    func run() throws {
        let parts = try trip.map(TripReference.init)
        let request = RemoveTripsRequest(import: importID, unit: parts?.unit, id: parts?.id, reason: reason)
        try connection.perform(GoalRPC.removeTrips, request) { answer in
            "removed \(answer.removed) trip\(answer.removed == 1 ? "" : "s") ("
                + Format.number(answer.passengerKm, decimals: 0) + " passenger-km)"
        }
    }
}

/// A trip named on the command line as UNIT/ID (the unit may hold a slash; the id is after the last one).
struct TripReference {
    let unit: String
    let id: String

    init(_ text: String) throws {
        guard let slash = text.lastIndex(of: "/"), slash != text.startIndex,
            text.index(after: slash) != text.endIndex
        else {
            throw ValidationError("--trip takes UNIT/ID, such as \"Regional utveckling/T-1044\", not \"\(text)\".")
        }
        unit = String(text[..<slash])
        id = String(text[text.index(after: slash)...])
    }
}
