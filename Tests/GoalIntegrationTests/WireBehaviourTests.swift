import Foundation
import GoalClient
import GoalProtocol
import GoalServer
import GoalTestSupport
import GoalWire
import Testing

/// What a client relies on beyond one call at a time: deadlines, cancellation, ids, streams.
@Suite struct WireBehaviourTests {
    func frame(_ id: UInt64, _ method: String, _ params: String = "{}", timeoutMs: Int? = nil) -> [UInt8] {
        RawFrames.call(id, method, params, timeoutMs: timeoutMs)
    }

    func next(_ connection: GoalConnection) throws -> JSONValue { try RawFrames.next(connection) }

    func bigImport(_ id: UInt64) -> [UInt8] { RawFrames.bigImport(id) }

    @Test func watchShowsAMeasurementFromAnotherConnectionWhenItIsWritten() async throws {
        try await inProcess { daemon in
            let watcher = try daemon.connect()
            try watcher.send(frame(1, "goald.v1.Goals/Watch", #"{"period":"2024-annual"}"#))
            let first = try next(watcher)
            #expect(first["result"]?["tally"]?["met"] == .number(0))

            let started = ContinuousClock.now
            _ = try daemon.connect().call(
                GoalRPC.recordMeasurement,
                RecordMeasurementRequest(
                    indicator: "5.6.3.1", period: "2024-annual", value: .number(2.5)))
            let pushed = try JSONDecoder().decode(
                JSONValue.self,
                from: Data(watcher.receive(deadline: .now + .seconds(10))))
            // Pushed by the write, not by a poll: a bound far above the answer, far below a forgotten push.
            #expect(ContinuousClock.now - started < .seconds(10))
            #expect(pushed["id"] == .number(1))
            #expect(pushed["result"]?["tally"]?["met"] == .number(1))

            // goalctl watch, not on a terminal, prints a line per change.
            let line = try runProduct("goalctl", ["--socket", daemon.socketPath, "call", "goald.v1.Health/Check"])
            #expect(line.status == 0 && line.stdout.contains("\"status\":\"SERVING\""))
        }
    }

    @Test func healthWatchSaysNotServingAtShutdownAndEnds() async throws {
        try await inProcess { daemon in
            let watcher = try daemon.connect()
            try watcher.send(frame(1, "goald.v1.Health/Watch"))
            #expect(try next(watcher)["result"]?["status"] == .string("SERVING"))
            daemon.server.beginGracefulShutdown()
            #expect(try next(watcher)["result"]?["status"] == .string("NOT_SERVING"))
            #expect(try next(watcher)["end"] == .bool(true))
        }
    }
}

@Suite struct LoadShapeTests {
    @Test func aThousandIdleConnectionsDoNotStopOthersBeingServed() throws {
        let daemon = try TestDaemon(arguments: ["--max-connections-per-user", "2000"])
        defer { daemon.cleanUp() }
        var idle: [GoalConnection] = []
        for _ in 0..<1000 { idle.append(try daemon.connect()) }
        let started = ContinuousClock.now
        let answer = try daemon.connect().call(
            GoalRPC.getIndicator, GetIndicatorRequest(key: "5.3.1.1"), timeout: .seconds(10))
        #expect(answer.indicator.number == "5.3.1.1")
        // Served beside them (a bound, not a speed: make bench measures latency).
        #expect(ContinuousClock.now - started < .seconds(10))
        idle.removeAll()
        #expect(try daemon.connect().call(GoalRPC.healthCheck, HealthCheckRequest()).status == "SERVING")
    }

    @Test func aClientSendingOneByteAtATimeHoldsUpNoOne() async throws {
        try await inProcess { daemon in
            let slow = try daemon.connect()
            let frame = Framing.frame(Array(#"{"id":1,"method":"goald.v1.Health/Check"}"#.utf8))
            let other = try daemon.connect()
            for (index, byte) in frame.enumerated() {
                try slow.sendBytes([byte])
                if index % 10 == 0 {
                    #expect(
                        try other.call(GoalRPC.healthCheck, HealthCheckRequest(), timeout: .seconds(2)).status
                            == "SERVING")
                }
                Thread.sleep(forTimeInterval: 0.01)
            }
            let answer = try JSONDecoder().decode(
                JSONValue.self, from: Data(slow.receive(deadline: .now + .seconds(5))))
            #expect(answer["result"]?["status"] == .string("SERVING"))
        }
    }
}

@Suite struct LimitTests {
    @Test func connectionsOverTheLimitAreRefusedWithAClearError() async throws {
        try await inProcess({ $0.maxConnections = 3 }) { daemon in
            // TestDaemon knows goald is ready from its READY=1, without a connection of its own:
            // these are the only three.
            let held = try (0..<3).map { _ in try daemon.connect() }
            for connection in held {
                #expect(try connection.call(GoalRPC.healthCheck, HealthCheckRequest()).status == "SERVING")
            }
            let extra = try daemon.connect()
            let answer = try JSONDecoder().decode(
                JSONValue.self, from: Data(extra.receive(deadline: .now + .seconds(5))))
            #expect(answer["error"]?["code"] == .string("RESOURCE_EXHAUSTED"))
            #expect(extra.isClosedByPeer(deadline: .now + .seconds(5)))
            _ = held
        }
    }

    @Test func callsInFlightOverTheLimitAreRefused() async throws {
        try await inProcess({ $0.maxCallsInFlight = 1 }) { daemon in
            let connection = try daemon.connect()
            var csv = "id,date,mode,distance_km\\n"
            for n in 0..<20_000 { csv += "L\(n),2024-03-1\(n % 9),rail,10\\n" }
            try connection.send(
                Array(#"{"id":1,"method":"goald.v1.Travel/AddTrips","params":{"csv":"\#(csv)","unit":"U"}}"#.utf8))
            try connection.send(
                Array(#"{"id":2,"method":"goald.v1.Travel/SetStaff","params":{"unit":"U","year":2024,"fte":3}}"#.utf8))
            let refused = try JSONDecoder().decode(
                JSONValue.self, from: Data(connection.receive(deadline: .now + .seconds(10))))
            #expect(refused["id"] == .number(2) && refused["error"]?["code"] == .string("RESOURCE_EXHAUSTED"))
            let first = try JSONDecoder().decode(
                JSONValue.self, from: Data(connection.receive(deadline: .now + .seconds(20))))
            #expect(first["id"] == .number(1))
        }
    }
}
