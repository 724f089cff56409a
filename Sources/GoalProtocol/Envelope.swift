import FoundationEssentials

/// The fields of a client frame that routing needs. The params are decoded separately,
/// by the method's own type, from the same bytes.
///
/// A client frame is `{"id": 7, "method": "goald.v1.Goals/GetPlan", "params": {…}}`.
package struct RequestHead: Decodable, Sendable, Hashable {
    /// The call's id, chosen by the client: a whole number from 1 to 2^53−1, unique among its calls in flight.
    /// Absent only in a cancel frame.
    package var id: UInt64?
    /// The method's full name. Absent only in a cancel frame.
    package var method: String?
    /// A cancel frame, `{"cancel": 7}`, ends call 7.
    package var cancel: UInt64?
    /// How long the client waits, in milliseconds. Absent: no deadline.
    package var timeoutMs: UInt64?
    /// Free-form key/value metadata, such as a request id for the logs.
    package var metadata: [String: String]?
}

/// Used to decode a method's params from a whole client frame.
package struct RequestParams<Params: Decodable>: Decodable {
    package var params: Params

    private enum CodingKeys: String, CodingKey { case params }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let params = try container.decodeIfPresent(Params.self, forKey: .params) {
            self.params = params
            return
        }
        // Params left out, or null, are read as `{}`: a method whose params are all optional needs none.
        do {
            self.params = try JSONDecoder().decode(Params.self, from: Data("{}".utf8))
        } catch DecodingError.keyNotFound(let key, let context) {
            throw DecodingError.keyNotFound(key, .init(codingPath: [CodingKeys.params] + context.codingPath,
                                                       debugDescription: context.debugDescription))
        }
    }
}

/// A request as a client writes it.
package struct Request<Params: Encodable>: Encodable {
    package var id: UInt64
    package var method: String
    package var params: Params
    package var timeoutMs: UInt64?
    package var metadata: [String: String]?

    package init(id: UInt64, method: String, params: Params, timeoutMs: UInt64? = nil,
                 metadata: [String: String]? = nil) {
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
}

/// A frame that cancels a call in flight: `{"cancel": 7}`.
package struct CancelFrame: Encodable, Sendable {
    package var cancel: UInt64
    package init(cancel: UInt64) { self.cancel = cancel }
}

/// The id of errors that belong to the connection rather than one call (a frame too large, a frame
/// that is not a JSON object). Clients number their calls from 1.
package let connectionErrorID: UInt64 = 0
