import ArgumentParser
import FoundationEssentials
import Glibc
import GoalClient
import GoalProtocol

struct TravelModes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modes",
        abstract: "List every mode of travel and every name a travel file may give it.",
        discussion: """
            A travel file's mode column may hold goald's name of a mode or any of the names listed beside it, in any \
            case, with spaces, dashes or underscores alike. A flight named only as a flight (flyg, flight, \
            utrikesflyg …) is banded by its distance. A car of unknown fuel (hyrbil, tjänstebil, egen bil) counts \
            as car_private, the average car; a tram or an underground train as rail.

            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var travel: Travel
    var connection: ConnectionOptions { travel.goalctl.connection }

    func run() throws {
        try connection.perform(GoalRPC.listModes, Empty()) { modes in
            let rows = modes.modes.map { mode in
                [
                    mode.mode, mode.perVehicle ? "per vehicle-km" : "per passenger-km",
                    mode.names.joined(separator: ", "),
                ]
            }
            var lines = Format.table(header: ["mode", "factor", "also read as"], rows: rows)
            lines.append(
                "A flight by distance (under \(Format.number(modes.domesticBelowKm, decimals: 0)) km domestic, over "
                    + "\(Format.number(modes.longHaulAboveKm, decimals: 0)) km long haul, short haul between): "
                    + modes.flightNames.joined(separator: ", "))
            return lines.joined(separator: "\n")
        }
    }
}
