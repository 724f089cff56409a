import GoalProtocol
import GoalWire
import NIOCore

/// When a connection is read from, in one small handler ahead of the frame decoder, so that it costs once per
/// read rather than once per frame:
/// - **the bound on unread answers**: while the answers the client has not read pass the channel's high water
///   mark (`maxUnwrittenBytes`), the bytes already read wait here and no more are read from the socket (`read` is
///   held); once the client has read enough they go on, in order. A client that never reads makes goald hold one
///   bound of answers plus the answers to one read's frames, whatever it sends.
/// - **the idle timeout**: a read only notes the time; when the timer fires after `idleTimeout` without a read,
///   `ConnectionIdleEvent` goes down the pipeline (the call handler closes the connection if nothing is in
///   flight), and the timer waits again. Time is the event loop's (`EventLoop.now`), so that a test drives it with
///   an embedded loop's clock.
/// - **the frame deadline**: a frame must be whole within `frameDeadline` of its first byte (the time goald holds
///   reads while the client does not read its answers does not count); else `WireError.frameTooSlow` goes down the
///   pipeline and the call handler answers and closes, so that a client trickling a byte now and then cannot keep a
///   half-sent frame (up to the frame limit) in goald's memory past the deadline.
final class ConnectionFlowHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let idleTimeout: TimeAmount
    private var lastRead = NIODeadline.uptimeNanoseconds(0)
    private var idleTimer: Scheduled<Void>?
    private let frameDeadline: TimeAmount
    /// Where the bytes read stand in the framing; when the frame begun started to count (nil between frames and
    /// while reads are held); the one timer that checks it, armed while a frame is begun and re-armed when it fires
    /// for a later frame (so a read costs a comparison, not a timer).
    private var progress = FrameProgress()
    private var frameStart: NIODeadline?
    private var frameTimer: Scheduled<Void>?
    /// Bytes read while the client was not reading its answers.
    private var held = CircularBuffer<ByteBuffer>()
    /// A read the channel asked for while bytes are held: passed on once they have gone on.
    private var readHeld = false

    init(idleTimeout: TimeAmount, frameDeadline: TimeAmount) {
        self.idleTimeout = idleTimeout
        self.frameDeadline = frameDeadline
    }

    func handlerAdded(context: ChannelHandlerContext) {
        lastRead = context.eventLoop.now
        if context.channel.isActive { armIdleTimer(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        armIdleTimer(context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastRead = context.eventLoop.now
        let bytes = unwrapInboundIn(data)
        if bytes.withUnsafeReadableBytes({ progress.consume($0) }) > 0 {
            frameStart = nil  // a frame ended: the next one has its own deadline
        }
        guard held.isEmpty, context.channel.isWritable else {
            held.append(bytes)
            timeFrame(context: context, now: lastRead)
            return
        }
        timeFrame(context: context, now: lastRead)
        context.fireChannelRead(data)
    }

    func read(context: ChannelHandlerContext) {
        if held.isEmpty && context.channel.isWritable {
            context.read()
        } else {
            readHeld = true
        }
        timeFrame(context: context)
    }

    /// Runs the deadline of the frame begun while goald reads; stops it between frames and while reads are held
    /// (a frame whose reads were held starts to count again when they go on).
    private func timeFrame(context: ChannelHandlerContext, now: NIODeadline? = nil) {
        guard progress.inFrame, held.isEmpty, !readHeld else {
            frameStart = nil
            return
        }
        if frameStart == nil { frameStart = now ?? context.eventLoop.now }
        if frameTimer == nil { armFrameTimer(context: context) }
    }

    private func armFrameTimer(context: ChannelHandlerContext) {
        guard let start = frameStart else { return }
        frameTimer = context.eventLoop.assumeIsolated().scheduleTask(deadline: start + frameDeadline) { [self] in
            frameTimer = nil
            guard let start = frameStart else { return }  // between frames, or reads held: nothing to check
            if context.eventLoop.now - start >= frameDeadline {
                let seconds = frameDeadline.nanoseconds / 1_000_000_000
                context.fireErrorCaught(WireError(.frameTooSlow(seconds: seconds)))
            } else {
                armFrameTimer(context: context)  // a later frame: its own deadline
            }
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, !held.isEmpty {
            while context.channel.isWritable, let bytes = held.popFirst() {
                context.fireChannelRead(wrapInboundOut(bytes))
            }
            context.fireChannelReadComplete()
        }
        if held.isEmpty, readHeld, context.channel.isWritable {
            readHeld = false
            context.read()
        }
        timeFrame(context: context)
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        idleTimer?.cancel()
        idleTimer = nil
        frameTimer?.cancel()
        frameTimer = nil
        held.removeAll()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        idleTimer?.cancel()
        frameTimer?.cancel()
    }

    private func armIdleTimer(context: ChannelHandlerContext) {
        idleTimer?.cancel()
        idleTimer = context.eventLoop.assumeIsolated().scheduleTask(deadline: lastRead + idleTimeout) { [self] in
            if context.eventLoop.now - lastRead >= idleTimeout {
                context.fireUserInboundEventTriggered(ConnectionIdleEvent())
                lastRead = context.eventLoop.now  // wait a whole timeout again (calls may be in flight)
            }
            if context.channel.isActive { armIdleTimer(context: context) }
        }
    }
}

@available(*, unavailable)
extension ConnectionFlowHandler: Sendable {}

/// The connection's flow handler as its pipeline has it, for a test on an embedded channel.
package func connectionFlowHandler(
    idleTimeout: TimeAmount, frameDeadline: TimeAmount = TimeAmount(ServerConfiguration().frameDeadline)
) -> any ChannelHandler {
    ConnectionFlowHandler(idleTimeout: idleTimeout, frameDeadline: frameDeadline)
}

/// No bytes came in for the idle timeout.
package struct ConnectionIdleEvent: Sendable {}
