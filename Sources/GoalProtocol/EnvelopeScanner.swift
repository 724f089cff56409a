/// The routing fields of a request read in one pass over its bytes, for the common shape of a call:
/// `{"id": 7, "method": "goald.v1.Health/Check", "params": {…}, "timeoutMs": 500}` in ASCII, keys in any order,
/// unknown keys skipped. The whole payload is checked to be JSON while it is read; `params` is located, not decoded.
///
/// Anything else (text outside ASCII, escapes in the method, a repeated key, `cancel`, `metadata`, an id out of
/// range, anything that is not JSON) gives nil, and the caller reads the frame with the general decoder, which
/// also words the errors. So this scanner only ever takes a frame the general path would take the same way.
package struct ScannedRequest: Sendable, Hashable {
    package var id: UInt64
    package var method: String
    package var timeoutMs: UInt64?
    /// Where the params value lies in the payload; nil when the key is absent.
    package var params: Range<Int>?
    /// True when params are absent, `null` or `{}`: the method's params decode from `{}`.
    package var paramsEmpty: Bool

    /// The largest id a client may use: 2^53−1, the largest integer every JSON parser keeps exact.
    package static let maxID: UInt64 = (1 << 53) - 1

    package static func scan(_ bytes: UnsafeRawBufferPointer) -> ScannedRequest? {
        var scanner = Scanner(bytes: bytes)
        return scanner.request()
    }
}

private struct Scanner {
    let bytes: UnsafeRawBufferPointer
    var position = 0

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    mutating func request() -> ScannedRequest? {
        skipSpace()
        guard take(UInt8(ascii: "{")) else { return nil }
        var id: UInt64?
        var method: String?
        var timeoutMs: UInt64?
        var params: Range<Int>?
        var paramsEmpty = true
        var seenParams = false
        skipSpace()
        if !take(UInt8(ascii: "}")) {
            repeat {
                skipSpace()
                guard let keyRange = string() else { return nil }
                let key = bytes[keyRange]
                skipSpace()
                guard take(UInt8(ascii: ":")) else { return nil }
                skipSpace()
                if key.elementsEqual(Self.idKey) {
                    guard id == nil, let value = integer(), value >= 1, value <= ScannedRequest.maxID else { return nil }
                    id = value
                } else if key.elementsEqual(Self.methodKey) {
                    guard method == nil, let range = string() else { return nil }
                    method = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
                } else if key.elementsEqual(Self.timeoutKey) {
                    guard timeoutMs == nil, let value = integer() else { return nil }
                    timeoutMs = value
                } else if key.elementsEqual(Self.paramsKey) {
                    guard !seenParams else { return nil }
                    seenParams = true
                    let start = position
                    guard value(depth: 0) else { return nil }
                    params = start..<position
                    paramsEmpty = isEmptyParams(start..<position)
                } else if key.elementsEqual(Self.cancelKey) || key.elementsEqual(Self.metadataKey) {
                    return nil
                } else {
                    guard value(depth: 0) else { return nil }
                }
                skipSpace()
            } while take(UInt8(ascii: ","))
            guard take(UInt8(ascii: "}")) else { return nil }
        }
        skipSpace()
        guard position == bytes.count, let id, let method else { return nil }
        return ScannedRequest(id: id, method: method, timeoutMs: timeoutMs, params: params, paramsEmpty: paramsEmpty)
    }

    static let idKey = Array("id".utf8)
    static let methodKey = Array("method".utf8)
    static let timeoutKey = Array("timeoutMs".utf8)
    static let paramsKey = Array("params".utf8)
    static let cancelKey = Array("cancel".utf8)
    static let metadataKey = Array("metadata".utf8)

    /// `null`, `{}` or `{ }`.
    func isEmptyParams(_ range: Range<Int>) -> Bool {
        let text = bytes[range]
        if text.elementsEqual("null".utf8) { return true }
        guard text.first == UInt8(ascii: "{"), text.last == UInt8(ascii: "}") else { return false }
        return text.dropFirst().dropLast().allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
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

    /// A string without escapes, in printable ASCII; returns the range of its contents.
    mutating func string() -> Range<Int>? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return start..<(position - 1)
            }
            guard byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "\\") else { return nil }
            position += 1
        }
        return nil
    }

    /// A JSON integer without sign, fraction or exponent, as UInt64.
    mutating func integer() -> UInt64? {
        let start = position
        var value: UInt64 = 0
        while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
            guard position - start < 18 else { return nil }
            value = value * 10 + UInt64(bytes[position] - 0x30)
            position += 1
        }
        guard position > start, !(bytes[start] == 0x30 && position - start > 1) else { return nil }
        // A fraction or exponent makes it a number this scanner leaves to the general decoder.
        if position < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[position]) {
            return nil
        }
        return value
    }

    /// Skips any JSON value, checking its grammar; false when it is not JSON this scanner takes.
    mutating func value(depth: Int) -> Bool {
        guard depth < 32, position < bytes.count else { return false }
        switch bytes[position] {
        case UInt8(ascii: "\""):
            return string() != nil
        case UInt8(ascii: "{"):
            position += 1
            skipSpace()
            if take(UInt8(ascii: "}")) { return true }
            repeat {
                skipSpace()
                guard string() != nil else { return false }
                skipSpace()
                guard take(UInt8(ascii: ":")) else { return false }
                skipSpace()
                guard value(depth: depth + 1) else { return false }
                skipSpace()
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "}"))
        case UInt8(ascii: "["):
            position += 1
            skipSpace()
            if take(UInt8(ascii: "]")) { return true }
            repeat {
                skipSpace()
                guard value(depth: depth + 1) else { return false }
                skipSpace()
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "]"))
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        default: return number()
        }
    }

    mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard bytes.count - position >= count else { return false }
        for index in 0..<count where bytes[position + index] != word.utf8Start[index] { return false }
        position += count
        return true
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?`, at most 30 characters; numbers with an exponent are left to the general path.
    mutating func number() -> Bool {
        func digits() -> Int {
            let start = position
            while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 { position += 1 }
            return position - start
        }
        _ = take(UInt8(ascii: "-"))
        let start = position
        let integerDigits = digits()
        guard integerDigits > 0, !(bytes[start] == 0x30 && integerDigits > 1) else { return false }
        if take(UInt8(ascii: ".")) {
            guard digits() > 0 else { return false }
        }
        // An exponent, or very many digits, may be out of a Double's range, which Foundation refuses:
        // such numbers go the general way.
        guard position - start <= 30, position >= bytes.count
            || (bytes[position] != UInt8(ascii: "e") && bytes[position] != UInt8(ascii: "E")) else { return false }
        return true
    }
}

/// A params object of plain members, read without a decoder: `{"year": 2024, "unit": "Kultur"}`.
/// Values are whole numbers, strings without escapes, or null; anything else gives nil (the decoder then reads
/// the params, and words any error). Later members with the same key are refused, not merged.
package struct FlatObject {
    package enum Value: Equatable {
        case integer(Int)
        case string(String)
        case null
    }

    package private(set) var members: [(key: String, value: Value)] = []

    package static func read(_ bytes: UnsafeRawBufferPointer) -> FlatObject? {
        var scanner = Scanner(bytes: bytes)
        var object = FlatObject()
        scanner.skipSpace()
        guard scanner.take(UInt8(ascii: "{")) else { return nil }
        scanner.skipSpace()
        if !scanner.take(UInt8(ascii: "}")) {
            repeat {
                scanner.skipSpace()
                guard let keyRange = scanner.string() else { return nil }
                let key = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[keyRange]), as: UTF8.self)
                guard !object.members.contains(where: { $0.key == key }) else { return nil }
                scanner.skipSpace()
                guard scanner.take(UInt8(ascii: ":")) else { return nil }
                scanner.skipSpace()
                guard scanner.position < bytes.count else { return nil }
                switch bytes[scanner.position] {
                case UInt8(ascii: "\""):
                    guard let range = scanner.string() else { return nil }
                    object.members.append((key, .string(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]),
                                                                         as: UTF8.self))))
                case UInt8(ascii: "n"):
                    guard scanner.literal("null") else { return nil }
                    object.members.append((key, .null))
                default:
                    let negative = scanner.take(UInt8(ascii: "-"))
                    guard let magnitude = scanner.integer(), magnitude <= UInt64(Int.max) else { return nil }
                    object.members.append((key, .integer(negative ? -Int(magnitude) : Int(magnitude))))
                }
                scanner.skipSpace()
            } while scanner.take(UInt8(ascii: ","))
            guard scanner.take(UInt8(ascii: "}")) else { return nil }
        }
        scanner.skipSpace()
        guard scanner.position == bytes.count else { return nil }
        return object
    }

    /// An optional whole-number member: `.some(nil)` when absent or null, `nil` when of another type.
    package func integer(_ key: String) -> Int?? {
        switch members.first(where: { $0.key == key })?.value {
        case nil, .null?: return .some(nil)
        case .integer(let value)?: return .some(value)
        case .string?: return nil
        }
    }

    /// An optional string member: `.some(nil)` when absent or null, `nil` when of another type.
    package func string(_ key: String) -> String?? {
        switch members.first(where: { $0.key == key })?.value {
        case nil, .null?: return .some(nil)
        case .string(let value)?: return .some(value)
        case .integer?: return nil
        }
    }
}

/// Params that can be read from a flat object without a decoder; nil hands them to the decoder.
package protocol FlatReadable {
    init?(flat: FlatObject)
}

extension GetReductionRequest: FlatReadable {
    package init?(flat: FlatObject) {
        guard let year = flat.integer("year"), let baseline = flat.integer("baseline"), let unit = flat.string("unit"),
              let through = flat.string("through"), let factors = flat.string("factors") else { return nil }
        self.init(year: year, baseline: baseline, unit: unit, through: through, factors: factors)
    }
}

extension HealthCheckRequest: FlatReadable {
    package init?(flat: FlatObject) {
        guard let service = flat.string("service") else { return nil }
        self.init(service: service)
    }
}
