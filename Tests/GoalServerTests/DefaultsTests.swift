import Foundation
import GoalHTTP
import GoalProtocol
import GoalServer
import Testing

/// Every default is written once (`ServerConfiguration.Defaults`, `WireDefaults`); the example configuration file
/// that documents them must say the same.
@Suite struct DefaultsTests {
    @Test func theExampleConfigurationDocumentsTheDefaults() throws {
        let text = try String(
            contentsOf: ReflectionTests.root.appendingPathComponent("systemd/goald.conf"), encoding: .utf8)
        var documented: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("#") && line.contains(" = ") {
            let parts = line.dropFirst().split(separator: "=", maxSplits: 1).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
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
            "max-buffered-bytes": String(D.maxBufferedBytes),
            "idle-timeout": String(D.idleTimeoutSeconds),
            "http-max-connections": String(HTTPConfiguration.Defaults.maxConnections),
            "http": "off",
        ]
        for (key, value) in expected {
            #expect(
                documented[key] == value,
                "goald.conf says \(key) = \(documented[key] ?? "nothing"), the default is \(value)")
        }
        #expect(D.socketPath == WireDefaults.socketPath && D.maxFrameLength == WireDefaults.maxFrameLength)
    }
}
