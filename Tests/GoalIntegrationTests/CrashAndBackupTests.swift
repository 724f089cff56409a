import Foundation
import GoalClient
import GoalDomain
import GoalProtocol
import GoalStore
import GoalTestSupport
import Synchronization
import Testing

@Suite struct BackupTests {
    @Test func anOnlineBackupRestoresToTheSameAnswers() throws {
        let daemon = try TestDaemon()
        defer { daemon.cleanUp() }
        let connection = try daemon.connect()
        _ = try connection.call(
            GoalRPC.recordMeasurement,
            RecordMeasurementRequest(
                indicator: "5.6.3.1", period: "2024-annual", value: .number(2.5)))
        _ = try connection.call(
            GoalRPC.addTrips,
            AddTripsRequest(
                csv: "id,date,mode,distance_km\nA,2020-05-01,flight,1200\nB,2024-05-01,rail,700\n",
                unit: "Regional utveckling"))
        let path = daemon.directory.file("backup.sqlite")
        let backup = try runProduct("goalctl", ["--socket", daemon.socketPath, "admin", "backup", path])
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(backup.stdout.hasPrefix("backup written: \(path)"))
        let again = try runProduct("goalctl", ["--socket", daemon.socketPath, "admin", "backup", path])
        #expect(again.status == 1 && again.stderr.contains("exists; goald will not overwrite it"))
        #expect {
            try connection.call(GoalRPC.backup, BackupRequest(path: "relative.sqlite"))
        } throws: { error in
            let error = error as? RPCError
            return error?.code == .invalidArgument && error?.details?["field"] == "params.path"
        }

        // Restore: a goald started on the copy gives the same answers.
        let restored = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: restored.file("state"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: path, toPath: restored.file("state") + "/goald.sqlite")
        let second = try TestDaemon(directory: restored)
        defer { second.cleanUp() }
        let other = try second.connect()
        #expect(
            try other.call(GoalRPC.getStatus, GetStatusRequest(period: "2024-annual"))
                == connection.call(GoalRPC.getStatus, GetStatusRequest(period: "2024-annual")))
        #expect(
            try other.call(GoalRPC.getReduction, GetReductionRequest(year: 2024))
                == connection.call(GoalRPC.getReduction, GetReductionRequest(year: 2024)))
    }
}

/// Admin/Backup refuses what would harm the store or write somewhere else than it says.
@Suite struct BackupHardeningTests {
    func refusal(_ connection: GoalConnection, _ path: String) -> RPCError? {
        do {
            _ = try connection.call(GoalRPC.backup, BackupRequest(path: path))
            return nil
        } catch {
            return error as? RPCError
        }
    }

    @Test func theStoresOwnFilesLinksAndOddNamesAreRefused() throws {
        let daemon = try TestDaemon()
        defer { daemon.cleanUp() }
        let connection = try daemon.connect()
        let state = daemon.directory.file("state")
        for own in [
            "goald.sqlite", "goald.sqlite-wal", "goald.sqlite-shm", "goald.sqlite-journal", "goald.sqlite.lock",
        ] {
            let error = refusal(connection, state + "/" + own)
            #expect(
                error?.code == .failedPrecondition && error?.details?["field"] == "params.path",
                "\(own): \(String(describing: error))")
        }
        // The same file by another spelling of its folder.
        try FileManager.default.createSymbolicLink(atPath: daemon.directory.file("alias"), withDestinationPath: state)
        #expect(
            refusal(connection, daemon.directory.file("alias") + "/goald.sqlite-journal")?.code == .failedPrecondition)
        // A dangling link and a link to an existing file are not followed.
        let dangling = daemon.directory.file("dangling.sqlite")
        try FileManager.default.createSymbolicLink(
            atPath: dangling, withDestinationPath: daemon.directory.file("nowhere"))
        #expect(refusal(connection, dangling)?.message.contains("symbolic link") == true)
        #expect(!FileManager.default.fileExists(atPath: daemon.directory.file("nowhere")))
        for bad in [
            daemon.directory.file("a\u{0}b.sqlite"), daemon.directory.file("line\nbreak.sqlite"), "backup.sqlite",
            daemon.directory.file("x/../y.sqlite"), daemon.directory.path + "/",
        ] {
            let error = refusal(connection, bad)
            #expect(
                error?.code == .invalidArgument && error?.details?["field"] == "params.path",
                "\(bad): \(String(describing: error))")
        }
        // goald still starts on its store after all that, and nothing was left behind.
        #expect(daemon.stop() == 0)
        let again = try TestDaemon(directory: daemon.directory)
        defer { again.stop() }
        #expect(try again.connect().call(GoalRPC.healthCheck, HealthCheckRequest()).status == "SERVING")
        let left = try FileManager.default.contentsOfDirectory(atPath: daemon.directory.path)
        #expect(!left.contains { $0.contains(".partial-") }, "\(left)")
    }

    @Test func aBackupIsPrivateAndComplete() throws {
        let daemon = try TestDaemon()
        defer { daemon.cleanUp() }
        let connection = try daemon.connect()
        let path = daemon.directory.file("private.sqlite")
        let written = try connection.call(GoalRPC.backup, BackupRequest(path: path))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600 && written.mode == "0600")
        #expect((attributes[.size] as? NSNumber)?.int64Value == written.bytes && written.bytes > 0)
        // With the socket in a group of its own, the copy gets that group and mode 0640.
        if getuid() == 0 {
            #expect(chown(daemon.socketPath, UInt32.max, 65534) == 0)
            let shared = daemon.directory.file("shared.sqlite")
            let answer = try connection.call(GoalRPC.backup, BackupRequest(path: shared))
            let sharedAttributes = try FileManager.default.attributesOfItem(atPath: shared)
            #expect(answer.mode == "0640" && (sharedAttributes[.posixPermissions] as? NSNumber)?.intValue == 0o640)
            #expect((sharedAttributes[.groupOwnerAccountID] as? NSNumber)?.intValue == 65534)
        }
        let relative = try runProduct("goalctl", ["--socket", daemon.socketPath, "admin", "backup", "relative.sqlite"])
        #expect(relative.status == 64 && relative.stderr.contains("absolute path"), "\(relative.stderr)")
    }
}

/// Text from clients cannot forge a line of goald's log on standard error.
@Suite struct LogEscapingTests {
    @Test func controlCharactersFromClientsAreEscapedOnStderr() throws {
        let daemon = try TestDaemon(arguments: ["--log-target", "stderr"])
        defer { daemon.cleanUp() }
        let connection = try daemon.connect()
        let forged = "2026-12-01T00:00:00+0000 critical goald: [goald] FORGED"
        let frame = try WireJSON.encode(Request(id: 1, method: "x\n" + forged, params: Empty()))
        try connection.send(frame)
        _ = try connection.receive(deadline: .now + .seconds(10))
        let lines = daemon.log.split(separator: "\n")
        #expect(!lines.contains { $0.hasPrefix("2026-12-01T00:00:00") }, "\(daemon.log)")
        #expect(lines.contains { $0.contains("x\\n" + forged) })
        // A value with a space and = is quoted: it cannot pass for fields goald wrote.
        try connection.send(try WireJSON.encode(Request(id: 2, method: "y peer_uid=0 code=OK", params: Empty())))
        _ = try connection.receive(deadline: .now + .seconds(10))
        let line = try #require(daemon.log.split(separator: "\n").first { $0.contains("y peer_uid=0") })
        #expect(line.contains("\"y peer_uid=0 code=OK\""), "\(line)")
    }
}

/// goald killed with SIGKILL at random moments while imports and measurements run: after each restart every
/// acknowledged write is there, no batch is half applied, and the figures equal a recomputation from the stored trips.
@Suite struct CrashTests {
    final class Acknowledged: Sendable {
        let measurements = Mutex<[Int64]>([])
        let batches = Mutex<[String]>([])
    }

    @Test func acknowledgedWritesSurviveRandomKills() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let acknowledged = Acknowledged()
        // The moments of the kills: a new seed each run, printed, so that a failing run can be replayed.
        var random = SeededRandom.forTest(seed: UInt64(Date().timeIntervalSince1970 * 1000))
        print("crash test: \(random.replay)")
        let rounds = 12
        for round in 0..<rounds {
            let daemon = try TestDaemon(directory: directory)
            let socket = daemon.socketPath
            let done = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                defer { done.signal() }
                guard let connection = try? GoalConnection(socketPath: socket) else { return }
                for step in 0..<10_000 {
                    do {
                        if step % 4 == 0 {
                            // A batch of 300 trips, all in a unit of its own: all of it or none must be stored.
                            let unit = "crash-\(round)-\(step)"
                            var csv = "id,date,mode,distance_km,travellers,unit\n"
                            for n in 0..<300 {
                                csv += "T\(n),2024-0\(n % 9 + 1)-1\(n % 9),rail,\(n % 97 + 1),1,\(unit)\n"
                            }
                            let answer = try connection.call(
                                GoalRPC.addTrips, AddTripsRequest(csv: csv, unit: "Regional utveckling"),
                                timeout: .seconds(30))
                            if answer.committed { acknowledged.batches.withLock { $0.append(unit) } }
                        } else {
                            let answer = try connection.call(
                                GoalRPC.recordMeasurement,
                                RecordMeasurementRequest(
                                    indicator: "5.6.3.1", period: "2024-annual", value: .number(Double(step % 100)),
                                    note: "round \(round) step \(step)"), timeout: .seconds(30))
                            acknowledged.measurements.withLock { $0.append(answer.sequence) }
                        }
                    } catch {
                        return  // goald was killed
                    }
                }
            }
            Thread.sleep(forTimeInterval: Double.random(in: 0.05...0.4, using: &random))
            daemon.stop(signal: SIGKILL)
            done.wait()
        }

        // Recompute from the stored trips with the domain alone, then compare with a restarted goald.
        let (trips, recomputed, stored) = try { () throws -> ([Trip], Footprint, FollowUp) in
            let store = try GoalStore(stateDirectory: directory.file("state"))  // released before goald starts
            let trips = try store.allTrips()
            var accounts = TravelAccounts(library: try FactorLibrary())
            for trip in trips { accounts.add(trip) }
            let footprint = try accounts.footprint(
                from: CivilDate("2024-01-01")!, through: CivilDate("2024-12-31")!,
                unit: nil, groupBy: .unit, factors: nil)
            return (trips, footprint, try store.loadFollowUp(plan: .embeddedDefault()))
        }()

        let daemon = try TestDaemon(directory: directory)
        defer { daemon.cleanUp() }
        let connection = try daemon.connect()
        let history = try connection.call(GoalRPC.listMeasurements, ListMeasurementsRequest(indicator: "5.6.3.1"))
        let present = Set(history.measurements.map(\.sequence))
        let expectedMeasurements = acknowledged.measurements.withLock { $0 }
        #expect(expectedMeasurements.count > 10, "the kills came too early to test anything; \(random.replay)")
        #expect(
            expectedMeasurements.allSatisfy(present.contains),
            "an acknowledged measurement is missing; \(random.replay)")
        #expect(stored.measurements["sjukfranvarokvot"]?.count == history.measurements.count)

        let footprint = try connection.call(GoalRPC.getFootprint, GetFootprintRequest(year: 2024, by: "unit"))
        for group in footprint.groups {
            #expect(group.trips == 300, "batch \(group.key) is half applied: \(group.trips) trips; \(random.replay)")
        }
        let units = Set(footprint.groups.map(\.key))
        for unit in acknowledged.batches.withLock({ $0 }) {
            #expect(units.contains(unit), "the acknowledged batch \(unit) is missing; \(random.replay)")
        }
        #expect(abs(footprint.total.kgCO2e - recomputed.total.kg) < 1e-6)
        #expect(footprint.total.trips == trips.count)
    }
}
