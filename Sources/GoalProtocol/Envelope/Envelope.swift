import FoundationEssentials

/// A request as a client writes it.
package struct Request<Params: Encodable>: Encodable {
    package var id: UInt64
    package var method: String
    package var params: Params
    package var timeoutMs: UInt64?
    package var metadata: [String: String]?

    package init(
        id: UInt64, method: String, params: Params, timeoutMs: UInt64? = nil,
        metadata: [String: String]? = nil
    ) {
        self.id = id
        self.method = method
        self.params = params
        self.timeoutMs = timeoutMs
        self.metadata = metadata
    }
}

/// A server frame as a client reads it: `{"id": 7, "result": {…}}` or `{"id": 7, "error": {…}}`; a stream ends
/// with `{"id": 7, "end": true}`.
package struct Response<Result: Decodable>: Decodable {
    package var id: UInt64
    package var result: Result?
    package var error: RPCError?
    package var end: Bool?
}

/// The id of a server frame only, to match it to a call before its result is decoded.
package struct ResponseHead: Decodable, Sendable {
    package var id: UInt64
    package var error: RPCError?
    package var end: Bool?

    package init(id: UInt64, error: RPCError? = nil, end: Bool? = nil) {
        self.id = id
        self.error = error
        self.end = end
    }
}

/// A frame that cancels a call in flight: `{"cancel": 7}`.
package struct CancelFrame: Encodable, Sendable {
    package var cancel: UInt64
    package init(cancel: UInt64) { self.cancel = cancel }
}

/// The id of errors that belong to the connection rather than one call (a frame too large, a frame
/// that is not a JSON object). Clients number their calls from 1.
package let connectionErrorID: UInt64 = 0
