import Foundation

extension Plan {
    /// The model file built into goald: the goal model of Regionala utvecklingsnämnden's answer to the
    /// planning directive 2024–2026, Region Värmland.
    package static var embeddedDefaultJSON: String { EmbeddedResources.files["default-plan.json"]! }

    /// The embedded default plan, decoded. It is checked by the tests, so decoding cannot fail at run time.
    package static func embeddedDefault() -> Plan {
        do {
            return try Plan.decode(from: Data(embeddedDefaultJSON.utf8))
        } catch {
            fatalError("the embedded default plan is invalid: \(error)")
        }
    }
}
