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
        abstract: "Serve a region's goal model, its follow-up and business-travel footprint over a Unix socket.",
        discussion: """
            goald holds the region's goal model (its effect goals, its committees, and each committee's plans: \
            result goals, indicators and their targets), the follow-up \
            (measurements, assessments) and the business-travel footprint in memory, keeps them durable in an \
            SQLite store, and answers calls on a Unix socket: 4-byte big-endian length, then one JSON object per \
            frame (see Protocol/PROTOCOL.md). Query it with goalctl.

            Without --model, goald serves the model built into it: Region Värmland, its four effect goals and eight \
            committees, and the plan it follows up, Regionala utvecklingsnämnden's answer 2024–2026. Settings come \
            from flags, then the configuration file (--config, default /etc/goald/goald.conf: `key = value` lines, the \
            keys named as the flags), then the defaults.

            Under systemd (goald.service) goald takes its socket from socket activation, tells systemd when it is \
            ready and what it serves (sd_notify), feeds the watchdog, and logs to the journal. SIGHUP (or \
            `goalctl admin reload`) re-reads the configuration, plan and factor files; a bad file keeps the old \
            state serving. SIGTERM or SIGINT stops goald cleanly.

            A state directory goald cannot write (a read-only mount, say) is opened read-only: goald serves what the \
            store holds, logs why, and answers every write with UNAVAILABLE.

            Exit status: 0 after a clean stop; 1 when it cannot serve (socket in use, no permission); 64 for a usage \
            error; 74 when the store cannot be opened (not goald's, corrupt, from a newer goald, in use by another \
            goald, or missing in a read-only directory: it is never reset); 78 when the configuration, model or a \
            factor file cannot be read or is invalid.
            """,
        version: Release.versionLine
    )

    @Option(
        help: ArgumentHelp(
            "The configuration file (default \(Settings.defaultConfigPath), when it exists).",
            valueName: "file"))
    var config: String?

    /// Only for --help and for checking the flags early: the settings goald runs with are the file's with these
    /// over them (`Configuration.load`).
    @OptionGroup(title: "Settings (each is also a key of goald.conf)") var flags: Settings

    @Option(
        help: ArgumentHelp(
            "Check a model file, print every problem with its location, and exit.",
            valueName: "file"))
    var checkModel: String?

    @Flag(help: "Print the built-in model file (goald.region/1) and exit.")
    var printDefaultModel = false

    @Flag(
        help: ArgumentHelp(
            "Check the configuration (goald.conf, then the flags over it), say what the file sets, "
                + "and exit: 0 when goald would start with it, 78 with the problem, named by file and line, when not."))
    var checkConfig = false

    func run() async throws {
        if printDefaultModel {
            print(Region.embeddedDefaultJSON, terminator: "")
            return
        }
        if let checkModel {
            let region = try Self.exitOnError { () throws(ConfigurationError) in try Settings.loadModel(checkModel) }
            print("\(checkModel): valid; " + region.summary)
            // The planning directive's rules that warn (its errors make the model invalid).
            for warning in region.answerProblems where warning.severity == .warning {
                print("\(checkModel): \(warning)")
            }
            return
        }

        // Settings: flags, then the configuration file, then defaults.
        let given = Self.settingFlags(Array(CommandLine.arguments.dropFirst()))
        let configPath = config
        let configuration = try Self.exitOnError { () throws(ConfigurationError) in
            try Configuration.load(path: configPath, flags: given)
        }
        let settings = configuration.settings
        if checkConfig {
            // The model and factor sets it names, and what it says of the model's committees, are checked too.
            _ = try Self.exitOnError { () throws(ConfigurationError) in try settings.loadInput() }
            let keys = configuration.fileKeys
            print(
                "\(configuration.path ?? "no configuration file"): valid; it sets \(keys.count) setting"
                    + (keys.count == 1 ? "" : "s") + (keys.isEmpty ? "" : " (\(keys.joined(separator: ", ")))")
                    + " and \(configuration.columnProfiles.count) column profile"
                    + (configuration.columnProfiles.count == 1 ? "" : "s"))
            return
        }
        // Before anything asks for the local zone: the C library's day and Foundation's current zone both read TZ.
        if let zone = settings.timeZone {
            setenv("TZ", zone, 1)
            tzset()
        }

        let level = settings.logLevel
        let journal =
            settings.logTarget == .journal
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
        logger.info(
            "starting",
            metadata: [
                "version": "\(goaldVersion)", "config": "\(configuration.path ?? "-")",
                "message_id": "\(LogMessageID.started)",
            ])

        // SIGHUP's default action kills: trap it before telling systemd we are ready.
        let hangups = await UnixSignalsSequence(trapping: .sighup)

        let input = try Self.exitOnError { () throws(ConfigurationError) in try settings.loadInput() }
        let store: GoalStore
        let followUps: [FollowUp]
        let judgements: EffectGoalJudgements
        let planning: PlanningAnswers
        let regionFollowUp: FollowUp?
        var travel = TravelAccounts(library: input.library)
        do {
            store = try GoalStore(stateDirectory: settings.stateDirectory)
            // Records from before the region model are given the followed-up plan's committee and stable ids,
            // once (a read-only store reads them so without writing).
            if store.readOnlyReason == nil, case let adopted = try store.adoptStableIDs(of: input.plan), adopted > 0 {
                logger.notice(
                    "follow-up records kept under their stable ids",
                    metadata: [
                        "records": "\(adopted)", "committee": "\(input.plan.committeeAbbreviation)",
                        "plan": "\(input.plan.id)",
                    ])
            }
            followUps = try store.loadFollowUps(of: input.region)
            regionFollowUp = try store.loadRegionFollowUp(of: input.region)
            judgements = try store.loadEffectGoalJudgements(of: input.region)
            planning = try store.loadPlanningAnswers(of: input.region)
            _ = try store.loadTravel(into: &travel)
            // A file staged to replace an import by a client that did not finish counts nowhere.
            if store.readOnlyReason == nil {
                try store.clearStages()
                // An import whose client had not committed it when goald stopped counts nowhere: taken back.
                try store.discardPendingImports()
            }
        } catch {
            logger.critical(
                "cannot open the store",
                metadata: [
                    "error": "\(error)", "message_id": "\(LogMessageID.storeError)",
                ])
            FileHandle.standardError.write(Data("goald: \(error)\n".utf8))
            throw ExitCode(74)
        }
        for followUp in followUps where followUp.orphans > 0 {
            logger.warning(
                "stored records name indicators or result goals these plans lack; they are kept but not shown",
                metadata: [
                    "records": "\(followUp.orphans)", "committee": "\(followUp.plan.committeeAbbreviation)",
                    "plan": "\(followUp.plan.id)",
                ])
        }
        if let reason = store.readOnlyReason {
            logger.warning(
                "the store is read-only: reads are served, writes fail with UNAVAILABLE",
                metadata: [
                    "store": "\(store.path)", "reason": "\(reason)", "message_id": "\(LogMessageID.storeReadOnly)",
                ])
        }
        logger.info(
            "store loaded",
            metadata: [
                "store": "\(store.path)", "records": "\(followUps.map(\.lastSequence).max() ?? 0)",
                "trips": "\(travel.ledger.tripCount)",
                "factor_sets": "\(input.library.sets.map(\.name).joined(separator: ","))",
            ])
        let state = LiveState(
            Snapshot(
                GoalState(
                    region: input.region, followUps: followUps, travel: travel, judgements: judgements,
                    planning: planning, regionFollowUp: regionFollowUp)))
        let writer = StateWriter(store: store, state: state)

        var rpc = ServerConfiguration()
        rpc.socketPath = settings.socket
        rpc.maxFrameLength = settings.maxFrameBytes
        rpc.maxConnections = settings.maxConnections
        rpc.maxConnectionsPerUser = settings.maxConnectionsPerUser
        rpc.maxUnwrittenBytes = settings.maxUnwrittenBytes
        rpc.maxBufferedBytes = settings.maxBufferedBytes
        rpc.maxCallsInFlight = settings.maxCallsInFlight
        rpc.idleTimeout = .seconds(settings.idleTimeout)
        rpc.access = settings.access
        rpc.socketMode = try settings.mode()
        rpc.socketGroup = try settings.group()
        let inherited = SocketActivation.takeListenedSockets()
        if let socket = inherited.first(where: { $0.name == "rpc" }) ?? inherited.first(where: { $0.name != "http" }) {
            rpc.inheritedListener = socket.descriptor
        }
        let inheritedHTTP = inherited.first { $0.name == "http" }
        let httpAddress = try? settings.httpAddress.get()  // checked by Settings.validate()
        // The side door's secret, kept in the state directory; handed out over the socket to whoever may call.
        var sideDoor: SideDoorAccess?
        if httpAddress != nil || inheritedHTTP != nil {
            do throws(SideDoorAccess.AccessError) {
                let (access, persisted) = try SideDoorAccess.load(
                    stateDirectory: settings.stateDirectory, writable: store.readOnlyReason == nil)
                if !persisted {
                    logger.warning(
                        """
                        the HTTP side door's secret is this run's alone (the store is read-only): login links end \
                        with this goald
                        """
                    )
                }
                sideDoor = access
            } catch {
                logger.critical("cannot open the HTTP side door", metadata: ["error": "\(error)"])
                FileHandle.standardError.write(Data("goald: \(error)\n".utf8))
                throw ExitCode(74)
            }
        }
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
                do throws(ConfigurationError) {
                    let again = try Configuration.load(path: configPath, flags: given).settings
                    if again.socket != settings.socket || again.stateDirectory != settings.stateDirectory
                        || again.timeZone != settings.timeZone || again.socketMode != settings.socketMode
                        || again.socketGroup != settings.socketGroup
                    {
                        logger.warning(
                            """
                            socket, socket-mode, socket-group, state-dir and time-zone changes take effect at the \
                            next start
                            """
                        )
                    }
                    return try again.loadInput()
                } catch {
                    throw ReloadError(error.message)
                }
            },
            onBegin: {
                notifier.notify(NotifyState.reloading(monotonicMicroseconds: SystemdNotifier.monotonicMicroseconds()))
            },
            onEnd: { outcome in
                switch outcome {
                case .success: notifier.notify([.ready, .status(statusLine())])
                case .failure(let error):
                    notifier.notify([.ready, .status("reload failed: \(error.message); " + statusLine())])
                }
            })
        let server = GoalServer(
            configuration: rpc,
            services: GoalServer.standardServices(
                state: state, writer: writer, reloader: reloader,
                socketPath: rpc.socketPath, maxUnits: settings.maxUnits,
                profiles: configuration.columnProfiles,
                maxFrameLength: rpc.maxFrameLength, sideDoor: sideDoor),
            state: state, writer: writer, metrics: DescribedMetricsFactory(registry: registry), logger: logger,
            onListening: { path in
                notifier.notify([.ready, .status(statusLine())])
                logger.notice(
                    "ready",
                    metadata: [
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
        if let sideDoor {
            var http = HTTPConfiguration()
            if let address = httpAddress {
                http.host = address.host
                http.port = address.port
            }
            http.inheritedListener = inheritedHTTP?.descriptor
            http.maxConnections = settings.httpMaxConnections
            http.idleTimeout = .seconds(settings.idleTimeout)
            let exposition = MetricsExposition(
                registry: registry, state: state, server: server.metrics,
                connections: { server.connectionCount },
                storeFiles: [store.path, store.path + "-wal"])
            // First in the group, so that it stops last: while the RPC server drains, /healthz answers NOT_SERVING.
            services.insert(
                .init(
                    service: HTTPSideDoor(
                        configuration: http, routes: HTTPRoutes(state: state, metrics: exposition), access: sideDoor,
                        logger: logger,
                        onListening: { host, port in
                            logger.notice(
                                "HTTP side door ready",
                                metadata: ["url": "http://\(host.contains(":") ? "[\(host)]" : host):\(port)/"])
                        })), at: 0)
        }
        if let interval = SystemdNotifier.watchdogInterval() {
            logger.info("watchdog on", metadata: ["interval_ms": "\(interval.components.seconds * 1000)"])
            services.append(
                .init(
                    service: WatchdogService(
                        interval: interval, notifier: notifier, logger: logger,
                        probe: { await server.probe() }, status: statusLine)))
        }
        let group = ServiceGroup(
            configuration: .init(
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

    /// The command line's setting flags: everything but goald's own options (--config, --check-model,
    /// --print-default-model), which ArgumentParser has already checked.
    static func settingFlags(_ arguments: [String]) -> [String] {
        var flags: [String] = []
        var skipValue = false
        for argument in arguments {
            if skipValue {
                skipValue = false
                continue
            }
            switch argument {
            case "--config", "--check-model": skipValue = true
            case "--print-default-model", "--check-config": continue
            default:
                if argument.hasPrefix("--config=") || argument.hasPrefix("--check-model=") { continue }
                flags.append(argument)
            }
        }
        return flags
    }

    /// Closes the store once the server has stopped (every write before has been made).
    static func close(_ writer: StateWriter, logger: Logger) async {
        do {
            try await writer.close()
        } catch {
            logger.warning(
                "the store did not close cleanly; its next start merges the log",
                metadata: ["error": "\(error)"])
        }
        await writer.shutdown()
    }

    /// Runs a settings step; its error is printed and becomes exit status 78 (EX_CONFIG).
    static func exitOnError<T>(_ body: () throws(ConfigurationError) -> T) throws -> T {
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
