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

/// Where a byte stream stands in the framing, without keeping its bytes: inside a frame (its prefix or payload
/// partly read) or between frames. What the server needs to give a frame a deadline from its first byte; the
/// decoder that keeps the bytes is `FrameDecoder`, and a test holds the two together.
package struct FrameProgress: Sendable, Hashable {
    /// Prefix bytes read of the current frame (0–4), and its length once all four are.
    private var headerRead = 0
    private var length: UInt32 = 0
    /// Payload bytes still to come of the current frame, once its prefix is whole.
    private var remaining = 0

    package init() {}

    /// Whether a frame has begun and not ended.
    package var inFrame: Bool { headerRead > 0 }

    /// The bytes read of the frame begun (its prefix included): what is held of it until it ends.
    package var bytesInFrame: Int {
        headerRead < Framing.headerLength ? headerRead : Framing.headerLength + Int(length) - remaining
    }

    /// Takes the next bytes of the stream; returns how many frames they completed. Reads the prefixes' bytes
    /// alone and steps over every payload.
    @discardableResult
    package mutating func consume(_ bytes: UnsafeRawBufferPointer) -> Int {
        var completed = 0
        var index = 0
        let count = bytes.count
        while index < count {
            if headerRead < Framing.headerLength {
                length = length << 8 | UInt32(bytes[index])
                headerRead += 1
                index += 1
                if headerRead == Framing.headerLength { remaining = Int(length) }
            } else {
                let taken = min(count - index, remaining)
                remaining -= taken
                index += taken
            }
            if headerRead == Framing.headerLength, remaining == 0 {
                completed += 1
                headerRead = 0
                length = 0
            }
        }
        return completed
    }
}
