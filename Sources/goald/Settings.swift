import Foundation
import GoalDomain
import GoalHTTP
import GoalServer
import Logging

/// The flags as given; nil where not given.
struct Flags: Sendable {
    var config: String?
    var socket: String?
    var stateDir: String?
    var model: String?
    var factorsDir: String?
    var privateCarFactor: Double?
    var maxFrameBytes: Int?
    var maxConnections: Int?
    var maxConnectionsPerUser: Int?
    var maxCallsInFlight: Int?
    var maxUnwrittenBytes: Int?
    var idleTimeout: Int?
    var admins: String?
    var writers: String?
    var logLevel: Logger.Level?
    var logTarget: LogTarget?
    var http: String?
    var httpMaxConnections: Int?
    var maxUnits: Int?
    var factorFamily: String?
    var timeZone: String?
    var socketMode: String?
    var socketGroup: String?
}

/// goald's settings after flags, the configuration file and defaults are combined.
struct Settings: Sendable {
    static let defaultConfigPath = "/etc/goald/goald.conf"

    var configPath: String?
    var socket = ServerConfiguration.Defaults.socketPath
    var stateDirectory = "/var/lib/goald"
    var model: String?
    var factorsDir: String?
    var privateCarFactor: Double?
    var maxFrameBytes = ServerConfiguration.Defaults.maxFrameLength
    var maxConnections = ServerConfiguration.Defaults.maxConnections
    var maxConnectionsPerUser = ServerConfiguration.Defaults.maxConnectionsPerUser
    var maxCallsInFlight = ServerConfiguration.Defaults.maxCallsInFlight
    var maxUnwrittenBytes = ServerConfiguration.Defaults.maxUnwrittenBytes
    var idleTimeoutSeconds = ServerConfiguration.Defaults.idleTimeoutSeconds
    var access = AccessPolicy.default
    var logLevel = Logger.Level.info
    var logTarget = LogTarget.auto
    /// Where the HTTP side door listens when goald binds it itself; nil: no side door (unless systemd passes one).
    var http: (host: String, port: Int)?
    var httpMaxConnections = HTTPConfiguration.Defaults.maxConnections
    var maxUnits = ServerConfiguration.Defaults.maxUnits
    /// Which built-in factor sets a year's trips use by default.
    var factorFamily = FactorFamily.desnz
    /// Column profiles for travel files, by name (`columns.NAME` in goald.conf).
    var columnProfiles: [String: ColumnProfile] = [:]
    /// The zone of the report's times and of goald's day (a provisional year's last day, today's period); nil: the
    /// machine's.
    var timeZone: String?
    var socketMode = ServerConfiguration.Defaults.socketMode
    /// The socket's group, by name or gid; nil: goald's own group.
    var socketGroup: (name: String, id: gid_t)?

    /// Flags win over the file; the file wins over the defaults. A missing default file is fine; a missing file
    /// named by --config is not.
    static func resolve(_ flags: Flags) throws(ReloadError) -> Settings {
        var settings = Settings()
        var file = ConfigFile()
        let path = flags.config ?? defaultConfigPath
        if FileManager.default.fileExists(atPath: path) {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw ReloadError("cannot read the configuration file \(path)")
            }
            file = try ConfigFile.parse(text, path: path)
            settings.configPath = path
        } else if flags.config != nil {
            throw ReloadError("the configuration file \(path) does not exist")
        }
        func bad(_ key: String, _ what: String) -> ReloadError {
            ReloadError("\(path): \(key) = \(file[key] ?? ""): \(what)")
        }
        if let socket = flags.socket ?? file["socket"] { settings.socket = socket }
        let environmentState = ProcessInfo.processInfo.environment["STATE_DIRECTORY"]?
            .split(separator: ":").first.map(String.init)
        if let state = flags.stateDir ?? file["state-dir"] ?? environmentState { settings.stateDirectory = state }
        settings.model = flags.model ?? file["model"]
        settings.factorsDir = flags.factorsDir ?? file["factors-dir"]
        if let value = flags.privateCarFactor {
            settings.privateCarFactor = value
        } else if let text = file["private-car-factor"] {
            guard let value = Double(text) else { throw bad("private-car-factor", "expected kg CO2e per km, such as 0.17") }
            settings.privateCarFactor = value
        }
        if let factor = settings.privateCarFactor, !(factor >= 0 && factor <= 2) {
            throw ReloadError("private-car-factor must be between 0 and 2 kg CO2e per km, found \(factor)")
        }
        if let value = flags.maxFrameBytes {
            settings.maxFrameBytes = value
        } else if let text = file["max-frame-bytes"] {
            guard let value = Int(text) else { throw bad("max-frame-bytes", "expected a number of bytes") }
            settings.maxFrameBytes = value
        }
        guard settings.maxFrameBytes >= 64, settings.maxFrameBytes <= Int(UInt32.max) else {
            throw ReloadError("max-frame-bytes must be between 64 and \(UInt32.max), found \(settings.maxFrameBytes)")
        }
        func integer(_ flag: Int?, _ key: String, _ range: ClosedRange<Int>, _ what: String) throws(ReloadError) -> Int? {
            var value = flag
            if value == nil, let text = file[key] {
                guard let parsed = Int(text) else { throw bad(key, "expected \(what)") }
                value = parsed
            }
            if let value, !range.contains(value) {
                throw ReloadError("\(key) must be from \(range.lowerBound) to \(range.upperBound), found \(value)")
            }
            return value
        }
        if let value = try integer(flags.maxConnections, "max-connections", 1...100_000, "a number of connections") {
            settings.maxConnections = value
        }
        if let value = try integer(flags.maxConnectionsPerUser, "max-connections-per-user", 1...100_000,
                                   "a number of connections") {
            settings.maxConnectionsPerUser = value
        }
        if let value = try integer(flags.maxCallsInFlight, "max-calls-in-flight", 1...100_000, "a number of calls") {
            settings.maxCallsInFlight = value
        }
        if let value = try integer(flags.maxUnwrittenBytes, "max-unwritten-bytes", 65_536...1 << 30, "a number of bytes") {
            settings.maxUnwrittenBytes = value
        }
        if let value = try integer(flags.idleTimeout, "idle-timeout", 1...86_400, "seconds") {
            settings.idleTimeoutSeconds = value
        }
        if let admins = flags.admins ?? file["admins"] { settings.access.admins = AccessPolicy.parseList(admins) }
        if let writers = flags.writers ?? file["writers"] { settings.access.writers = AccessPolicy.parseList(writers) }
        if let level = flags.logLevel {
            settings.logLevel = level
        } else if let text = file["log-level"] {
            guard let level = Logger.Level(rawValue: text) else {
                throw bad("log-level", "expected trace, debug, info, notice, warning, error or critical")
            }
            settings.logLevel = level
        }
        if let target = flags.logTarget {
            settings.logTarget = target
        } else if let text = file["log-target"] {
            guard let target = LogTarget(rawValue: text) else { throw bad("log-target", "expected journal, stderr or auto") }
            settings.logTarget = target
        }
        if let text = flags.http ?? file["http"], !text.isEmpty, text != "off" {
            switch HTTPConfiguration.address(text) {
            case .success(let address): settings.http = address
            case .failure(let error): throw ReloadError("http: \(error)")
            }
        }
        if let text = flags.factorFamily ?? file["factor-family"] {
            guard let family = FactorFamily(rawValue: text.lowercased()) else {
                throw ReloadError("factor-family must be desnz or se, found \"\(text)\"")
            }
            settings.factorFamily = family
        }
        for (name, text) in file.profiles {
            switch ColumnProfile.parse(text) {
            case .success(let profile): settings.columnProfiles[name] = profile
            case .failure(let error): throw ReloadError("\(path): columns.\(name) = \(text): \(error.message)")
            }
        }
        if let zone = flags.timeZone ?? file["time-zone"] {
            guard TimeZone(identifier: zone) != nil,
                  FileManager.default.fileExists(atPath: "/usr/share/zoneinfo/" + zone) || zone == "UTC" else {
                throw ReloadError("time-zone: \"\(zone)\" is not a time zone the system knows, such as Europe/Stockholm "
                    + "or UTC (timedatectl list-timezones lists them)")
            }
            settings.timeZone = zone
        }
        if let text = flags.socketMode ?? file["socket-mode"] {
            guard let mode = mode_t(text, radix: 8), mode <= 0o777, text.count >= 3 else {
                throw ReloadError("socket-mode: expected an octal mode such as 0660, found \"\(text)\"")
            }
            guard mode & 0o200 != 0 else {
                throw ReloadError("socket-mode: \(text) leaves goald's own user without write permission on the socket")
            }
            settings.socketMode = mode
        }
        if let name = flags.socketGroup ?? file["socket-group"], !name.isEmpty {
            if let id = gid_t(name) {
                settings.socketGroup = (name, id)
            } else if let group = getgrnam(name) {
                settings.socketGroup = (name, group.pointee.gr_gid)
            } else {
                throw ReloadError("socket-group: no group \"\(name)\" on this system")
            }
        }
        if let value = try integer(flags.maxUnits, "max-units", 1...1_000_000, "a number of units") {
            settings.maxUnits = value
        }
        if let value = try integer(flags.httpMaxConnections, "http-max-connections", 1...10_000,
                                   "a number of connections") {
            settings.httpMaxConnections = value
        }
        return settings
    }

    /// Reads the plan and the factor sets these settings name.
    func loadInput() throws(ReloadError) -> ReloadInput {
        let plan = try model.map { path throws(ReloadError) in try Settings.loadPlan(path) } ?? Plan.embeddedDefault()
        return ReloadInput(plan: plan, library: try Settings.loadFactors(directory: factorsDir, privateCarFactor: privateCarFactor,
                                                                      family: factorFamily))
    }

    /// Reads and validates a model file; the error lists every problem.
    static func loadPlan(_ path: String) throws(ReloadError) -> Plan {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = (error as NSError).userInfo[NSUnderlyingErrorKey].map { "\($0)" } ?? "\(error.localizedDescription)"
            throw ReloadError("cannot read model file \(path): \(reason)")
        }
        do {
            return try Plan.decode(from: data)
        } catch {
            var text = "\(path) is not a valid \(Plan.formatTag) plan (\(error.problems.count) problem"
                + (error.problems.count == 1 ? "" : "s") + "):"
            for problem in error.problems { text += "\n  \(problem)" }
            throw ReloadError(text)
        }
    }

    /// The built-in factor sets and those in `directory`.
    static func loadFactors(directory: String?, privateCarFactor: Double?, family: FactorFamily = .desnz)
        throws(ReloadError) -> FactorLibrary
    {
        var loaded: [EmissionFactorSet] = []
        if let directory {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted()
            } catch {
                throw ReloadError("cannot read the factor folder \(directory): \(error.localizedDescription)")
            }
            for name in names {
                let path = directory + "/" + name
                let data: Data
                do {
                    data = try Data(contentsOf: URL(fileURLWithPath: path))
                } catch {
                    throw ReloadError("cannot read factor set \(path): \(error.localizedDescription)")
                }
                do {
                    loaded.append(try EmissionFactorSet.decode(from: data))
                } catch {
                    throw ReloadError("\(path) is not a valid \(EmissionFactorSet.formatTag) factor set:\n  "
                        + error.problems.map(\.description).joined(separator: "\n  "))
                }
            }
        }
        do {
            return try FactorLibrary(loaded: loaded, privateCarKgPerKm: privateCarFactor, family: family)
        } catch {
            throw ReloadError(error.message)
        }
    }
}
