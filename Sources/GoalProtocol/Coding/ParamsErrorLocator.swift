import FoundationEssentials

/// Words the error of params Foundation's decoder refused without saying where (it calls `2024.5` for a whole
/// number "not valid JSON", with no path). It decodes the type again from the params' JSON tree, keeping the path,
/// and gives the first value that does not fit, named from the frame's root (`params.year`).
/// Only errors come here: params that decode go no further than Foundation.
enum ParamsErrorLocator {
    /// The located error for params `Foundation` could not decode, or nil if this decoder finds nothing wrong.
    static func locate<Params: Decodable>(_ type: Params.Type, in bytes: Data) -> DecodingError? {
        guard let tree = try? JSONDecoder().decode(JSONValue.self, from: bytes) else { return nil }
        do {
            _ = try Params(from: TreeDecoder(value: tree, codingPath: []))
            return nil
        } catch let error as DecodingError {
            return error
        } catch {
            return nil
        }
    }
}

private struct TreeDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else {
            throw DecodingError.typeMismatch(
                [String: JSONValue].self,
                .init(
                    codingPath: codingPath,
                    debugDescription: "expected an object"))
        }
        return KeyedDecodingContainer(Keyed<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let array) = value else {
            throw DecodingError.typeMismatch(
                [JSONValue].self,
                .init(
                    codingPath: codingPath,
                    debugDescription: "expected an array"))
        }
        return Unkeyed(array: array, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        Single(value: value, codingPath: codingPath)
    }
}

private struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

/// Decodes primitives from a tree value, with the checks Foundation makes and the words the protocol uses.
private func decodePrimitive<T: Decodable>(_ type: T.Type, _ value: JSONValue, _ path: [any CodingKey]) throws -> T {
    func mismatch(_ what: String) -> DecodingError {
        .typeMismatch(type, .init(codingPath: path, debugDescription: what))
    }
    if case .null = value {
        throw DecodingError.valueNotFound(type, .init(codingPath: path, debugDescription: "found null"))
    }
    switch type {
    case is String.Type:
        guard case .string(let text) = value else { throw mismatch("expected a string") }
        return text as! T
    case is Bool.Type:
        guard case .bool(let flag) = value else { throw mismatch("expected true or false") }
        return flag as! T
    case is Double.Type:
        guard case .number(let number) = value else { throw mismatch("expected a number") }
        return number as! T
    case is Int.Type, is Int64.Type, is UInt64.Type, is Int32.Type, is UInt32.Type:
        guard case .number(let number) = value else { throw mismatch("expected a whole number") }
        guard number == number.rounded(), abs(number) < 9.007_199_254_740_992e15 else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: path,
                    debugDescription:
                        "Parsed JSON number <\(JSONValue.number(number).text)> does not fit in \(type)."))
        }
        switch type {
        case is Int.Type: return Int(number) as! T
        case is Int64.Type: return Int64(number) as! T
        case is Int32.Type:
            guard let value = Int32(exactly: number) else { throw mismatch("expected a whole number in range") }
            return value as! T
        case is UInt32.Type:
            guard let value = UInt32(exactly: number) else { throw mismatch("expected a whole number from 0") }
            return value as! T
        default:
            guard let value = UInt64(exactly: number) else { throw mismatch("expected a whole number from 0") }
            return value as! T
        }
    default:
        return try T(from: TreeDecoder(value: value, codingPath: path))
    }
}

private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: [String: JSONValue]
    let codingPath: [any CodingKey]
    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null? = object[key.stringValue] { return true }
        return object[key.stringValue] == nil
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        guard let value = object[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "is required"))
        }
        return try decodePrimitive(type, value, codingPath + [key])
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = object[key.stringValue], value != .null else { return nil }
        return try decodePrimitive(type, value, codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try TreeDecoder(value: object[key.stringValue] ?? .null, codingPath: codingPath + [key]).container(
            keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try TreeDecoder(value: object[key.stringValue] ?? .null, codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { TreeDecoder(value: .object(object), codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder {
        TreeDecoder(value: object[key.stringValue] ?? .null, codingPath: codingPath + [key])
    }
}

private struct Unkeyed: UnkeyedDecodingContainer {
    let array: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0
    var count: Int? { array.count }
    var isAtEnd: Bool { currentIndex >= array.count }

    init(array: [JSONValue], codingPath: [any CodingKey]) {
        self.array = array
        self.codingPath = codingPath
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, case .null = array[currentIndex] else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                type,
                .init(
                    codingPath: codingPath + [IndexKey(currentIndex)],
                    debugDescription: "the array ends early"))
        }
        let value = try decodePrimitive(type, array[currentIndex], codingPath + [IndexKey(currentIndex)])
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        defer { currentIndex += 1 }
        return try TreeDecoder(
            value: isAtEnd ? .null : array[currentIndex],
            codingPath: codingPath + [IndexKey(currentIndex)]
        ).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        defer { currentIndex += 1 }
        return try TreeDecoder(
            value: isAtEnd ? .null : array[currentIndex],
            codingPath: codingPath + [IndexKey(currentIndex)]
        ).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        defer { currentIndex += 1 }
        return TreeDecoder(
            value: isAtEnd ? .null : array[currentIndex], codingPath: codingPath + [IndexKey(currentIndex)])
    }
}

private struct Single: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { value == .null }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodePrimitive(type, value, codingPath) }
}

extension JSONValue {
    /// A number as JSON writes it, for an error message.
    var text: String {
        guard case .number(let number) = self else { return "" }
        return (try? CompactJSONEncoder.format(number)) ?? "\(number)"
    }
}
