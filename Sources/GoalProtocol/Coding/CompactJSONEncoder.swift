import FoundationEssentials

/// Encodes a value as goald writes JSON: compact, object keys sorted, `/` not escaped. These are the bytes
/// Foundation's `JSONEncoder` writes with `[.sortedKeys, .withoutEscapingSlashes]` (a test holds the two to
/// that), made several times faster: values go into a small tree of arrays, then straight into bytes.
///
/// Keys are sorted by their UTF-8 bytes, as Foundation sorts them on Linux (keys outside ASCII included). Types that
/// are not wire JSON (dates, data, URLs, decimals, Float) throw `CompactJSONEncoder.Unsupported`: no message of
/// goald's holds one, and every method is called by a test (ReflectionTests holds that), whose answer would be
/// INTERNAL. A number that is not finite throws
/// `EncodingError.invalidValue`, as Foundation's encoder does.
package struct CompactJSONEncoder {
    package struct Unsupported: Error {}

    package init() {}

    package func encode(_ value: some Encodable) throws -> [UInt8] {
        let node = try Self.node(for: value)
        var out: [UInt8] = []
        out.reserveCapacity(512)
        try node.write(into: &out)
        return out
    }

    /// The tree of one value: primitives directly, anything else through its `encode(to:)`.
    fileprivate static func node<T: Encodable>(for value: T) throws -> Node {
        switch value {
        case let string as String: return .string(string)
        case let number as Double: return .number(try format(number))
        case let number as Int: return .number(String(number))
        case let flag as Bool: return .bool(flag)
        case let number as Int64: return .number(String(number))
        case let number as UInt64: return .number(String(number))
        case let number as Int32: return .number(String(number))
        case let number as UInt32: return .number(String(number))
        case is Float, is Date, is Data, is URL, is Decimal: throw Unsupported()
        default:
            let encoder = TreeEncoder()
            try value.encode(to: encoder)
            return encoder.box.node
        }
    }

    /// A Double as Foundation writes it: the shortest form that reads back the same, without a trailing `.0`.
    static func format(_ number: Double) throws -> String {
        guard number.isFinite else {
            throw EncodingError.invalidValue(
                number, .init(codingPath: [], debugDescription: "\(number) is not a JSON number"))
        }
        var text = number.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }
}

/// JSON encoding as goald writes it: sorted keys, so the same value always gives the same bytes. One encoder, the
/// compact one, for every answer, event, error and `--json` line.
package enum WireJSON {
    package static func encode(_ value: some Encodable) throws -> [UInt8] {
        try CompactJSONEncoder().encode(value)
    }

    /// Foundation's encoder: the reference the tests hold the compact encoder's bytes to.
    package static func foundationEncode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }
}

// MARK: - The tree

/// Where an encoder puts the value it makes (a container created later fills the object or array it holds).
private final class Box {
    var node: Node = .null
}

private final class ObjectNode {
    var keys: [String] = []
    var values: [Node] = []
    /// Positions by key, once the object is large enough for a linear search to cost.
    private var positions: [String: Int]?

    /// Sets a key's value; a key set twice keeps its last value.
    func set(_ key: String, _ node: Node) {
        if let index = positions.map({ $0[key] }) ?? keys.firstIndex(of: key) {
            values[index] = node
            return
        }
        keys.append(key)
        values.append(node)
        if positions != nil {
            positions?[key] = keys.count - 1
        } else if keys.count == 32 {
            positions = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        }
    }
}

private final class ArrayNode {
    var values: [Node] = []
}

private enum Node {
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
        case .string(let text): JSONWriter.writeEscaped(text, into: &out)
        case .array(let array):
            out.append(UInt8(ascii: "["))
            for (index, value) in array.values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                try value.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            let order = object.keys.indices.sorted {
                object.keys[$0].utf8.lexicographicallyPrecedes(object.keys[$1].utf8)
            }
            for (position, index) in order.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.writeEscaped(object.keys[index], into: &out)
                out.append(UInt8(ascii: ":"))
                try object.values[index].write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}

// MARK: - Encoder
//
// Coding paths are not kept: nothing here reports one (what this encoder cannot write goes to Foundation's,
// which does), and building them cost an allocation per value.

private final class TreeEncoder: Encoder {
    let box = Box()
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object(let existing) = box.node {
            return KeyedEncodingContainer(KeyedContainer<Key>(object: existing))
        }
        let object = ObjectNode()
        box.node = .object(object)
        return KeyedEncodingContainer(KeyedContainer<Key>(object: object))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array(let existing) = box.node { return UnkeyedContainer(array: existing) }
        let array = ArrayNode()
        box.node = .array(array)
        return UnkeyedContainer(array: array)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(box: box)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: ObjectNode
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws { object.set(key.stringValue, .null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { object.set(key.stringValue, .bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { object.set(key.stringValue, .string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        object.set(key.stringValue, .number(try CompactJSONEncoder.format(value)))
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws {
        object.set(key.stringValue, .number(String(value)))
    }
    mutating func encode(_ value: Float, forKey key: Key) throws { throw CompactJSONEncoder.Unsupported() }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        object.set(key.stringValue, try CompactJSONEncoder.node(for: value))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = ObjectNode()
        object.set(key.stringValue, .object(nested))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(object: nested))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = ArrayNode()
        object.set(key.stringValue, .array(nested))
        return UnkeyedContainer(array: nested)
    }

    mutating func superEncoder() -> any Encoder { SuperEncoder(object: object, key: "super") }
    mutating func superEncoder(forKey key: Key) -> any Encoder { SuperEncoder(object: object, key: key.stringValue) }
}

/// An encoder for a key's value, written when the value's container is asked for.
private final class SuperEncoder: Encoder {
    let object: ObjectNode
    let key: String
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(object: ObjectNode, key: String) {
        self.object = object
        self.key = key
    }

    func container<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = ObjectNode()
        object.set(key, .object(nested))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(object: nested))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = ArrayNode()
        object.set(key, .array(nested))
        return UnkeyedContainer(array: nested)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { KeySingleContainer(object: object, key: key) }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let array: ArrayNode
    var codingPath: [any CodingKey] { [] }
    var count: Int { array.values.count }

    mutating func encodeNil() throws { array.values.append(.null) }
    mutating func encode(_ value: String) throws { array.values.append(.string(value)) }
    mutating func encode(_ value: Double) throws { array.values.append(.number(try CompactJSONEncoder.format(value))) }
    mutating func encode(_ value: Int) throws { array.values.append(.number(String(value))) }
    mutating func encode(_ value: Bool) throws { array.values.append(.bool(value)) }
    mutating func encode(_ value: Float) throws { throw CompactJSONEncoder.Unsupported() }

    mutating func encode<T: Encodable>(_ value: T) throws {
        array.values.append(try CompactJSONEncoder.node(for: value))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<
        NestedKey
    > {
        let nested = ObjectNode()
        array.values.append(.object(nested))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(object: nested))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = ArrayNode()
        array.values.append(.array(nested))
        return UnkeyedContainer(array: nested)
    }

    mutating func superEncoder() -> any Encoder {
        let object = ObjectNode()
        array.values.append(.object(object))
        return SuperEncoder(object: object, key: "super")
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let box: Box
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { box.node = .null }
    mutating func encode<T: Encodable>(_ value: T) throws { box.node = try CompactJSONEncoder.node(for: value) }
}

private struct KeySingleContainer: SingleValueEncodingContainer {
    let object: ObjectNode
    let key: String
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { object.set(key, .null) }
    mutating func encode<T: Encodable>(_ value: T) throws { object.set(key, try CompactJSONEncoder.node(for: value)) }
}
