/// Reads the envelope of a response frame without decoding it: its id, whether it carries an error or ends a
/// stream, and where its `result` lies in the bytes. A client needs these for every frame, and Foundation's decoder
/// would parse the whole answer for them; goalctl's `--json` prints the result's bytes as goald wrote them.
///
/// It checks the frame's grammar (one object; strings closed, without raw control characters; numbers and literals
/// as JSON writes them; brackets balanced), not the UTF-8 of strings or repeated keys: a frame it cannot read is
/// handed to the full decoder, which words the error.
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

    /// The envelope of `bytes`, or nil when they are not an object of this form.
    package static func scan(_ bytes: UnsafeRawBufferPointer) -> ResponseEnvelope? {
        var scanner = Scanner(bytes: bytes)
        return scanner.envelope()
    }

    private struct Scanner {
        let bytes: UnsafeRawBufferPointer
        var position = 0

        mutating func envelope() -> ResponseEnvelope? {
            var found = ResponseEnvelope(id: 0, hasError: false, end: false, result: nil)
            var sawID = false
            skipSpace()
            guard take(UInt8(ascii: "{")) else { return nil }
            skipSpace()
            if take(UInt8(ascii: "}")) { return nil }
            while true {
                skipSpace()
                guard let key = string() else { return nil }
                skipSpace()
                guard take(UInt8(ascii: ":")) else { return nil }
                skipSpace()
                let start = position
                guard skipValue(depth: 0) else { return nil }
                let value = start..<position
                switch key {
                case .id:
                    guard let id = wholeNumber(value) else { return nil }
                    found.id = id
                    sawID = true
                case .result: found.result = value
                case .error: found.hasError = !isNull(value)
                case .end: found.end = isTrue(value)
                case .other: break
                }
                skipSpace()
                if take(UInt8(ascii: ",")) { continue }
                guard take(UInt8(ascii: "}")) else { return nil }
                skipSpace()
                return position == bytes.count && sawID ? found : nil
            }
        }

        enum Key { case id, result, error, end, other }

        /// A string, as one of the envelope's keys (a key with escapes is none of them).
        mutating func string() -> Key? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = position
            var escaped = false
            while position < bytes.count {
                let byte = bytes[position]
                position += 1
                if byte == UInt8(ascii: "\\") {
                    escaped = true
                    position += 1
                } else if byte == UInt8(ascii: "\"") {
                    if escaped { return .other }
                    return Self.key(UnsafeRawBufferPointer(rebasing: bytes[start..<(position - 1)]))
                } else if byte < 0x20 {
                    return nil
                }
            }
            return nil
        }

        static func key(_ text: UnsafeRawBufferPointer) -> Key {
            if text.elementsEqual("id".utf8) { return .id }
            if text.elementsEqual("result".utf8) { return .result }
            if text.elementsEqual("error".utf8) { return .error }
            if text.elementsEqual("end".utf8) { return .end }
            return .other
        }

        /// Steps over one value: a string, an object or array (nested at most 512 deep), or a literal or number.
        mutating func skipValue(depth: Int) -> Bool {
            guard depth < 512, position < bytes.count else { return false }
            switch bytes[position] {
            case UInt8(ascii: "\""):
                return string() != nil
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let close = bytes[position] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                let isObject = close == UInt8(ascii: "}")
                position += 1
                skipSpace()
                if take(close) { return true }
                while true {
                    skipSpace()
                    if isObject {
                        guard string() != nil else { return false }
                        skipSpace()
                        guard take(UInt8(ascii: ":")) else { return false }
                        skipSpace()
                    }
                    guard skipValue(depth: depth + 1) else { return false }
                    skipSpace()
                    if take(UInt8(ascii: ",")) { continue }
                    return take(close)
                }
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            default: return number()
            }
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard position + count <= bytes.count,
                  UnsafeRawBufferPointer(rebasing: bytes[position..<(position + count)])
                    .elementsEqual(UnsafeRawBufferPointer(start: word.utf8Start, count: count)) else { return false }
            position += count
            return true
        }

        /// A number as JSON writes it: `-`?, an integer without leading zeros, a fraction, an exponent.
        mutating func number() -> Bool {
            func digits() -> Int {
                let start = position
                while position < bytes.count, (0x30...0x39).contains(bytes[position]) { position += 1 }
                return position - start
            }
            _ = take(UInt8(ascii: "-"))
            guard position < bytes.count else { return false }
            if bytes[position] == UInt8(ascii: "0") {
                position += 1
            } else if digits() == 0 {
                return false
            }
            if take(UInt8(ascii: ".")), digits() == 0 { return false }
            if take(UInt8(ascii: "e")) || take(UInt8(ascii: "E")) {
                if !take(UInt8(ascii: "+")) { _ = take(UInt8(ascii: "-")) }
                if digits() == 0 { return false }
            }
            return true
        }

        func wholeNumber(_ range: Range<Int>) -> UInt64? {
            guard !range.isEmpty, range.count <= 20, range.count == 1 || bytes[range.lowerBound] != 0x30 else { return nil }
            var value: UInt64 = 0
            for index in range {
                let byte = bytes[index]
                guard (0x30...0x39).contains(byte) else { return nil }
                let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflowSum) = times.addingReportingOverflow(UInt64(byte - 0x30))
                guard !overflowTimes, !overflowSum else { return nil }
                value = sum
            }
            return value
        }

        func isNull(_ range: Range<Int>) -> Bool {
            UnsafeRawBufferPointer(rebasing: bytes[range]).elementsEqual("null".utf8)
        }

        func isTrue(_ range: Range<Int>) -> Bool {
            UnsafeRawBufferPointer(rebasing: bytes[range]).elementsEqual("true".utf8)
        }

        mutating func skipSpace() {
            while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }
    }
}
