import ArgumentParser
import Foundation
import GoalDomain

/// Why goald cannot start, or reload, with its configuration: the message names the file and line, or the flag.
struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

/// goald's configuration as it stands: the settings from the command line over goald.conf over the defaults, and
/// the file's column profiles.
struct Configuration: Sendable {
    var settings: Settings
    /// The file read, when there was one.
    var path: String?
    /// The keys the file sets, in its order.
    var fileKeys: [String] = []
    /// Column profiles for travel files, by name (`columns.NAME` in goald.conf).
    var columnProfiles: [String: ColumnProfile] = [:]

    /// Reads goald.conf (`path`, else the default path when it exists) and applies `flags`, the command line's
    /// setting flags, over it. A missing default file is fine; a missing file named by --config is not.
    static func load(path: String?, flags: [String]) throws(ConfigurationError) -> Configuration {
        let file = try ConfigFile.read(path ?? Settings.defaultConfigPath, required: path != nil)
        let settings: Settings
        do {
            settings = try Settings.parse(file.arguments + flags)
        } catch {
            throw ConfigurationError(Settings.message(for: error))
        }
        return Configuration(settings: settings, path: file.path, fileKeys: file.keys, columnProfiles: file.profiles)
    }
}

/// goald.conf: `key = value` lines and `#` comments. Each key is a setting's flag without its dashes, read as that
/// flag; `columns.NAME = …` lines are column profiles.
struct ConfigFile: Sendable {
    /// The file read; nil when there was none.
    var path: String?
    /// The file's settings as the flags they are (`--max-units=500`), in the file's order.
    var arguments: [String] = []
    /// The settings' keys, in the same order.
    var keys: [String] = []
    var profiles: [String: ColumnProfile] = [:]

    /// `columns.NAME`: a named mapping of a travel file's headers (`goalctl travel import --profile NAME`).
    static let profilePrefix = "columns."

    static func read(_ path: String, required: Bool) throws(ConfigurationError) -> ConfigFile {
        guard FileManager.default.fileExists(atPath: path) else {
            if required { throw ConfigurationError("the configuration file \(path) does not exist") }
            return ConfigFile()
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw ConfigurationError("cannot read the configuration file \(path)")
        }
        return try parse(text, path: path)
    }

    /// Reads the file's text; a problem names the file and the line.
    static func parse(_ text: String, path: String) throws(ConfigurationError) -> ConfigFile {
        var file = ConfigFile(path: path)
        var seen: Set<String> = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let at = "\(path):\(index + 1)"
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw ConfigurationError("\(at): expected key = value, found \"\(line)\"")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            guard seen.insert(key).inserted else { throw ConfigurationError("\(at): \"\(key)\" is set twice") }
            if let committee = committeeName(key) {
                // `writers.RUN = @goald-run`: the flag --committee-writers RUN=@goald-run.
                try file.add("--committee-writers=\(committee)=\(value)", key: key, value: value, at: at)
                continue
            }
            if let committee = committeeName(key, prefix: committeeSecretariesPrefix) {
                // `secretaries.RUN = @run-sekreterare`: the flag --committee-secretaries RUN=@run-sekreterare.
                try file.add("--committee-secretaries=\(committee)=\(value)", key: key, value: value, at: at)
                continue
            }
            if let name = profileName(key) {
                switch ColumnProfile.parse(value) {
                case .success(let profile): file.profiles[name] = profile
                case .failure(let error): throw ConfigurationError("\(at): \(key) = \(value): \(error.message)")
                }
                continue
            }
            guard Settings.keys.contains(key) else {
                throw ConfigurationError(
                    "\(at): unknown key \"\(key)\"; keys: \(Settings.keys.joined(separator: ", ")), "
                        + "writers.COMMITTEE, secretaries.COMMITTEE, columns.NAME")
            }
            try file.add("--\(key)=\(value)", key: key, value: value, at: at)
        }
        return file
    }

    /// Adds a line's setting as the flag it is, checked alone, so that a problem names its line.
    mutating func add(_ argument: String, key: String, value: String, at: String) throws(ConfigurationError) {
        do {
            _ = try Settings.parse([argument])
        } catch {
            throw ConfigurationError("\(at): \(key) = \(value): \(Settings.message(for: error))")
        }
        arguments.append(argument)
        keys.append(key)
    }

    /// `writers.RUN`: who writes one committee's follow-up alone.
    static let committeeWritersPrefix = "writers."

    /// `secretaries.RUN`: who records one committee's decisions of its follow-up.
    static let committeeSecretariesPrefix = "secretaries."

    /// The committee a `writers.ABBR` key (or another `prefix`'s) names; nil for any other key.
    static func committeeName(_ key: String, prefix: String = committeeWritersPrefix) -> String? {
        guard key.hasPrefix(prefix) else { return nil }
        let name = key.dropFirst(prefix.count)
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return nil }
        return String(name)
    }

    /// The profile a `columns.NAME` key names; nil for any other key.
    static func profileName(_ key: String) -> String? {
        guard key.hasPrefix(profilePrefix) else { return nil }
        let name = key.dropFirst(profilePrefix.count)
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else { return nil }
        return String(name)
    }
}

extension Settings {
    /// Every setting's key, as goald.conf and the flags spell it: the declarations' names, in their order.
    static let keys: [String] = Mirror(reflecting: Settings()).children.compactMap { child in
        child.label.map { label in
            // `_maxUnits`, the storage of `maxUnits`, is `max-units`, as ArgumentParser names the flag.
            label.dropFirst().reduce(into: "") { key, character in
                if character.isUppercase { key += "-" + character.lowercased() } else { key.append(character) }
            }
        }
    }
}
