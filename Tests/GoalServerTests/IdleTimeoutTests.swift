import GoalServer
import NIOCore
import NIOEmbedded
import Testing

/// The idle timeout on the event loop's clock: an embedded loop's time is advanced by the test, not waited for.
@Suite struct IdleTimeoutTests {
    /// Counts the idle events that reach the call handler's place in the pipeline.
    final class IdleEvents: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        var count = 0
        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if event is ConnectionIdleEvent { count += 1 }
        }
    }

    @Test func aConnectionIsIdleATimeoutAfterItsLastReadAndAgainAfterAnother() throws {
        let loop = EmbeddedEventLoop()
        let channel = EmbeddedChannel(loop: loop)
        let events = IdleEvents()
        try channel.pipeline.syncOperations.addHandler(connectionFlowHandler(idleTimeout: .seconds(1)))
        try channel.pipeline.syncOperations.addHandler(events)
        try channel.connect(to: SocketAddress(unixDomainSocketPath: "/idle")).wait()

        loop.advanceTime(by: .milliseconds(999))
        #expect(events.count == 0)
        try channel.writeInbound(channel.allocator.buffer(string: "x"))  // a read at 0.999 s
        loop.advanceTime(by: .milliseconds(999))
        #expect(events.count == 0, "a read puts the timeout off")
        loop.advanceTime(by: .milliseconds(1))
        #expect(events.count == 1, "idle one timeout after the last read")
        loop.advanceTime(by: .milliseconds(999))
        #expect(events.count == 1)
        loop.advanceTime(by: .milliseconds(1))
        #expect(
            events.count == 2, "and again a whole timeout later (the call handler closes it if nothing is in flight)")
        _ = try? channel.finish()
    }
}
