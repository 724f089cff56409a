import Foundation
import GoalProtocol
import GoalWire
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// goald's server: listens on a Unix socket and answers framed calls from the live state.
///
/// Run it as a `Service` in a `ServiceGroup`; on graceful shutdown it stops accepting, closes its
/// connections and removes its socket file.
package final class GoalServer: Service, Sendable {
    private let configuration: ServerConfiguration
    private let router: RPCRouter
    private let writer: StateWriter
    private let logger: Logger
    private let eventLoopGroup: any EventLoopGroup
    private let onListening: @Sendable (String) async -> Void
    private let connections = Mutex<[ObjectIdentifier: any Channel]>([:])

    package init(
        configuration: ServerConfiguration,
        state: LiveState,
        writer: StateWriter,
        now: @escaping @Sendable () -> Date = Date.init,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger,
        onListening: @escaping @Sendable (String) async -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.logger = logger
        self.eventLoopGroup = eventLoopGroup
        self.onListening = onListening
        var router = RPCRouter()
        HealthService.register(on: &router, state: state, version: configuration.version)
        GoalsService.register(on: &router, state: state, writer: writer, now: now)
        TravelService.register(on: &router, state: state, writer: writer)
        self.router = router
        self.writer = writer
    }

    package func run() async throws {
        let path = configuration.socketPath
        try SocketPath.prepare(path)
        let listener = try await bind(path)
        logger.info("listening", metadata: ["socket": "\(path)", "methods": "\(router.methodNames.count)"])
        await onListening(path)

        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                try? await listener.closeFuture.get()
            } onCancel: {
                listener.close(promise: nil)
            }
        } onGracefulShutdown: {
            listener.close(promise: nil)
        }

        // Stop accepting first, then end the open connections, then remove the socket file.
        try? await listener.close()
        let open = connections.withLock { Array($0.values) }
        for channel in open { channel.close(promise: nil) }
        for channel in open { try? await channel.closeFuture.get() }
        SocketPath.remove(path)
        logger.info("stopped", metadata: ["socket": "\(path)"])
    }

    private func bind(_ path: String) async throws -> any Channel {
        let router = self.router
        let writer = self.writer
        let logger = self.logger
        let maxFrameLength = configuration.maxFrameLength
        let bootstrap = ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.backlog, value: 256)
            .childChannelInitializer { [weak self] channel in
                self?.track(channel)
                return channel.eventLoop.makeCompletedFuture {
                    let operations = channel.pipeline.syncOperations
                    try operations.addHandler(ByteToMessageHandler(FrameDecoder(maxFrameLength: maxFrameLength)))
                    try operations.addHandler(RPCChannelHandler(router: router, writer: writer, logger: logger))
                }
            }
        do {
            return try await bootstrap.bind(unixDomainSocketPath: path).get()
        } catch {
            throw ListenError(description: "cannot listen on \(path): \(error)")
        }
    }

    private func track(_ channel: any Channel) {
        let key = ObjectIdentifier(channel)
        connections.withLock { $0[key] = channel }
        channel.closeFuture.whenComplete { [weak self] _ in
            _ = self?.connections.withLock { $0.removeValue(forKey: key) }
        }
    }
}
