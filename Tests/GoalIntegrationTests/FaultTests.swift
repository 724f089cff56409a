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
        process.arguments = ["--mount", "--propagation", "private", "sh", "-c",
                             "mount -t tmpfs -o size=1536k tmpfs \"$0\" && exec \"$1\" --socket \"$2\" --state-dir \"$0\"",
                             state, BuildProducts.path(of: "goald"), socket]
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
        _ = try client.call(GoalRPC.addTrips, AddTripsRequest(csv: "id,date,mode,distance_km\nA,2020-01-05,rail,100\nB,2024-01-05,rail,50\n"))

        var failure: RPCError?
        for batch in 0..<200 where failure == nil {
            var csv = "id,date,mode,distance_km,unit\n"
            for n in 0..<2000 { csv += "F\(batch)-\(n),2024-02-1\(n % 9),rail,\(n % 90 + 1),fill-unit-with-a-long-name-\(batch)\n" }
            do {
                _ = try client.call(GoalRPC.addTrips, AddTripsRequest(csv: csv), timeout: .seconds(30))
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
        let reduction = try client.call(GoalRPC.getReduction, GetReductionRequest(year: 2024, unit: "Regional utveckling"))
        #expect(reduction.current.trips == 1)
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(text.contains("store write failed"))
    }
}
