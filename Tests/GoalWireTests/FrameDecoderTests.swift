import GoalProtocol
import GoalWire
import NIOCore
import NIOEmbedded
import NIOTestUtils
import Testing

@Suite struct FrameDecoderTests {
    func frame(_ text: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeFrame(payload: Array(text.utf8))
        return buffer
    }

    /// NIO's verifier feeds the input whole, byte by byte, and in random splits, and expects the same frames.
    @Test func decodesFramesHoweverTheyAreSplit() throws {
        let payloads = [#"{"id":1,"method":"goald.v1.Health/Check"}"#, "{}", "", String(repeating: "å", count: 3000)]
        let cases = payloads.map { (frame($0), [ByteBuffer(string: $0)]) }
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: cases) {
            FrameDecoder(maxFrameLength: 1 << 16)
        }
    }

    /// The server's frame deadline knows where a stream stands without its bytes (`FrameProgress`); held to the
    /// decoder on random frames (empty ones too) in random pieces.
    @Test func theProgressOfAStreamIsTheDecoders() throws {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var stream = ByteBuffer()
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let length = [0, 1, 3, 255, 256, 70_000].randomElement(using: &random)!
                stream.writeFrame(payload: [UInt8](repeating: 0x7B, count: length))
            }
            var decoder = FrameDecoder(maxFrameLength: 1 << 20)
            var progress = FrameProgress()
            var cumulation = ByteBuffer()
            while stream.readableBytes > 0 {
                var piece = stream.readSlice(
                    length: Int.random(in: 1...min(stream.readableBytes, 5000), using: &random))!
                let completed = piece.withUnsafeReadableBytes { progress.consume($0) }
                cumulation.writeBuffer(&piece)
                var decoded = 0
                while try decoder.decode(buffer: &cumulation) != nil { decoded += 1 }
                #expect(completed == decoded)
                #expect(progress.inFrame == (cumulation.readableBytes > 0))
            }
            #expect(!progress.inFrame)
        }
    }

    @Test func decodesSeveralFramesFromOneRead() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(FrameDecoder()))
        var joined = frame("{\"a\":1}")
        var second = frame("{\"b\":2}")
        var third = frame("")
        joined.writeBuffer(&second)
        joined.writeBuffer(&third)
        try channel.writeInbound(joined)
        #expect(try channel.readInbound(as: ByteBuffer.self) == ByteBuffer(string: "{\"a\":1}"))
        #expect(try channel.readInbound(as: ByteBuffer.self) == ByteBuffer(string: "{\"b\":2}"))
        #expect(try channel.readInbound(as: ByteBuffer.self) == ByteBuffer())
        #expect(try channel.readInbound(as: ByteBuffer.self) == nil)
        _ = try channel.finish()
    }

    @Test func waitsForTheRestOfASplitFrame() throws {
        var decoder = FrameDecoder()
        var whole = frame("{\"id\":1}")
        var head = whole.readSlice(length: 6)!
        #expect(try decoder.decode(buffer: &head) == nil)
        #expect(head.readerIndex == 0, "an incomplete frame must not be consumed")
        head.writeBuffer(&whole)
        #expect(try decoder.decode(buffer: &head) == ByteBuffer(string: "{\"id\":1}"))
    }

    @Test func refusesAnOverLimitLengthFromItsPrefixAlone() throws {
        var decoder = FrameDecoder(maxFrameLength: 1024)
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(1025), endianness: .big)  // no payload follows: it must not be awaited
        #expect(throws: WireError(.frameTooLarge(length: 1025, limit: 1024))) { try decoder.decode(buffer: &buffer) }

        var huge = ByteBuffer()
        huge.writeInteger(UInt32.max, endianness: .big)
        #expect(throws: WireError(.frameTooLarge(length: UInt32.max, limit: 1024))) {
            try decoder.decode(buffer: &huge)
        }
    }

    @Test func acceptsAFrameExactlyAtTheLimit() throws {
        var decoder = FrameDecoder(maxFrameLength: 8)
        var buffer = frame("12345678")
        #expect(try decoder.decode(buffer: &buffer) == ByteBuffer(string: "12345678"))
    }

    @Test func aFrameCutShortAtEndOfStreamIsAnError() throws {
        var decoder = FrameDecoder()
        var buffer = frame("{\"id\":1}")
        buffer.moveWriterIndex(to: 7)
        #expect(throws: WireError(.truncatedFrame(buffered: 7))) {
            try decoder.decodeLast(buffer: &buffer, seenEOF: true)
        }
    }

    @Test func prefixIsFourBytesBigEndian() {
        #expect(Framing.header(forLength: 0x0102_0304) == [1, 2, 3, 4])
        #expect(Framing.length(fromHeader: [0, 0, 1, 0]) == 256)
        #expect(Framing.frame(Array("{}".utf8)) == [0, 0, 0, 2, 0x7B, 0x7D])
    }
}
