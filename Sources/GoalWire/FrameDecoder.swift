internal import GoalProtocol
package import NIOCore

/// Splits a byte stream into frame payloads. A length over `maxFrameLength` is refused as soon as the
/// prefix is read, before any of the payload is buffered.
package struct FrameDecoder: NIOSingleStepByteToMessageDecoder {
    package typealias InboundOut = ByteBuffer

    package let maxFrameLength: Int

    package init(maxFrameLength: Int = Framing.defaultMaxFrameLength) {
        self.maxFrameLength = maxFrameLength
    }

    package mutating func decode(buffer: inout ByteBuffer) throws -> ByteBuffer? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: UInt32.self) else {
            return nil
        }
        guard Int(length) <= maxFrameLength else {
            throw WireError(.frameTooLarge(length: length, limit: maxFrameLength))
        }
        // nil leaves the reader index untouched until the whole payload is there.
        return buffer.readLengthPrefixedSlice(endianness: .big, as: UInt32.self)
    }

    package mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> ByteBuffer? {
        if let frame = try decode(buffer: &buffer) { return frame }
        if seenEOF, buffer.readableBytes > 0 {
            throw WireError(.truncatedFrame(buffered: buffer.readableBytes))
        }
        return nil
    }
}

extension ByteBuffer {
    /// Writes one frame: the length prefix, then the payload.
    package mutating func writeFrame(payload: some Collection<UInt8>) {
        writeFrame { $0.writeBytes(payload) }
    }

    /// Writes one frame whose payload `body` writes: the length prefix is reserved, then set.
    package mutating func writeFrame(_ body: (inout ByteBuffer) -> Void) {
        let start = writerIndex
        writeInteger(UInt32(0), endianness: .big)
        body(&self)
        setInteger(Framing.prefix(forLength: writerIndex - start - Framing.headerLength), at: start, endianness: .big)
    }
}
