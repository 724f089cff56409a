import GoalProtocol

/// Why a call got no answer from goald: it could not be reached, the socket refused us, the deadline passed,
/// or the bytes that came back broke the protocol. An answer that is an error arrives as `RPCError` instead.
package struct ClientError: Error, Hashable, Sendable, CustomStringConvertible {
    package enum Kind: Hashable, Sendable {
        /// No daemon at the socket (no file, nothing listening, connection lost).
        case unreachable
        /// The socket exists but this user may not open it.
        case permissionDenied
        /// No answer before the deadline.
        case deadlineExceeded
        /// The daemon sent something that is not a valid response.
        case protocolViolation
    }

    package var kind: Kind
    package var message: String

    package init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    package var description: String { message }
}
