import Foundation

extension Region {
    /// The model file built into goald: Region Värmland, its four effect goals for the mandate period 2023–2026,
    /// the eight committees its planning directive goes to, and the one answer held: Regionala
    /// utvecklingsnämnden's for 2024–2026.
    package static var embeddedDefaultJSON: String { EmbeddedResources.files["default-region.json"]! }

    /// The embedded region, decoded. It is checked by the tests, so decoding cannot fail at run time.
    package static func embeddedDefault() -> Region { decodedDefault }

    private static let decodedDefault: Region = {
        do {
            return try Region.decode(from: Data(embeddedDefaultJSON.utf8))
        } catch {
            fatalError("the embedded default region is invalid: \(error)")
        }
    }()
}

extension Plan {
    /// The plan goald follows up by default: Regionala utvecklingsnämnden's answer to the planning directive
    /// 2024–2026, from the embedded region.
    package static func embeddedDefault() -> Plan { Region.embeddedDefault().servedPlan }

    /// The embedded default plan as a `goald.plan/1` file.
    package static var embeddedDefaultJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(embeddedDefault()), as: UTF8.self)
        } catch {
            fatalError("the embedded default plan cannot be encoded: \(error)")
        }
    }
}
