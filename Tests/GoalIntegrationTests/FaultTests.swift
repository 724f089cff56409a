import Foundation
import GoalClient
import GoalProtocol
import GoalTestSupport
import Testing

/// A full disk under goald's store: writes fail with UNAVAILABLE and a log line; reads keep serving.
/// The store lives on a 1.5 MiB tmpfs mounted in a mount namespace of goald's own, so it needs root.
@Suite(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare")))
struct FaultTests {
    @Test func aFullDiskFailsWritesAndKeepsReadsServing() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let state = directory.file("state")
        let socket = directory.file("goald.sock")
        let log = directory.file("log")
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = [
            "--mount", "--propagation", "private", "sh", "-c",
            "mount -t tmpfs -o size=1536k tmpfs \"$0\" && exec \"$1\" --socket \"$2\" --state-dir \"$0\"",
            state, BuildProducts.path(of: "goald"), socket,
        ]
        process.standardError = FileHandle(forWritingAtPath: log)
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        var connection: GoalConnection?
        for _ in 0..<200 where connection == nil {
            connection = try? GoalConnection(socketPath: socket)
            if connection == nil { Thread.sleep(forTimeInterval: 0.05) }
        }
        let client = try #require(connection)
        _ = try client.call(
            GoalRPC.addTrips,
            AddTripsRequest(
                csv: "id,date,mode,distance_km\nA,2020-01-05,rail,100\nB,2024-01-05,rail,50\n",
                unit: "Regional utveckling"))

        var failure: RPCError?
        for batch in 0..<200 where failure == nil {
            var csv = "id,date,mode,distance_km,unit\n"
            for n in 0..<2000 {
                csv += "F\(batch)-\(n),2024-02-1\(n % 9),rail,\(n % 90 + 1),fill-unit-with-a-long-name-\(batch)\n"
            }
            do {
                _ = try client.call(
                    GoalRPC.addTrips, AddTripsRequest(csv: csv, unit: "Regional utveckling"), timeout: .seconds(30))
            } catch let error as RPCError {
                failure = error
            }
        }
        let error = try #require(failure, "the disk never filled")
        #expect(error.code == .unavailable)
        #expect(error.message.contains("could not write to the store"))
        #expect(error.message.contains("nothing was recorded"))
        // Reads keep serving, from memory.
        #expect(try client.call(GoalRPC.healthCheck, HealthCheckRequest()).status == "SERVING")
        let reduction = try client.call(
            GoalRPC.getReduction, GetReductionRequest(year: 2024, unit: "Regional utveckling"))
        #expect(reduction.current.trips == 1)
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(text.contains("store write failed"))
    }
}

/// A read-only state directory: goald opens its store read-only, serves what it holds, and answers every write
/// with UNAVAILABLE, changing nothing. The directory is bind-mounted read-only in a mount namespace of goald's own
/// (as root, permission bits alone do not stop a write), so it needs root.
@Suite(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare")))
struct ReadOnlyStateTests {
    /// Runs goald with its state directory mounted read-only.
    static func readOnlyLauncher(_ state: String) -> [String] {
        [
            "/usr/bin/unshare", "--mount", "--propagation", "private", "sh", "-c",
            "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\" && exec \"$@\"", state,
        ]
    }

    static let trips =
        "id,date,mode,distance_km\nA,2020-03-02,flight,1200\nB,2020-04-02,rail,400\nC,2024-03-02,rail,900\n"

    /// Fills a store through a writable goald, then stops it with `signal`; returns the reduction it answered.
    static func fill(_ directory: TemporaryDirectory, stopWith signal: Int32) throws -> ReductionMessage {
        let daemon = try TestDaemon(directory: directory)
        let connection = try daemon.connect()
        _ = try connection.call(GoalRPC.addTrips, AddTripsRequest(csv: trips, unit: "Regional utveckling"))
        _ = try connection.call(
            GoalRPC.recordMeasurement,
            RecordMeasurementRequest(
                indicator: "5.6.3.1", period: "2024-annual", value: .number(2.5)))
        let reduction = try connection.call(GoalRPC.getReduction, GetReductionRequest(year: 2024))
        daemon.stop(signal: signal)
        return reduction
    }

    static func checkServesReadsAndRefusesWrites(_ directory: TemporaryDirectory, expected: ReductionMessage) throws {
        let store = directory.file("state") + "/goald.sqlite"
        let before = try Data(contentsOf: URL(fileURLWithPath: store))
        let daemon = try TestDaemon(directory: directory, launcher: readOnlyLauncher(directory.file("state")))
        defer { daemon.stop(signal: SIGKILL) }
        let connection = try daemon.connect()

        let health = try connection.call(GoalRPC.healthCheck, HealthCheckRequest())
        #expect(health.status == "SERVING")
        #expect(!health.writable)
        #expect(try connection.call(GoalRPC.getReduction, GetReductionRequest(year: 2024)) == expected)
        let history = try connection.call(GoalRPC.listMeasurements, ListMeasurementsRequest(indicator: "5.6.3.1"))
        #expect(history.measurements.count == 1)

        for write in [
            {
                _ = try connection.call(
                    GoalRPC.addTrips,
                    AddTripsRequest(csv: "id,date,mode,distance_km\nD,2024-05-02,bus,40\n", unit: "Regional utveckling")
                )
            },
            {
                _ = try connection.call(
                    GoalRPC.recordMeasurement,
                    RecordMeasurementRequest(
                        indicator: "5.6.3.1", period: "2025-annual", value: .number(3)))
            },
        ] as [() throws -> Void] {
            #expect {
                try write()
            } throws: { error in
                let error = error as? RPCError
                return error?.code == .unavailable && error?.message.contains("read-only") == true
                    && error?.message.contains("nothing was recorded") == true
            }
        }
        // Nothing changed, in memory or on disk; reads still serve after the refused writes.
        #expect(try connection.call(GoalRPC.getReduction, GetReductionRequest(year: 2024)) == expected)
        let status = try runProduct("goalctl", ["--socket", daemon.socketPath, "health"])
        #expect(status.status == 0 && status.stdout.contains("the store is read-only"), "\(status.stdout)")
        #expect(daemon.log.contains("the store is read-only"))
        #expect(daemon.log.contains("Read-only file system"))
        daemon.stop()
        #expect(try Data(contentsOf: URL(fileURLWithPath: store)) == before)
    }

    @Test func aStoreClosedCleanlyServesReadOnly() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let expected = try Self.fill(directory, stopWith: SIGTERM)
        // A clean stop merges the write-ahead log: the file alone holds everything.
        let wal = try? FileManager.default.attributesOfItem(atPath: directory.file("state") + "/goald.sqlite-wal")
        #expect(((wal?[.size] as? NSNumber)?.intValue ?? 0) == 0)
        try Self.checkServesReadsAndRefusesWrites(directory, expected: expected)
    }

    @Test func aStoreLeftByACrashServesReadOnlyWithItsLog() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let expected = try Self.fill(directory, stopWith: SIGKILL)
        let wal = try FileManager.default.attributesOfItem(atPath: directory.file("state") + "/goald.sqlite-wal")
        #expect(((wal[.size] as? NSNumber)?.intValue ?? 0) > 0, "the crash should leave writes in the log")
        try Self.checkServesReadsAndRefusesWrites(directory, expected: expected)
    }

    @Test func noStoreInAReadOnlyDirectoryStopsGoaldWithTheReason() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let state = directory.file("state")
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        let launcher = Self.readOnlyLauncher(state)
        let run = try runProduct(
            launcher[0],
            Array(launcher.dropFirst())
                + [BuildProducts.path(of: "goald"), "--socket", directory.file("s.sock"), "--state-dir", state])
        #expect(run.status == 74)
        #expect(run.stderr.contains("cannot create the store \(state)/goald.sqlite"), "\(run.stderr)")
        #expect(run.stderr.contains("read-only"))
    }
}
