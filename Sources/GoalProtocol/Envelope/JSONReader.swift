import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// The kind of a JSON value.
enum JSONKind: Sendable {
    case object, array, string, number, bool, null

    var described: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "true or false"
        case .null: "null"
        }
    }
}

/// A member of the envelope: its value's kind and bytes (a string's contents without the quotes).
struct Member: Sendable {
    var kind: JSONKind
    var range: Range<Int>
    /// For an object: it has no members.
    var isEmptyObject = false
}

/// The envelope's members goald reads.
struct Members: Sendable {
    var id: Member?
    var method: Member?
    var params: Member?
    var timeoutMs: Member?
    var metadata: Member?
    var cancel: Member?
}

/// Why a payload is not a JSON object goald can read, with the field it concerns and the call's id if one was
/// read before the problem.
struct JSONSyntaxError: Error {
    var message: String
    var field: String?
    var id: UInt64?
}

/// A one-pass JSON reader over a payload's bytes.
struct JSONReader {
    let bytes: UnsafeRawBufferPointer
    var position = 0
    /// Keep the path of the value being read, to name it in an error.
    let trackPath: Bool
    private(set) var path: [PathComponent] = []
    /// The keys of the objects being read, innermost last, for the duplicate check.
    private var keys: [KeyRef] = []
    /// The envelope's id, once read: errors after it are answered on it.
    private var envelopeID: UInt64?
    /// For each large object being read (by the index of its first key in `keys`): its keys' positions by hash.
    private var largeObjects: [Int: [Int: [Int]]] = [:]

    enum PathComponent {
        case key(String)
        case index(Int)
    }

    /// An object key: where its contents are, and whether they hold escapes.
    struct KeyRef {
        var range: Range<Int>
        var escaped: Bool
    }

    init(bytes: UnsafeRawBufferPointer, trackPath: Bool, keys: [KeyRef] = []) {
        self.bytes = bytes
        self.trackPath = trackPath
        self.keys = keys
        self.keys.removeAll(keepingCapacity: true)
    }

    /// The key storage, empty, with its capacity, for the next frame.
    mutating func takeKeys() -> [KeyRef] {
        keys.removeAll(keepingCapacity: true)
        defer { keys = [] }
        return keys
    }

    // MARK: Envelope

    mutating func readEnvelope() -> Result<Members, JSONSyntaxError> {
        do throws(JSONSyntaxError) {
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "{") else {
                let what =
                    bytes.isEmpty ? "an empty payload" : (skippingSpaceIsEmpty ? "only white space" : "something else")
                throw failure("frame payload must be one JSON object, found \(what)")
            }
            var members = Members()
            try object("the frame's object") { reader, key throws(JSONSyntaxError) in
                let member = try reader.member()
                switch reader.envelopeKey(key) {
                case .id?:
                    members.id = member
                    if let value = Self.wholeNumber(member, in: reader.bytes),
                        (1...RequestDecoder.maxID).contains(value)
                    {
                        reader.envelopeID = value
                    }
                case .method?: members.method = member
                case .params?: members.params = member
                case .timeoutMs?: members.timeoutMs = member
                case .metadata?: members.metadata = member
                case .cancel?: members.cancel = member
                case nil: break
                }
            }
            skipSpace()
            guard position == bytes.count else { throw failure("unexpected bytes after the frame's object") }
            return .success(members)
        } catch {
            return .failure(error)
        }
    }

    private var skippingSpaceIsEmpty: Bool { position >= bytes.count }

    /// The envelope's members goald reads.
    private enum EnvelopeKey: String, CaseIterable {
        case id, method, params, timeoutMs, metadata, cancel
    }

    /// Which envelope member a key names, without making a string for it (unless it holds escapes).
    private func envelopeKey(_ key: KeyRef) -> EnvelopeKey? {
        guard !key.escaped else { return EnvelopeKey(rawValue: unescapedKey(key)) }
        let candidate: EnvelopeKey
        switch (key.range.count, bytes[key.range.lowerBound]) {
        case (2, UInt8(ascii: "i")): candidate = .id
        case (6, UInt8(ascii: "m")): candidate = .method
        case (6, UInt8(ascii: "p")): candidate = .params
        case (6, UInt8(ascii: "c")): candidate = .cancel
        case (8, UInt8(ascii: "m")): candidate = .metadata
        case (9, UInt8(ascii: "t")): candidate = .timeoutMs
        default: return nil
        }
        let start = bytes.baseAddress! + key.range.lowerBound
        let matches = candidate.rawValue.utf8.withContiguousStorageIfAvailable {
            memcmp($0.baseAddress!, start, key.range.count) == 0
        }
        return matches == true ? candidate : nil
    }

    /// Reads the value at `position` and locates it (a string's contents without the quotes).
    private mutating func member() throws(JSONSyntaxError) -> Member {
        let start = position
        let kind = try value(depth: 1)
        let range = kind == .string ? (start + 1)..<(position - 1) : start..<position
        return Member(kind: kind, range: range, isEmptyObject: kind == .object && isEmptyObject(start..<position))
    }

    /// A member written as a whole number without sign, fraction or exponent, of at most 16 digits.
    static func wholeNumber(_ value: Member, in bytes: UnsafeRawBufferPointer) -> UInt64? {
        guard value.kind == .number, value.range.count <= 16 else { return nil }
        var number: UInt64 = 0
        for index in value.range {
            let digit = bytes[index] &- 0x30
            guard digit <= 9 else { return nil }
            number = number * 10 + UInt64(digit)
        }
        return number
    }

    private func unescapedKey(_ key: KeyRef) -> String {
        String(decoding: Self.unescape(UnsafeRawBufferPointer(rebasing: bytes[key.range])) ?? [], as: UTF8.self)
    }

    private func isEmptyObject(_ range: Range<Int>) -> Bool {
        bytes[range].dropFirst().dropLast().allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    }

    /// Reads a whole payload that must be one JSON object (the same checks as a request's), handing each member's
    /// key and located value to `member`; nil when the payload is not such an object.
    mutating func readObject(_ member: (_ key: KeyRef, _ value: Member) -> Void) -> Void? {
        do throws(JSONSyntaxError) {
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "{") else { return nil }
            try object("the frame's object") { reader, key throws(JSONSyntaxError) in member(key, try reader.member()) }
            skipSpace()
            return position == bytes.count ? () : nil
        } catch {
            return nil
        }
    }

    /// The members of the (already checked) object at `start`: keys unescaped, values located.
    mutating func members(ofObjectAt start: Int) -> [(key: String, value: Member)] {
        position = start
        var result: [(key: String, value: Member)] = []
        try? object("an object") { reader, key throws(JSONSyntaxError) in
            result.append((reader.unescapedKey(key), try reader.member()))
        }
        return result
    }

    // MARK: Values

    private func failure(_ message: String) -> JSONSyntaxError {
        let field = trackPath && !path.isEmpty ? Self.render(path) : nil
        return JSONSyntaxError(message: field.map { "\($0): \(message)" } ?? message, field: field, id: envelopeID)
    }

    private func syntax(_ what: String) -> JSONSyntaxError {
        failure("frame payload is not valid JSON: \(what) at byte \(position)")
    }

    /// A path as the protocol names fields: keys joined by `.`, array positions in brackets.
    static func render(_ path: [PathComponent]) -> String {
        var text = ""
        for component in path {
            switch component {
            case .key(let key): text += text.isEmpty ? key : "." + key
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }

    mutating func skipSpace() {
        while position < bytes.count {
            let byte = bytes[position]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { return }
            position += 1
        }
    }

    mutating func take(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(JSONSyntaxError) {
        guard take(byte) else { throw syntax(position >= bytes.count ? "the payload ends early" : what) }
    }

    /// Reads any value; returns its kind.
    private mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONKind {
        guard position < bytes.count else { throw syntax("the payload ends where a value should be") }
        switch bytes[position] {
        case UInt8(ascii: "\""):
            _ = try string()
            return .string
        case UInt8(ascii: "{"):
            try nest(depth)
            try object("an object") { reader, _ throws(JSONSyntaxError) in _ = try reader.value(depth: depth + 1) }
            return .object
        case UInt8(ascii: "["):
            try nest(depth)
            position += 1
            skipSpace()
            if !take(UInt8(ascii: "]")) {
                var index = 0
                repeat {
                    skipSpace()
                    if trackPath { path.append(.index(index)) }
                    _ = try value(depth: depth + 1)
                    if trackPath { path.removeLast() }
                    index += 1
                    skipSpace()
                } while take(UInt8(ascii: ","))
                try expect(UInt8(ascii: "]"), "expected ',' or ']' in an array")
            }
            return .array
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), 0x30...0x39:
            try number()
            return .number
        default:
            throw syntax("unexpected character")
        }
    }

    private func nest(_ depth: Int) throws(JSONSyntaxError) {
        guard depth < RequestDecoder.maxDepth else {
            throw failure("JSON nested deeper than \(RequestDecoder.maxDepth) levels")
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        guard bytes.count - position >= count else { throw syntax("the payload ends inside a literal") }
        for index in 0..<count where bytes[position + index] != word.utf8Start[index] {
            throw syntax("unexpected character")
        }
        position += count
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    private mutating func number() throws(JSONSyntaxError) {
        func digits() -> Int {
            let start = position
            while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 { position += 1 }
            return position - start
        }
        _ = take(UInt8(ascii: "-"))
        let start = position
        let count = digits()
        guard count > 0 else { throw syntax("a number needs a digit") }
        guard !(bytes[start] == 0x30 && count > 1) else { throw syntax("a number may not start with 0") }
        if take(UInt8(ascii: ".")) {
            guard digits() > 0 else { throw syntax("a fraction needs a digit") }
        }
        if take(UInt8(ascii: "e")) || take(UInt8(ascii: "E")) {
            if !take(UInt8(ascii: "+")) { _ = take(UInt8(ascii: "-")) }
            guard digits() > 0 else { throw syntax("an exponent needs a digit") }
            // A number too large for a double (1e400) is refused here, where its place is known.
            let text = String(
                decoding: UnsafeRawBufferPointer(
                    rebasing: bytes[(start > 0 && bytes[start - 1] == UInt8(ascii: "-") ? start - 1 : start)..<position]
                ), as: UTF8.self)
            guard let value = Double(text), value.isFinite else {
                throw failure("the number \(text.prefix(40)) is out of range")
            }
            // Nor one too small (1e-400 would read as 0): a digit other than 0 before the exponent makes it no zero.
            let mantissa = text.prefix { $0 != "e" && $0 != "E" }
            if value == 0, mantissa.contains(where: { $0 >= "1" && $0 <= "9" }) {
                throw failure("the number \(text.prefix(40)) is out of range (too small for a double)")
            }
        } else if position - start > 308 {
            throw failure("a number of \(position - start) digits is out of range")
        }
    }

    /// Reads the object at `position` (its `{`): each member's key is checked against the object's other keys and
    /// put on the path; `member` reads its value.
    private mutating func object(
        _ what: String, _ member: (inout JSONReader, KeyRef) throws(JSONSyntaxError) -> Void
    ) throws(JSONSyntaxError) {
        position += 1
        let keyBase = keys.count
        skipSpace()
        if !take(UInt8(ascii: "}")) {
            repeat {
                skipSpace()
                let key = try readKey(objectKeysFrom: keyBase)
                if trackPath { path.append(.key(unescapedKey(key))) }
                skipSpace()
                try expect(UInt8(ascii: ":"), "expected ':' after a key")
                skipSpace()
                try member(&self, key)
                if trackPath { path.removeLast() }
                skipSpace()
            } while take(UInt8(ascii: ","))
            try expect(UInt8(ascii: "}"), "expected ',' or '}' in \(what)")
        }
        endObject(keysFrom: keyBase)
    }

    /// Reads a key and refuses it if the object being read has it already.
    private mutating func readKey(objectKeysFrom base: Int) throws(JSONSyntaxError) -> KeyRef {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
            throw syntax(position >= bytes.count ? "the payload ends early" : "expected a key in double quotes")
        }
        let (range, escaped) = try string()
        let key = KeyRef(range: range, escaped: escaped)
        let count = keys.count - base
        if count >= Self.indexedObjectSize {
            // A large object: its keys are looked up by hash, so that a frame of many keys costs linear time.
            if largeObjects[base] == nil {
                var index: [Int: [Int]] = [:]
                for position in base..<keys.count { index[hash(keys[position]), default: []].append(position) }
                largeObjects[base] = index
            }
            let hash = hash(key)
            for position in largeObjects[base]?[hash] ?? [] where same(keys[position], key) {
                throw duplicate(key)
            }
            largeObjects[base]?[hash, default: []].append(keys.count)
        } else {
            for position in base..<keys.count where same(keys[position], key) {
                throw duplicate(key)
            }
        }
        keys.append(key)
        return key
    }

    /// A key's hash: equal contents hash alike, whether or not they were written with escapes.
    private func hash(_ key: KeyRef) -> Int {
        var hasher = Hasher()
        if key.escaped {
            let decoded = Self.unescape(UnsafeRawBufferPointer(rebasing: bytes[key.range])) ?? []
            decoded.withUnsafeBytes { hasher.combine(bytes: $0) }
        } else {
            hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: bytes[key.range]))
        }
        return hasher.finalize()
    }

    /// Objects with this many keys are checked for duplicates through an index by hash.
    private static let indexedObjectSize = 16

    private mutating func duplicate(_ key: KeyRef) -> JSONSyntaxError {
        if trackPath { path.append(.key(unescapedKey(key))) }
        return failure(
            "the key \"\(unescapedKey(key).prefix(80))\" appears twice in one object; "
                + "JSON parsers differ on which one counts, so goald takes neither")
    }

    /// Ends an object: forgets its keys.
    private mutating func endObject(keysFrom base: Int) {
        keys.removeSubrange(base...)
        if !largeObjects.isEmpty { largeObjects[base] = nil }
    }

    private func same(_ a: KeyRef, _ b: KeyRef) -> Bool {
        if !a.escaped && !b.escaped {
            return a.range.count == b.range.count
                && memcmp(
                    bytes.baseAddress! + a.range.lowerBound, bytes.baseAddress! + b.range.lowerBound, a.range.count)
                    == 0
        }
        return Self.unescape(UnsafeRawBufferPointer(rebasing: bytes[a.range]))
            == Self.unescape(UnsafeRawBufferPointer(rebasing: bytes[b.range]))
    }

    /// Reads a string; returns the range of its contents and whether they hold escapes. Checks escapes and UTF-8.
    private mutating func string() throws(JSONSyntaxError) -> (Range<Int>, Bool) {
        position += 1  // the opening quote
        let start = position
        var escaped = false
        while position < bytes.count {
            let byte = bytes[position]
            // Most bytes are plain ASCII: one test for them.
            if byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
                position += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return (start..<(position - 1), escaped)
            case UInt8(ascii: "\\"):
                escaped = true
                try escape()
            case 0..<0x20:
                throw syntax("a control character in a string must be escaped")
            case 0x80...:
                try utf8Sequence()
            default:
                position += 1
            }
        }
        throw syntax("the payload ends inside a string")
    }

    private mutating func escape() throws(JSONSyntaxError) {
        position += 1
        guard position < bytes.count else { throw syntax("the payload ends inside a string") }
        switch bytes[position] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            position += 1
        case UInt8(ascii: "u"):
            position += 1
            guard let unit = hex4(at: position) else { throw syntax("\\u needs four hex digits") }
            position += 4
            if (0xD800...0xDBFF).contains(unit) {
                guard position + 6 <= bytes.count, bytes[position] == UInt8(ascii: "\\"),
                    bytes[position + 1] == UInt8(ascii: "u"), let low = hex4(at: position + 2),
                    (0xDC00...0xDFFF).contains(low)
                else {
                    throw syntax("a \\u escape of a high surrogate must be followed by a low one")
                }
                position += 6
            } else if (0xDC00...0xDFFF).contains(unit) {
                throw syntax("a \\u escape of a low surrogate without a high one")
            }
        default:
            throw syntax("unknown escape")
        }
    }

    private func hex4(at index: Int) -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            guard let digit = Self.hexValue(bytes[index + offset]) else { return nil }
            value = value << 4 | digit
        }
        return value
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x30...0x39: UInt32(byte - 0x30)
        case 0x41...0x46: UInt32(byte - 0x41 + 10)
        case 0x61...0x66: UInt32(byte - 0x61 + 10)
        default: nil
        }
    }

    /// One well-formed UTF-8 sequence (no overlong forms, no surrogates, nothing above U+10FFFF).
    private mutating func utf8Sequence() throws(JSONSyntaxError) {
        let lead = bytes[position]
        let count: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: count = 2
        case 0xE0:
            count = 3
            low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: count = 3
        case 0xED:
            count = 3
            high = 0x9F
        case 0xF0:
            count = 4
            low = 0x90
        case 0xF1...0xF3: count = 4
        case 0xF4:
            count = 4
            high = 0x8F
        default: throw failure("frame payload is not valid UTF-8")
        }
        guard position + count <= bytes.count else { throw failure("frame payload is not valid UTF-8") }
        let second = bytes[position + 1]
        guard second >= low, second <= high else { throw failure("frame payload is not valid UTF-8") }
        for offset in 2..<max(2, count) where bytes[position + offset] & 0xC0 != 0x80 {
            throw failure("frame payload is not valid UTF-8")
        }
        position += count
    }

    /// A string's contents (already checked) with escapes resolved, as UTF-8; nil if they are not well-formed.
    static func unescape(_ contents: UnsafeRawBufferPointer) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(contents.count)
        var index = 0
        func hex(_ at: Int) -> UInt32? {
            guard at + 4 <= contents.count else { return nil }
            var value: UInt32 = 0
            for offset in 0..<4 {
                guard let digit = hexValue(contents[at + offset]) else { return nil }
                value = value << 4 | digit
            }
            return value
        }
        while index < contents.count {
            let byte = contents[index]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                index += 1
                continue
            }
            guard index + 1 < contents.count else { return nil }
            let kind = contents[index + 1]
            index += 2
            switch kind {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard var scalar = hex(index) else { return nil }
                index += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    guard index + 6 <= contents.count, contents[index] == UInt8(ascii: "\\"),
                        contents[index + 1] == UInt8(ascii: "u"), let low = hex(index + 2)
                    else { return nil }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                }
                guard let unicode = Unicode.Scalar(scalar) else { return nil }
                out.append(contentsOf: Array(String(Character(unicode)).utf8))
            default: return nil
            }
        }
        return out
    }
}
