import Foundation
import GoalProtocol

/// `goald.v1.Reflection`: the machine-readable description of every method, `Protocol/goald.v1.json`.
package struct ReflectionService: RPCService {
    package init() {}

    /// The document, as built into goald from `Protocol/goald.v1.json`.
    package static let documentJSON: String = EmbeddedResources.files["goald.v1.json"]!

    /// The document as a JSON value, read at its first `Describe` (not at start: goald is ready sooner).
    private static let document: JSONValue = {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(documentJSON.utf8))
        } catch {
            fatalError("the built-in goald.v1.json is not JSON: \(error)")
        }
    }()

    package func register(on router: inout RPCRouter) {
        router.register(GoalRPC.describe) { _, _ in Self.document }
    }
}
