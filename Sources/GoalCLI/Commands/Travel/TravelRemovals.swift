import ArgumentParser
import FoundationEssentials
import Glibc
import GoalClient
import GoalProtocol

struct TravelRemovals: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "removals",
        abstract: "List the trips removed one by one, which imports leave out when they bring them again.",
        discussion: """
            A trip removed with `travel remove --trip UNIT/ID --reason …` stays removed: a later file that has it \
            again (a monthly export that is cumulative) leaves it out, and says so. `travel restore --trip UNIT/ID` \
            lets it in again. (Removing a whole import keeps nothing out: import the corrected file.)

            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var travel: Travel
    var connection: ConnectionOptions { travel.goalctl.connection }

    func run() throws {
        try connection.perform(GoalRPC.listRemovals, Empty()) { answer in
            guard !answer.removals.isEmpty else { return "no trips are kept out of imports" }
            return Format.table(
                header: ["unit/id", "when", "by", "reason"],
                rows: answer.removals.map { removal in
                    [
                        "\(removal.unit)/\(removal.id)", Format.localTime(removal.recordedAt), removal.recordedBy,
                        Format.clip(removal.reason, to: 60),
                    ]
                }
            ).joined(separator: "\n")
        }
    }
}
