import Foundation
import GoalProtocol
import GoalServer
import GoalTestSupport
import NIOCore
import NIOEmbedded
import Testing

/// A connection's deadlines and idle timeout on a clock the test moves: goald's own pipeline on NIO's testing
/// channel, whose event loop keeps time only when told. A deadline fires at its time and not a moment before,
/// however fast or loaded the machine is, and no test waits for it.
@Suite struct ConnectionClockTests {
    /// A connection to `server`'s pipeline on a testing channel (no socket: no peer credentials, so it reads).
    func connect(_ server: TestServer) async throws -> NIOAsyncTestingChannel {
        let channel = NIOAsyncTestingChannel()
        try await channel.testingEventLoop.executeInContext { try server.server.addHandlers(to: channel) }
        try await channel.connect(to: SocketAddress(unixDomainSocketPath: "/goald-clock-test"))
        return channel
    }

    func send(_ channel: NIOAsyncTestingChannel, _ json: String) async throws {
        var buffer = channel.allocator.buffer(capacity: json.utf8.count + 4)
        buffer.writeInteger(UInt32(json.utf8.count), endianness: .big)
        buffer.writeString(json)
        try await channel.writeInbound(buffer)
    }

    /// Every whole frame written so far, as JSON.
    func written(_ channel: NIOAsyncTestingChannel) async throws -> [JSONValue] {
        var bytes = ByteBuffer()
        while var buffer = try await channel.readOutbound(as: ByteBuffer.self) { bytes.writeBuffer(&buffer) }
        var frames: [JSONValue] = []
        while let length = bytes.readInteger(endianness: .big, as: UInt32.self) {
            let payload = bytes.readBytes(length: Int(length))
            #expect(payload != nil, "a frame cut short")
            frames.append(try JSONDecoder().decode(JSONValue.self, from: Data(payload ?? [])))
        }
        return frames
    }

    /// The first answer a test expects, once goald's work off the loop has come back to it.
    func answer(_ channel: NIOAsyncTestingChannel) async throws -> [JSONValue] {
        for _ in 0..<2000 {
            await channel.testingEventLoop.run()
            let frames = try await written(channel)
            if !frames.isEmpty { return frames }
            try await Task.sleep(for: .milliseconds(5))
        }
        return []
    }

    @Test func aStreamsDeadlineEndsItAtItsTimeAndNotBefore() async throws {
        try await withTestServer { server in
            let channel = try await connect(server)
            try await send(channel, #"{"id":1,"method":"goald.v1.Health/Watch","timeoutMs":1000}"#)
            let opened = try await answer(channel)
            #expect(opened.map { $0["result"]?["status"] } == [.string("SERVING")], "\(opened)")

            await channel.testingEventLoop.advanceTime(by: .milliseconds(999))
            #expect(try await written(channel).isEmpty, "the stream is open until its deadline")
            await channel.testingEventLoop.advanceTime(by: .milliseconds(1))
            let ended = try await written(channel)
            #expect(ended.count == 1 && ended.first?["id"] == .number(1))
            #expect(ended.first?["error"]?["code"] == .string("DEADLINE_EXCEEDED"), "\(ended)")

            // The connection goes on, and the id is free again.
            try await send(channel, #"{"id":1,"method":"goald.v1.Health/Check"}"#)
            #expect(try await answer(channel).first?["result"]?["status"] == .string("SERVING"))
            _ = try? await channel.finish()
        }
    }

    @Test func aCallAnsweredBeforeItsDeadlineIsNotAnsweredAgain() async throws {
        try await withTestServer { server in
            let channel = try await connect(server)
            // A read is answered at once; its deadline, far off, never sends a second answer.
            try await send(
                channel, #"{"id":7,"method":"goald.v1.Goals/GetIndicator","params":{"key":"5.6.3.1"},"timeoutMs":50}"#)
            let answered = try await answer(channel)
            #expect(answered.count == 1 && answered.first?["result"]?["indicator"]?["number"] == .string("5.6.3.1"))
            await channel.testingEventLoop.advanceTime(by: .seconds(60))
            #expect(try await written(channel).isEmpty)
            _ = try? await channel.finish()
        }
    }

    @Test func aFrameNotWholeWithinItsDeadlineIsRefusedAndItsConnectionClosed() async throws {
        try await withTestServer(configure: { $0.frameDeadline = .seconds(30) }) { server in
            let channel = try await connect(server)
            let json = #"{"id":1,"method":"goald.v1.Health/Check"}"#
            var frame = channel.allocator.buffer(capacity: json.utf8.count + 4)
            frame.writeInteger(UInt32(json.utf8.count), endianness: .big)
            frame.writeString(json)
            // A byte now and then, each well within the idle timeout: the frame's deadline runs from its first byte.
            for second in 0..<29 {
                try await channel.writeInbound(frame.readSlice(length: 1)!)
                await channel.testingEventLoop.advanceTime(by: .seconds(1))
                #expect(channel.isActive, "open \(second + 1) s after the frame's first byte")
            }
            await channel.testingEventLoop.advanceTime(by: .milliseconds(999))
            let before = try await written(channel)
            #expect(channel.isActive && before.isEmpty, "open until the deadline")
            await channel.testingEventLoop.advanceTime(by: .milliseconds(1))
            let refused = try await written(channel)
            #expect(refused.first?["id"] == .number(0), "\(refused)")
            #expect(refused.first?["error"]?["code"] == .string("RESOURCE_EXHAUSTED"), "\(refused)")
            if case .string(let message)? = refused.first?["error"]?["message"] {
                #expect(message.contains("not whole within 30 s"))
            }
            await channel.testingEventLoop.run()
            #expect(!channel.isActive, "closed at the deadline")

            // Whole frames, however slow the calls between them, are never timed: the deadline is a frame's.
            let calm = try await connect(server)
            for id in 1...3 {
                await calm.testingEventLoop.advanceTime(by: .seconds(25))
                try await send(calm, #"{"id":\#(id),"method":"goald.v1.Health/Check"}"#)
                #expect(try await answer(calm).first?["id"] == .number(Double(id)))
            }
            // A frame sent in two halves 29 s apart is whole in time, and the next frame has a deadline of its own.
            var halves = frame
            halves.moveReaderIndex(to: 0)
            try await calm.writeInbound(halves.readSlice(length: 10)!)
            await calm.testingEventLoop.advanceTime(by: .seconds(29))
            try await calm.writeInbound(halves)
            #expect(try await answer(calm).first?["result"]?["status"] == .string("SERVING"))
            try await calm.writeInbound(ByteBuffer(bytes: [0, 0]))
            await calm.testingEventLoop.advanceTime(by: .seconds(29))
            #expect(calm.isActive)
            await calm.testingEventLoop.advanceTime(by: .seconds(1))
            await calm.testingEventLoop.run()
            #expect(!calm.isActive, "the second frame's deadline ran from its own first byte")
        }
    }

    /// goald stopping tells the streams (the state stops serving) and the connections (the quiescing helper's event)
    /// apart: whichever comes first, a client that has seen its stream end gets UNAVAILABLE for a new call.
    @Test func aCallAfterAStreamEndedByTheStopIsRefusedBeforeTheConnectionHearsOfIt() async throws {
        try await withTestServer { server in
            let channel = try await connect(server)
            try await send(channel, #"{"id":1,"method":"goald.v1.Health/Watch"}"#)
            #expect(try await answer(channel).first?["result"]?["status"] == .string("SERVING"))
            server.state.stopServing()  // the streams hear of the stop; this connection's quiesce event has not come
            let ended = try await answer(channel)
            #expect(ended.contains { $0["result"]?["status"] == .string("NOT_SERVING") }, "\(ended)")
            #expect(ended.contains { $0["id"] == .number(1) && $0["end"] == .bool(true) }, "\(ended)")
            try await send(channel, #"{"id":2,"method":"goald.v1.Health/Check"}"#)
            let refused = try await answer(channel)
            #expect(refused.first?["id"] == .number(2))
            #expect(refused.first?["error"]?["code"] == .string("UNAVAILABLE"), "\(refused)")
            _ = try? await channel.finish()
        }
    }

    @Test func anIdleConnectionClosesAtTheTimeoutUnlessAStreamIsOpen() async throws {
        try await withTestServer(configure: { $0.idleTimeout = .seconds(30) }) { server in
            let idle = try await connect(server)
            await idle.testingEventLoop.advanceTime(by: .milliseconds(29_999))
            #expect(idle.isActive, "open until the idle timeout")
            await idle.testingEventLoop.advanceTime(by: .milliseconds(1))
            #expect(!idle.isActive, "closed at the idle timeout")

            // A stream is not idle: the connection stays open past the timeout, for as long as it runs.
            let watching = try await connect(server)
            try await send(watching, #"{"id":1,"method":"goald.v1.Health/Watch"}"#)
            #expect(try await answer(watching).first?["result"]?["status"] == .string("SERVING"))
            await watching.testingEventLoop.advanceTime(by: .seconds(3600))
            #expect(watching.isActive, "a connection with a stream open is not idle")
            _ = try? await watching.finish()
        }
    }
}
