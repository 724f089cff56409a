import ArgumentParser
import FoundationEssentials
import Glibc
import GoalClient
import GoalProtocol

struct TravelFactors: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "factors",
        abstract: "List the emission-factor sets, or one set's factors with their sources.",
        discussion: GoalCtl.sharedOptions
    )

    @ParentCommand var travel: Travel
    var connection: ConnectionOptions { travel.goalctl.connection }

    @Argument(help: ArgumentHelp("A set's name, such as desnz-2023, to list its factors.", valueName: "set"))
    var set: String?

    func run() throws {
        guard let set, connection.json else {
            try connection.perform(GoalRPC.listFactorSets, Empty()) { Format.factorSets($0, set: set) }
            return
        }
        // With --json and a set: that set alone, as goald describes it.
        try connection.withConnection { client in
            var answer = try client.call(GoalRPC.listFactorSets, Empty(), timeout: connection.timeoutDuration)
            answer.sets = answer.sets.filter { $0.name == set }
            guard !answer.sets.isEmpty else {
                throw connection.failure(
                    .notFound, "no factor set \"\(set)\"; `goalctl travel factors` lists them",
                    field: "set", exit: 1)
            }
            Output.write(try Output.json(answer))
        }
    }
}
