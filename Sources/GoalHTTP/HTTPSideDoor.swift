import GoalServer
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle
import Synchronization

/// goald's read-only HTTP side door: the live status page, the report, Server-Sent Events, Prometheus metrics and a
/// health probe, over SwiftNIO's HTTP/1 codec on the same event loops as the RPC socket. Run it as a `Service` in
/// goald's `ServiceGroup`: on graceful shutdown SwiftNIO's `ServerQuiescingHelper` stops accepting and tells every
/// connection, which ends its event stream or finishes the answer it is writing, and closes (after 2 s at most).
package final class HTTPSideDoor: Service, Sendable {
    private let configuration: HTTPConfiguration
    private let routes: HTTPRoutes
    /// Who may come in: the secret goald hands out over its socket.
    private let access: SideDoorAccess
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let onListening: @Sendable (_ host: String, _ port: Int) -> Void
    private let openConnections = Atomic<Int>(0)
    private let quiescing = QuiescingListener()

    package init(
        configuration: HTTPConfiguration, routes: HTTPRoutes, access: SideDoorAccess,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger,
        onListening: @escaping @Sendable (_ host: String, _ port: Int) -> Void = { _, _ in }
    ) {
        self.configuration = configuration
        self.routes = routes
        self.access = access
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.onListening = onListening
    }

    package func run() async throws {
        // Pages are rendered on a thread of the side door's own, off the event loops, for as long as it runs.
        let renderer = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            try await serve(renderer: renderer.next())
        } catch {
            try? await renderer.shutdownGracefully()
            throw error
        }
        try? await renderer.shutdownGracefully()
    }

    private func serve(renderer: any EventLoop) async throws {
        let channel: any Channel
        do {
            if let descriptor = configuration.inheritedListener {
                channel = try await bootstrap(renderer: renderer).withBoundSocket(descriptor).get()
            } else {
                channel = try await bootstrap(renderer: renderer).bind(
                    host: configuration.host, port: configuration.port
                ).get()
            }
        } catch {
            let place =
                configuration.inheritedListener.map { "the socket systemd passed (fd \($0))" }
                ?? "\(configuration.host):\(configuration.port)"
            throw HTTPListenError(description: "cannot serve HTTP on \(place): \(error)")
        }
        let address = channel.localAddress
        let host = address?.ipAddress ?? configuration.host
        let port = address?.port ?? configuration.port
        logger.info(
            "HTTP side door listening",
            metadata: [
                "address": "\(host):\(port)", "activated": "\(configuration.inheritedListener != nil)",
            ])
        // Once a stop is asked for, the listener closes and every connection is told (`QuiesceHandler`): event
        // streams send their end, answers being written finish, then each closes (after `closeGrace` at most).
        let access = self.access
        try await quiescing.serve(
            channel, onGracefulShutdown: { self.beginShutdown() },
            afterListening: {
                access.listen(host: host, port: port)
                onListening(host, port)
            })
        logger.info("HTTP side door stopped")
    }

    /// Stops accepting; `run()` then closes the connections and returns.
    package func beginShutdown() {
        quiescing.requestStop()
    }

    /// Open HTTP connections.
    package var connectionCount: Int { openConnections.load(ordering: .relaxed) }

    /// How long a connection may take to finish its answer once the side door stops.
    static let closeGrace = TimeAmount.seconds(2)

    private func bootstrap(renderer: any EventLoop) -> ServerBootstrap {
        let configuration = self.configuration
        let routes = self.routes
        let access = self.access
        let logger = self.logger
        return ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelInitializer { [quiescing] channel in quiescing.initialize(channel) }
            .childChannelInitializer { [weak self] channel in
                guard let self else { return channel.eventLoop.makeSucceededVoidFuture() }
                let overLimit = self.track(channel) > configuration.maxConnections
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(QuiesceHandler(grace: Self.closeGrace))
                    if overLimit {
                        try channel.pipeline.syncOperations.addHandler(OverLimitHandler(routes: routes))
                        return
                    }
                    var limits = NIOHTTPDecoderLimitConfiguration()
                    limits.maxHeaderListSize = configuration.maxHeaderBytes
                    limits.maxHeaderFieldSize = configuration.maxHeaderBytes
                    limits.maxHeaderFieldCount = 100
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(IdleStateHandler(readTimeout: TimeAmount(configuration.idleTimeout)))
                    try sync.configureHTTPServerPipeline(
                        withPipeliningAssistance: true, withErrorHandling: true, withOutboundHeaderValidation: true,
                        withEncoderConfiguration: .init(), withDecoderLimitConfiguration: limits)
                    try sync.addHandler(
                        HTTPRequestHandler(
                            routes: routes, access: access, renderer: renderer, logger: logger,
                            headTimeout: TimeAmount(configuration.headTimeout)))
                }
            }
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: false)
    }

    /// Counts a connection until it closes; returns how many are open with it.
    private func track(_ channel: any Channel) -> Int {
        let count = openConnections.add(1, ordering: .relaxed).newValue
        channel.closeFuture.whenComplete { [weak self] _ in self?.openConnections.subtract(1, ordering: .relaxed) }
        return count
    }
}

/// First in each connection's pipeline: when the quiescing helper says the side door is stopping, passes that on to
/// the HTTP codec (which closes a connection between requests, or after the answer being written) and tells the
/// request handler (`HTTPShutdownEvent`: an event stream sends its end), and closes the connection once the grace
/// period is over, whatever it is doing. (The codec keeps the helper's event to itself while an answer is open, and
/// an event stream is an answer that does not end by itself: hence the second event.)
final class QuiesceHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let grace: TimeAmount

    init(grace: TimeAmount) { self.grace = grace }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is ChannelShouldQuiesceEvent else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        context.fireUserInboundEventTriggered(event)
        context.fireUserInboundEventTriggered(HTTPShutdownEvent())
        let channel = context.channel
        context.eventLoop.scheduleTask(in: grace) { channel.close(promise: nil) }
    }
}

@available(*, unavailable)
extension QuiesceHandler: Sendable {}

/// Sent down each connection's pipeline when the side door shuts down.
struct HTTPShutdownEvent {}

package struct HTTPListenError: Error, CustomStringConvertible {
    package var description: String
}
