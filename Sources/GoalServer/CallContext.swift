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
    package var peer: Author
    /// The peer is one of goald's administrators (it may act on what another user started, such as a pending
    /// import).
    package var peerIsAdmin: Bool
    /// What the peer may write (the committees, for a writer of some committees alone).
    package var grant: WriteGrant
    /// The server's logger; `logger` adds the call's method and id to it.
    private var baseLogger: Logger

    package init(
        id: UInt64, method: String, metadata: [String: String], peer: Author, peerIsAdmin: Bool = false,
        grant: WriteGrant? = nil, baseLogger: Logger
    ) {
        self.grant = grant ?? WriteGrant(permission: peerIsAdmin ? .admin : .write)
        self.id = id
        self.method = method
        self.metadata = metadata
        self.peer = peer
        self.peerIsAdmin = peerIsAdmin
        self.baseLogger = baseLogger
    }

    /// A logger that names the call (`method`, `call_id`, and each metadata member as `metadata.<key>`, which
    /// the journal stores as `GOALD_METADATA_<KEY>`), made when something is logged rather than per call.
    package var logger: Logger {
        var logger = baseLogger
        logger[metadataKey: "method"] = "\(method)"
        logger[metadataKey: "call_id"] = "\(id)"
        for (key, value) in metadata { logger[metadataKey: "metadata.\(key)"] = "\(value)" }
        return logger
    }
}
