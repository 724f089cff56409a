import ArgumentParser
import GoalProtocol

struct Health: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Check that goald is serving.",
        discussion:
            "Prints SERVING with goald's version, plan and uptime, and says so when the store is read-only; "
            + "exits 69 when goald is not running.\n\n"
            + GoalCtl.sharedOptions
    )

    @ParentCommand var goalctl: GoalCtl
    var connection: ConnectionOptions { goalctl.connection }

    @Option(help: ArgumentHelp("Ask about one service only, such as goald.v1.Goals.", valueName: "name"))
    var service: String?

    func run() throws {
        try connection.perform(GoalRPC.healthCheck, HealthCheckRequest(service: service)) { health in
            "\(health.status)  goald \(health.version), plan \(health.plan), "
                + "up \(Format.duration(health.uptimeSeconds)), socket \(connection.socketPath)"
                + (health.writable ? "" : "\nthe store is read-only: reads are served, writes fail (see goald's log)")
        }
    }
}
