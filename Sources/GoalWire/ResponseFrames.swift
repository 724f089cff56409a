package import GoalProtocol
package import NIOCore

/// The server's frames, written in one place: `{"id":7,"result":…}`, `{"error":{…},"id":7}` and
/// `{"end":true,"id":7}`, each behind its length prefix. Results arrive encoded already, so a result is encoded
/// exactly once; strings are escaped by `JSONWriter`, as everywhere else.
extension ByteBuffer {
    /// A result frame around an encoded result.
    package mutating func writeResultFrame(id: UInt64, result: [UInt8]) {
        writeFrame { buffer in
            buffer.writeStaticString("{\"id\":")
            buffer.writeString(String(id))
            buffer.writeStaticString(",\"result\":")
            buffer.writeBytes(result)
            buffer.writeStaticString("}")
        }
    }

    /// An error frame.
    package mutating func writeErrorFrame(id: UInt64, _ error: RPCError) {
        let payload = ResponsePayload.error(id: id, error)
        writeFrame(payload: payload)
    }

    /// The frame that ends a stream.
    package mutating func writeEndFrame(id: UInt64) {
        writeFrame { buffer in
            buffer.writeStaticString("{\"end\":true,\"id\":")
            buffer.writeString(String(id))
            buffer.writeStaticString("}")
        }
    }
}

/// The payloads of server frames, for whoever frames them otherwise (tests, a refusing connection).
package enum ResponsePayload {
    /// `{"error":{"code":…,"details":{…},"message":…},"id":…}`: the keys sorted, as WireJSON writes them.
    package static func error(id: UInt64, _ error: RPCError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64 + error.message.utf8.count)
        bytes += Array("{\"error\":{\"code\":".utf8)
        JSONWriter.writeEscaped(error.code.rawValue, into: &bytes)
        if let details = error.details, !details.isEmpty {
            bytes += Array(",\"details\":{".utf8)
            for (index, key) in details.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                JSONWriter.writeEscaped(key, into: &bytes)
                bytes.append(UInt8(ascii: ":"))
                JSONWriter.writeEscaped(details[key]!, into: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
        bytes += Array(",\"message\":".utf8)
        JSONWriter.writeEscaped(error.message, into: &bytes)
        bytes += Array("},\"id\":\(id)}".utf8)
        return bytes
    }
}
