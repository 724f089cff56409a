import GoalProtocol
import Logging

/// What a handler knows about the call it serves.
package struct CallContext: Sendable {
    package var id: UInt64
    package var method: String
    package var metadata: [String: String]
    package var logger: Logger

    package init(id: UInt64, method: String, metadata: [String: String], logger: Logger) {
        self.id = id
        self.method = method
        self.metadata = metadata
        self.logger = logger
    }
}
