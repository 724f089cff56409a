import Foundation
import GoalClient
import GoalProtocol
import GoalTestSupport
import Testing

/// Access by the peer's user and groups. Runs goalctl as the user nobody (setpriv), so it needs root.
@Suite(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")))
struct AccessTests {
    /// Runs goalctl as nobody, from a copy in the daemon's folder: the build folder may not be open to nobody.
    func asNobody(_ daemon: TestDaemon, _ arguments: [String]) throws -> ProcessOutcome {
        let copy = daemon.directory.file("goalctl")
        if !FileManager.default.fileExists(atPath: copy) {
            try FileManager.default.copyItem(atPath: BuildProducts.path(of: "goalctl"), toPath: copy)
            chmod(copy, 0o755)
        }
        return try runProduct(
            "/usr/bin/setpriv",
            [
                "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                copy, "--socket", daemon.socketPath,
            ] + arguments)
    }

    func open(_ daemon: TestDaemon) {
        chmod(daemon.socketPath, 0o666)
        chmod(daemon.directory.path, 0o755)
    }

    @Test func aReaderReadsButCannotWrite() throws {
        let daemon = try TestDaemon()
        defer { daemon.cleanUp() }
        open(daemon)
        #expect(try asNobody(daemon, ["health"]).status == 0)
        #expect(try asNobody(daemon, ["indicator", "5.6.3.1"]).status == 0)
        let write = try asNobody(daemon, ["measure", "5.6.3.1", "2", "--period", "2024-annual"])
        #expect(write.status == 77)
        #expect(
            write.stderr.contains(
                """
                PERMISSION_DENIED: goald.v1.Goals/RecordMeasurement needs write permission; nobody (uid 65534) may read
                """
            ))
        let reload = try asNobody(daemon, ["admin", "reload"])
        #expect(reload.status == 77)
        #expect(daemon.log.contains("peer_uid=65534"))
        #expect(
            try daemon.connect().call(GoalRPC.listMeasurements, ListMeasurementsRequest(indicator: "5.6.3.1"))
                .measurements.isEmpty)
    }

    /// A pending import is its starter's: another writer can neither add to it, commit it nor take it back (it
    /// used to be able to commit mine halfway, listed as recorded by me); the starter can, and so can an
    /// administrator.
    @Test func aPendingImportBelongsToWhoStartedIt() throws {
        let daemon = try TestDaemon(arguments: ["--writers", "nobody", "--admins", "root"])
        defer { daemon.cleanUp() }
        open(daemon)
        func start(_ id: String) throws -> Int64 {
            let first = try asNobody(
                daemon,
                [
                    "--json", "call", "goald.v1.Travel/AddTrips",
                    #"{"csv":"id,date,mode,distance_km\n\#(id),2024-03-01,rail,10\n","unit":"U","pending":true}"#,
                ])
            #expect(first.status == 0, "\(first.stderr)")
            let answer = try JSONDecoder().decode(AddTripsResponse.self, from: Data(first.stdout.utf8))
            return try #require(answer.import)
        }
        let mine = try start("N1")
        let other = try daemon.connect()
        // A second goald where root is a writer and not an administrator: it may not touch nobody's pending import.
        let strict = try TestDaemon(arguments: ["--writers", "nobody,root", "--admins", "nobody"])
        defer { strict.cleanUp() }
        open(strict)
        let started = try asNobody(
            strict,
            [
                "--json", "call", "goald.v1.Travel/AddTrips",
                #"{"csv":"id,date,mode,distance_km\nS1,2024-03-01,rail,10\n","unit":"U","pending":true}"#,
            ])
        let pending = try #require(
            try JSONDecoder().decode(AddTripsResponse.self, from: Data(started.stdout.utf8)).import, "\(started.stderr)"
        )
        let root = try strict.connect()
        for attempt in [
            { () throws -> Void in _ = try root.call(GoalRPC.commitImport, CommitImportRequest(import: pending)) },
            { () throws -> Void in _ = try root.call(GoalRPC.discardImport, PendingImportRequest(import: pending)) },
            { () throws -> Void in
                _ = try root.call(
                    GoalRPC.addTrips,
                    AddTripsRequest(
                        csv: "id,date,mode,distance_km\nS2,2024-03-02,rail,10\n", import: pending, pending: true,
                        unit: "U"))
            },
        ] {
            #expect {
                try attempt()
            } throws: { error in
                (error as? RPCError)?.code == .permissionDenied
                    && (error as? RPCError)?.message.contains("is being imported by another user") == true
            }
        }
        // The starter commits it; the trip counts, recorded by nobody.
        let committed = try asNobody(strict, ["call", "goald.v1.Travel/CommitImport", #"{"import":\#(pending)}"#])
        #expect(committed.status == 0, "\(committed.stderr)")
        #expect(try root.call(GoalRPC.getFootprint, GetFootprintRequest(year: 2024)).total.trips == 1)
        // On the first goald root is an administrator: it may take back nobody's pending import.
        let discarded = try other.call(GoalRPC.discardImport, PendingImportRequest(import: mine))
        #expect(discarded.discarded == 1)
    }

    @Test func writersAndAdminsComeFromTheConfiguration() throws {
        let daemon = try TestDaemon(arguments: ["--writers", "nobody", "--admins", "root"])
        defer { daemon.cleanUp() }
        open(daemon)
        let write = try asNobody(daemon, ["measure", "5.6.3.1", "2", "--period", "2024-annual"])
        #expect(write.status == 0, "\(write.stderr)")
        #expect(write.stdout.contains("by nobody"))
        #expect(try asNobody(daemon, ["admin", "reload"]).status == 77, "a writer is not an administrator")
        // root is an administrator, and may write.
        #expect(try runProduct("goalctl", ["--socket", daemon.socketPath, "admin", "reload"]).status == 0)
    }

    /// Outside systemd goald gives its socket the mode and group the configuration names; connecting takes write
    /// permission on the socket, so they decide who gets in at all.
    @Test func theSocketsModeAndGroupDecideWhoConnects() throws {
        let closed = try TestDaemon()
        defer { closed.cleanUp() }
        chmod(closed.directory.path, 0o755)
        var info = stat()
        #expect(lstat(closed.socketPath, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o660, "the default mode is goald.socket's")
        let refused = try asNobody(closed, ["health"])
        #expect(refused.status != 0, "nobody is neither goald's user nor in its group")

        let configuration = try TemporaryDirectory()
        try Data("socket-mode = 0660\nsocket-group = nogroup\n".utf8)
            .write(to: URL(fileURLWithPath: configuration.file("goald.conf")))
        let grouped = try TestDaemon(arguments: ["--config", configuration.file("goald.conf")])
        defer {
            grouped.cleanUp()
            configuration.remove()
        }
        chmod(grouped.directory.path, 0o755)
        // goald says it is ready once the socket has its group (root, its owner, may connect a moment before).
        let deadline = ContinuousClock.now + .seconds(10)
        while !grouped.log.contains("ready"), ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(lstat(grouped.socketPath, &info) == 0)
        #expect(info.st_gid == getgrnam("nogroup").pointee.gr_gid)
        #expect(try asNobody(grouped, ["health"]).status == 0, "nobody's group may connect")

        let open = try TestDaemon(arguments: ["--socket-mode", "0666"])
        defer { open.cleanUp() }
        chmod(open.directory.path, 0o755)
        #expect(try asNobody(open, ["health"]).status == 0)
    }

    /// A writer of one committee (goald.conf `writers.HSN = nobody`) writes HSN's follow-up alone: a write of RUN's
    /// (the default committee's) is refused naming RUN and who writes it, the travel data needs a writer of every
    /// committee, and the region's judgements are the board's (`writers.RS`); reading is everyone's.
    @Test func aCommitteesWriterWritesThatCommitteeAlone() throws {
        let configuration = try TemporaryDirectory()
        defer { configuration.remove() }
        let model = configuration.file("region.json")
        try TwoCommitteeRegion.json().write(to: URL(fileURLWithPath: model))
        chmod(configuration.path, 0o755)
        try """
        model = \(model)
        writers = root
        writers.HSN = nobody
        writers.RUN = @goald-run
        """.write(toFile: configuration.file("goald.conf"), atomically: true, encoding: .utf8)
        let daemon = try TestDaemon(arguments: ["--config", configuration.file("goald.conf")])
        defer { daemon.cleanUp() }
        open(daemon)
        let hsn = try asNobody(daemon, ["--committee", "HSN", "measure", "5.1.1.1", "812", "--period", "2024-annual"])
        #expect(hsn.status == 0, "\(hsn.stderr)")
        let run = try asNobody(daemon, ["measure", "5.6.3.1", "3,1", "--period", "2024-annual"])
        #expect(run.status == 77, "\(run.stderr)")
        #expect(
            run.stderr.contains(
                "nobody may write the follow-up of HSN alone; RUN's follow-up is written by "
                    + "goald.conf writers.RUN (the group goald-run)"), "\(run.stderr)")
        let trips = try asNobody(
            daemon,
            [
                "--json", "call", "goald.v1.Travel/AddTrips",
                #"{"csv":"id,date,mode,distance_km\nN1,2024-03-01,rail,10\n","unit":"U"}"#,
            ])
        #expect(trips.status == 77 && trips.stderr.contains("needs write permission for every committee"))
        let judge = try asNobody(
            daemon,
            ["assess-effect-goal", "hallbar-organisation", "uppfyllt", "--period", "2024-annual", "--text", "x"])
        #expect(judge.status == 77, "\(judge.stderr)")
        #expect(judge.stderr.contains("(the board, RS) is written by goald.conf writers.RS"), "\(judge.stderr)")
        // The region's own values and its indicators' targets are for writers of every committee.
        let regionTarget = try asNobody(daemon, ["target", "sjukfranvarokvot", "2,5", "--region"])
        #expect(regionTarget.status == 77 && regionTarget.stderr.contains("region:"), "\(regionTarget.stderr)")
        let withdrawal = try asNobody(
            daemon, ["retract-target", "sjukfranvarokvot", "--from", "2026-annual", "--region", "--reason", "x"])
        #expect(
            withdrawal.status == 77 && withdrawal.stderr.contains("writers of every committee"), "\(withdrawal.stderr)")
        let file = configuration.file("region-row.csv")
        try "period;nämnd;indikator;totalt\n2024-annual;region;sjukfranvarokvot;6,1\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o644)
        let regionRow = try asNobody(daemon, ["followup", "import", file])
        #expect(
            regionRow.status == 77 && regionRow.stderr.contains("writers of every committee"), "\(regionRow.stderr)")
        #expect(try asNobody(daemon, ["--committee", "RUN", "status"]).status == 0, "everyone may read")
        let connection = try daemon.connect()
        #expect(
            try connection.call(
                GoalRPC.listMeasurements, ListMeasurementsRequest(indicator: "5.6.3.1")
            ).measurements.isEmpty)
        #expect(
            try connection.call(
                GoalRPC.listMeasurements, ListMeasurementsRequest(indicator: "5.1.1.1", committee: "HSN")
            ).measurements.count == 1)

        // The board's writer records the region's judgement; a committee goald.conf names that the model lacks is
        // refused at start.
        let board = try TestDaemon(arguments: [
            "--model", model, "--writers", "root", "--committee-writers", "RS=nobody",
        ])
        defer { board.cleanUp() }
        open(board)
        let judged = try asNobody(
            board, ["assess-effect-goal", "hallbar-organisation", "uppfyllt", "--period", "2024-annual", "--text", "x"])
        #expect(judged.status == 0, "\(judged.stderr)")
        let refused = try runProduct(
            BuildProducts.path(of: "goald"),
            ["--check-config", "--model", model, "--committee-writers", "XYZ=nobody"])
        #expect(
            refused.status != 0 && refused.stderr.contains("writers.XYZ: no committee \"XYZ\""), "\(refused.stderr)")
    }

    /// A committee's decision of its follow-up is recorded by its secretaries (goald.conf secretaries.RUN) or an
    /// administrator; a writer of every committee marks it ready but cannot decide it, nor reopen it once decided.
    @Test func aCommitteesSecretaryRecordsItsDecisionsAndWritesNothingElse() throws {
        let configuration = try TemporaryDirectory()
        defer { configuration.remove() }
        chmod(configuration.path, 0o755)
        try """
        secretaries.RUN = nobody
        """.write(toFile: configuration.file("goald.conf"), atomically: true, encoding: .utf8)
        let daemon = try TestDaemon(arguments: ["--config", configuration.file("goald.conf")])
        defer { daemon.cleanUp() }
        open(daemon)
        let connection = try daemon.connect()  // root: an administrator
        _ = try connection.call(GoalRPC.markReady, MarkReadyRequest(period: "2025-interim"))
        let decided = try asNobody(
            daemon, ["decide", "--period", "2025-interim", "--date", "2025-10-14", "--paragraph", "87"])
        #expect(decided.status == 0 && decided.stdout.contains("by nobody"), "\(decided.stderr)")
        let write = try asNobody(daemon, ["measure", "5.6.3.1", "3,1", "--period", "2025-annual"])
        #expect(write.status == 77, "\(write.stderr)")
        #expect(write.stderr.contains("nobody may write the decisions of RUN alone"), "\(write.stderr)")
        let other = try asNobody(
            daemon,
            ["--committee", "HSN", "decide", "--period", "2025-interim", "--date", "2025-10-14", "--paragraph", "3"])
        #expect(other.status == 77, "\(other.stderr)")
        #expect(
            other.stderr.contains(
                "HSN's decisions are recorded by its secretaries, goald.conf "
                    + "secretaries.HSN (no one is named there yet), or an administrator"), "\(other.stderr)")
        let reopened = try asNobody(daemon, ["reopen", "--period", "2025-interim", "--reason", "rättelse"])
        #expect(reopened.status == 0, "\(reopened.stderr)")

        // A writer of every committee who is no secretary: ready, but not decided; a decided period not reopened.
        let writers = try TestDaemon(arguments: ["--writers", "nobody"])
        defer { writers.cleanUp() }
        open(writers)
        #expect(try asNobody(writers, ["ready", "--period", "2025-interim"]).status == 0)
        let refused = try asNobody(
            writers, ["decide", "--period", "2025-interim", "--date", "2025-10-14", "--paragraph", "87"])
        #expect(refused.status == 77, "\(refused.stderr)")
        #expect(refused.stderr.contains("secretaries.RUN (no one is named there yet)"), "\(refused.stderr)")
        let root = try writers.connect()
        let decision = try root.call(
            GoalRPC.decideFollowUp, DecideFollowUpRequest(period: "2025-interim", date: "2025-10-14", paragraph: "87"))
        #expect(decision.state == "decided" && decision.paragraph == "87")
        let notReopened = try asNobody(writers, ["reopen", "--period", "2025-interim", "--reason", "x"])
        #expect(notReopened.status == 77, "\(notReopened.stderr)")
        let reopening = try root.call(
            GoalRPC.reopenFollowUp, ReopenFollowUpRequest(period: "2025-interim", reason: "rättelse"))
        #expect(reopening.state == "draft" && reopening.reason == "rättelse")
        // Marked ready again, a writer of the committee may take it back to a draft.
        _ = try root.call(GoalRPC.markReady, MarkReadyRequest(period: "2025-interim"))
        #expect(try asNobody(writers, ["reopen", "--period", "2025-interim", "--reason", "mer att göra"]).status == 0)
    }
}
