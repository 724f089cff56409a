import ArgumentParser
import Foundation
import GoalDomain
import GoalServer
import GoalStore
import GoalSystemd
import Logging
import ServiceLifecycle
import UnixSignals

@main
struct Goald: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "goald",
        abstract: "Serve a committee's goal model and its follow-up over a Unix socket.",
        discussion: """
            goald holds the goal model (effect goals, result goals, indicators and their targets) in memory \
            and answers calls on a Unix socket: 4-byte big-endian length, then one JSON object per frame \
            (see Protocol/PROTOCOL.md). Query it with goalctl.

            Without --model, goald serves the plan built into it: Regionala utvecklingsnämnden, \
            Region Värmland, 2024–2026.

            goald runs in the foreground, logs to standard error, tells systemd when it is ready \
            (sd_notify), and stops cleanly on SIGTERM or SIGINT, removing its socket file.

            Measurements, assessments and target changes are kept in an SQLite store under the state directory; \
            a write is acknowledged only once it is committed to disk.

            Exit status: 0 after a clean stop; 1 when it cannot serve (socket in use, no permission); \
            64 for a usage error; 74 when the store cannot be opened (not goald's, corrupt, or from a newer \
            goald: it is never reset); 78 when the model file cannot be read or is invalid.
            """,
        version: goaldVersion
    )

    @Option(help: ArgumentHelp("The Unix socket to listen on.", valueName: "path"))
    var socket = ServerConfiguration().socketPath

    @Option(help: ArgumentHelp("Serve the plan in this model file instead of the built-in one.", valueName: "file"))
    var model: String?

    @Option(help: ArgumentHelp(
        "Where goald keeps its store (goald.sqlite). Default: $STATE_DIRECTORY under systemd, else /var/lib/goald.",
        valueName: "dir"))
    var stateDir: String?

    @Option(help: ArgumentHelp("Check a model file, print every problem with its location, and exit.",
                               valueName: "file"))
    var checkModel: String?

    @Option(help: ArgumentHelp(
        "Also load the emission-factor sets in this folder (*.json, format goald.factors/1).", valueName: "dir"))
    var factorsDir: String?

    @Option(help: ArgumentHelp(
        "kg CO2e per km for a private car on duty (car_private), replacing each factor set's average.",
        valueName: "kg"))
    var privateCarFactor: Double?

    @Option(help: ArgumentHelp("Refuse frames whose payload is larger than this many bytes.", valueName: "bytes"))
    var maxFrameBytes = ServerConfiguration().maxFrameLength

    @Option(help: ArgumentHelp("Least severe level logged.", valueName: "level"))
    var logLevel: Logger.Level = .info

    @Flag(help: "Print the built-in model file and exit.")
    var printDefaultModel = false

    func validate() throws {
        if let privateCarFactor, !(privateCarFactor >= 0 && privateCarFactor <= 2) {
            throw ValidationError("--private-car-factor must be between 0 and 2 kg CO2e per km.")
        }
        guard maxFrameBytes >= 64, maxFrameBytes <= Int(UInt32.max) else {
            throw ValidationError("--max-frame-bytes must be between 64 and \(UInt32.max).")
        }
    }

    func run() async throws {
        if printDefaultModel {
            print(Plan.embeddedDefaultJSON)
            return
        }
        if let checkModel {
            let plan = try Self.loadPlan(checkModel)
            print("\(checkModel): valid \(Plan.formatTag) plan \"\(plan.id)\": \(plan.effectGoals.count) effect goals, "
                  + "\(plan.resultGoalCount) result goals, \(plan.indicatorCount) indicators")
            return
        }

        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "goald")

        let plan = try model.map(Self.loadPlan) ?? Plan.embeddedDefault()
        let stateDirectory = stateDir
            ?? ProcessInfo.processInfo.environment["STATE_DIRECTORY"]?.split(separator: ":").first.map(String.init)
            ?? "/var/lib/goald"
        let library = try Self.loadFactors(directory: factorsDir, privateCarFactor: privateCarFactor)
        let store: GoalStore
        let followUp: FollowUp
        var travel = TravelAccounts(library: library)
        do {
            store = try GoalStore(stateDirectory: stateDirectory)
            followUp = try store.loadFollowUp(plan: plan)
            _ = try store.loadTravel(into: &travel)
        } catch {
            logger.critical("cannot open the store", metadata: ["error": "\(error)"])
            FileHandle.standardError.write(Data("goald: \(error)\n".utf8))
            throw ExitCode(74)
        }
        if followUp.orphans > 0 {
            logger.warning("stored records name indicators or result goals this plan lacks; they are kept but not shown",
                           metadata: ["records": "\(followUp.orphans)", "plan": "\(plan.id)"])
        }
        logger.info("store loaded", metadata: [
            "store": "\(store.path)", "records": "\(followUp.lastSequence)", "trips": "\(travel.ledger.tripCount)",
            "factor_sets": "\(library.sets.map(\.name).joined(separator: ","))",
        ])
        let state = LiveState(Snapshot(GoalState(followUp: followUp, travel: travel)))
        let writer = StateWriter(store: store, state: state)

        var configuration = ServerConfiguration()
        configuration.socketPath = socket
        configuration.maxFrameLength = maxFrameBytes

        let notifier = SystemdNotifier()
        let status = "serving plan \(plan.id): \(plan.effectGoals.count) effect goals, "
            + "\(plan.resultGoalCount) result goals, \(plan.indicatorCount) indicators"
        let server = GoalServer(configuration: configuration, state: state, writer: writer, logger: logger) { path in
            notifier.notify([.ready, .status(status)])
            logger.info("ready", metadata: ["socket": "\(path)", "plan": "\(plan.id)"])
        }
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: server)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        ))
        do {
            try await group.run()
        } catch let error as ListenError {
            logger.critical("cannot serve", metadata: ["error": "\(error)"])
            FileHandle.standardError.write(Data("goald: \(error)\n".utf8))
            throw ExitCode(1)
        } catch let error as ServiceGroupError {
            FileHandle.standardError.write(Data("goald: \(error)\n".utf8))
            throw ExitCode(1)
        }
        notifier.notify([.stopping])
    }

    /// The built-in factor sets and those in `directory`; on a bad file prints every problem and exits 78.
    static func loadFactors(directory: String?, privateCarFactor: Double?) throws -> FactorLibrary {
        var loaded: [EmissionFactorSet] = []
        if let directory {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted()
            } catch {
                FileHandle.standardError.write(Data("goald: cannot read the factor folder \(directory): \(error.localizedDescription)\n".utf8))
                throw ExitCode(78)
            }
            for name in names {
                let path = directory + "/" + name
                do {
                    loaded.append(try EmissionFactorSet.decode(from: try Data(contentsOf: URL(fileURLWithPath: path))))
                } catch let error as PlanError {
                    var text = "goald: \(path) is not a valid \(EmissionFactorSet.formatTag) factor set:\n"
                    for problem in error.problems { text += "  \(problem)\n" }
                    FileHandle.standardError.write(Data(text.utf8))
                    throw ExitCode(78)
                } catch {
                    FileHandle.standardError.write(Data("goald: cannot read factor set \(path): \(error.localizedDescription)\n".utf8))
                    throw ExitCode(78)
                }
            }
        }
        do {
            return try FactorLibrary(loaded: loaded, privateCarKgPerKm: privateCarFactor)
        } catch {
            FileHandle.standardError.write(Data("goald: \(error.message)\n".utf8))
            throw ExitCode(78)
        }
    }

    /// Reads and validates a model file; on failure prints every problem and exits with EX_CONFIG (78).
    static func loadPlan(_ path: String) throws -> Plan {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = (error as NSError).userInfo[NSUnderlyingErrorKey].map { "\($0)" } ?? "\(error)"
            FileHandle.standardError.write(Data("goald: cannot read model file \(path): \(reason)\n".utf8))
            throw ExitCode(78)
        }
        do {
            return try Plan.decode(from: data)
        } catch {
            var text = "goald: \(path) is not a valid \(Plan.formatTag) plan (\(error.problems.count) problem"
                + (error.problems.count == 1 ? "" : "s") + "):\n"
            for problem in error.problems { text += "  \(problem)\n" }
            FileHandle.standardError.write(Data(text.utf8))
            throw ExitCode(78)
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
