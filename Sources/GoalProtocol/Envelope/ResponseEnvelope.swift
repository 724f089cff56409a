/// Reads the envelope of a response frame without decoding it: its id, whether it carries an error or ends a
/// stream, and where its `result` lies in the bytes. A client needs these for every frame, and Foundation's decoder
/// would parse the whole answer for them; goalctl's `--json` prints the result's bytes as goald wrote them.
///
/// The payload is read by the request decoder's reader (`JSONReader`), so it is checked as a request is: one JSON
/// object, RFC 8259, UTF-8, no key twice. A key written with escapes is not taken for an envelope member; a frame
/// that is not of this form is for the full decoder, which words the error.
package struct ResponseEnvelope: Equatable {
    package var id: UInt64
    package var hasError: Bool
    package var end: Bool
    /// The bytes of the `result` value, when there is one.
    package var result: Range<Int>?

    package init(id: UInt64, hasError: Bool, end: Bool, result: Range<Int>?) {
        self.id = id
        self.hasError = hasError
        self.end = end
        self.result = result
    }

    /// The envelope of `bytes`, or nil when they are not a JSON object with a whole-number `id`.
    package static func scan(_ bytes: UnsafeRawBufferPointer) -> ResponseEnvelope? {
        var found = ResponseEnvelope(id: 0, hasError: false, end: false, result: nil)
        var id: UInt64?
        var idIsWhole = true
        var reader = JSONReader(bytes: bytes, trackPath: false)
        let read: Void? = reader.readObject { key, value in
            guard !key.escaped else { return }
            let name = UnsafeRawBufferPointer(rebasing: bytes[key.range])
            // A string's range is its contents: the value's bytes take its quotes too.
            let whole =
                value.kind == .string ? (value.range.lowerBound - 1)..<(value.range.upperBound + 1) : value.range
            if name.elementsEqual("id".utf8) {
                id = wholeNumber(UnsafeRawBufferPointer(rebasing: bytes[whole]))
                idIsWhole = id != nil
            } else if name.elementsEqual("result".utf8) {
                found.result = whole
            } else if name.elementsEqual("error".utf8) {
                found.hasError = value.kind != .null
            } else if name.elementsEqual("end".utf8) {
                found.end = value.kind == .bool && bytes[whole.lowerBound] == UInt8(ascii: "t")
            }
        }
        guard read != nil, idIsWhole, let id else { return nil }
        found.id = id
        return found
    }

    /// Digits only, fitting 64 bits.
    private static func wholeNumber(_ text: UnsafeRawBufferPointer) -> UInt64? {
        guard !text.isEmpty, text.count <= 20 else { return nil }
        var value: UInt64 = 0
        for byte in text {
            guard (0x30...0x39).contains(byte) else { return nil }
            let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowSum) = times.addingReportingOverflow(UInt64(byte - 0x30))
            guard !overflowTimes, !overflowSum else { return nil }
            value = sum
        }
        return value
    }
}
