/// A message that writes its own JSON, for the answers asked for most (`Health/Check`, `Travel/GetReduction`).
/// Its bytes are the ones `CompactJSONEncoder` and Foundation write for the same value (keys sorted, optionals
/// left out when nil); a test holds the three together.
package protocol JSONWritable {
    func write(to json: inout JSONWriter) throws
}

/// Writes compact JSON into bytes. Object keys are written in the order given: callers give them sorted.
package struct JSONWriter {
    package private(set) var bytes: [UInt8] = []
    private var needsComma = false

    package init(capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
    }

    package static func encode(_ value: some JSONWritable) throws -> [UInt8] {
        var writer = JSONWriter()
        try value.write(to: &writer)
        return writer.bytes
    }

    package mutating func object(_ body: (inout JSONWriter) throws -> Void) rethrows {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
        try body(&self)
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    package mutating func array<Element>(
        _ elements: [Element],
        _ body: (inout JSONWriter, Element) throws -> Void
    ) rethrows {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
        for element in elements { try body(&self, element) }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Starts a member: `"key":`.
    package mutating func key(_ key: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    package mutating func string(_ text: String) {
        separate()
        Self.writeEscaped(text, into: &bytes)
        needsComma = true
    }

    package mutating func number(_ value: Double) throws {
        let text = try CompactJSONEncoder.format(value)
        separate()
        bytes.append(contentsOf: text.utf8)
        needsComma = true
    }

    package mutating func number(_ value: Int) {
        separate()
        bytes.append(contentsOf: String(value).utf8)
        needsComma = true
    }

    package mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
        needsComma = true
    }

    /// A member whose value may be absent: left out when nil, as synthesized `Encodable` does.
    package mutating func member(_ name: StaticString, _ value: Double?) throws {
        guard let value else { return }
        key(name)
        try number(value)
    }

    package mutating func member(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    /// An array of strings that may be absent: left out when nil.
    package mutating func member(_ name: StaticString, _ value: [String]?) {
        guard let value else { return }
        key(name)
        array(value) { json, text in json.string(text) }
    }

    package mutating func member(_ name: StaticString, _ value: Int) {
        key(name)
        number(value)
    }

    package mutating func member(_ name: StaticString, _ value: Bool) {
        key(name)
        bool(value)
    }

    package mutating func member(_ name: StaticString, _ value: some JSONWritable) throws {
        key(name)
        try value.write(to: &self)
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// A JSON string as Foundation writes it: `"`, `\` and control characters escaped, `/` and the rest as they are.
    package static func writeEscaped(_ text: String, into out: inout [UInt8]) {
        let quote = UInt8(ascii: "\"")
        let backslash = UInt8(ascii: "\\")
        out.append(quote)
        var text = text
        text.withUTF8 { bytes in
            // Runs of bytes that need no escape are copied whole; only the bytes between them are written one by one.
            var start = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == quote || byte == backslash else { continue }
                if start < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index])) }
                out.append(backslash)
                switch byte {
                case quote, backslash: out.append(byte)
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                default:
                    out.append(UInt8(ascii: "u"))
                    out.append(UInt8(ascii: "0"))
                    out.append(UInt8(ascii: "0"))
                    out.append(hex[Int(byte >> 4)])
                    out.append(hex[Int(byte & 0x0F)])
                }
                start = index + 1
            }
            if start < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...])) }
        }
        out.append(quote)
    }
}
