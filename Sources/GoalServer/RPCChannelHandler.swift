import Dispatch
import Foundation
import GoalDomain
import GoalProtocol
import GoalWire
import Logging
import NIOCore
import Synchronization

/// Serves the calls of one connection: each frame in, one response frame out. Frames that arrive in one
/// read are answered in one flush.
final class RPCChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let router: RPCRouter
    private let writer: StateWriter
    private let state: LiveState
    private let logger: Logger
    private let decoder = JSONDecoder()
    private var needsFlush = false
    /// The user at the other end, from SO_PEERCRED when the connection opens.
    private var peer = Actor(uid: nil, name: "unknown")
    /// Calls that answer later (writes, blocking calls, streams), by id: cancellable, with their deadline timer.
    private var inFlight: [UInt64: InFlight] = [:]
    private var streams: [UInt64: OpenStream] = [:]
    /// A stream whose client has not read this many changes in a row is ended with RESOURCE_EXHAUSTED.
    static let stalledChangesLimit = 16

    private final class InFlight {
        let token = CallToken()
        var deadline: Scheduled<Void>?
    }

    private final class OpenStream {
        let source: StreamSource
        let logger: Logger
        var watcher: UInt64 = 0
        var lastSent: [UInt8]?
        var stalled = 0

        init(source: StreamSource, logger: Logger) {
            self.source = source
            self.logger = logger
        }
    }

    /// What one connection may use.
    struct Limits {
        var maxCallsInFlight = 256
        var idleTimeout: Duration = .seconds(300)
    }

    private let limits: Limits
    private let access: AccessPolicy
    private var idleTimer: Scheduled<Void>?
    /// When the last frame came in.
    private var lastActivity = NIODeadline.now()
    /// What the peer may do, from its credentials. Without credentials (not a Unix socket): read.
    private var permission = MethodHandler.Permission.read

    init(router: RPCRouter, writer: StateWriter, state: LiveState, logger: Logger, limits: Limits = Limits(),
         access: AccessPolicy = .default) {
        self.router = router
        self.writer = writer
        self.state = state
        self.logger = logger
        self.limits = limits
        self.access = access
    }

    func channelActive(context: ChannelHandlerContext) {
        if let credentials = PeerCredentials.read(from: context.channel) {
            peer = Actor(uid: credentials.uid, name: PeerCredentials.userName(uid: credentials.uid))
            permission = access.permission(uid: credentials.uid, gid: credentials.gid)
        }
        armIdleTimer(context: context)
        context.fireChannelActive()
    }

    /// Closes the connection after `idleTimeout` without a frame, unless calls or streams are in flight.
    /// Arms the idle timer for `timeout` after the last frame in. A frame only notes the time; the timer, when it
    /// fires, closes a connection idle that long with nothing in flight, or waits again (so a busy connection
    /// costs no timer work per frame).
    private func armIdleTimer(context: ChannelHandlerContext) {
        idleTimer?.cancel()
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let timeout = limits.idleTimeout
        let amount = TimeAmount.nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000
                                            + timeout.components.attoseconds / 1_000_000_000)
        idleTimer = context.eventLoop.scheduleTask(deadline: lastActivity + amount) {
            let (handler, context) = bound.value
            guard NIODeadline.now() - handler.lastActivity >= amount else {
                handler.armIdleTimer(context: context)  // a frame came in meanwhile
                return
            }
            if handler.inFlight.isEmpty && handler.streams.isEmpty {
                handler.logger.debug("closing an idle connection", metadata: ["idle_s": "\(timeout.components.seconds)"])
                context.close(promise: nil)
            } else {
                handler.lastActivity = .now()
                handler.armIdleTimer(context: context)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        idleTimer?.cancel()
        for (_, stream) in streams { state.unwatch(stream.watcher) }
        streams.removeAll()
        for (_, call) in inFlight {
            call.token.cancel()
            call.deadline?.cancel()
        }
        inFlight.removeAll()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastActivity = .now()
        let payload = Data(unwrapInboundIn(data).readableBytesView)
        let started = ContinuousClock.now
        // The common call shape is read in one pass; anything else goes through the general decoder.
        if let scanned = payload.withUnsafeBytes({ ScannedRequest.scan($0) }) {
            dispatch(id: scanned.id, method: scanned.method, timeoutMs: scanned.timeoutMs, metadata: [:],
                     input: .scanned(payload, params: scanned.params, empty: scanned.paramsEmpty),
                     started: started, context: context)
            return
        }
        switch parseHead(payload) {
        case .success(let parsed):
            if let cancelled = parsed.cancel {
                cancel(cancelled, context: context)
                return
            }
            dispatch(id: parsed.id!, method: parsed.method!, timeoutMs: parsed.timeoutMs, metadata: parsed.metadata ?? [:],
                     input: .frame(payload), started: started, context: context)
        case .failure(let failure):
            logger.warning("bad frame", metadata: ["code": "\(failure.error.code)", "error": "\(failure.error.message)"])
            write(ResponseEncoding.error(id: failure.id, failure.error), context: context)
        }
    }

    /// Runs a call whose envelope has been read: refuses it (a repeated id, too many in flight, a passed
    /// deadline, an unknown method, no permission), or answers it now (reads) or later (writes, streams).
    private func dispatch(id: UInt64, method: String, timeoutMs: UInt64?, metadata: [String: String],
                          input: CallInput, started: ContinuousClock.Instant, context: ChannelHandlerContext) {
        let payload = input.frame
        let callContext = CallContext(id: id, method: method, metadata: metadata, peer: peer, baseLogger: logger)
        let callLogger = CallLogger(callContext)

        if inFlight[id] != nil || streams[id] != nil {
            let error = RPCError.invalidArgument("id: \(id) is already in flight on this connection; use a new id "
                + "for each call", field: "id")
            finish(.failure(error), id: id, logger: callLogger, started: started, context: context)
            return
        }
        if inFlight.count + streams.count >= limits.maxCallsInFlight,
           router.stream(for: method) != nil || router.handler(for: method)?.access != .read {
            let error = RPCError(.resourceExhausted, "at most \(limits.maxCallsInFlight) calls may be in flight on one "
                + "connection; wait for answers, or open another connection")
            finish(.failure(error), id: id, logger: callLogger, started: started, context: context)
            return
        }
        if timeoutMs == 0 {
            finish(.failure(RPCError(.deadlineExceeded, "the deadline (timeoutMs 0) passed before the call began")),
                   id: id, logger: callLogger, started: started, context: context)
            return
        }
        if let stream = router.stream(for: method) {
            openStream(stream, payload: payload, callContext: callContext, started: started, context: context)
            return
        }
        guard let handler = router.handler(for: method) else {
            let error = RPCError(.unimplemented, "unknown method \"\(method)\"; "
                + "methods are named goald.v1.<Service>/<Method>, such as goald.v1.Health/Check")
            finish(.failure(error), id: id, logger: callLogger, started: started, context: context)
            return
        }
        guard handler.permission <= permission else {
            let who = "\(peer.name) (uid \(peer.uid.map(String.init) ?? "unknown"))"
            let group = handler.permission == .admin ? "goald-admin" : "goald-writer"
            let error = RPCError(.permissionDenied, "\(method) needs \(handler.permission.rawValue) permission; "
                + "\(who) may \(permission.rawValue). An administrator can grant it (the group \(group), "
                + "or goald.conf's \(handler.permission == .admin ? "admins" : "writers"))")
            finish(.failure(error), id: id, logger: callLogger, started: started, context: context)
            return
        }
        let call = Call(handler: handler, context: callContext)

        switch handler.access {
        case .read:
            finish(call.run(input), id: id, logger: callLogger, started: started, context: context)
        case .write, .blocking:
            // Off the event loop: writes one at a time on the writer, blocking calls on their own thread.
            // The answer comes back here; a deadline or a cancel frame may answer first.
            let entry = InFlight()
            inFlight[id] = entry
            let entryID = ObjectIdentifier(entry)
            let token = entry.token
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            if let timeout = timeoutMs {
                entry.deadline = context.eventLoop.scheduleTask(in: .milliseconds(Int64(min(timeout, 86_400_000)))) {
                    let (handler, context) = bound.value
                    guard let current = handler.inFlight[id], ObjectIdentifier(current) == entryID else { return }
                    token.cancel()
                    handler.inFlight[id] = nil
                    handler.finish(.failure(RPCError(.deadlineExceeded,
                        "no answer within \(timeout) ms; a write may or may not have been applied")),
                        id: id, logger: callLogger, started: started, context: context)
                    handler.flushIfNeeded(context: context)
                }
            }
            let promise = context.eventLoop.makePromise(of: Result<[UInt8], RPCError>.self)
            let queue = handler.access == .write ? writer.queue : DispatchQueue.global()
            queue.async {
                // A call cancelled or past its deadline before it began is never applied.
                guard !token.isCancelled else {
                    promise.succeed(.failure(RPCError(.cancelled, "cancelled before it began")))
                    return
                }
                promise.succeed(call.run(input))
            }
            promise.futureResult.whenSuccess { outcome in
                let (handler, context) = bound.value
                guard let current = handler.inFlight[id], ObjectIdentifier(current) == entryID else { return }
                handler.inFlight[id] = nil  // not answered yet by a deadline or a cancel
                current.deadline?.cancel()
                handler.finish(outcome, id: id, logger: callLogger, started: started, context: context)
                handler.flushIfNeeded(context: context)
            }
        }
    }

    /// A cancel frame: the call's answer becomes CANCELLED (a stream ends); an unknown id is ignored.
    private func cancel(_ id: UInt64, context: ChannelHandlerContext) {
        if let call = inFlight.removeValue(forKey: id) {
            call.token.cancel()
            call.deadline?.cancel()
            write(ResponseEncoding.error(id: id, RPCError(.cancelled, "cancelled by the client")), context: context)
        } else if let stream = streams.removeValue(forKey: id) {
            state.unwatch(stream.watcher)
            write(ResponseEncoding.error(id: id, RPCError(.cancelled, "cancelled by the client")), context: context)
        } else {
            logger.debug("cancel for a call not in flight", metadata: ["call_id": "\(id)"])
        }
    }

    // MARK: - Streams

    private func openStream(_ handler: StreamHandler, payload: Data, callContext: CallContext,
                            started: ContinuousClock.Instant, context: ChannelHandlerContext) {
        let id = callContext.id
        let source: StreamSource
        do {
            source = try handler.open(payload, callContext)
        } catch let error as RPCError {
            finish(.failure(error), id: id, logger: CallLogger(callContext), started: started, context: context)
            return
        } catch {
            finish(.failure(RPCError(.internal, "internal error while opening \(handler.name)")), id: id,
                   logger: CallLogger(callContext), started: started, context: context)
            return
        }
        let stream = OpenStream(source: source, logger: callContext.logger)
        streams[id] = stream
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let loop = context.eventLoop
        stream.watcher = state.watch {
            loop.execute {
                let (handler, context) = bound.value
                handler.tick(id, context: context)
            }
        }
        callContext.logger.debug("stream opened")
        tick(id, context: context)
    }

    /// Sends a stream's message for the current state if it changed, or counts a change its client did not read.
    private func tick(_ id: UInt64, context: ChannelHandlerContext) {
        guard let stream = streams[id] else { return }
        let message: [UInt8]
        let final: Bool
        do {
            (message, final) = try stream.source.next(state.snapshot, state.isServing)
        } catch {
            endStream(id, error: (error as? RPCError) ?? RPCError(.internal, "internal error in the stream"), context: context)
            return
        }
        if message != stream.lastSent {
            guard context.channel.isWritable || final else {
                stream.stalled += 1
                if stream.stalled >= Self.stalledChangesLimit {
                    endStream(id, error: RPCError(.resourceExhausted, "the client did not read \(stream.stalled) "
                        + "changes in a row; the stream is ended"), context: context)
                }
                return
            }
            stream.stalled = 0
            stream.lastSent = message
            writeResult(id: id, message, context: context)
        }
        if final {
            state.unwatch(stream.watcher)
            streams[id] = nil
            write(Array("{\"end\":true,\"id\":\(id)}".utf8), context: context)
        }
        flushIfNeeded(context: context)
    }

    private func endStream(_ id: UInt64, error: RPCError, context: ChannelHandlerContext) {
        guard let stream = streams.removeValue(forKey: id) else { return }
        state.unwatch(stream.watcher)
        stream.logger.warning("stream ended", metadata: ["code": "\(error.code)", "error": "\(error.message)"])
        write(ResponseEncoding.error(id: id, error), context: context)
        flushIfNeeded(context: context)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            // Send what changed while the client was not reading.
            for id in streams.keys { tick(id, context: context) }
        }
        context.fireChannelWritabilityChanged()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flushIfNeeded(context: context)
        context.fireChannelReadComplete()
    }

    private func flushIfNeeded(context: ChannelHandlerContext) {
        if needsFlush {
            needsFlush = false
            context.flush()
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let wireError = error as? WireError, case .frameTooLarge = wireError.kind {
            // The payload is never read: answer, then close, since the stream can't be resynchronised.
            logger.warning("refused frame", metadata: ["error": "\(wireError)"])
            let payload = ResponseEncoding.error(id: connectionErrorID, RPCError(.resourceExhausted, "\(wireError)"))
            var buffer = context.channel.allocator.buffer(capacity: payload.count + Framing.headerLength)
            buffer.writeFrame(payload: payload)
            let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in boundContext.value.close(promise: nil) }
            return
        }
        if let wireError = error as? WireError, case .truncatedFrame = wireError.kind {
            logger.debug("connection ended mid-frame", metadata: ["error": "\(wireError)"])
        } else if let ioError = error as? IOError, ioError.errnoCode == ECONNRESET || ioError.errnoCode == EPIPE {
            logger.debug("connection reset by peer")
        } else {
            logger.warning("connection error", metadata: ["error": "\(error)"])
        }
        context.close(promise: nil)
    }

    /// A parsed call, ready to run.
    private struct Call: Sendable {
        var handler: MethodHandler
        var context: CallContext

        /// Runs the handler. Never throws: every failure becomes an `RPCError`.
        func run(_ input: CallInput) -> Result<[UInt8], RPCError> {
            do {
                return .success(try handler.body(input, context))
            } catch let error as RPCError {
                return .failure(error)
            } catch {
                context.logger.error("handler failed", metadata: ["error": "\(error)"])
                return .failure(RPCError(.internal, "internal error while serving \(context.method)"))
            }
        }
    }

    /// Logs the outcome of a call and writes its response.
    private func finish(_ outcome: Result<[UInt8], RPCError>, id: UInt64, logger: CallLogger,
                        started: ContinuousClock.Instant, context: ChannelHandlerContext) {
        let micros = (ContinuousClock.now - started).microseconds
        switch outcome {
        case .success(let result):
            if self.logger.logLevel <= .debug {
                logger.make().debug("served", metadata: ["duration_us": "\(micros)", "code": "OK"])
            }
            writeResult(id: id, result, context: context)
        case .failure(let error):
            logger.make().warning("call failed", metadata: [
                "duration_us": "\(micros)", "code": "\(error.code)", "error": "\(error.message)",
                "peer_uid": "\(peer.uid.map(String.init) ?? "-")",
            ])
            write(ResponseEncoding.error(id: id, error), context: context)
        }
    }

    /// `{"id":7,"result":…}` framed straight into one buffer.
    private func writeResult(id: UInt64, _ result: [UInt8], context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: result.count + 40)
        buffer.writeInteger(UInt32(0))  // the length, set below
        buffer.writeStaticString("{\"id\":")
        buffer.writeString(String(id))
        buffer.writeStaticString(",\"result\":")
        buffer.writeBytes(result)
        buffer.writeStaticString("}")
        buffer.setInteger(UInt32(buffer.readableBytes - Framing.headerLength), at: buffer.readerIndex)
        context.write(wrapOutboundOut(buffer), promise: nil)
        needsFlush = true
    }

    private func write(_ payload: [UInt8], context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: payload.count + Framing.headerLength)
        buffer.writeFrame(payload: payload)
        context.write(wrapOutboundOut(buffer), promise: nil)
        needsFlush = true
    }

    private struct HeadFailure: Error {
        var id: UInt64
        var error: RPCError
    }

    /// Reads the envelope's routing fields, or says exactly what is wrong with the frame.
    private func parseHead(_ payload: Data) -> Result<RequestHead, HeadFailure> {
        guard String(validating: payload, as: UTF8.self) != nil else {
            return .failure(HeadFailure(id: connectionErrorID,
                                        error: .invalidArgument("frame payload is not valid UTF-8")))
        }
        guard payload.first(where: { !Self.isJSONWhitespace($0) }) == UInt8(ascii: "{") else {
            let what = payload.isEmpty ? "an empty payload" : "something else"
            return .failure(HeadFailure(id: connectionErrorID,
                                        error: .invalidArgument("frame payload must be one JSON object, found \(what)")))
        }
        do {
            let head = try decoder.decode(RequestHead.self, from: payload)
            if let cancel = head.cancel {
                guard (1...Self.maxID).contains(cancel) else {
                    return .failure(HeadFailure(id: connectionErrorID,
                                                error: .invalidArgument("cancel: must be a call id from 1 to 2^53-1", field: "cancel")))
                }
                return .success(head)
            }
            guard let id = head.id else {
                return .failure(HeadFailure(id: connectionErrorID,
                                            error: .invalidArgument("id: is required, a whole number from 1 to 2^53-1", field: "id")))
            }
            guard id >= 1, id <= Self.maxID else {
                return .failure(HeadFailure(id: connectionErrorID,
                                            error: .invalidArgument("id: must be a whole number from 1 to 2^53-1", field: "id")))
            }
            guard head.method != nil else {
                return .failure(HeadFailure(id: id,
                                            error: .invalidArgument("method: is required, such as \"goald.v1.Health/Check\"", field: "method")))
            }
            return .success(head)
        } catch let error as DecodingError {
            // Answer on the call's id when it can be read, so the client can match the error.
            let id = (try? decoder.decode(IDOnly.self, from: payload).id).flatMap { (1...Self.maxID).contains($0) ? $0 : nil }
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
                let reason = context.underlyingError.map { ": \(($0 as NSError).userInfo[NSDebugDescriptionErrorKey] ?? $0)" } ?? ""
                return .failure(HeadFailure(id: connectionErrorID,
                                            error: .invalidArgument("frame payload is not valid JSON\(reason)")))
            }
            var rpcError = RPCError.invalidParams(error)
            if case .keyNotFound(let key, _) = error, key.stringValue == "id" {
                rpcError = .invalidArgument("id: is required, a whole number from 1 to 2^53-1", field: "id")
            } else if case .keyNotFound(let key, _) = error, key.stringValue == "method" {
                rpcError = .invalidArgument("method: is required, such as \"goald.v1.Health/Check\"", field: "method")
            }
            return .failure(HeadFailure(id: id ?? connectionErrorID, error: rpcError))
        } catch {
            return .failure(HeadFailure(id: connectionErrorID, error: .invalidArgument("frame payload is not valid JSON")))
        }
    }

    private struct IDOnly: Decodable { var id: UInt64 }

    /// The largest id a client may use.
    static let maxID = ScannedRequest.maxID

    private static func isJSONWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}

@available(*, unavailable)
extension RPCChannelHandler: Sendable {}

/// A call's logger, made only when something is logged: most calls log nothing.
private struct CallLogger: Sendable {
    let context: CallContext
    init(_ context: CallContext) { self.context = context }
    func make() -> Logger { context.logger }
}

/// Server frames are assembled around already-encoded results, so a result is encoded exactly once.
enum ResponseEncoding {
    /// `{"error":{"code":…,"details":{…},"message":…},"id":…}`, keys sorted as WireJSON writes them.
    static func error(id: UInt64, _ error: RPCError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64 + error.message.utf8.count)
        bytes += Array("{\"error\":{\"code\":".utf8)
        appendString(error.code.rawValue, to: &bytes)
        if let details = error.details, !details.isEmpty {
            bytes += Array(",\"details\":{".utf8)
            for (index, key) in details.keys.sorted().enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                appendString(key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                appendString(details[key]!, to: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
        bytes += Array(",\"message\":".utf8)
        appendString(error.message, to: &bytes)
        bytes += Array("},\"id\":\(id)}".utf8)
        return bytes
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped, the rest as UTF-8.
    static func appendString(_ string: String, to bytes: inout [UInt8]) {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        bytes.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                bytes += Array("\\u00".utf8)
                bytes += [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

extension Duration {
    var microseconds: Int64 {
        components.seconds * 1_000_000 + components.attoseconds / 1_000_000_000_000
    }
}

/// Tells queued work that its call was cancelled (by the client, or its deadline).
final class CallToken: Sendable {
    private let flag = Mutex(false)
    var isCancelled: Bool { flag.withLock { $0 } }
    func cancel() { flag.withLock { $0 = true } }
}

/// Stands in for the call handler on a connection over the limit: answers once, then closes.
final class RefuseConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let error: RPCError
    private let logger: Logger

    init(error: RPCError, logger: Logger) {
        self.error = error
        self.logger = logger
    }

    func channelActive(context: ChannelHandlerContext) {
        logger.warning("connection refused", metadata: ["error": "\(error.message)"])
        let payload = ResponseEncoding.error(id: connectionErrorID, error)
        var buffer = context.channel.allocator.buffer(capacity: payload.count + 4)
        buffer.writeFrame(payload: payload)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in bound.value.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}

@available(*, unavailable)
extension RefuseConnectionHandler: Sendable {}
