import Foundation
import GoalDomain
import GoalProtocol
import GoalServer
import GoalStore
import GoalWire
import Logging
import NIOCore
import NIOEmbedded

/// Random and mutated inputs through the real pipeline (frame decoder and call handler) on embedded channels.
/// Every answer must be a well-formed frame with an id and exactly one of result, error and end, with a gRPC
/// code; nothing may crash; a valid call on a fresh connection must still be served.
package enum PipelineFuzzer {
    package struct Report: Sendable, CustomStringConvertible {
        package var seed: UInt64 = 0
        package var cases = 0
        package var answered = 0
        package var closed = 0
        package var problems: [String] = []

        package var description: String {
            "\(cases) cases (seed \(seed)): \(answered) answers, \(closed) connections closed, "
                + "\(problems.count) problems"
        }
    }

    static let seeds: [String] = [
        #"{"id":1,"method":"goald.v1.Health/Check","params":{}}"#,
        #"{"id":2,"method":"goald.v1.Goals/GetIndicator","params":{"key":"5.6.3.1"}}"#,
        #"{"id":3,"method":"goald.v1.Goals/GetStatus","params":{"period":"2024-annual"}}"#,
        #"{"id":4,"method":"goald.v1.Travel/GetReduction","params":{"year":2024,"through":"2024-08-31"}}"#,
        #"{"id":5,"method":"goald.v1.Travel/GetFootprint","params":"#
            + #"{"from":"2024-01-01","through":"2024-02-29","by":"mode"}}"#,
        #"{"id":6,"method":"goald.v1.Goals/ListMeasurements","params":"#
            + #"{"indicator":"5.3.1.1","period":"2025-interim"}}"#,
        #"{"cancel":9}"#,
        #"{"id":7,"method":"goald.v1.Nope/Nothing","timeoutMs":5,"metadata":{"a":"b"}}"#,
    ]

    static func makeServer() throws -> GoalServer {
        let directory = NSTemporaryDirectory() + "goald-fuzz-" + UUID().uuidString
        let store = try GoalStore(stateDirectory: directory)
        var travel = TravelAccounts(library: try FactorLibrary())
        travel.add(Trip(id: "t", date: CivilDate("2024-02-10")!, mode: .rail, distanceKm: 100))
        travel.add(Trip(id: "u", date: CivilDate("2020-02-10")!, mode: .rail, distanceKm: 200))
        let state = LiveState(Snapshot(GoalState(followUp: FollowUp(plan: .embeddedDefault()), travel: travel)))
        var configuration = ServerConfiguration()
        configuration.maxFrameLength = 64 * 1024
        var logger = Logger(label: "fuzz")
        logger.logLevel = .critical
        let writer = StateWriter(store: store, state: state)
        return GoalServer(
            configuration: configuration,
            services: GoalServer.standardServices(state: state, writer: writer, reloader: nil),
            state: state, writer: writer, logger: logger)
    }

    static func mutate(_ bytes: [UInt8], _ random: inout SeededRandom) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            switch Int.random(in: 0..<6, using: &random) {
            case 0 where !bytes.isEmpty:
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            case 1 where !bytes.isEmpty: bytes.remove(at: Int.random(in: 0..<bytes.count, using: &random))
            case 2:
                bytes.insert(
                    UInt8.random(in: 0...255, using: &random), at: Int.random(in: 0...bytes.count, using: &random))
            case 3 where bytes.count > 2: bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &random)))
            case 4:
                bytes.insert(
                    contentsOf: Array("[{\"\\u0000\"}]".utf8), at: Int.random(in: 0...bytes.count, using: &random))
            default: bytes.append(contentsOf: [0xC3, 0x28])  // invalid UTF-8
            }
        }
        return bytes
    }

    package static func run(cases: Int, seed: UInt64 = 0x60A1D) throws -> Report {
        let server = try makeServer()
        var report = Report()
        report.seed = seed
        var random = SeededRandom(seed: seed)
        func connected() throws -> EmbeddedChannel {
            let channel = EmbeddedChannel()
            try server.addHandlers(to: channel)
            try channel.connect(to: SocketAddress(unixDomainSocketPath: "/fuzz")).wait()
            return channel
        }
        var channel = try connected()

        func drain() throws {
            while let frame = try channel.readOutbound(as: ByteBuffer.self) {
                var frame = frame
                let prefix = frame.readInteger(endianness: .big, as: UInt32.self)
                guard let length = prefix, Int(length) == frame.readableBytes else {
                    report.problems.append("a frame whose prefix is not its length")
                    continue
                }
                let object = try JSONSerialization.jsonObject(with: Data(frame.readableBytesView)) as? [String: Any]
                guard let object, object["id"] is NSNumber else {
                    report.problems.append(
                        "an answer without an id: \(String(decoding: frame.readableBytesView, as: UTF8.self))")
                    continue
                }
                let parts = ["result", "error", "end"].filter { object[$0] != nil }
                if parts.count != 1 { report.problems.append("an answer with \(parts)") }
                if let error = object["error"] as? [String: Any], let name = error["code"] as? String,
                    StatusCode(rawValue: name).number == nil
                {
                    report.problems.append("\(name) is not a gRPC code")
                }
                report.answered += 1
            }
        }

        for index in 0..<cases {
            var input = ByteBuffer()
            switch index % 10 {
            case 0, 1, 2, 3:
                let seed = Array(Self.seeds[Int.random(in: 0..<Self.seeds.count, using: &random)].utf8)
                input.writeFrame(payload: Self.mutate(seed, &random))
            case 4, 5:
                let count = Int.random(in: 0..<64, using: &random)
                input.writeFrame(payload: (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) })
            case 6:
                let seed = Array(Self.seeds[Int.random(in: 0..<Self.seeds.count, using: &random)].utf8)
                input.writeInteger(UInt32.random(in: 0...UInt32(seed.count + 8), using: &random), endianness: .big)
                input.writeBytes(seed)
            case 7:
                input.writeInteger(UInt32.random(in: 0...UInt32.max, using: &random), endianness: .big)
            default:
                let seed = Array(Self.seeds[Int.random(in: 0..<Self.seeds.count, using: &random)].utf8)
                input.writeFrame(payload: seed)
            }
            // Feed in random pieces: frames split over reads and joined in one.
            while input.readableBytes > 0, channel.isActive {
                let piece = input.readSlice(length: min(input.readableBytes, Int.random(in: 1...64, using: &random)))!
                try channel.writeInbound(piece)
            }
            try drain()
            if !channel.isActive {
                // An embedded loop runs its tasks when told: this completes the close (and frees the connection's
                // place among the server's connections).
                channel.embeddedEventLoop.run()
                report.closed += 1
                channel = try connected()
            }
            // Now and then: is a valid call on a fresh connection still served?
            if index % 100_000 == 99_999 {
                let probe = try connected()
                var frame = ByteBuffer()
                frame.writeFrame(payload: Array(Self.seeds[0].utf8))
                try probe.writeInbound(frame)
                if var answer = try probe.readOutbound(as: ByteBuffer.self) {
                    answer.moveReaderIndex(forwardBy: 4)
                    if !String(decoding: answer.readableBytesView, as: UTF8.self).contains("\"status\":\"SERVING\"") {
                        report.problems.append(
                            "a valid call after \(index + 1) cases was not served: "
                                + String(decoding: answer.readableBytesView, as: UTF8.self))
                    }
                } else {
                    report.problems.append("a valid call after \(index + 1) cases got no answer")
                }
                _ = try? probe.finish()
                probe.embeddedEventLoop.run()
            }
        }
        report.cases = cases
        if report.answered < cases / 2 { report.problems.append("only \(report.answered) answers") }
        if report.closed == 0 { report.problems.append("no connection was closed: over-limit prefixes must close") }
        return report
    }
}
