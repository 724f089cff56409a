import Foundation

/// goald's configuration file (`/etc/goald/goald.conf`): `key = value` lines, `#` comments. Every key is also a
/// flag of the same name (`socket = …` is `--socket …`); a flag wins over the file.
package struct ConfigFile: Sendable, Hashable {
    /// Every key the file may hold.
    package static let keys = [
        "socket", "state-dir", "model", "factors-dir", "private-car-factor", "factor-family", "max-frame-bytes",
        "max-connections", "max-connections-per-user", "max-calls-in-flight", "max-unwritten-bytes", "idle-timeout",
        "admins", "writers", "log-level", "log-target", "http", "http-max-connections", "max-units", "time-zone",
        "socket-mode", "socket-group",
    ]

    package private(set) var values: [String: String] = [:]

    package init(values: [String: String] = [:]) {
        self.values = values
    }

    package subscript(key: String) -> String? { values[key] }

    /// `columns.NAME`: a named mapping of a travel file's headers (`goalctl travel import --profile NAME`).
    package static let profilePrefix = "columns."

    static func isProfileKey(_ key: String) -> Bool {
        guard key.hasPrefix(profilePrefix) else { return false }
        let name = key.dropFirst(profilePrefix.count)
        return !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    /// The column profiles the file names: profile name to its `NAME=HEADER,…` text.
    package var profiles: [String: String] {
        Dictionary(uniqueKeysWithValues: values.filter { Self.isProfileKey($0.key) }
            .map { (String($0.key.dropFirst(Self.profilePrefix.count)), $0.value) })
    }

    /// Reads the file's text; a problem names the file and the line.
    package static func parse(_ text: String, path: String) throws(ReloadError) -> ConfigFile {
        var config = ConfigFile()
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw ReloadError("\(path):\(index + 1): expected key = value, found \"\(line)\"")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            guard keys.contains(key) || isProfileKey(key) else {
                throw ReloadError("\(path):\(index + 1): unknown key \"\(key)\"; keys: \(keys.joined(separator: ", "))")
            }
            guard config.values[key] == nil else {
                throw ReloadError("\(path):\(index + 1): \"\(key)\" is set twice")
            }
            config.values[key] = value
        }
        return config
    }
}
