import Foundation
import GoalProtocol

/// `goald.v1.Reflection`: the machine-readable description of every method, `Protocol/goald.v1.json`.
package enum ReflectionService {
    /// The document, as built into goald from `Protocol/goald.v1.json`.
    package static let documentJSON: String = EmbeddedResources.files["goald.v1.json"]!

    package static func register(on router: inout RPCRouter) {
        let document: JSONValue
        do {
            document = try JSONDecoder().decode(JSONValue.self, from: Data(documentJSON.utf8))
        } catch {
            fatalError("the built-in goald.v1.json is not JSON: \(error)")
        }
        router.register(GoalRPC.describe) { _, _ in document }
    }
}
