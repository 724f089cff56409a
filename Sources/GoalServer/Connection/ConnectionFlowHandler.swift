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
final class ConnectionFlowHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let idleTimeout: TimeAmount
    private var lastRead = NIODeadline.uptimeNanoseconds(0)
    private var idleTimer: Scheduled<Void>?
    /// Bytes read while the client was not reading its answers.
    private var held = CircularBuffer<ByteBuffer>()
    /// A read the channel asked for while bytes are held: passed on once they have gone on.
    private var readHeld = false

    init(idleTimeout: TimeAmount) {
        self.idleTimeout = idleTimeout
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
        guard held.isEmpty, context.channel.isWritable else {
            held.append(unwrapInboundIn(data))
            return
        }
        context.fireChannelRead(data)
    }

    func read(context: ChannelHandlerContext) {
        if held.isEmpty && context.channel.isWritable {
            context.read()
        } else {
            readHeld = true
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
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        idleTimer?.cancel()
        idleTimer = nil
        held.removeAll()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        idleTimer?.cancel()
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
package func connectionFlowHandler(idleTimeout: TimeAmount) -> any ChannelHandler {
    ConnectionFlowHandler(idleTimeout: idleTimeout)
}

/// No bytes came in for the idle timeout.
package struct ConnectionIdleEvent: Sendable {}
