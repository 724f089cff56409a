import Foundation

/// Encodes a value as goald writes JSON: compact, object keys sorted, `/` not escaped. These are the bytes
/// Foundation's `JSONEncoder` writes with `[.sortedKeys, .withoutEscapingSlashes]` (a test holds the two to
/// that), made several times faster: values go into a small tree of arrays, then straight into bytes.
///
/// What this encoder does not cover (dates, data, URLs, decimals, Float, numbers that are not finite, keys
/// outside ASCII) makes it throw `CompactJSONEncoder.Unsupported`; the caller then uses Foundation's encoder,
/// which gives the answer (or the error) it always gave.
package struct CompactJSONEncoder {
    package struct Unsupported: Error {}

    package init() {}

    package func encode(_ value: some Encodable) throws -> [UInt8] {
        let root = Slot()
        try Self.encodeValue(value, into: root, path: [])
        var out: [UInt8] = []
        out.reserveCapacity(512)
        try root.value.write(into: &out)
        return out
    }

    /// Encodes one value into a slot: primitives directly, anything else through its `encode(to:)`.
    fileprivate static func encodeValue<T: Encodable>(_ value: T, into slot: Slot, path: [any CodingKey]) throws {
        switch value {
        case let string as String: slot.value = .string(string)
        case let flag as Bool: slot.value = .bool(flag)
        case let number as Int: slot.value = .number(String(number))
        case let number as Int64: slot.value = .number(String(number))
        case let number as UInt64: slot.value = .number(String(number))
        case let number as Int32: slot.value = .number(String(number))
        case let number as UInt32: slot.value = .number(String(number))
        case let number as Double: slot.value = .number(try format(number))
        case is Float, is Date, is Data, is URL, is Decimal: throw Unsupported()
        default:
            let encoder = TreeEncoder(slot: slot, codingPath: path)
            try value.encode(to: encoder)
        }
    }

    /// A Double as Foundation writes it: the shortest form that reads back the same, without a trailing `.0`.
    fileprivate static func format(_ number: Double) throws -> String {
        guard number.isFinite else { throw Unsupported() }
        var text = number.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }
}

// MARK: - The tree

/// A place a value is written to; containers hold slots, so a nested container can be filled later.
fileprivate final class Slot {
    var value: Node = .null
}

fileprivate final class ObjectNode {
    var keys: [String] = []
    var slots: [Slot] = []
    /// Set by a key outside ASCII, whose place in Foundation's order this encoder does not promise.
    var unsupported = false
    /// Positions by key, once the object is large enough for a linear search to cost.
    private var positions: [String: Int]?

    /// The slot for a key: a new one, or the one already there (a key encoded twice keeps its last value).
    func slot(for key: String) -> Slot {
        if !key.utf8.allSatisfy({ $0 < 0x80 }) { unsupported = true }
        let existing = positions.map { $0[key] } ?? keys.firstIndex(of: key)
        if let index = existing {
            slots[index] = Slot()
            return slots[index]
        }
        let slot = Slot()
        keys.append(key)
        slots.append(slot)
        if positions != nil {
            positions?[key] = keys.count - 1
        } else if keys.count == 32 {
            positions = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        }
        return slot
    }
}

fileprivate final class ArrayNode {
    var slots: [Slot] = []

    func append() -> Slot {
        let slot = Slot()
        slots.append(slot)
        return slot
    }
}

fileprivate enum Node {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case object(ObjectNode)
    case array(ArrayNode)

    func write(into out: inout [UInt8]) throws {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let text): out.append(contentsOf: text.utf8)
        case .string(let text): Self.writeString(text, into: &out)
        case .array(let array):
            out.append(UInt8(ascii: "["))
            for (index, slot) in array.slots.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                try slot.value.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            guard !object.unsupported else { throw CompactJSONEncoder.Unsupported() }
            out.append(UInt8(ascii: "{"))
            let order = object.keys.indices.sorted { object.keys[$0].utf8.lexicographicallyPrecedes(object.keys[$1].utf8) }
            for (position, index) in order.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(object.keys[index], into: &out)
                out.append(UInt8(ascii: ":"))
                try object.slots[index].value.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00..<0x20:
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                        hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

// MARK: - Encoder

fileprivate struct TreeEncoder: Encoder {
    let slot: Slot
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: ObjectNode
        if case .object(let existing) = slot.value {
            object = existing
        } else {
            object = ObjectNode()
            slot.value = .object(object)
        }
        return KeyedEncodingContainer(KeyedContainer<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: ArrayNode
        if case .array(let existing) = slot.value {
            array = existing
        } else {
            array = ArrayNode()
            slot.value = .array(array)
        }
        return UnkeyedContainer(array: array, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(slot: slot, codingPath: codingPath)
    }
}

fileprivate struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: ObjectNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { object.slot(for: key.stringValue).value = .null }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try CompactJSONEncoder.encodeValue(value, into: object.slot(for: key.stringValue), path: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                         forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = ObjectNode()
        object.slot(for: key.stringValue).value = .object(nested)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(object: nested, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = ArrayNode()
        object.slot(for: key.stringValue).value = .array(nested)
        return UnkeyedContainer(array: nested, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        TreeEncoder(slot: object.slot(for: "super"), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        TreeEncoder(slot: object.slot(for: key.stringValue), codingPath: codingPath + [key])
    }
}

fileprivate struct IndexKey: CodingKey {
    var stringValue: String { "Index \(intValue ?? 0)" }
    var intValue: Int?
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

fileprivate struct UnkeyedContainer: UnkeyedEncodingContainer {
    let array: ArrayNode
    let codingPath: [any CodingKey]
    var count: Int { array.slots.count }

    mutating func encodeNil() throws { array.append().value = .null }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let index = array.slots.count
        try CompactJSONEncoder.encodeValue(value, into: array.append(), path: codingPath + [IndexKey(index)])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = ObjectNode()
        array.append().value = .object(nested)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(object: nested, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = ArrayNode()
        array.append().value = .array(nested)
        return UnkeyedContainer(array: nested, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        TreeEncoder(slot: array.append(), codingPath: codingPath)
    }
}

fileprivate struct SingleContainer: SingleValueEncodingContainer {
    let slot: Slot
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { slot.value = .null }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try CompactJSONEncoder.encodeValue(value, into: slot, path: codingPath)
    }
}
