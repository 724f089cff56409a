import ArgumentParser
import Foundation
import GoalDomain
import GoalHTTP
import GoalProtocol
import GoalServer
import GoalStore
import GoalSystemd
import Logging
import Prometheus
import ServiceLifecycle
import UnixSignals

@main
struct Goald: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "goald",
        abstract: "Serve a committee's goal model, its follow-up and business-travel footprint over a Unix socket.",
        discussion: """
            goald holds the goal model (effect goals, result goals, indicators and their targets), the follow-up \
            (measurements, assessments) and the business-travel footprint in memory, keeps them durable in an \
            SQLite store, and answers calls on a Unix socket: 4-byte big-endian length, then one JSON object per \
            frame (see Protocol/PROTOCOL.md). Query it with goalctl.

            Without --model, goald serves the plan built into it: Regionala utvecklingsnämnden, Region Värmland, \
            2024–2026. Settings come from flags, then the configuration file (--config, default \
            /etc/goald/goald.conf: `key = value` lines, the keys named as the flags), then the defaults.

            Under systemd (goald.service) goald takes its socket from socket activation, tells systemd when it is \
            ready and what it serves (sd_notify), feeds the watchdog, and logs to the journal. SIGHUP (or \
            `goalctl admin reload`) re-reads the configuration, plan and factor files; a bad file keeps the old \
            state serving. SIGTERM or SIGINT stops goald cleanly.

            A state directory goald cannot write (a read-only mount, say) is opened read-only: goald serves what the \
            store holds, logs why, and answers every write with UNAVAILABLE.

            Exit status: 0 after a clean stop; 1 when it cannot serve (socket in use, no permission); \
            64 for a usage error; 74 when the store cannot be opened (not goald's, corrupt, from a newer goald, \
            in use by another goald, or missing in a read-only directory: it is never reset); 78 when the configuration, model or a factor file \
            cannot be read or is invalid.
            """,
        version: Release.versionLine
    )

    @Option(help: ArgumentHelp("The configuration file.", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("The Unix socket to listen on (default \(ServerConfiguration.Defaults.socketPath)).",
                               valueName: "path"))
    var socket: String?

    @Option(help: ArgumentHelp(
        "Where goald keeps its store (goald.sqlite). Default: $STATE_DIRECTORY under systemd, else /var/lib/goald.",
        valueName: "dir"))
    var stateDir: String?

    @Option(help: ArgumentHelp("Serve the plan in this model file instead of the built-in one.", valueName: "file"))
    var model: String?

    @Option(help: ArgumentHelp(
        "Also load the emission-factor sets in this folder (*.json, format goald.factors/1).", valueName: "dir"))
    var factorsDir: String?

    @Option(help: ArgumentHelp(
        "kg CO2e per km for a private car on duty (car_private), replacing each factor set's average.",
        valueName: "kg"))
    var privateCarFactor: Double?

    @Option(help: ArgumentHelp(
        "Refuse frames whose payload is larger than this many bytes (default \(ServerConfiguration.Defaults.maxFrameLength)).",
        valueName: "bytes"))
    var maxFrameBytes: Int?

    @Option(help: ArgumentHelp(
        "The most client connections at once (default \(ServerConfiguration.Defaults.maxConnections)); the last "
            + "eighth of them, at most 16, are kept for administrators.", valueName: "n"))
    var maxConnections: Int?

    @Option(help: ArgumentHelp(
        "The most connections one user may hold at once (default \(ServerConfiguration.Defaults.maxConnectionsPerUser)).",
        valueName: "n"))
    var maxConnectionsPerUser: Int?

    @Option(help: ArgumentHelp(
        "The most writes, slow calls and streams in flight on one connection (default "
            + "\(ServerConfiguration.Defaults.maxCallsInFlight)); reads are answered at once.", valueName: "n"))
    var maxCallsInFlight: Int?

    @Option(help: ArgumentHelp(
        "Stop reading a connection's frames while this many bytes of its answers are unread (default "
            + "\(ServerConfiguration.Defaults.maxUnwrittenBytes)).", valueName: "bytes"))
    var maxUnwrittenBytes: Int?

    @Option(help: ArgumentHelp(
        "Close a connection with no frame in and nothing in flight for this many seconds (default "
            + "\(ServerConfiguration.Defaults.idleTimeoutSeconds)).", valueName: "seconds"))
    var idleTimeout: Int?

    @Option(help: ArgumentHelp(
        "Who administers: user names, uids and @groups, such as \"root @goald-admin\" (the default).",
        valueName: "list"))
    var admins: String?

    @Option(help: ArgumentHelp("Who may write: user names, uids and @groups (default \"@goald-writer\").",
                               valueName: "list"))
    var writers: String?

    @Option(help: ArgumentHelp("Least severe level logged (default info).", valueName: "level"))
    var logLevel: Logger.Level?

    @Option(help: ArgumentHelp("Where logs go: journal, stderr, or auto (the journal when stderr is connected to it).",
                               valueName: "target"))
    var logTarget: LogTarget?

    @Option(help: ArgumentHelp(
        "Serve the read-only HTTP side door on this loopback address, such as 127.0.0.1:\(HTTPConfiguration.Defaults.port): "
            + "the live status page at /, the report at /report, events at /events, Prometheus metrics at /metrics, "
            + "/healthz (default off; under systemd, goald-http.socket passes it).", valueName: "host:port"))
    var http: String?

    @Option(help: ArgumentHelp(
        "Which built-in emission factors a year's trips use: desnz (UK government, the default) or se (Swedish "
            + "figures for rail, cars by fuel and flights, DESNZ for the rest).", valueName: "family"))
    var factorFamily: String?

    @Option(help: ArgumentHelp(
        "The most organisational units the travel data may hold; a row of one more is refused (default "
            + "\(ServerConfiguration.Defaults.maxUnits)).", valueName: "n"))
    var maxUnits: Int?

    @Option(help: ArgumentHelp(
        "The most HTTP connections at once (default \(HTTPConfiguration.Defaults.maxConnections)).", valueName: "n"))
    var httpMaxConnections: Int?

    @Option(help: ArgumentHelp(
        "The time zone of the report's times and of goald's day (which period is current, how far a year's trips "
            + "reach), such as Europe/Stockholm; named in the report (default: the machine's).", valueName: "zone"))
    var timeZone: String?

    @Option(help: ArgumentHelp(
        "The mode of the socket goald binds itself, in octal (default 0660: goald's user and group may connect; "
            + "under systemd goald.socket sets it).", valueName: "mode"))
    var socketMode: String?

    @Option(help: ArgumentHelp(
        "The group of the socket goald binds itself, by name or gid, such as goald-users (default: goald's own).",
        valueName: "group"))
    var socketGroup: String?

    @Option(help: ArgumentHelp("Check a model file, print every problem with its location, and exit.",
                               valueName: "file"))
    var checkModel: String?

    @Flag(help: "Print the built-in model file and exit.")
    var printDefaultModel = false

    func run() async throws {
        if printDefaultModel {
            print(Plan.embeddedDefaultJSON)
            return
        }
        if let checkModel {
            let plan = try Self.exitOnError { () throws(ReloadError) in try Settings.loadPlan(checkModel) }
            print("\(checkModel): valid \(Plan.formatTag) plan \"\(plan.id)\": \(plan.effectGoals.count) effect goals, "
                  + "\(plan.resultGoalCount) result goals, \(plan.indicatorCount) indicators")
            return
        }

        // Settings: flags, then the configuration file, then defaults.
        let flags = Flags(config: config, socket: socket, stateDir: stateDir, model: model, factorsDir: factorsDir,
                          privateCarFactor: privateCarFactor, maxFrameBytes: maxFrameBytes,
                          maxConnections: maxConnections, maxConnectionsPerUser: maxConnectionsPerUser,
                          maxCallsInFlight: maxCallsInFlight, maxUnwrittenBytes: maxUnwrittenBytes,
                          idleTimeout: idleTimeout,
                          admins: admins, writers: writers,
                          logLevel: logLevel,
                          logTarget: logTarget, http: http, httpMaxConnections: httpMaxConnections,
                          maxUnits: maxUnits, factorFamily: factorFamily, timeZone: timeZone,
                          socketMode: socketMode, socketGroup: socketGroup)
        let settings = try Self.exitOnError { () throws(ReloadError) in try Settings.resolve(flags) }
        // Before anything asks for the local zone: the C library's day and Foundation's current zone both read TZ.
        if let zone = settings.timeZone {
            setenv("TZ", zone, 1)
            tzset()
        }

        let level = settings.logLevel
        let journal = settings.logTarget == .journal
            || (settings.logTarget == .auto && JournalStream.isStandardErrorJournal())
        LoggingSystem.bootstrap { label in
            if journal {
                var handler = JournalLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
            var handler = StderrLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "goald")
        logger.info("starting", metadata: [
            "version": "\(goaldVersion)", "config": "\(settings.configPath ?? "-")",
            "message_id": "\(LogMessageID.started)",
        ])

        // SIGHUP's default action kills: trap it before telling systemd we are ready.
        let hangups = await UnixSignalsSequence(trapping: .sighup)

        let input = try Self.exitOnError { () throws(ReloadError) in try settings.loadInput() }
        let store: GoalStore
        let followUp: FollowUp
        var travel = TravelAccounts(library: input.library)
        do {
            store = try GoalStore(stateDirectory: settings.stateDirectory)
            followUp = try store.loadFollowUp(plan: input.plan)
            _ = try store.loadTravel(into: &travel)
            // A file staged to replace an import by a client that did not finish counts nowhere.
            if store.readOnlyReason == nil {
                try store.clearStages()
                // An import whose client had not committed it when goald stopped counts nowhere: taken back.
                try store.discardPendingImports()
            }
        } catch {
            logger.critical("cannot open the store", metadata: [
                "error": "\(error)", "message_id": "\(LogMessageID.storeError)",
            ])
            FileHandle.standardError.write(Data("goald: \(error)\n".utf8))
            throw ExitCode(74)
        }
        if followUp.orphans > 0 {
            logger.warning("stored records name indicators or result goals this plan lacks; they are kept but not shown",
                           metadata: ["records": "\(followUp.orphans)", "plan": "\(input.plan.id)"])
        }
        if let reason = store.readOnlyReason {
            logger.warning("the store is read-only: reads are served, writes fail with UNAVAILABLE", metadata: [
                "store": "\(store.path)", "reason": "\(reason)", "message_id": "\(LogMessageID.storeReadOnly)",
            ])
        }
        logger.info("store loaded", metadata: [
            "store": "\(store.path)", "records": "\(followUp.lastSequence)", "trips": "\(travel.ledger.tripCount)",
            "factor_sets": "\(input.library.sets.map(\.name).joined(separator: ","))",
        ])
        let state = LiveState(Snapshot(GoalState(followUp: followUp, travel: travel)))
        let writer = StateWriter(store: store, state: state)

        var configuration = ServerConfiguration()
        configuration.socketPath = settings.socket
        configuration.maxFrameLength = settings.maxFrameBytes
        configuration.maxConnections = settings.maxConnections
        configuration.maxConnectionsPerUser = settings.maxConnectionsPerUser
        configuration.maxUnwrittenBytes = settings.maxUnwrittenBytes
        configuration.maxCallsInFlight = settings.maxCallsInFlight
        configuration.idleTimeout = .seconds(settings.idleTimeoutSeconds)
        configuration.access = settings.access
        configuration.socketMode = settings.socketMode
        configuration.socketGroup = settings.socketGroup?.id
        let inherited = SocketActivation.takeListenedSockets()
        if let socket = inherited.first(where: { $0.name == "rpc" }) ?? inherited.first(where: { $0.name != "http" }) {
            configuration.inheritedListener = socket.descriptor
        }
        let inheritedHTTP = inherited.first { $0.name == "http" }
        let registry = PrometheusCollectorRegistry()

        let notifier = SystemdNotifier()
        let connections = ConnectionCounter()
        let statusLine: @Sendable () -> String = {
            let snapshot = state.snapshot
            let mode = store.readOnlyReason == nil ? "" : "read-only, "
            return mode + "serving plan \(snapshot.plan.id): \(snapshot.plan.indicatorCount) indicators, "
                + "\(snapshot.travel.ledger.tripCount) trips, \(connections.count()) clients"
        }
        let reloader = StateReloader(
            writer: writer, logger: logger,
            load: { () throws(ReloadError) in
                let again = try Settings.resolve(flags)
                if again.socket != settings.socket || again.stateDirectory != settings.stateDirectory
                    || again.timeZone != settings.timeZone || again.socketMode != settings.socketMode
                    || again.socketGroup?.id != settings.socketGroup?.id {
                    logger.warning("socket, socket-mode, socket-group, state-dir and time-zone changes take effect at the next start")
                }
                return try again.loadInput()
            },
            onBegin: { notifier.notify(NotifyState.reloading(monotonicMicroseconds: SystemdNotifier.monotonicMicroseconds())) },
            onEnd: { outcome in
                switch outcome {
                case .success: notifier.notify([.ready, .status(statusLine())])
                case .failure(let error): notifier.notify([.ready, .status("reload failed: \(error.message); " + statusLine())])
                }
            })
        let server = GoalServer(
            configuration: configuration,
            services: GoalServer.standardServices(state: state, writer: writer, reloader: reloader,
                                                  socketPath: configuration.socketPath, maxUnits: settings.maxUnits,
                                                  profiles: settings.columnProfiles,
                                                  maxFrameLength: configuration.maxFrameLength),
            state: state, writer: writer, metrics: DescribedMetricsFactory(registry: registry), logger: logger,
            onListening: { path in
                notifier.notify([.ready, .status(statusLine())])
                logger.notice("ready", metadata: [
                    "socket": "\(path)", "plan": "\(input.plan.id)", "message_id": "\(LogMessageID.ready)",
                ])
            },
            onStopping: {
                notifier.notify([.stopping])
                logger.info("stopping")
            })
        connections.source = { server.connectionCount }

        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: server),
            .init(service: HangupService(signals: hangups, reloader: reloader)),
        ]
        if settings.http != nil || inheritedHTTP != nil {
            var http = HTTPConfiguration()
            if let address = settings.http {
                http.host = address.host
                http.port = address.port
            }
            http.inheritedListener = inheritedHTTP?.descriptor
            http.maxConnections = settings.httpMaxConnections
            http.idleTimeout = .seconds(settings.idleTimeoutSeconds)
            let exposition = MetricsExposition(registry: registry, state: state, server: server.metrics,
                                               connections: { server.connectionCount },
                                               storeFiles: [store.path, store.path + "-wal"])
            // First in the group, so that it stops last: while the RPC server drains, /healthz answers NOT_SERVING.
            services.insert(.init(service: HTTPSideDoor(
                configuration: http, routes: HTTPRoutes(state: state, metrics: exposition), logger: logger,
                onListening: { host, port in
                    logger.notice("HTTP side door ready", metadata: ["url": "http://\(host.contains(":") ? "[\(host)]" : host):\(port)/"])
                })), at: 0)
        }
        if let interval = SystemdNotifier.watchdogInterval() {
            logger.info("watchdog on", metadata: ["interval_ms": "\(interval.components.seconds * 1000)"])
            services.append(.init(service: WatchdogService(
                interval: interval, notifier: notifier, logger: logger,
                probe: { await server.probe() }, status: statusLine)))
        }
        let group = ServiceGroup(configuration: .init(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        var failure: (any Error)?
        do {
            try await group.run()
        } catch {
            failure = error
        }
        await Self.close(writer, logger: logger)
        switch failure {
        case nil:
            return
        case let error as HTTPListenError:
            logger.critical("cannot serve", metadata: ["error": "\(error)"])
            FileHandle.standardError.write(Data("goald: \(error)\n".utf8))
            throw ExitCode(1)
        case let error as ListenError:
            logger.critical("cannot serve", metadata: ["error": "\(error)"])
            FileHandle.standardError.write(Data("goald: \(error)\n".utf8))
            throw ExitCode(1)
        case let error as ServiceGroupError:
            FileHandle.standardError.write(Data("goald: \(error)\n".utf8))
            throw ExitCode(1)
        case let error?:
            throw error
        }
    }

    /// Closes the store once the server has stopped (every write before has been made).
    static func close(_ writer: StateWriter, logger: Logger) async {
        do {
            try await writer.close()
        } catch {
            logger.warning("the store did not close cleanly; its next start merges the log",
                           metadata: ["error": "\(error)"])
        }
    }

    /// Runs a settings step; its error is printed and becomes exit status 78 (EX_CONFIG).
    static func exitOnError<T>(_ body: () throws(ReloadError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            FileHandle.standardError.write(Data("goald: \(error.message)\n".utf8))
            throw ExitCode(78)
        }
    }
}

/// Where logs go.
enum LogTarget: String, ExpressibleByArgument, Sendable {
    case journal, stderr, auto
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// Reloads on SIGHUP until shutdown.
struct HangupService: Service {
    let signals: UnixSignalsSequence
    let reloader: StateReloader

    func run() async throws {
        for await _ in signals.cancelOnGracefulShutdown() {
            await reloader.reload(trigger: "SIGHUP")
        }
    }
}

/// The live connection count for the STATUS line, once the server exists.
final class ConnectionCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var _source: (@Sendable () -> Int)?

    var source: (@Sendable () -> Int)? {
        get { lock.withLock { _source } }
        set { lock.withLock { _source = newValue } }
    }

    func count() -> Int { source?() ?? 0 }
}
