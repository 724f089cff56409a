import Foundation
import GoalClient
import GoalProtocol
import GoalServer
import GoalTestSupport
import GoalWire
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// No client can make goald's memory grow without bound, nor lock the others out.
@Suite struct BoundedMemoryTests {
    /// A client that sends and never reads: a non-blocking socket, written until the kernel takes no more.
    final class FloodingClient {
        let fd: Int32

        init(socketPath: String) throws {
            fd = try UnixSocket.connect(socketPath)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }

        deinit { close(fd) }

        /// Sends up to `count` frames, as many as the kernel takes without blocking; returns how many went.
        func send(_ frame: [UInt8], count: Int, from start: Int = 0) -> Int {
            var sent = start
            var offset = 0
            var bytes: [UInt8] = []
            while sent < count {
                if offset == bytes.count {
                    bytes = frame
                    offset = 0
                }
                let written = bytes[offset...].withUnsafeBytes {
                    Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
                }
                if written < 0 { return sent }  // EAGAIN: goald is not reading, and the kernel's buffers are full
                offset += written
                if offset == bytes.count { sent += 1 }
            }
            return sent
        }
    }

    /// 8 clients pipeline 20 000 `Goals/GetPlan` each and never read an answer. goald stops reading them once each
    /// holds its bound of unread answers, so its memory stays within 8 bounds (plus what one read brings in), and
    /// a ninth client is served meanwhile.
    @Test func clientsThatDoNotReadKeepMemoryWithinItsBound() throws {
        let daemon = try TestDaemon(arguments: ["--log-level", "info"])
        defer { daemon.cleanUp() }
        let probe = try daemon.connect()
        let plan = try probe.call(GoalRPC.getPlan, GetPlanRequest())
        let answerBytes = try WireJSON.encode(plan).count
        for _ in 0..<50 { _ = try probe.call(GoalRPC.getPlan, GetPlanRequest()) }
        let baseline = LoadTests.residentKiB(daemon.pid)

        let frame = Framing.frame(Array(#"{"id":1,"method":"goald.v1.Goals/GetPlan"}"#.utf8))
        let clients = try (0..<8).map { _ in try FloodingClient(socketPath: daemon.socketPath) }
        var sent = [Int](repeating: 0, count: clients.count)
        // Send until no client's kernel buffer takes more for a while: goald has stopped reading all of them.
        var quiet = 0
        while quiet < 10 {
            var progress = false
            for (index, client) in clients.enumerated() {
                let now = client.send(frame, count: 20_000, from: sent[index])
                if now > sent[index] { progress = true }
                sent[index] = now
            }
            quiet = progress ? 0 : quiet + 1
            Thread.sleep(forTimeInterval: 0.05)
        }
        let flooded = LoadTests.residentKiB(daemon.pid)
        // Each connection holds at most its bound of unread answers (4 MiB) plus the answers to one read's frames.
        let bound = ServerConfigurationBound.maxUnwrittenBytes / 1024
        let perConnection = bound + (64 * 1024 / frame.count + 1) * answerBytes / 1024
        let growth = flooded - baseline
        print(
            "flood: \(sent) frames sent; a GetPlan answer is \(answerBytes) bytes; resident \(baseline) KiB before, "
                + "\(flooded) KiB flooded (growth \(growth) KiB, bound \(8 * perConnection) KiB)")
        #expect(sent.allSatisfy { $0 < 20_000 }, "goald stopped reading every client before it sent everything")
        #expect(growth < 8 * perConnection + 32 * 1024, "resident memory grew \(growth) KiB")

        // A ninth client is served while the eight hang.
        let started = ContinuousClock.now
        let ninth = try daemon.connect()
        #expect(try ninth.call(GoalRPC.healthCheck, HealthCheckRequest(), timeout: .seconds(15)).status == "SERVING")
        #expect(try ninth.call(GoalRPC.getPlan, GetPlanRequest(), timeout: .seconds(15)).id == plan.id)
        // Served, not starved: a bound, not a speed measurement (make bench measures latency). Under `make test` the
        // whole suite runs beside this goald on two cores (the in-process fuzzer alone takes both for a minute), and
        // 5 s proved too tight there; a goald that starves the ninth client misses any bound.
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    /// The per-user cap: a user at the cap gets one RESOURCE_EXHAUSTED frame on id 0, and the connection closes.
    @Test func oneUserCannotHoldMoreThanItsShareOfConnections() async throws {
        try await inProcess({ $0.maxConnectionsPerUser = 3 }) { daemon in
            // Connections are set up on two event loops, so which of five is refused is not fixed: two are.
            var connections = try (0..<5).map { _ in try daemon.connect() }
            var served: [GoalConnection] = []
            var refusals: [JSONValue] = []
            for connection in connections {
                if let frame = try? connection.receive(deadline: .now + .milliseconds(500)) {
                    refusals.append(try JSONDecoder().decode(JSONValue.self, from: Data(frame)))
                    #expect(connection.isClosedByPeer(deadline: .now + .seconds(5)))
                } else {
                    served.append(connection)
                }
            }
            #expect(served.count == 3 && refusals.count == 2)
            for answer in refusals {
                #expect(answer["id"] == .number(0) && answer["error"]?["code"] == .string("RESOURCE_EXHAUSTED"))
                if case .string(let message)? = answer["error"]?["message"] {
                    #expect(message.contains("max-connections-per-user"))
                }
            }
            for connection in served {
                #expect(
                    try connection.call(GoalRPC.healthCheck, HealthCheckRequest(), timeout: .seconds(5)).status
                        == "SERVING"
                )
            }
            // A place freed is free again, once goald has seen the close.
            served.removeAll()
            connections.removeAll()
            var again = false
            for _ in 0..<50 where !again {
                again =
                    (try? daemon.connect().call(GoalRPC.healthCheck, HealthCheckRequest(), timeout: .seconds(5)))?
                    .status == "SERVING"
                if !again { Thread.sleep(forTimeInterval: 0.05) }
            }
            #expect(again)
        }
    }
}

/// The bound the server applies, as the test expects it (ServerConfiguration lives in the server, not linked here).
enum ServerConfigurationBound {
    static let maxUnwrittenBytes = 4 * 1024 * 1024
}
