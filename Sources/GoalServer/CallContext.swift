import Foundation
import GoalDomain
import GoalProtocol
import Logging

/// What a handler knows about the call it serves.
package struct CallContext: Sendable {
    package var id: UInt64
    package var method: String
    package var metadata: [String: String]
    /// The user at the other end of the socket.
    package var peer: Actor
    package var logger: Logger

    package init(id: UInt64, method: String, metadata: [String: String], peer: Actor, logger: Logger) {
        self.id = id
        self.method = method
        self.metadata = metadata
        self.peer = peer
        self.logger = logger
    }
}
