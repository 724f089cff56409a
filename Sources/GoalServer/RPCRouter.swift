import Foundation
import GoalProtocol

/// A method's implementation, working on the whole request frame and returning the encoded result.
package struct MethodHandler: Sendable {
    /// Reads answer at once from the snapshot; writes run one at a time on the writer, off the event loops;
    /// blocking calls (a reload) run on their own thread, off the event loops and the writer.
    package enum Access: Sendable {
        case read
        case write
        case blocking
    }

    package let name: String
    package let kind: RPCKind
    package let access: Access
    package let body: @Sendable (_ frame: Data, _ context: CallContext) throws -> [UInt8]
}

/// The method table: full method name → handler.
package struct RPCRouter: Sendable {
    private var handlers: [String: MethodHandler] = [:]

    package init() {}

    /// Registers a unary method. Params are decoded by the method's own type; a params value of the wrong
    /// shape is answered with INVALID_ARGUMENT naming the field.
    package mutating func register<Params, Result>(
        _ method: RPCMethod<Params, Result>,
        access: MethodHandler.Access = .read,
        _ body: @escaping @Sendable (Params, CallContext) throws -> Result
    ) {
        precondition(handlers[method.name] == nil, "\(method.name) registered twice")
        handlers[method.name] = MethodHandler(name: method.name, kind: method.kind, access: access) { frame, context in
            let params: Params
            do {
                params = try JSONDecoder().decode(RequestParams<Params>.self, from: frame).params
            } catch let error as DecodingError {
                throw RPCError.invalidParams(error)
            }
            return try WireJSON.encode(try body(params, context))
        }
    }

    package func handler(for method: String) -> MethodHandler? { handlers[method] }

    /// The names of every registered method, sorted.
    package var methodNames: [String] { handlers.keys.sorted() }
}

/// JSON encoding as goald writes it: sorted keys, so the same value always gives the same bytes.
package enum WireJSON {
    package static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }
}

extension RPCError {
    /// A params value that does not fit the method's type, located by its path (`params.key`).
    static func invalidParams(_ error: DecodingError) -> RPCError {
        func render(_ path: [any CodingKey]) -> String {
            var text = ""
            for key in path {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? key.stringValue : "." + key.stringValue
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
            return .invalidArgument("\(field.isEmpty ? "params" : field): \(context.debugDescription)", field: field)
        @unknown default:
            return .invalidArgument("params: \(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is UInt64.Type, is Double.Type, is Int64.Type: "a number"
        default: "\(type)".hasPrefix("Array") ? "an array" : "an object"
        }
    }
}
