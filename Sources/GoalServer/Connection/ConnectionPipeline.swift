import GoalDomain
import GoalProtocol
import GoalWire
import Logging
import NIOCore
import Synchronization

/// How a connection's pipeline is assembled, in one place: who the peer is and whether it may connect
/// (`ConnectionLimiter`), then when to read (`ConnectionFlowHandler`: the bound on unread answers and the idle
/// timeout), the frame decoder and the call handler.
enum ConnectionPipeline {
    /// Installs a connection's handlers. Call on the channel's event loop.
    static func configure(
        _ channel: any Channel, configuration: ServerConfiguration, services: RPCCallHandler.Services,
        limiter: ConnectionLimiter, budget: BufferBudget? = nil
    ) throws {
        let operations = channel.pipeline.syncOperations
        let credentials = PeerCredentials.read(from: channel)
        let grant =
            credentials.map { configuration.access.grant(uid: $0.uid, gid: $0.gid) } ?? WriteGrant(permission: .read)
        let permission = grant.permission
        let peer =
            credentials.map { Author(uid: $0.uid, name: PeerCredentials.userName(uid: $0.uid)) }
            ?? Author(uid: nil, name: "unknown")
        if let refusal = limiter.admit(uid: credentials?.uid, isAdmin: permission == .admin) {
            try operations.addHandler(RefuseConnectionHandler(error: refusal, logger: services.logger))
            return
        }
        channel.closeFuture.whenComplete { _ in limiter.release(uid: credentials?.uid) }
        let bound = configuration.maxUnwrittenBytes
        _ = channel.setOption(
            ChannelOptions.writeBufferWaterMark,
            value: ChannelOptions.Types.WriteBufferWaterMark(low: bound / 2, high: bound))
        try operations.addHandler(
            ConnectionFlowHandler(
                idleTimeout: TimeAmount(configuration.idleTimeout),
                frameDeadline: TimeAmount(configuration.frameDeadline), budget: budget, uid: credentials?.uid))
        try operations.addHandler(ByteToMessageHandler(FrameDecoder(maxFrameLength: configuration.maxFrameLength)))
        try operations.addHandler(RPCCallHandler(services: services, peer: peer, grant: grant))
    }
}

/// Counts the open connections, in all and by user, and refuses one over a limit: the most in all
/// (`maxConnections`, of which the last `adminReserve` are kept for administrators), and the most one user may
/// hold (`maxConnectionsPerUser`), so that no one user can lock the others out.
package final class ConnectionLimiter: Sendable {
    private struct Counts {
        var total = 0
        var byUser: [UInt32: Int] = [:]
    }

    private let counts = Mutex(Counts())
    private let maxConnections: Int
    private let maxPerUser: Int
    private let adminReserve: Int

    package init(configuration: ServerConfiguration) {
        maxConnections = configuration.maxConnections
        maxPerUser = configuration.maxConnectionsPerUser
        adminReserve = configuration.adminReserve
    }

    package var total: Int { counts.withLock { $0.total } }

    /// Counts a new connection in, or says why it is refused.
    package func admit(uid: UInt32?, isAdmin: Bool) -> RPCError? {
        counts.withLock { counts in
            let limit = isAdmin ? maxConnections : maxConnections - adminReserve
            guard counts.total < limit else {
                return RPCError(
                    .resourceExhausted,
                    "goald serves at most \(maxConnections) connections at once"
                        + (isAdmin ? "" : ", the last \(adminReserve) for administrators") + "; try again later")
            }
            if let uid {
                guard counts.byUser[uid, default: 0] < maxPerUser else {
                    return RPCError(
                        .resourceExhausted,
                        "uid \(uid) holds \(maxPerUser) connections already, the "
                            + "most one user may (max-connections-per-user); close one, or send more calls on one "
                            + "connection")
                }
                counts.byUser[uid, default: 0] += 1
            }
            counts.total += 1
            return nil
        }
    }

    package func release(uid: UInt32?) {
        counts.withLock { counts in
            counts.total -= 1
            if let uid {
                counts.byUser[uid, default: 1] -= 1
                if counts.byUser[uid] == 0 { counts.byUser[uid] = nil }
            }
        }
    }
}

/// Stands in for the call handler on a connection over a limit: answers once, then closes.
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
        var buffer = context.channel.allocator.buffer(capacity: 256)
        buffer.writeErrorFrame(id: connectionErrorID, error)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in bound.value.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}

@available(*, unavailable)
extension RefuseConnectionHandler: Sendable {}
