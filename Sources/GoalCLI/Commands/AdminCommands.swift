import ArgumentParser
import GoalProtocol

struct Admin: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Administer goald (needs an administrator).",
        subcommands: [AdminReload.self]
    )

    @ParentCommand var goalctl: GoalCtl
}

struct AdminReload: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract: "Re-read goald's configuration, plan and factor files, and wait for the outcome.",
        discussion: """
            Like SIGHUP, but waits: exits 0 once the new files serve, 1 when a file is bad (the message names it; \
            the previous state keeps serving), 77 for a user who is not an administrator. goald.service uses this \
            as its ExecReload, so that `systemctl reload goald` reports a failed reload.

            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var admin: Admin
    var connection: ConnectionOptions { admin.goalctl.connection }

    func run() throws {
        try connection.perform(GoalRPC.reload, Empty()) { "reloaded: \($0.summary)" }
    }
}
