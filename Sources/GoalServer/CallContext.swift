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
    /// The server's logger; `logger` adds the call's method and id to it.
    private var baseLogger: Logger

    package init(id: UInt64, method: String, metadata: [String: String], peer: Actor, baseLogger: Logger) {
        self.id = id
        self.method = method
        self.metadata = metadata
        self.peer = peer
        self.baseLogger = baseLogger
    }

    /// A logger that names the call (`method`, `call_id`), made when something is logged rather than per call.
    package var logger: Logger {
        var logger = baseLogger
        logger[metadataKey: "method"] = "\(method)"
        logger[metadataKey: "call_id"] = "\(id)"
        return logger
    }
}

/// A request as the handler gets it: the whole frame, and where its params are when the envelope
/// was read by the scanner.
package enum CallInput: Sendable {
    /// Read by the general decoder: params are decoded from the frame.
    case frame(Data)
    /// Read by the scanner: the params' range in the frame (nil when absent), and whether they are empty.
    case scanned(Data, params: Range<Int>?, empty: Bool)

    package var frame: Data {
        switch self {
        case .frame(let frame), .scanned(let frame, _, _): frame
        }
    }
}
