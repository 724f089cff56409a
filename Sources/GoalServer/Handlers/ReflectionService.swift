import Foundation
import GoalProtocol

/// `goald.v1.Reflection`: the machine-readable description of every method, `Protocol/goald.v1.json`.
package struct ReflectionService: RPCService {
    package init() {}

    /// The document, as built into goald from `Protocol/goald.v1.json`.
    package static let documentJSON: String = EmbeddedResources.files["goald.v1.json"]!

    package func register(on router: inout RPCRouter) {
        let documentJSON = Self.documentJSON
        let document: JSONValue
        do {
            document = try JSONDecoder().decode(JSONValue.self, from: Data(documentJSON.utf8))
        } catch {
            fatalError("the built-in goald.v1.json is not JSON: \(error)")
        }
        router.register(GoalRPC.describe) { _, _ in document }
    }
}
