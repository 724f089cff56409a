import Foundation
import GoalDomain
import GoalProtocol
import GoalWire
import Logging
import NIOCore

/// Serves the calls of one connection: reads each frame's envelope (`RequestDecoder`), asks the dispatcher what
/// to do with it, runs reads at once, hands writes and slow calls to the executor and streams to the stream relay,
/// and writes every answer. What it may hold is bounded before it (`ConnectionFlowHandler`).
final class RPCCallHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// What every connection's handler shares.
    struct Services: Sendable {
        var router: RPCRouter
        var executor: CallExecutor
        var state: LiveState
        var logger: Logger
        var limits: CallDispatcher.Limits
        /// The method names, interned by the decoder.
        var methods: KnownNames
        /// Where calls are counted; nil: not counted.
        var metrics: ServerMetrics?
        /// How long a stopping goald lets a connection's calls in flight finish before it closes the connection.
        var shutdownGrace: TimeAmount
    }

    private let services: Services
    private let peer: Author
    private let peerIsAdmin: Bool
    private let grant: WriteGrant
    private var dispatcher: CallDispatcher
    private let streams: ConnectionStreams
    private var scratch = RequestDecoder.Scratch()
    /// goald is stopping: new calls are refused, and the connection closes once nothing is in flight.
    private var draining = false
    /// A stream ended because goald is stopping, which may reach this connection before the quiescing helper's
    /// event does: from then on a new call is refused as while draining, so that a client that has seen a stream's
    /// end never has a new call served.
    private var stoppingSeen = false
    private var needsFlush = false
    /// Method and start of the writes, slow calls and streams in flight, when calls are counted.
    private var inFlightMethods: [UInt64: (String, ContinuousClock.Instant)] = [:]

    init(services: Services, peer: Author, grant: WriteGrant) {
        self.services = services
        self.peer = peer
        self.grant = grant
        self.peerIsAdmin = grant.permission == .admin
        self.dispatcher = CallDispatcher(
            limits: services.limits, permission: grant.permission, committees: grant.committees,
            peerDescription: "\(peer.name) (uid \(peer.uid.map(String.init) ?? "unknown"))")
        self.streams = ConnectionStreams(state: services.state, metrics: services.metrics)
    }

    // MARK: Frames in

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        serve(unwrapInboundIn(data), context: context)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flushIfNeeded(context: context)
        context.fireChannelReadComplete()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            // Send what changed while the client was not reading.
            for id in streams.ids { tick(id, context: context) }
            flushIfNeeded(context: context)
        }
        context.fireChannelWritabilityChanged()
    }

    private func serve(_ frame: ByteBuffer, context: ChannelHandlerContext) {
        let started = ContinuousClock.now
        let decoded = frame.withUnsafeReadableBytes { bytes in
            RequestDecoder.decode(bytes, methods: services.methods, scratch: &scratch)
        }
        switch decoded {
        case .failure(let failure):
            services.logger.warning(
                "bad frame",
                metadata: [
                    "call_id": "\(failure.id)", "code": "\(failure.error.code)", "error": "\(failure.error.message)",
                    "field": "\(failure.error.details?["field"] ?? "-")",
                ])
            writeError(id: failure.id, failure.error, context: context)
        case .success(.cancel(let id)):
            cancel(id, context: context)
        case .success(.call(let envelope)):
            call(envelope, started: started, context: context)
        }
    }

    // MARK: Calls

    private func call(_ envelope: RequestEnvelope, started: ContinuousClock.Instant, context: ChannelHandlerContext) {
        let id = envelope.id
        let call = CallContext(
            id: id, method: envelope.method, metadata: envelope.metadata, peer: peer, peerIsAdmin: peerIsAdmin,
            grant: grant, baseLogger: services.logger)
        if draining || stoppingSeen {
            finish(
                .failure(RPCError(.unavailable, "goald is stopping; retry once it is back")), call: call,
                started: started, context: context)
            return
        }
        switch dispatcher.admit(envelope, route: services.router.route(envelope.method)) {
        case .refuse(let error):
            finish(.failure(error), call: call, started: started, context: context)
        case .answerNow(let body):
            let outcome: Result<[UInt8], RPCError>
            do throws(RPCError) {
                outcome = .success(try body(envelope.params, call))
            } catch {
                outcome = .failure(error)
            }
            finish(outcome, call: call, started: started, context: context)
        case .write(let body, let token):
            count(token, call: call, started: started)
            let promise = answerLater(
                call: call, token: token, timeoutMs: envelope.timeoutMs, started: started,
                context: context)
            let params = envelope.params
            services.executor.submitWrite(
                token: token,
                { writer throws(RPCError) in
                    try body(params, call, writer)
                },
                answer: { outcome in
                    promise.succeed(outcome)
                },
                skipped: {
                    promise.succeed(.failure(RPCError(.cancelled, "the call was over before its write began")))
                })
        case .slow(let body, let token):
            count(token, call: call, started: started)
            let promise = answerLater(
                call: call, token: token, timeoutMs: envelope.timeoutMs, started: started,
                context: context)
            let params = envelope.params
            services.executor.submitTask {
                do throws(RPCError) {
                    promise.succeed(.success(try await body(params, call)))
                } catch {
                    promise.succeed(.failure(error))
                }
            }
        case .openStream(let handler, let token):
            count(token, call: call, started: started)
            openStream(
                handler, params: envelope.params, call: call, token: token, timeoutMs: envelope.timeoutMs,
                started: started, context: context)
        }
    }

    /// Counts a call in flight until its token says it is over, and remembers its method so that an end without an
    /// answer (a cancel, a stream's end, the client leaving) is counted too.
    private func count(_ token: CallToken, call: CallContext, started: ContinuousClock.Instant) {
        guard let metrics = services.metrics else { return }
        metrics.callEntered()
        token.onOver { metrics.callLeft() }
        inFlightMethods[call.id] = (call.method, started)
    }

    /// A call in flight that ends without `finish`: counted with `code`.
    private func ended(_ id: UInt64, _ code: StatusCode) {
        guard let metrics = services.metrics, let (method, started) = inFlightMethods.removeValue(forKey: id) else {
            return
        }
        metrics.finished(method: method, code: code, duration: ContinuousClock.now - started)
    }

    /// A write or slow call runs off the event loop; its answer comes back through the promise returned. A
    /// deadline or a cancel frame may answer first, and then the late answer is dropped.
    private func answerLater(
        call: CallContext, token: CallToken, timeoutMs: UInt64?, started: ContinuousClock.Instant,
        context: ChannelHandlerContext
    ) -> EventLoopPromise<Result<[UInt8], RPCError>> {
        let id = call.id
        scheduleDeadline(id, token: token, timeoutMs: timeoutMs, call: call, started: started, context: context)
        let promise = context.eventLoop.makePromise(of: Result<[UInt8], RPCError>.self)
        promise.futureResult.assumeIsolated().whenSuccess { [self] outcome in
            guard dispatcher.complete(id, token: token) else { return }
            finish(outcome, call: call, started: started, context: context)
            flushIfNeeded(context: context)
            closeIfDrained(context: context)
        }
        return promise
    }

    /// A deadline is a timer on the connection's loop, kept in the call's entry in the dispatcher and cancelled when
    /// the call ends first (answered, cancelled, the connection closed); if the call is still in flight when it
    /// fires, it is answered `DEADLINE_EXCEEDED` here, on the loop.
    private func scheduleDeadline(
        _ id: UInt64, token: CallToken, timeoutMs: UInt64?, call: CallContext,
        started: ContinuousClock.Instant, context: ChannelHandlerContext
    ) {
        guard let timeoutMs else { return }
        let timeout = TimeAmount.milliseconds(Int64(min(timeoutMs, 86_400_000 * 366)))
        let timer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            deadlinePassed(id, token: token, timeoutMs: timeoutMs, call: call, started: started, context: context)
        }
        dispatcher.setDeadline(id, token: token) { timer.cancel() }
    }

    private func deadlinePassed(
        _ id: UInt64, token: CallToken, timeoutMs: UInt64, call: CallContext,
        started: ContinuousClock.Instant, context: ChannelHandlerContext
    ) {
        guard let kind = dispatcher.deadlinePassed(id, token: token) else { return }
        let error: RPCError
        switch kind {
        case .call:
            error = RPCError(
                .deadlineExceeded,
                "no answer within \(timeoutMs) ms; a write may or may not have been "
                    + "applied")
        case .stream:
            streams.remove(id)
            error = RPCError(.deadlineExceeded, "the stream's deadline (\(timeoutMs) ms) passed")
        }
        finish(.failure(error), call: call, started: started, context: context)
        flushIfNeeded(context: context)
        closeIfDrained(context: context)
    }

    /// A cancel frame: the call's answer becomes CANCELLED (a stream ends); an unknown id is ignored.
    private func cancel(_ id: UInt64, context: ChannelHandlerContext) {
        guard let kind = dispatcher.cancel(id) else {
            services.logger.debug("cancel for a call not in flight", metadata: ["call_id": "\(id)"])
            return
        }
        if kind == .stream { streams.remove(id) }
        ended(id, .cancelled)
        writeError(id: id, RPCError(.cancelled, "cancelled by the client"), context: context)
        closeIfDrained(context: context)
    }

    // MARK: Streams

    private func openStream(
        _ handler: StreamHandler, params: ParamsBytes, call: CallContext, token: CallToken,
        timeoutMs: UInt64?, started: ContinuousClock.Instant, context: ChannelHandlerContext
    ) {
        let id = call.id
        let source: StreamSource
        do throws(RPCError) {
            source = try handler.open(params, call)
        } catch {
            _ = dispatcher.streamEnded(id, token: token)
            finish(.failure(error), call: call, started: started, context: context)
            return
        }
        let loop = context.eventLoop
        let bound = NIOLoopBound((self, context), eventLoop: loop)
        streams.add(id, source: source, token: token, logger: call.logger) {
            loop.execute {
                let (handler, context) = bound.value
                handler.tick(id, context: context)
                handler.flushIfNeeded(context: context)
            }
        }
        scheduleDeadline(id, token: token, timeoutMs: timeoutMs, call: call, started: started, context: context)
        call.logger.debug("stream opened")
        tick(id, context: context)
    }

    /// Sends what a stream has to send now.
    private func tick(_ id: UInt64, context: ChannelHandlerContext) {
        guard let token = streams.token(id) else { return }
        for output in streams.tick(id, writable: context.channel.isWritable) {
            switch output {
            case .message(let message):
                writeResult(id: id, message, context: context)
            case .end:
                if !services.state.isServing { stoppingSeen = true }
                _ = dispatcher.streamEnded(id, token: token)
                ended(id, .ok)
                writeFrame(capacity: 32, context: context) { $0.writeEndFrame(id: id) }
            case .error(let error):
                _ = dispatcher.streamEnded(id, token: token)
                ended(id, error.code)
                writeError(id: id, error, context: context)
            }
        }
        closeIfDrained(context: context)
    }

    // MARK: Lifecycle

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case is ConnectionIdleEvent:
            // No frame in for the idle timeout: close, unless calls or streams are in flight.
            if dispatcher.isIdle {
                services.logger.debug(
                    "closing an idle connection", metadata: ["peer_uid": "\(peer.uid.map(String.init) ?? "-")"])
                context.close(promise: nil)
            }
        case is ChannelShouldQuiesceEvent:
            // goald is stopping (the server's quiescing helper tells every connection): refuse new calls, end the
            // streams (in that order: a client that has seen a stream's end gets UNAVAILABLE for a new call), and
            // close once nothing is in flight, or when the grace period is over.
            guard !draining else { return }
            draining = true
            for id in streams.ids { tick(id, context: context) }
            flushIfNeeded(context: context)
            closeIfDrained(context: context)
            let logger = services.logger
            let grace = services.shutdownGrace
            let channel = context.channel
            context.eventLoop.scheduleTask(in: grace) {
                guard channel.isActive else { return }
                logger.warning(
                    "closing a connection with calls still in flight after the grace period",
                    metadata: ["grace_s": "\(grace.nanoseconds / 1_000_000_000)"])
                channel.close(promise: nil)
            }
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    private func closeIfDrained(context: ChannelHandlerContext) {
        guard draining, dispatcher.isIdle else { return }
        flushIfNeeded(context: context)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        for id in Array(inFlightMethods.keys) { ended(id, .cancelled) }
        streams.removeAll()
        dispatcher.closeAll()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let wireError = error as? WireError, wireError.isRefusal {
            // The payload is never read (or not whole in time): answer, then close, since the stream can't be
            // resynchronised.
            services.logger.warning("refused frame", metadata: ["error": "\(wireError)"])
            var buffer = context.channel.allocator.buffer(capacity: 160)
            buffer.writeErrorFrame(id: connectionErrorID, RPCError(.resourceExhausted, "\(wireError)"))
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in bound.value.close(promise: nil) }
            return
        }
        if let wireError = error as? WireError, case .truncatedFrame = wireError.kind {
            services.logger.debug("connection ended mid-frame", metadata: ["error": "\(wireError)"])
        } else if let ioError = error as? IOError, ioError.errnoCode == ECONNRESET || ioError.errnoCode == EPIPE {
            services.logger.debug("connection reset by peer")
        } else {
            services.logger.warning("connection error", metadata: ["error": "\(error)"])
        }
        context.close(promise: nil)
    }

    // MARK: Answers

    /// Logs the outcome of a call and writes its answer.
    private func finish(
        _ outcome: Result<[UInt8], RPCError>, call: CallContext, started: ContinuousClock.Instant,
        context: ChannelHandlerContext
    ) {
        if let metrics = services.metrics {
            if !inFlightMethods.isEmpty { inFlightMethods[call.id] = nil }
            metrics.finished(method: call.method, code: outcome.code, duration: ContinuousClock.now - started)
        }
        switch outcome {
        case .success(let result):
            if services.logger.logLevel <= .debug {
                let micros = (ContinuousClock.now - started).microseconds
                call.logger.debug("served", metadata: ["duration_us": "\(micros)", "code": "OK"])
            }
            writeResult(id: call.id, result, context: context)
        case .failure(let error):
            let micros = (ContinuousClock.now - started).microseconds
            call.logger.warning(
                "call failed",
                metadata: [
                    "duration_us": "\(micros)", "code": "\(error.code)", "error": "\(error.message)",
                    "field": "\(error.details?["field"] ?? "-")", "peer_uid": "\(peer.uid.map(String.init) ?? "-")",
                ])
            writeError(id: call.id, error, context: context)
        }
    }

    private func writeResult(id: UInt64, _ result: [UInt8], context: ChannelHandlerContext) {
        writeFrame(capacity: result.count + 40, context: context) { $0.writeResultFrame(id: id, result: result) }
    }

    private func writeError(id: UInt64, _ error: RPCError, context: ChannelHandlerContext) {
        writeFrame(capacity: error.message.utf8.count + 96, context: context) { $0.writeErrorFrame(id: id, error) }
    }

    private func writeFrame(capacity: Int, context: ChannelHandlerContext, _ body: (inout ByteBuffer) -> Void) {
        var buffer = context.channel.allocator.buffer(capacity: capacity)
        body(&buffer)
        context.write(wrapOutboundOut(buffer), promise: nil)
        needsFlush = true
    }

    private func flushIfNeeded(context: ChannelHandlerContext) {
        if needsFlush {
            needsFlush = false
            context.flush()
        }
    }
}

@available(*, unavailable)
extension RPCCallHandler: Sendable {}

extension Duration {
    var microseconds: Int64 {
        components.seconds * 1_000_000 + components.attoseconds / 1_000_000_000_000
    }
}

extension Result<[UInt8], RPCError> {
    /// The status code the answer carries.
    var code: StatusCode {
        switch self {
        case .success: .ok
        case .failure(let error): error.code
        }
    }
}
