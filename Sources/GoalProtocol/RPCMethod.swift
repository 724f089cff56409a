import FoundationEssentials

/// A method on the wire: its full name, the Swift types of its params and result, and how they are coded.
/// Client and server use the same value, so the two cannot drift apart.
package struct RPCMethod<Params: Codable & Sendable, Result: Codable & Sendable>: Sendable {
    /// The full name, `goald.v1.<Service>/<Method>`.
    package let name: String
    package let kind: RPCKind
    /// How params are read and results written: the general coders, or a method's own fast ones.
    package let coding: MethodCoding<Params, Result>
    /// The params of a call that sends none, decoded once; nil when the method requires some.
    private let emptyParams: Params?
    /// The result's writer, chosen once, here: the method's own (`FastCoders`), else the compact encoder.
    private let writeResult: @Sendable (Result) throws -> [UInt8]

    package init(_ name: String, kind: RPCKind = .unary, coding: MethodCoding<Params, Result> = .general) {
        self.name = name
        self.kind = kind
        self.coding = coding
        self.emptyParams = try? JSONDecoder().decode(Params.self, from: Data("{}".utf8))
        self.writeResult = coding.writeResult ?? { try CompactJSONEncoder().encode($0) }
    }

    /// The call's params. A params value that does not fit the method's type is an `INVALID_ARGUMENT` naming
    /// the field from the frame's root (`params.year`).
    package func decodeParams(_ params: ParamsBytes) throws(RPCError) -> Params {
        if params.isEmpty, let emptyParams { return emptyParams }
        if let read = coding.readParams, let data = params.data, let fast = data.withUnsafeBytes({ read($0) }) {
            return fast
        }
        let bytes = params.bytes
        do {
            return try JSONDecoder().decode(Params.self, from: bytes)
        } catch let error as DecodingError {
            // Foundation names no place for some errors (a fraction for a whole number): find it.
            if error.codingPath.isEmpty, let located = ParamsErrorLocator.locate(Params.self, in: bytes) {
                throw RPCError.invalidParams(located)
            }
            throw RPCError.invalidParams(error)
        } catch {
            throw RPCError.invalidArgument("params: \(error)", field: "params")
        }
    }

    /// The result's JSON as goald writes it (compact, keys sorted).
    package func encodeResult(_ result: Result) throws -> [UInt8] { try writeResult(result) }
}

/// How a method's params are read and its result written. `.general` uses Foundation's decoder and the compact
/// encoder; a method asked for often registers hand-written coders (`FastCoders`), which give the same values and
/// bytes as the general ones (a test enumerates them all).
package struct MethodCoding<Params: Codable & Sendable, Result: Codable & Sendable>: Sendable {
    /// Reads params from their bytes without a decoder; nil leaves them to the general decoder, which also
    /// words any error.
    package let readParams: (@Sendable (UnsafeRawBufferPointer) -> Params?)?
    /// Writes a result's JSON.
    package let writeResult: (@Sendable (Result) throws -> [UInt8])?

    package init(
        readParams: (@Sendable (UnsafeRawBufferPointer) -> Params?)? = nil,
        writeResult: (@Sendable (Result) throws -> [UInt8])? = nil
    ) {
        self.readParams = readParams
        self.writeResult = writeResult
    }

    package static var general: Self { Self() }

    /// Whether any hand-written coder is registered.
    package var isFast: Bool { readParams != nil || writeResult != nil }
}

/// Whether a method answers once or streams.
package enum RPCKind: String, Sendable, Codable {
    case unary
    case serverStreaming
}

/// Params of a method that takes none. Encodes as `{}`.
package struct Empty: Codable, Sendable, Hashable {
    package init() {}
}

extension RPCError {
    /// Params that do not fit the method's type, located by their path from the frame's root (`params.key`).
    package static func invalidParams(_ error: DecodingError) -> RPCError {
        func render(_ path: [any CodingKey]) -> String {
            var text = "params"
            for key in path {
                if let index = key.intValue, key.stringValue == "Index \(index)" || key.stringValue == "\(index)" {
                    text += "[\(index)]"
                } else {
                    text += "." + key.stringValue
                }
            }
            return text
        }
        switch error {
        case .typeMismatch(let type, let context):
            let field = render(context.codingPath)
            return .invalidArgument("\(field): expected \(describe(type))", field: field)
        case .valueNotFound(let type, let context):
            let field = render(context.codingPath)
            return .invalidArgument("\(field): expected \(describe(type)), found null", field: field)
        case .keyNotFound(let key, let context):
            let field = render(context.codingPath + [key])
            return .invalidArgument("\(field): is required", field: field)
        case .dataCorrupted(let context):
            let field = render(context.codingPath)
            // Foundation says a number that does not fit its type (2024.5 for a year) is corrupt data.
            let reason =
                context.debugDescription.contains("does not fit")
                ? "expected a whole number in range, found \(numberIn(context.debugDescription) ?? "another number")"
                : context.debugDescription
            return .invalidArgument("\(field): \(reason)", field: field)
        @unknown default:
            return .invalidArgument("params: \(error)", field: "params")
        }
    }

    /// The number Foundation quotes in `Parsed JSON number <2024.5> does not fit in Int.`
    private static func numberIn(_ text: String) -> String? {
        guard let open = text.firstIndex(of: "<"), let close = text[open...].firstIndex(of: ">") else { return nil }
        return String(text[text.index(after: open)..<close])
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is UInt64.Type, is Int64.Type: "a whole number"
        case is Double.Type: "a number"
        default: "\(type)".hasPrefix("Array") ? "an array" : "an object"
        }
    }

    /// The same error with its field named from the frame's root: a handler names a param (`unit`), the wire
    /// names `params.unit`, in `details.field` and at the start of the message ("params.unit: …").
    package func inParams() -> RPCError {
        guard let field = details?["field"], !field.isEmpty, field != "params", !field.hasPrefix("params.") else {
            return self
        }
        return naming("params." + field)
    }

    /// The same error naming another field (when a domain rule's name for a value differs from the param's): in
    /// `details.field`, and at the start of the message where it named the old one ("indicator: …" → "key: …").
    package func naming(_ field: String) -> RPCError {
        guard let old = details?["field"] else { return self }
        var renamed = self
        renamed.details?["field"] = field
        if message.hasPrefix(old + ":") {
            renamed.message = field + message.dropFirst(old.count)
        }
        return renamed
    }
}

extension DecodingError {
    /// Where the error is, as the decoder gave it.
    var codingPath: [any CodingKey] {
        switch self {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
            .dataCorrupted(let context):
            context.codingPath
        @unknown default:
            []
        }
    }
}
