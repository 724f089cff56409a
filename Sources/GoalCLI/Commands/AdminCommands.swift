import ArgumentParser
import FoundationEssentials
import GoalProtocol

struct Admin: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Administer goald (needs an administrator).",
        subcommands: [AdminReload.self, AdminBackup.self]
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

struct AdminBackup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write an online, consistent copy of goald's store to a new file.",
        discussion: """
            goald writes the copy itself (SQLite's backup API) while it keeps serving; every write acknowledged \
            before the call is in it. FILE is an absolute path that must not exist (goald neither overwrites a \
            file nor follows a symbolic link), and goald must be able to write there: under systemd, inside its \
            state directory, such as /var/lib/goald/backup-2024-09-01.sqlite. The copy is readable by goald's \
            user only (mode 0600), or also by the group of goald's socket (0640) when goald may give it that \
            group, and appears under FILE only once it is complete.

            To restore: stop goald (systemctl stop goald), move goald.sqlite and its -wal and -shm files aside, \
            copy the backup to STATE_DIR/goald.sqlite, and start goald again.

            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var admin: Admin
    var connection: ConnectionOptions { admin.goalctl.connection }

    @Argument(help: ArgumentHelp("The new file.", valueName: "file"))
    var file: String

    func validate() throws {
        guard file.hasPrefix("/") else {
            throw ValidationError(
                "FILE must be an absolute path, such as /var/lib/goald/backup-2024-09-01.sqlite: "
                    + "goald writes it, from its own view of the file system (under systemd, its state directory)")
        }
    }

    func run() throws {
        try connection.perform(GoalRPC.backup, BackupRequest(path: file)) {
            "backup written: \($0.path) (\($0.bytes) bytes\($0.mode.map { ", mode \($0)" } ?? ""))"
        }
    }
}
