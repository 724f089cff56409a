/// A method on the wire: its full name and the Swift types of its params and result.
/// Client and server use the same value, so the two cannot drift apart.
package struct RPCMethod<Params: Codable & Sendable, Result: Codable & Sendable>: Sendable {
    /// The full name, `goald.v1.<Service>/<Method>`.
    package let name: String
    package let kind: RPCKind

    package init(_ name: String, kind: RPCKind = .unary) {
        self.name = name
        self.kind = kind
    }
}

/// Whether a method answers once or streams.
package enum RPCKind: String, Sendable, Codable {
    case unary
    case serverStreaming
}

/// Params of a method that takes none. Encodes as `{}`.
package struct Empty: Codable, Sendable, Hashable {
    package init() {}
}
