import FoundationEssentials

// What `RequestDecoder` makes of a frame: a call or a cancel, the call's envelope, its params located, or the error.

/// A client frame as goald reads it: a call, or a cancel frame.
package enum RequestFrame: Sendable, Equatable {
    case call(RequestEnvelope)
    /// `{"cancel": 7}` ends call 7.
    case cancel(UInt64)
}

/// A call's envelope. The params are located, not decoded: the method's own coder decodes them.
package struct RequestEnvelope: Sendable, Equatable {
    /// Chosen by the client: a whole number from 1 to 2^53−1, unique among its calls in flight.
    package var id: UInt64
    /// The method's full name, `goald.v1.<Service>/<Method>`.
    package var method: String
    /// How long the client waits, in milliseconds; nil for no deadline.
    package var timeoutMs: UInt64?
    /// Free-form key/value metadata, such as `requestId`; logged with the call.
    package var metadata: [String: String]
    /// The params, an object; empty (`{}`) when the frame has none or `null`.
    package var params: ParamsBytes

    package init(
        id: UInt64, method: String, timeoutMs: UInt64? = nil, metadata: [String: String] = [:],
        params: ParamsBytes
    ) {
        self.id = id
        self.method = method
        self.timeoutMs = timeoutMs
        self.metadata = metadata
        self.params = params
    }
}

/// A call's params, as the frame wrote them.
package struct ParamsBytes: Sendable, Equatable {
    /// The params object's bytes; nil when params are absent, `null` or `{}`.
    package var data: Data?

    package init(data: Data?) {
        self.data = data
    }

    /// The params of a call that sends none.
    package static let none = ParamsBytes(data: nil)

    /// True when the params are absent, `null` or an object without members.
    package var isEmpty: Bool { data == nil }

    /// The params' bytes, `{}` when there are none.
    package var bytes: Data { data ?? Data("{}".utf8) }
}

/// A frame goald cannot take as a call: the error to answer, on the call's id when it could be read
/// (else on id 0, `connectionErrorID`).
package struct EnvelopeError: Error, Sendable, Equatable {
    package var id: UInt64
    package var error: RPCError

    package init(id: UInt64, _ error: RPCError) {
        self.id = id
        self.error = error
    }
}
