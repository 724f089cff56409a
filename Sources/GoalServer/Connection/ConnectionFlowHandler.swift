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
/// - **the memory budget** (`BufferBudget`): what the connection holds (answers its client has not taken, bytes
///   held, the frame begun) is charged to its user once it passes the budget's allowance, learnt after a flush
///   that wrote that much, after a read, and every `resampleInterval` while charged (answers leave without an
///   event); a read the budget refuses waits until a charge falls.
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
    private var heldBytes = 0

    private let budget: BufferBudget?
    private let uid: UInt32?
    /// What the budget has charged this connection (0 under the allowance); bytes written since the channel was
    /// last asked what it holds unwritten (at most the allowance uncharged); the wait for a charge to fall, and the
    /// timer that asks again while charged.
    private var charged = 0
    private var writtenSinceSample = 0
    private var budgetTicket: UInt64?
    private var sampleTimer: Scheduled<Void>?
    private var opened = false
    static let resampleInterval = TimeAmount.milliseconds(20)

    init(idleTimeout: TimeAmount, frameDeadline: TimeAmount, budget: BufferBudget? = nil, uid: UInt32? = nil) {
        self.idleTimeout = idleTimeout
        self.frameDeadline = frameDeadline
        self.budget = budget
        self.uid = uid
    }

    func handlerAdded(context: ChannelHandlerContext) {
        lastRead = context.eventLoop.now
        if context.channel.isActive { armIdleTimer(context: context) }
        if let budget, !opened {
            opened = true
            budget.open(uid: uid)
        }
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
            heldBytes += bytes.readableBytes
            timeFrame(context: context, now: lastRead)
            charge(context: context)
            return
        }
        timeFrame(context: context, now: lastRead)
        if charged > 0 || progress.bytesInFrame >= BufferBudget.allowance { charge(context: context) }
        context.fireChannelRead(data)
    }

    func read(context: ChannelHandlerContext) {
        if held.isEmpty && context.channel.isWritable && budgetAllowsRead(context: context) {
            context.read()
        } else {
            readHeld = true
        }
        timeFrame(context: context)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if budget != nil { writtenSinceSample += unwrapOutboundIn(data).readableBytes }
        context.write(data, promise: promise)
    }

    func flush(context: ChannelHandlerContext) {
        context.flush()
        if charged > 0 || writtenSinceSample >= BufferBudget.allowance { charge(context: context) }
    }

    // MARK: The memory budget

    /// Learns what the connection holds and charges it (nothing under the allowance); while charged, asks again
    /// every `resampleInterval`, since answers leave for the client without an event.
    private func charge(context: ChannelHandlerContext) {
        guard let budget, opened else { return }  // a closed connection's charge is let go, never taken again
        var unwritten = 0
        if writtenSinceSample > 0 || charged > 0, context.channel.isActive {
            unwritten = (try? context.channel.syncOptions?.getOption(.bufferedWritableBytes)) ?? 0
        }
        writtenSinceSample = unwritten
        let holding = unwritten + heldBytes + progress.bytesInFrame
        let now = holding >= BufferBudget.allowance ? holding : 0
        budget.recharge(uid: uid, from: charged, to: now)
        charged = now
        if charged > 0, sampleTimer == nil {
            sampleTimer = context.eventLoop.assumeIsolated().scheduleTask(in: Self.resampleInterval) { [self] in
                sampleTimer = nil
                guard context.channel.isActive else { return }
                charge(context: context)
                proceed(context: context)
            }
        }
    }

    /// Whether the budget lets the connection read now; if not, waits for a charge to fall.
    private func budgetAllowsRead(context: ChannelHandlerContext) -> Bool {
        guard let budget, !budget.mayRead(uid: uid) else { return true }
        if budgetTicket == nil {
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            let loop = context.eventLoop
            budgetTicket = budget.wait {
                loop.execute {
                    let (handler, context) = bound.value
                    handler.budgetTicket = nil
                    handler.proceed(context: context)
                }
            }
        }
        return false
    }

    /// Goes on with what waits, once nothing stands in its way (the client reads its answers, the budget has
    /// room): first the bytes held here, then reads.
    private func proceed(context: ChannelHandlerContext) {
        guard context.channel.isActive, context.channel.isWritable else { return }
        if !held.isEmpty {
            while context.channel.isWritable, let bytes = held.popFirst() {
                heldBytes -= bytes.readableBytes
                context.fireChannelRead(wrapInboundOut(bytes))
            }
            context.fireChannelReadComplete()
            if charged > 0 { charge(context: context) }
        }
        if held.isEmpty, readHeld, context.channel.isWritable, budgetAllowsRead(context: context) {
            readHeld = false
            context.read()
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
        if context.channel.isWritable {
            if charged > 0 { charge(context: context) }
            proceed(context: context)
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        idleTimer?.cancel()
        idleTimer = nil
        frameTimer?.cancel()
        frameTimer = nil
        held.removeAll()
        heldBytes = 0
        leaveBudget()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        idleTimer?.cancel()
        frameTimer?.cancel()
        leaveBudget()
    }

    /// The connection's charge and its place among the budget's users go, once.
    private func leaveBudget() {
        sampleTimer?.cancel()
        sampleTimer = nil
        guard let budget, opened else { return }
        opened = false
        if let budgetTicket { budget.stopWaiting(budgetTicket) }
        budgetTicket = nil
        budget.close(uid: uid, charged: charged)
        charged = 0
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
    idleTimeout: TimeAmount, frameDeadline: TimeAmount = TimeAmount(ServerConfiguration().frameDeadline),
    budget: BufferBudget? = nil, uid: UInt32? = nil
) -> any ChannelHandler {
    ConnectionFlowHandler(idleTimeout: idleTimeout, frameDeadline: frameDeadline, budget: budget, uid: uid)
}

/// No bytes came in for the idle timeout.
package struct ConnectionIdleEvent: Sendable {}
