import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle
import Synchronization

/// goald's read-only HTTP side door: the live status page, the report, Server-Sent Events, Prometheus metrics and a
/// health probe, over SwiftNIO's HTTP/1 codec on the same event loops as the RPC socket. Run it as a `Service` in
/// goald's `ServiceGroup`: on graceful shutdown it stops accepting, ends the event streams and closes.
package final class HTTPSideDoor: Service, Sendable {
    private let configuration: HTTPConfiguration
    private let routes: HTTPRoutes
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let onListening: @Sendable (_ host: String, _ port: Int) -> Void
    private let connections = Mutex<[ObjectIdentifier: any Channel]>([:])
    private let listener = Mutex<(channel: (any Channel)?, stopping: Bool)>((nil, false))

    package init(
        configuration: HTTPConfiguration, routes: HTTPRoutes,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger,
        onListening: @escaping @Sendable (_ host: String, _ port: Int) -> Void = { _, _ in }
    ) {
        self.configuration = configuration
        self.routes = routes
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
        let stopAtOnce = listener.withLock { state -> Bool in
            state.channel = channel
            return state.stopping
        }
        if stopAtOnce { channel.close(promise: nil) }
        let address = channel.localAddress
        let host = address?.ipAddress ?? configuration.host
        let port = address?.port ?? configuration.port
        logger.info(
            "HTTP side door listening",
            metadata: [
                "address": "\(host):\(port)", "activated": "\(configuration.inheritedListener != nil)",
            ])
        onListening(host, port)

        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                try? await channel.closeFuture.get()
            } onCancel: {
                channel.close(promise: nil)
            }
        } onGracefulShutdown: {
            self.beginShutdown()
        }
        try? await channel.close()
        // Event streams send their end; answers being written finish; then every connection closes.
        let open = connections.withLock { Array($0.values) }
        for connection in open { connection.pipeline.fireUserInboundEventTriggered(HTTPShutdownEvent()) }
        // Answers being written get a moment to finish; then whatever is left is closed.
        await withTaskGroup(of: Void.self) { group in
            group.addTask { for connection in open { try? await connection.closeFuture.get() } }
            group.addTask { try? await Task.sleep(for: .seconds(2)) }
            await group.next()
            group.cancelAll()
        }
        for connection in open { connection.close(promise: nil) }
        logger.info("HTTP side door stopped")
    }

    /// Stops accepting; `run()` then closes the connections and returns.
    package func beginShutdown() {
        let channel = listener.withLock { state -> (any Channel)? in
            state.stopping = true
            return state.channel
        }
        channel?.close(promise: nil)
    }

    /// Open HTTP connections.
    package var connectionCount: Int { connections.withLock { $0.count } }

    private func bootstrap(renderer: any EventLoop) -> ServerBootstrap {
        let configuration = self.configuration
        let routes = self.routes
        let logger = self.logger
        return ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [weak self] channel in
                guard let self else { return channel.eventLoop.makeSucceededVoidFuture() }
                let overLimit = self.track(channel) > configuration.maxConnections
                return channel.eventLoop.makeCompletedFuture {
                    if overLimit {
                        try channel.pipeline.syncOperations.addHandler(OverLimitHandler())
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
                    try sync.addHandler(HTTPRequestHandler(routes: routes, renderer: renderer, logger: logger))
                }
            }
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: false)
    }

    /// Tracks a connection until it closes; returns how many are open with it.
    private func track(_ channel: any Channel) -> Int {
        let key = ObjectIdentifier(channel)
        let count = connections.withLock { open in
            open[key] = channel
            return open.count
        }
        channel.closeFuture.whenComplete { [weak self] _ in
            _ = self?.connections.withLock { $0.removeValue(forKey: key) }
        }
        return count
    }
}

/// Sent down each connection's pipeline when the side door shuts down.
struct HTTPShutdownEvent {}

package struct HTTPListenError: Error, CustomStringConvertible {
    package var description: String
}
