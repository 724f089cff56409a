/// The error half of a response: a status code and a message a person can act on.
package struct RPCError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    package var code: StatusCode
    /// Names the bad field or the missing thing, and what would be accepted.
    package var message: String
    /// Optional machine-readable detail, such as the field that was wrong.
    package var details: [String: String]?

    package init(_ code: StatusCode, _ message: String, details: [String: String]? = nil) {
        self.code = code
        self.message = message
        self.details = details
    }

    package var description: String { "\(code.rawValue): \(message)" }
}

extension RPCError {
    package static func invalidArgument(_ message: String, field: String? = nil) -> RPCError {
        RPCError(.invalidArgument, message, details: field.map { ["field": $0] })
    }

    package static func notFound(_ message: String) -> RPCError { RPCError(.notFound, message) }
}

/// An error that knows how the wire says it. A handler may throw one as it is: the router answers with its
/// `rpcError` (the domain's errors conform where goald's server is built, so the domain needs no wire).
package protocol RPCErrorConvertible: Error {
    var rpcError: RPCError { get }
}

extension RPCError: RPCErrorConvertible {
    package var rpcError: RPCError { self }
}
