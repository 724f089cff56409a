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

    /// Who may call the method: `read` anyone who can open the socket, `write` writers, `admin` administrators.
    package enum Permission: String, Sendable {
        case read, write, admin
    }

    package let name: String
    package let kind: RPCKind
    package let access: Access
    package let permission: Permission
    package let body: @Sendable (_ input: CallInput, _ context: CallContext) throws -> [UInt8]
}

/// A server-streaming method: opening it checks the params and gives a source of messages; the server sends
/// the source's message now and after every change of state, when it differs from the last one sent.
package struct StreamHandler: Sendable {
    package let name: String
    package let open: @Sendable (_ frame: Data, _ context: CallContext) throws -> StreamSource
}

/// A stream's messages: the encoded message for a snapshot. `final` is true for the last message of the stream.
package struct StreamSource: Sendable {
    package let next: @Sendable (_ snapshot: Snapshot, _ serving: Bool) throws -> (message: [UInt8], final: Bool)
}

/// The method table: full method name → handler.
package struct RPCRouter: Sendable {
    private var handlers: [String: MethodHandler] = [:]
    private var streams: [String: StreamHandler] = [:]

    package init() {}

    /// Registers a server-streaming method. `message` makes the message for a snapshot; it is sent when it
    /// differs from the previous one. When goald stops serving, the stream ends after one last message.
    package mutating func registerStream<Params, Result>(
        _ method: RPCMethod<Params, Result>,
        _ open: @escaping @Sendable (Params, CallContext) throws -> @Sendable (Snapshot, Bool) throws -> Result
    ) {
        precondition(handlers[method.name] == nil && streams[method.name] == nil, "\(method.name) registered twice")
        streams[method.name] = StreamHandler(name: method.name) { frame, context in
            let params: Params
            do {
                params = try JSONDecoder().decode(RequestParams<Params>.self, from: frame).params
            } catch let error as DecodingError {
                throw RPCError.invalidParams(error)
            }
            let message = try open(params, context)
            return StreamSource { snapshot, serving in
                (try WireJSON.encode(try message(snapshot, serving)), !serving)
            }
        }
    }

    package func stream(for method: String) -> StreamHandler? { streams[method] }

    /// Every method with its kind and permission, for Reflection and its test.
    package var catalogue: [(name: String, kind: RPCKind, permission: MethodHandler.Permission)] {
        let unary = handlers.values.map { ($0.name, $0.kind, $0.permission) }
        let streaming = streams.keys.map { ($0, RPCKind.serverStreaming, MethodHandler.Permission.read) }
        return (unary + streaming).sorted { $0.0 < $1.0 }
    }

    /// Registers a unary method. Params are decoded by the method's own type; a params value of the wrong
    /// shape is answered with INVALID_ARGUMENT naming the field.
    package mutating func register<Params, Result>(
        _ method: RPCMethod<Params, Result>,
        access: MethodHandler.Access = .read,
        permission: MethodHandler.Permission? = nil,
        _ body: @escaping @Sendable (Params, CallContext) throws -> Result
    ) {
        add(method, access: access, permission: permission, body) { result in try WireJSON.encode(result) }
    }

    /// Registers a unary method whose result writes its own JSON (the hot answers): no encoder, no cast per call.
    package mutating func register<Params, Result: JSONWritable>(
        _ method: RPCMethod<Params, Result>,
        access: MethodHandler.Access = .read,
        permission: MethodHandler.Permission? = nil,
        _ body: @escaping @Sendable (Params, CallContext) throws -> Result
    ) {
        add(method, access: access, permission: permission, body) { result in
            if let bytes = try? JSONWriter.encode(result) { return bytes }
            return try WireJSON.foundationEncode(result)
        }
    }

    private mutating func add<Params, Result>(
        _ method: RPCMethod<Params, Result>,
        access: MethodHandler.Access,
        permission: MethodHandler.Permission?,
        _ body: @escaping @Sendable (Params, CallContext) throws -> Result,
        encode: @escaping @Sendable (Result) throws -> [UInt8]
    ) {
        precondition(handlers[method.name] == nil && streams[method.name] == nil, "\(method.name) registered twice")
        let permission = permission ?? (access == .read ? .read : .write)
        // Params of `{}`, decoded once: the answer for every call that sends none.
        let emptyParams = try? JSONDecoder().decode(Params.self, from: Data("{}".utf8))
        handlers[method.name] = MethodHandler(name: method.name, kind: method.kind, access: access,
                                              permission: permission) { input, context in
            let params: Params
            if case .scanned(let frame, let range, let empty) = input,
               let scanned = empty ? emptyParams : range.flatMap({ Self.readParams(Params.self, frame[$0]) }) {
                params = scanned
            } else {
                // The general way, which also words the error of params that do not fit.
                do {
                    params = try JSONDecoder().decode(RequestParams<Params>.self, from: input.frame).params
                } catch let error as DecodingError {
                    throw RPCError.invalidParams(error)
                }
            }
            return try encode(try body(params, context))
        }
    }

    package func handler(for method: String) -> MethodHandler? { handlers[method] }

    /// Params from their bytes: without a decoder when they are a flat object the type can read, else with
    /// Foundation's; nil when they do not decode (the caller then decodes the frame, to word the error).
    private static func readParams<Params: Decodable>(_ type: Params.Type, _ bytes: Data) -> Params? {
        if let readable = type as? any FlatReadable.Type,
           let flat = bytes.withUnsafeBytes({ FlatObject.read($0) }),
           let params = readable.init(flat: flat) as? Params {
            return params
        }
        return try? JSONDecoder().decode(Params.self, from: bytes)
    }

    /// The names of every registered method, sorted.
    package var methodNames: [String] { (Array(handlers.keys) + Array(streams.keys)).sorted() }
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
