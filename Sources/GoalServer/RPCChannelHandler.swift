import Dispatch
import Foundation
import GoalDomain
import GoalProtocol
import GoalWire
import Logging
import NIOCore

/// Serves the calls of one connection: each frame in, one response frame out. Frames that arrive in one
/// read are answered in one flush.
final class RPCChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let router: RPCRouter
    private let writer: StateWriter
    private let logger: Logger
    private let decoder = JSONDecoder()
    private var needsFlush = false
    /// The user at the other end, from SO_PEERCRED when the connection opens.
    private var peer = Actor(uid: nil, name: "unknown")

    init(router: RPCRouter, writer: StateWriter, logger: Logger) {
        self.router = router
        self.writer = writer
        self.logger = logger
    }

    func channelActive(context: ChannelHandlerContext) {
        if let credentials = PeerCredentials.read(from: context.channel) {
            peer = Actor(uid: credentials.uid, name: PeerCredentials.userName(uid: credentials.uid))
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let payload = Data(unwrapInboundIn(data).readableBytesView)
        let started = ContinuousClock.now
        let call: Call
        switch parseHead(payload) {
        case .success(let head):
            var callLogger = logger
            callLogger[metadataKey: "method"] = "\(head.method)"
            callLogger[metadataKey: "call_id"] = "\(head.id)"
            guard let handler = router.handler(for: head.method) else {
                let error = RPCError(.unimplemented, "unknown method \"\(head.method)\"; "
                    + "methods are named goald.v1.<Service>/<Method>, such as goald.v1.Health/Check")
                finish(.failure(error), id: head.id, logger: callLogger, started: started, context: context)
                return
            }
            let callContext = CallContext(id: head.id, method: head.method, metadata: head.metadata ?? [:],
                                          peer: peer, logger: callLogger)
            call = Call(handler: handler, context: callContext)
        case .failure(let failure):
            logger.warning("bad frame", metadata: ["code": "\(failure.error.code)", "error": "\(failure.error.message)"])
            write(ResponseEncoding.error(id: failure.id, failure.error), context: context)
            return
        }

        switch call.handler.access {
        case .read:
            finish(call.run(payload), id: call.context.id, logger: call.context.logger, started: started, context: context)
        case .write, .blocking:
            // Writes queue on the single writer, off the event loop; the answer comes back here when committed.
            let promise = context.eventLoop.makePromise(of: Result<[UInt8], RPCError>.self)
            let queue = call.handler.access == .write ? writer.queue : DispatchQueue.global()
            queue.async { promise.succeed(call.run(payload)) }
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            promise.futureResult.whenSuccess { outcome in
                let (handler, context) = bound.value
                handler.finish(outcome, id: call.context.id, logger: call.context.logger, started: started,
                               context: context)
                handler.flushIfNeeded(context: context)
            }
        }
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
        func run(_ payload: Data) -> Result<[UInt8], RPCError> {
            do {
                return .success(try handler.body(payload, context))
            } catch let error as RPCError {
                return .failure(error)
            } catch {
                context.logger.error("handler failed", metadata: ["error": "\(error)"])
                return .failure(RPCError(.internal, "internal error while serving \(context.method)"))
            }
        }
    }

    /// Logs the outcome of a call and writes its response.
    private func finish(_ outcome: Result<[UInt8], RPCError>, id: UInt64, logger: Logger,
                        started: ContinuousClock.Instant, context: ChannelHandlerContext) {
        let micros = (ContinuousClock.now - started).microseconds
        switch outcome {
        case .success(let result):
            logger.debug("served", metadata: ["duration_us": "\(micros)", "code": "OK"])
            write(ResponseEncoding.result(id: id, result), context: context)
        case .failure(let error):
            logger.warning("call failed", metadata: [
                "duration_us": "\(micros)", "code": "\(error.code)", "error": "\(error.message)",
                "peer_uid": "\(peer.uid.map(String.init) ?? "-")",
            ])
            write(ResponseEncoding.error(id: id, error), context: context)
        }
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
            guard head.id >= 1, head.id <= Self.maxID else {
                return .failure(HeadFailure(id: connectionErrorID,
                                            error: .invalidArgument("id: must be a whole number from 1 to 2^53-1", field: "id")))
            }
            return .success(head)
        } catch let error as DecodingError {
            // Answer on the call's id when it can be read, so the client can match the error.
            let id = (try? decoder.decode(IDOnly.self, from: payload).id).flatMap { (1...Self.maxID).contains($0) ? $0 : nil }
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
                return .failure(HeadFailure(id: connectionErrorID,
                                            error: .invalidArgument("frame payload is not valid JSON")))
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

    /// The largest id a client may use: 2^53−1, the largest integer every JSON parser keeps exact.
    static let maxID: UInt64 = (1 << 53) - 1

    private static func isJSONWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}

@available(*, unavailable)
extension RPCChannelHandler: Sendable {}

/// Server frames are assembled around already-encoded results, so a result is encoded exactly once.
enum ResponseEncoding {
    static func result(id: UInt64, _ result: [UInt8]) -> [UInt8] {
        var bytes = Array("{\"id\":\(id),\"result\":".utf8)
        bytes.reserveCapacity(bytes.count + result.count + 1)
        bytes += result
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    static func error(id: UInt64, _ error: RPCError) -> [UInt8] {
        let encoded = (try? WireJSON.encode(error)) ?? Array("{\"code\":\"INTERNAL\",\"message\":\"\"}".utf8)
        var bytes = Array("{\"error\":".utf8)
        bytes += encoded
        bytes += Array(",\"id\":\(id)}".utf8)
        return bytes
    }
}

extension Duration {
    var microseconds: Int64 {
        components.seconds * 1_000_000 + components.attoseconds / 1_000_000_000_000
    }
}
