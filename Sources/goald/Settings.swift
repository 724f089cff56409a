import ArgumentParser
import Foundation
import GoalDomain
import GoalHTTP
import GoalServer
import Logging

/// goald's settings, each declared once, here: its flag, its help, its default and its check. A setting is also a
/// key of goald.conf of the same name (`--max-units 500` is `max-units = 500`): the file's lines are read as the
/// flags they name, before the command line's, so the same code checks both and a flag wins over the file. The help,
/// goald(8) and goald.conf(5) come from these declarations; a test holds systemd/goald.conf to them.
struct Settings: ParsableArguments {
    static let defaultConfigPath = "/etc/goald/goald.conf"

    @Option(help: ArgumentHelp("The Unix socket to listen on.", valueName: "path"))
    var socket = ServerConfiguration.Defaults.socketPath

    @Option(
        help: ArgumentHelp(
            "The mode of the socket goald binds itself, in octal: connecting takes write permission, so 0660 lets in "
                + "goald's user and group (under systemd, goald.socket sets it).", valueName: "mode"))
    var socketMode = "0" + String(ServerConfiguration.Defaults.socketMode, radix: 8)

    @Option(
        help: ArgumentHelp(
            "The group of the socket goald binds itself, by name or gid, such as goald-users (default: goald's own).",
            valueName: "group"))
    var socketGroup: String?

    @Option(
        help: ArgumentHelp(
            "Where goald keeps its store (goald.sqlite). Default: $STATE_DIRECTORY under systemd, else /var/lib/goald.",
            valueName: "dir"))
    var stateDir: String?

    @Option(
        help: ArgumentHelp(
            "Serve the model in this file (goald.region/1, or one committee's goald.plan/1) instead of the built-in "
                + "one.", valueName: "file"))
    var model: String?

    @Option(
        help: ArgumentHelp(
            "Also load the emission-factor sets in this folder (*.json, format goald.factors/1).", valueName: "dir"))
    var factorsDir: String?

    @Option(
        help: ArgumentHelp(
            "kg CO2e per km for a private car on duty (car_private), 0 to 2, replacing each factor set's average.",
            valueName: "kg"))
    var privateCarFactor: Double?

    @Option(
        help: ArgumentHelp(
            "Which built-in emission factors a year's trips use: desnz (UK government) or se (Swedish figures for "
                + "rail, cars by fuel and flights, DESNZ for the rest).", valueName: "family"))
    var factorFamily = FactorFamily.desnz

    @Option(
        help: ArgumentHelp(
            "Refuse frames whose payload is larger than this many bytes (64 to 4294967295).",
            valueName: "bytes"))
    var maxFrameBytes = ServerConfiguration.Defaults.maxFrameLength

    @Option(
        help: ArgumentHelp(
            "The most client connections at once; the last eighth of them, at most 16, are kept for administrators.",
            valueName: "n"))
    var maxConnections = ServerConfiguration.Defaults.maxConnections

    @Option(help: ArgumentHelp("The most connections one user may hold at once.", valueName: "n"))
    var maxConnectionsPerUser = ServerConfiguration.Defaults.maxConnectionsPerUser

    @Option(
        help: ArgumentHelp(
            "The most writes, slow calls and streams in flight on one connection; reads are answered at once.",
            valueName: "n"))
    var maxCallsInFlight = ServerConfiguration.Defaults.maxCallsInFlight

    @Option(
        help: ArgumentHelp(
            "Stop reading a connection's frames while this many bytes of its answers are unread.",
            valueName: "bytes"))
    var maxUnwrittenBytes = ServerConfiguration.Defaults.maxUnwrittenBytes

    @Option(
        help: ArgumentHelp(
            "What all connections together may hold of unread answers and frames read in part, shared among the "
                + "users connected; their reads wait before it is spent.",
            valueName: "bytes"))
    var maxBufferedBytes = ServerConfiguration.Defaults.maxBufferedBytes

    @Option(
        help: ArgumentHelp(
            "Close a connection with no frame in and nothing in flight for this many seconds.",
            valueName: "seconds"))
    var idleTimeout = ServerConfiguration.Defaults.idleTimeoutSeconds

    @Option(help: ArgumentHelp("Who administers: user names, uids and @groups.", valueName: "list"))
    var admins = AccessPolicy.default.admins.joined(separator: " ")

    @Option(
        help: ArgumentHelp(
            "Who may write every committee's follow-up, the region's judgements and the travel data: user names, uids "
                + "and @groups.", valueName: "list"))
    var writers = AccessPolicy.default.writers.joined(separator: " ")

    @Option(
        help: ArgumentHelp(
            "Who may write one committee's follow-up alone, as ABBR=list, such as RUN=@goald-run; repeat it for "
                + "more committees (goald.conf: writers.RUN = @goald-run). The board's writers (RS) also record the "
                + "region's judgements of its effect goals.", valueName: "committee=list"))
    var committeeWriters: [String] = []

    @Option(
        help: ArgumentHelp(
            "Who records one committee's decisions (goalctl decide, reopening a decided period, goalctl answer "
                + "decide), as ABBR=list, such as RUN=@run-sekreterare; repeat it for more committees (goald.conf: "
                + "secretaries.RUN = @run-sekreterare). Administrators may too.", valueName: "committee=list"))
    var committeeSecretaries: [String] = []

    @Option(
        help: ArgumentHelp(
            "The committee a call that names none means, by its abbreviation, such as RUN (default: the model's "
                + "defaultCommittee).", valueName: "abbreviation"))
    var committee: String?

    @Option(help: ArgumentHelp("Least severe level logged.", valueName: "level"))
    var logLevel = Logger.Level.info

    @Option(
        help: ArgumentHelp(
            "Where logs go: journal, stderr, or auto (the journal when stderr is connected to it).",
            valueName: "target"))
    var logTarget = LogTarget.auto

    @Option(
        help: ArgumentHelp(
            "Serve the read-only HTTP side door on this loopback address, such as "
                + "127.0.0.1:\(HTTPConfiguration.Defaults.port): the live status page at /, the report at /report, "
                + "events at /events, Prometheus metrics at /metrics, "
                + "/healthz (default off; under systemd, goald-http.socket passes it). Every address but /healthz "
                + "opens to whoever may call goald: `goalctl http-login` prints the link that lets a browser in.",
            valueName: "host:port"))
    var http: String?

    @Option(help: ArgumentHelp("The most HTTP connections at once.", valueName: "n"))
    var httpMaxConnections = HTTPConfiguration.Defaults.maxConnections

    @Option(
        help: ArgumentHelp(
            "The most organisational units the travel data may hold; a row of one more is refused.", valueName: "n"))
    var maxUnits = ServerConfiguration.Defaults.maxUnits

    @Option(
        help: ArgumentHelp(
            "The time zone of the report's times and of goald's day (which period is current, how far a year's trips "
                + "reach), such as Europe/Stockholm; named in the report (default: the machine's).", valueName: "zone"))
    var timeZone: String?

    /// The bounds of the numeric settings; a value outside is refused by name.
    mutating func validate() throws {
        func within<T: Comparable>(_ key: String, _ value: T, _ range: ClosedRange<T>) throws {
            guard range.contains(value) else {
                throw ValidationError("\(key) must be from \(range.lowerBound) to \(range.upperBound), found \(value)")
            }
        }
        try within("max-frame-bytes", maxFrameBytes, 64...Int(UInt32.max))
        try within("max-connections", maxConnections, 1...100_000)
        try within("max-connections-per-user", maxConnectionsPerUser, 1...100_000)
        try within("max-calls-in-flight", maxCallsInFlight, 1...100_000)
        try within("max-unwritten-bytes", maxUnwrittenBytes, 65_536...1 << 30)
        try within("max-buffered-bytes", maxBufferedBytes, 1_048_576...1 << 40)
        try within("idle-timeout", idleTimeout, 1...86_400)
        try within("http-max-connections", httpMaxConnections, 1...10_000)
        try within("max-units", maxUnits, 1...1_000_000)
        if let privateCarFactor { try within("private-car-factor", privateCarFactor, 0...2) }
        if case .failure(let error) = httpAddress { throw ValidationError("http: \(error)") }
        for (key, entries) in [
            ("committee-writers", committeeWriters), ("committee-secretaries", committeeSecretaries),
        ] {
            for entry in entries {
                guard let equals = entry.firstIndex(of: "="), !entry[..<equals].isEmpty,
                    !AccessPolicy.parseList(String(entry[entry.index(after: equals)...])).isEmpty
                else {
                    throw ValidationError("\(key): expected ABBR=list, such as RUN=@goald-run, found \"\(entry)\"")
                }
            }
        }
        _ = try mode()
        _ = try group()
        if let zone = timeZone,
            TimeZone(identifier: zone) == nil
                || !(FileManager.default.fileExists(atPath: "/usr/share/zoneinfo/" + zone) || zone == "UTC")
        {
            throw ValidationError(
                "time-zone: \"\(zone)\" is not a time zone the system knows, such as "
                    + "Europe/Stockholm or UTC (timedatectl list-timezones lists them)")
        }
    }

    // What the declarations mean for goald.

    /// The store's folder: the flag or file, else systemd's $STATE_DIRECTORY, else /var/lib/goald.
    var stateDirectory: String {
        stateDir ?? ProcessInfo.processInfo.environment["STATE_DIRECTORY"]?.split(separator: ":").first.map(String.init)
            ?? "/var/lib/goald"
    }

    var access: AccessPolicy {
        func byCommittee(_ entries: [String]) -> [String: [String]] {
            var lists: [String: [String]] = [:]
            for entry in entries {
                guard let equals = entry.firstIndex(of: "=") else { continue }
                let committee = entry[..<equals].trimmingCharacters(in: .whitespaces).uppercased()
                lists[committee, default: []] += AccessPolicy.parseList(String(entry[entry.index(after: equals)...]))
            }
            return lists
        }
        return AccessPolicy(
            admins: AccessPolicy.parseList(admins), writers: AccessPolicy.parseList(writers),
            committeeWriters: byCommittee(committeeWriters), committeeSecretaries: byCommittee(committeeSecretaries))
    }

    /// The region as these settings serve it: the default committee `committee` names, and every committee
    /// `committee-writers` names one of the region's.
    func applying(to region: Region) throws(ConfigurationError) -> Region {
        var region = region
        let known = region.committees.map(\.abbreviation).joined(separator: ", ")
        if let committee, !committee.isEmpty {
            guard let found = region.committee(named: committee) else {
                throw ConfigurationError("committee: no committee \"\(committee)\" in the model; committees: \(known)")
            }
            guard !region.plans(of: found.abbreviation).isEmpty else {
                throw ConfigurationError(
                    "committee: \(found.abbreviation) (\(found.name)) has no plan in the model; a call that names no "
                        + "committee needs one")
            }
            region.defaultCommittee = found.abbreviation
        }
        for name in access.committeeWriters.keys.sorted() where region.committee(named: name) == nil {
            throw ConfigurationError("writers.\(name): no committee \"\(name)\" in the model; committees: \(known)")
        }
        for name in access.committeeSecretaries.keys.sorted() where region.committee(named: name) == nil {
            throw ConfigurationError(
                "secretaries.\(name): no committee \"\(name)\" in the model; committees: \(known)")
        }
        return region
    }

    /// Where the HTTP side door listens when goald binds it itself; nil: no side door (unless systemd passes one).
    var httpAddress: Result<(host: String, port: Int)?, HTTPConfiguration.AddressError> {
        guard let http, !http.isEmpty, http != "off" else { return .success(nil) }
        return HTTPConfiguration.address(http).map { $0 }
    }

    func mode() throws(ValidationError) -> mode_t {
        guard socketMode.count >= 3, let mode = mode_t(socketMode, radix: 8), mode <= 0o777 else {
            throw ValidationError("socket-mode: expected an octal mode such as 0660, found \"\(socketMode)\"")
        }
        guard mode & 0o200 != 0 else {
            throw ValidationError(
                "socket-mode: \(socketMode) leaves goald's own user without write permission on the "
                    + "socket")
        }
        return mode
    }

    /// The socket's group id; nil: goald's own group.
    func group() throws(ValidationError) -> gid_t? {
        guard let name = socketGroup, !name.isEmpty else { return nil }
        if let id = gid_t(name) { return id }
        guard let group = getgrnam(name) else {
            throw ValidationError("socket-group: no group \"\(name)\" on this system")
        }
        return group.pointee.gr_gid
    }

    /// Reads the model and the factor sets these settings name.
    func loadInput() throws(ConfigurationError) -> ReloadInput {
        let region = try applying(
            to: try model.map { path throws(ConfigurationError) in try Settings.loadModel(path) }
                ?? Region.embeddedDefault())
        return ReloadInput(
            region: region,
            library: try Settings.loadFactors(
                directory: factorsDir, privateCarFactor: privateCarFactor,
                family: factorFamily))
    }

    /// Reads and validates a model file (`goald.region/1` or `goald.plan/1`); the error lists every problem.
    static func loadModel(_ path: String) throws(ConfigurationError) -> Region {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason =
                (error as NSError).userInfo[NSUnderlyingErrorKey].map { "\($0)" } ?? "\(error.localizedDescription)"
            throw ConfigurationError("cannot read model file \(path): \(reason)")
        }
        do {
            return try Region.decode(from: data)
        } catch {
            var text =
                "\(path) is not a valid model file (\(error.problems.count) problem"
                + (error.problems.count == 1 ? "" : "s") + "):"
            for problem in error.problems { text += "\n  \(problem)" }
            throw ConfigurationError(text)
        }
    }

    /// The built-in factor sets and those in `directory`.
    static func loadFactors(directory: String?, privateCarFactor: Double?, family: FactorFamily = .desnz)
        throws(ConfigurationError) -> FactorLibrary
    {
        var loaded: [EmissionFactorSet] = []
        if let directory {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }
                    .sorted()
            } catch {
                throw ConfigurationError("cannot read the factor folder \(directory): \(error.localizedDescription)")
            }
            for name in names {
                let path = directory + "/" + name
                let data: Data
                do {
                    data = try Data(contentsOf: URL(fileURLWithPath: path))
                } catch {
                    throw ConfigurationError("cannot read factor set \(path): \(error.localizedDescription)")
                }
                do {
                    loaded.append(try EmissionFactorSet.decode(from: data))
                } catch {
                    throw ConfigurationError(
                        "\(path) is not a valid \(EmissionFactorSet.formatTag) factor set:\n  "
                            + error.problems.map(\.description).joined(separator: "\n  "))
                }
            }
        }
        do {
            return try FactorLibrary(loaded: loaded, privateCarKgPerKm: privateCarFactor, family: family)
        } catch {
            throw ConfigurationError(error.message)
        }
    }
}

extension FactorFamily: ExpressibleByArgument {
    /// In any case: `SE` is `se`.
    package init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}
