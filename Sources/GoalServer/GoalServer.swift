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
    private let state: LiveState
    private let logger: Logger
    private let eventLoopGroup: any EventLoopGroup
    private let onListening: @Sendable (String) async -> Void
    private let onStopping: @Sendable () -> Void
    private let connections = Mutex<[ObjectIdentifier: any Channel]>([:])

    package init(
        configuration: ServerConfiguration,
        state: LiveState,
        writer: StateWriter,
        now: @escaping @Sendable () -> Date = Date.init,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger,
        reloader: StateReloader? = nil,
        onListening: @escaping @Sendable (String) async -> Void = { _ in },
        onStopping: @escaping @Sendable () -> Void = {}
    ) {
        self.configuration = configuration
        self.logger = logger
        self.eventLoopGroup = eventLoopGroup
        self.onListening = onListening
        self.onStopping = onStopping
        var router = RPCRouter()
        AdminService.register(on: &router, reloader: reloader, writer: writer)
        ReflectionService.register(on: &router)
        HealthService.register(on: &router, state: state, writer: writer, version: configuration.version)
        GoalsService.register(on: &router, state: state, writer: writer, now: now)
        TravelService.register(on: &router, state: state, writer: writer)
        self.router = router
        self.writer = writer
        self.state = state
    }

    package func run() async throws {
        let path = configuration.socketPath
        let listener: any Channel
        if let inherited = configuration.inheritedListener {
            listener = try await adopt(inherited)
            logger.info("listening on the socket systemd passed", metadata: [
                "fd": "\(inherited)", "methods": "\(router.methodNames.count)",
            ])
        } else {
            try SocketPath.prepare(path)
            listener = try await bind(path)
            logger.info("listening", metadata: ["socket": "\(path)", "methods": "\(router.methodNames.count)"])
        }
        await onListening(path)

        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                try? await listener.closeFuture.get()
            } onCancel: {
                listener.close(promise: nil)
            }
        } onGracefulShutdown: {
            self.onStopping()
            self.state.stopServing()  // streams send their last message and end
            listener.close(promise: nil)
        }

        // Stop accepting first, then end the open connections, then remove the socket file (a socket from
        // systemd stays: it belongs to the socket unit).
        try? await listener.close()
        let open = connections.withLock { Array($0.values) }
        for channel in open { channel.close(promise: nil) }
        for channel in open { try? await channel.closeFuture.get() }
        if configuration.inheritedListener == nil { SocketPath.remove(path) }
        logger.info("stopped", metadata: ["socket": "\(path)", "message_id": "\(LogMessageID.stopping)"])
    }

    /// Every method served, with its kind and permission.
    package var catalogue: [(name: String, kind: RPCKind, permission: MethodHandler.Permission)] { router.catalogue }

    /// The number of open client connections.
    package var connectionCount: Int { connections.withLock { $0.count } }

    /// Whether the serving path answers: every event loop runs a task, and the writer takes one.
    /// A wedged loop or writer never answers, so the watchdog goes unfed and systemd restarts goald.
    package func probe() async -> Bool {
        for loop in eventLoopGroup.makeIterator() {
            guard (try? await loop.submit({}).get()) != nil else { return false }
        }
        await withCheckedContinuation { continuation in
            writer.queue.async { continuation.resume() }
        }
        return true
    }

    private func bootstrap() -> ServerBootstrap {
        ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.backlog, value: 256)
            .childChannelInitializer { [weak self] channel in
                guard let self else { return channel.eventLoop.makeSucceededVoidFuture() }
                self.track(channel)
                return channel.eventLoop.makeCompletedFuture { try self.addHandlers(to: channel) }
            }
    }

    /// Installs a connection's pipeline: the frame decoder, then the call handler. Call on the channel's loop.
    package func addHandlers(to channel: any Channel) throws {
        let operations = channel.pipeline.syncOperations
        if connectionCount > configuration.maxConnections {
            try operations.addHandler(RefuseConnectionHandler(
                error: RPCError(.resourceExhausted, "goald serves at most \(configuration.maxConnections) connections "
                    + "at once; try again later"), logger: logger))
            return
        }
        try operations.addHandler(ByteToMessageHandler(FrameDecoder(maxFrameLength: configuration.maxFrameLength)))
        try operations.addHandler(RPCChannelHandler(
            router: router, writer: writer, state: state, logger: logger,
            limits: .init(maxCallsInFlight: configuration.maxCallsInFlight, idleTimeout: configuration.idleTimeout),
            access: configuration.access))
    }

    /// Takes over a listening socket from systemd.
    private func adopt(_ descriptor: Int32) async throws -> any Channel {
        do {
            return try await bootstrap().withBoundSocket(descriptor).get()
        } catch {
            throw ListenError(description: "cannot listen on the socket systemd passed (fd \(descriptor)): \(error)")
        }
    }

    private func bind(_ path: String) async throws -> any Channel {
        do {
            return try await bootstrap().bind(unixDomainSocketPath: path).get()
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
