import CoreMetrics
import GoalDomain
import GoalProtocol
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// goald's server: listens on a Unix socket and answers framed calls from the live state.
///
/// Run it as a `Service` in a `ServiceGroup`. Its `run()` is the parent of all its work: the executor that runs
/// writes and slow calls, and every connection. On graceful shutdown SwiftNIO's `ServerQuiescingHelper` stops
/// accepting and tells every connection (`ChannelShouldQuiesceEvent`), which refuses new calls, ends its streams and
/// closes once its calls in flight are answered (after `shutdownGrace` at most); then the socket file is removed.
package final class GoalServer: Service, Sendable {
    private let configuration: ServerConfiguration
    private let router: RPCRouter
    private let writer: StateWriter
    private let state: LiveState
    private let logger: Logger
    private let eventLoopGroup: any EventLoopGroup
    private let executor: CallExecutor
    private let limiter: ConnectionLimiter
    /// The memory budget every connection's buffers share.
    package let budget: BufferBudget
    /// What every connection's call handler shares, made once.
    private let connectionServices: RPCCallHandler.Services
    private let onListening: @Sendable (String) async -> Void
    private let onStopping: @Sendable () -> Void
    private let openConnections = Atomic<Int>(0)
    /// The calls counted, when a metrics factory was given.
    package let metrics: ServerMetrics?
    private let quiescing = QuiescingListener()

    /// - Parameters:
    ///   - services: the methods served; each registers its own.
    ///   - metrics: where calls are counted (goald: Prometheus); nil counts nothing.
    ///   - onListening: called once the socket listens (goald sends READY=1).
    ///   - onStopping: called when graceful shutdown begins (goald sends STOPPING=1).
    package init(
        configuration: ServerConfiguration,
        services: [any RPCService],
        state: LiveState,
        writer: StateWriter,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        metrics: (any MetricsFactory)? = nil,
        logger: Logger,
        onListening: @escaping @Sendable (String) async -> Void = { _ in },
        onStopping: @escaping @Sendable () -> Void = {}
    ) {
        self.configuration = configuration
        self.logger = logger
        self.eventLoopGroup = eventLoopGroup
        self.onListening = onListening
        self.onStopping = onStopping
        var router = RPCRouter()
        for service in services { service.register(on: &router) }
        self.router = router
        self.writer = writer
        self.state = state
        self.executor = CallExecutor(writer: writer)
        self.metrics = metrics.map { ServerMetrics(factory: $0, methods: router.methodKinds) }
        self.connectionServices = RPCCallHandler.Services(
            router: router, executor: executor, state: state, logger: logger,
            limits: .init(maxCallsInFlight: configuration.maxCallsInFlight), methods: router.knownNames,
            metrics: self.metrics,
            shutdownGrace: TimeAmount(configuration.shutdownGrace))
        self.limiter = ConnectionLimiter(configuration: configuration)
        self.budget = BufferBudget(limit: configuration.maxBufferedBytes)
    }

    /// goald's own services, in the order they are registered.
    package static func standardServices(
        state: LiveState, writer: StateWriter, reloader: StateReloader?,
        socketPath: String? = nil, version: String = goaldVersion,
        maxUnits: Int = ServerConfiguration.Defaults.maxUnits,
        profiles: [String: ColumnProfile] = [:],
        maxFrameLength: Int = ServerConfiguration.Defaults.maxFrameLength,
        sideDoor: SideDoorAccess? = nil
    )
        -> [any RPCService]
    {
        [
            HealthService(state: state, writer: writer, version: version),
            GoalsService(state: state),
            RegionService(state: state),
            TravelService(
                state: state, writer: writer, maxUnits: maxUnits, profiles: profiles,
                maxFrameLength: maxFrameLength),
            ReportsService(state: state, sideDoor: sideDoor),
            AdminService(reloader: reloader, socketPath: socketPath),
            ReflectionService(),
        ]
    }

    package func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await self.executor.run() }
            defer { executor.finish() }
            // Once the connections are closed, a write may still be on its way to the writer: it is made before
            // run() returns (and the store closes).
            do {
                try await serve()
            } catch {
                await writer.afterWritesHandedIn()
                throw error
            }
            await writer.afterWritesHandedIn()
        }
    }

    private func serve() async throws {
        let path = configuration.socketPath
        let listener: any Channel
        if let inherited = configuration.inheritedListener {
            listener = try await adopt(inherited)
            logger.info(
                "listening on the socket systemd passed",
                metadata: [
                    "fd": "\(inherited)", "methods": "\(router.methodNames.count)",
                ])
        } else {
            try SocketPath.prepare(path)
            listener = try await bind(path)
            logger.info("listening", metadata: ["socket": "\(path)", "methods": "\(router.methodNames.count)"])
        }
        // Once a stop is asked for, the listener closes (new connections are refused) and each connection refuses
        // new calls, ends its streams, and closes once its calls in flight are answered, after the grace period at
        // most (its own timer).
        try await quiescing.serve(
            listener, onGracefulShutdown: { self.beginGracefulShutdown() },
            afterListening: { await self.onListening(path) }, quiescing: { state.stopServing() })
        if configuration.inheritedListener == nil { SocketPath.remove(path) }
        logger.info("stopped", metadata: ["socket": "\(path)", "message_id": "\(LogMessageID.stopping)"])
    }

    /// Begins a graceful shutdown without ServiceLifecycle (as its own graceful shutdown does): stop accepting,
    /// let the calls in flight finish, end the streams, close. `run()` returns once that is done.
    package func beginGracefulShutdown() {
        if quiescing.requestStop() { onStopping() }
    }

    /// Every method served, with its kind and permission.
    package var catalogue: [(name: String, kind: RPCKind, permission: MethodHandler.Permission)] { router.catalogue }

    /// The number of open client connections.
    package var connectionCount: Int { openConnections.load(ordering: .relaxed) }

    /// Whether the serving path answers: every event loop runs a task, and the writes' preparer and the writer take
    /// one, in turn. A wedged loop, preparer or writer never answers, so the watchdog goes unfed and systemd
    /// restarts goald.
    package func probe() async -> Bool {
        for loop in eventLoopGroup.makeIterator() {
            guard (try? await loop.submit({}).get()) != nil else { return false }
        }
        await writer.afterWritesHandedIn()
        return true
    }

    private func bootstrap() -> ServerBootstrap {
        ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelInitializer { [quiescing] channel in quiescing.initialize(channel) }
            .childChannelInitializer { [weak self] channel in
                guard let self else { return channel.eventLoop.makeSucceededVoidFuture() }
                self.track(channel)
                return channel.eventLoop.makeCompletedFuture { try self.addHandlers(to: channel) }
            }
    }

    /// Installs a connection's pipeline (`ConnectionPipeline`). Call on the channel's loop.
    package func addHandlers(to channel: any Channel) throws {
        try ConnectionPipeline.configure(
            channel, configuration: configuration, services: connectionServices,
            limiter: limiter, budget: budget)
    }

    /// Takes over a listening socket from systemd.
    private func adopt(_ descriptor: Int32) async throws -> any Channel {
        do {
            return try await bootstrap().withBoundSocket(descriptor).get()
        } catch {
            throw ListenError(description: "cannot listen on the socket systemd passed (fd \(descriptor)): \(error)")
        }
    }

    /// Binds the socket with its mode from the start (through the umask, as the socket is made by bind), then gives
    /// it its group: no one outside them connects in between, and goald is ready only once both are set.
    private func bind(_ path: String) async throws -> any Channel {
        let channel: any Channel
        let umaskBefore = umask(0o777 & ~configuration.socketMode)
        do {
            channel = try await bootstrap().bind(unixDomainSocketPath: path).get()
            umask(umaskBefore)
        } catch {
            umask(umaskBefore)
            throw ListenError(description: "cannot listen on \(path): \(error)")
        }
        do {
            try SocketPath.setAccess(path, mode: configuration.socketMode, group: configuration.socketGroup)
        } catch {
            try? await channel.close()
            SocketPath.remove(path)
            throw error
        }
        return channel
    }

    private func track(_ channel: any Channel) {
        openConnections.add(1, ordering: .relaxed)
        channel.closeFuture.whenComplete { [weak self] _ in self?.openConnections.subtract(1, ordering: .relaxed) }
    }
}
