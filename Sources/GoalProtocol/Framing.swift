/// The framing rules both ends share: a 4-byte unsigned big-endian payload length, then the payload,
/// one UTF-8 JSON object.
package enum Framing {
    /// The default largest payload either end accepts: 4 MiB.
    package static let defaultMaxFrameLength = WireDefaults.maxFrameLength
    /// Bytes in the length prefix.
    package static let headerLength = 4

    /// The length prefix's value for a payload of `length` bytes, written big-endian in `headerLength` bytes.
    package static func prefix(forLength length: Int) -> UInt32 {
        precondition(length >= 0 && length <= Int(UInt32.max), "a payload of \(length) bytes cannot be framed")
        return UInt32(length)
    }

    /// The length prefix for a payload of `length` bytes.
    package static func header(forLength length: Int) -> [UInt8] {
        withUnsafeBytes(of: prefix(forLength: length).bigEndian) { Array($0) }
    }

    /// A whole frame: prefix and payload.
    package static func frame(_ payload: [UInt8]) -> [UInt8] {
        header(forLength: payload.count) + payload
    }

    /// Reads a length prefix from the first four bytes.
    package static func length<Bytes: RandomAccessCollection>(
        fromHeader bytes: Bytes
    ) -> UInt32 where Bytes.Element == UInt8, Bytes.Index == Int {
        precondition(bytes.count >= headerLength)
        let start = bytes.startIndex
        return UInt32(bytes[start]) << 24 | UInt32(bytes[start + 1]) << 16
            | UInt32(bytes[start + 2]) << 8 | UInt32(bytes[start + 3])
    }
}
