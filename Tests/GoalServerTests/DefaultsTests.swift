import Foundation
import GoalProtocol
import GoalHTTP
import GoalServer
import Testing

/// Every default is written once (`ServerConfiguration.Defaults`, `WireDefaults`); the example configuration file
/// that documents them must say the same.
@Suite struct DefaultsTests {
    @Test func theExampleConfigurationDocumentsTheDefaults() throws {
        let text = try String(contentsOf: ReflectionTests.root.appendingPathComponent("systemd/goald.conf"), encoding: .utf8)
        var documented: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("#") && line.contains(" = ") {
            let parts = line.dropFirst().split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 { documented[parts[0]] = parts[1] }
        }
        typealias D = ServerConfiguration.Defaults
        let expected: [String: String] = [
            "socket": D.socketPath,
            "max-frame-bytes": String(D.maxFrameLength),
            "max-connections": String(D.maxConnections),
            "max-connections-per-user": String(D.maxConnectionsPerUser),
            "max-calls-in-flight": String(D.maxCallsInFlight),
            "max-unwritten-bytes": String(D.maxUnwrittenBytes),
            "idle-timeout": String(D.idleTimeoutSeconds),
            "http-max-connections": String(HTTPConfiguration.Defaults.maxConnections),
            "http": "off",
        ]
        for (key, value) in expected {
            #expect(documented[key] == value, "goald.conf says \(key) = \(documented[key] ?? "nothing"), the default is \(value)")
        }
        #expect(D.socketPath == WireDefaults.socketPath && D.maxFrameLength == WireDefaults.maxFrameLength)
    }

    /// Every key goald.conf documents is one goald reads: the example file, every line uncommented, parses.
    @Test func everyDocumentedKeyIsAccepted() throws {
        let text = try String(contentsOf: ReflectionTests.root.appendingPathComponent("systemd/goald.conf"), encoding: .utf8)
        let uncommented = text.split(separator: "\n").filter { $0.hasPrefix("#") && $0.contains(" = ") && !$0.hasPrefix("# ") }
            .map { String($0.dropFirst()) }.joined(separator: "\n")
        let parsed = try ConfigFile.parse(uncommented, path: "goald.conf")
        #expect(Set(parsed.values.keys.filter { !$0.hasPrefix(ConfigFile.profilePrefix) }) == Set(ConfigFile.keys),
                "documented and read keys agree")
        #expect(parsed.profiles["ekonomi"] == "date=Avresa,mode=Typ,distance_mil=Längd", "and a column profile")
    }
}
