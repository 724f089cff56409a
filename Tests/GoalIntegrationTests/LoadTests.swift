import Foundation
import GoalClient
import GoalProtocol
import GoalTestSupport
import Synchronization
import Testing

/// 64 clients at once, each making the same mix of reads and writes: no error, no lost write, and goald's memory
/// back near its level afterwards. A count of calls, not a time: how fast goald answers is make bench's question.
@Suite struct LoadTests {
    static func residentKiB(_ pid: Int32) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }

    @Test func sixtyFourClientsMixingReadsAndWrites() throws {
        let daemon = try TestDaemon(arguments: ["--log-level", "info"])
        defer { daemon.cleanUp() }
        let setup = try daemon.connect()
        _ = try setup.call(
            GoalRPC.addTrips,
            AddTripsRequest(
                csv: "id,date,mode,distance_km\nA,2020-03-01,rail,100\nB,2024-03-01,rail,80\n",
                unit: "Regional utveckling"))
        // Warm up, then take the baseline.
        for _ in 0..<200 { _ = try setup.call(GoalRPC.getStatus, GetStatusRequest()) }
        let baseline = Self.residentKiB(daemon.pid)

        let errors = Mutex<[String]>([])
        let written = Mutex(0)
        let calls = Mutex(0)
        let stepsPerClient = 24
        let group = DispatchGroup()
        for client in 0..<64 {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                do {
                    let connection = try GoalConnection(socketPath: daemon.socketPath)
                    for step in 0..<stepsPerClient {
                        switch step % 4 {
                        case 0:
                            _ = try connection.call(
                                GoalRPC.recordMeasurement,
                                RecordMeasurementRequest(
                                    indicator: "5.6.3.\(client % 4 + 1)", period: "2025-annual",
                                    value: .number(Double(step % 100)),
                                    note: "client \(client) step \(step)"), timeout: .seconds(20))
                            written.withLock { $0 += 1 }
                        case 1: _ = try connection.call(GoalRPC.getStatus, GetStatusRequest(), timeout: .seconds(20))
                        case 2:
                            _ = try connection.call(
                                GoalRPC.getReduction, GetReductionRequest(year: 2024), timeout: .seconds(20))
                        default: _ = try connection.call(GoalRPC.getPlan, GetPlanRequest(), timeout: .seconds(20))
                        }
                        calls.withLock { $0 += 1 }
                    }
                } catch {
                    errors.withLock { $0.append("client \(client): \(error)") }
                }
            }
        }
        group.wait()
        #expect(errors.withLock { $0 }.isEmpty, "\(errors.withLock { $0.prefix(3) })")
        let stored = try (1...4).map {
            try setup.call(GoalRPC.listMeasurements, ListMeasurementsRequest(indicator: "5.6.3.\($0)")).measurements
                .count
        }
        #expect(stored.reduce(0, +) == written.withLock { $0 }, "every acknowledged write is stored")
        #expect(calls.withLock { $0 } == 64 * stepsPerClient)
        #expect(written.withLock { $0 } == 64 * stepsPerClient / 4)

        // Memory the load took is given back shortly after (freed buffers, the allocator's trim): read until it is
        // within bounds, for at most five seconds, so the check waits for the return rather than a fixed time.
        var after = Self.residentKiB(daemon.pid)
        let deadline = ContinuousClock.now + .seconds(5)
        while after >= baseline + 64 * 1024, ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.01)
            after = Self.residentKiB(daemon.pid)
        }
        print(
            """
            load: \(calls.withLock { $0 }) calls, \(written.withLock { $0 }) writes; resident \(baseline) KiB before, \
            \(after) KiB after
            """
        )
        #expect(after < baseline + 64 * 1024, "resident memory \(after) KiB after the load, \(baseline) KiB before")
    }
}
