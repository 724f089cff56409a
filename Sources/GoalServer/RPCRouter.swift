import GoalProtocol
import Logging

/// A method's implementation: params in, the encoded result out. How it runs is its `Body`.
package struct MethodHandler: Sendable {
    /// Who may call the method: `read` anyone who can open the socket, `write` writers, `admin` administrators.
    package enum Permission: String, Sendable {
        case read, write, admin
    }

    /// What a write writes, for a writer of some committees alone (goald.conf `writers.RUN`): `everything` (the
    /// travel data, staff) is only for writers of every committee; `committee` is the follow-up of the committee
    /// its params name (or the default committee); `board` is the region's judgement of its effect goals.
    /// `decision` is a committee's decision of its follow-up of a period, recorded by an administrator or the
    /// committee's secretaries (goald.conf `secretaries.RUN`); `reopening` takes a follow-up back to a draft: a
    /// writer of the committee may reopen one marked ready, a decided one needs who may record decisions.
    package enum WriteScope: Sendable {
        case everything, committee, board, decision, reopening
        /// Each row of the call names its committee: the method checks the peer may write every one.
        case rows
    }

    /// Reads answer at once on the event loop from the snapshot; writes are prepared (their params decoded, a file
    /// parsed) off the writer, then run one at a time on the writer, both in the order they arrived; slow calls (a
    /// reload) run as child tasks of the server, off the loops and the writer.
    package enum Body: Sendable {
        case read(Read)
        case write(Write)
        case slow(Slow)
    }

    package typealias Read = @Sendable (ParamsBytes, CallContext) throws(RPCError) -> [UInt8]
    /// A write's first step, on the thread that prepares every write in turn (`StateWriter.submit(prepared:)`): it
    /// may read the writer's clock but not its state, and gives the step that runs on the writer.
    package typealias Write = @Sendable (ParamsBytes, CallContext, StateWriter) throws(RPCError) -> Apply
    /// A write's second step, isolated on the writer: the change, its commit, the encoded answer.
    package typealias Apply = @Sendable (isolated StateWriter) throws(RPCError) -> [UInt8]
    package typealias Slow = @Sendable (ParamsBytes, CallContext) async throws(RPCError) -> [UInt8]

    package let name: String
    package let permission: Permission
    package var writeScope: WriteScope = .everything
    package let body: Body

    /// Whether the call answers on the event loop (reads), or later (and so counts toward the in-flight limit).
    package var answersAtOnce: Bool {
        if case .read = body { return true }
        return false
    }
}

/// A server-streaming method: opening it checks the params and gives a source of messages; the server sends
/// the source's message now and after every change of state, when it differs from the last one sent.
package struct StreamHandler: Sendable {
    package let name: String
    package let open: @Sendable (_ params: ParamsBytes, _ context: CallContext) throws(RPCError) -> StreamSource
}

/// A stream's messages: the encoded message for a snapshot. `final` is true for the last message of the stream.
package struct StreamSource: Sendable {
    package let next:
        @Sendable (_ snapshot: Snapshot, _ serving: Bool) throws(RPCError) -> (message: [UInt8], final: Bool)

    package init(
        next:
            @escaping @Sendable (_ snapshot: Snapshot, _ serving: Bool) throws(RPCError)
            -> (message: [UInt8], final: Bool)
    ) {
        self.next = next
    }
}

/// What a method name routes to.
package enum Route: Sendable {
    case unary(MethodHandler)
    case stream(StreamHandler)
}

/// The method table: full method name → handler. Each service registers its own methods (`RPCService`); params
/// are decoded and results encoded by the method's coders (`RPCMethod.coding`), and a field an error names is
/// given from the frame's root (`params.unit`).
package struct RPCRouter: Sendable {
    private var routes: [String: Route] = [:]

    package init() {}

    /// Registers a read: answered at once from the snapshot.
    package mutating func register<Params, Result>(
        _ method: RPCMethod<Params, Result>,
        permission: MethodHandler.Permission = .read,
        _ body: @escaping @Sendable (Params, CallContext) throws -> Result
    ) {
        add(
            method.name, permission: permission,
            .read { params, context throws(RPCError) in
                let request = try method.decodeParams(params)
                let result = try Self.located(context) { try body(request, context) }
                return try Self.encode(method, result)
            })
    }

    /// Registers a read whose answer is kept with the snapshot it was made from: `key` names the answer for the
    /// params (nil: not kept), and a later call with the same key before the next change is answered with the
    /// bytes kept, not made again. For reads that take long to make and are asked for again and again (the region's
    /// status of a period).
    package mutating func registerKept<Params, Result>(
        _ method: RPCMethod<Params, Result>,
        snapshot: @escaping @Sendable () -> Snapshot,
        key: @escaping @Sendable (Params) -> String?,
        _ body: @escaping @Sendable (Params, Snapshot, CallContext) throws -> Result
    ) {
        add(
            method.name, permission: .read,
            .read { params, context throws(RPCError) in
                let request = try method.decodeParams(params)
                let current = snapshot()
                let make = { () throws(RPCError) -> [UInt8] in
                    let result = try Self.located(context) { try body(request, current, context) }
                    return try Self.encode(method, result)
                }
                guard let key = key(request) else { return try make() }
                return try current.kept(method.name + "\u{0}" + key, make)
            })
    }

    /// Registers a write: run on the writer, one at a time, in the order the calls arrived (its params are decoded
    /// before, off the writer).
    package mutating func registerWrite<Params, Result>(
        _ method: RPCMethod<Params, Result>,
        permission: MethodHandler.Permission = .write, scope: MethodHandler.WriteScope = .everything,
        _ body: @escaping @Sendable (Params, CallContext, isolated StateWriter) throws -> Result
    ) {
        registerWrite(method, permission: permission, scope: scope, prepare: { request, _, _ in request }, body)
    }

    /// Registers a write in two steps: `prepare` turns the params into what the write needs (a file parsed, say)
    /// off the writer, so that the writer spends its time on the store; `body` then runs on the writer, one write
    /// at a time, in the order the calls arrived. `prepare` may throw, and then the write never reaches the writer.
    package mutating func registerWrite<Params, Prepared: Sendable, Result>(
        _ method: RPCMethod<Params, Result>,
        permission: MethodHandler.Permission = .write, scope: MethodHandler.WriteScope = .everything,
        prepare: @escaping @Sendable (Params, CallContext, StateWriter) throws -> Prepared,
        _ body: @escaping @Sendable (Prepared, CallContext, isolated StateWriter) throws -> Result
    ) {
        add(
            method.name, permission: permission, scope: scope,
            .write { params, context, writer throws(RPCError) in
                let request = try method.decodeParams(params)
                let committee = (request as? any CommitteeScoped)?.committee
                // The region's own write is judged as the region's, not as the default committee's.
                let regionWide = (request as? any RegionScoped)?.region == true
                let prepared: Prepared
                do {
                    prepared = try prepare(request, context, writer)
                } catch {
                    throw Self.rpcError(error, context)
                }
                return { writer throws(RPCError) in
                    if regionWide {
                        try context.authorizeRegion()
                    } else {
                        try context.authorize(scope, committee: committee, state: writer.stateSnapshot)
                    }
                    let result: Result
                    do {
                        result = try body(prepared, context, writer)
                    } catch {
                        throw Self.rpcError(error, context)
                    }
                    return try Self.encode(method, result)
                }
            })
    }

    /// Registers a slow call that is neither a read nor a write (a reload): run as a child task of the server.
    package mutating func registerSlow<Params, Result>(
        _ method: RPCMethod<Params, Result>,
        permission: MethodHandler.Permission,
        _ body: @escaping @Sendable (Params, CallContext) async throws -> Result
    ) {
        add(
            method.name, permission: permission,
            .slow { params, context throws(RPCError) in
                let request = try method.decodeParams(params)
                let result: Result
                do {
                    result = try await body(request, context)
                } catch {
                    throw Self.rpcError(error, context)
                }
                let bytes = try Self.encode(method, result)
                MemoryReturn.shared.answered(bytes: bytes.count)
                return bytes
            })
    }

    /// Registers a server-streaming method. `message` makes the message for a snapshot; it is sent when it
    /// differs from the previous one. When goald stops serving, the stream ends after one last message.
    package mutating func registerStream<Params, Result>(
        _ method: RPCMethod<Params, Result>,
        _ open: @escaping @Sendable (Params, CallContext) throws -> @Sendable (Snapshot, Bool) throws -> Result
    ) {
        precondition(routes[method.name] == nil, "\(method.name) registered twice")
        routes[method.name] = .stream(
            StreamHandler(name: method.name) { params, context throws(RPCError) in
                let request = try method.decodeParams(params)
                let message = try Self.located(context) { try open(request, context) }
                return StreamSource { snapshot, serving throws(RPCError) in
                    let result = try Self.located(context) { try message(snapshot, serving) }
                    return (try Self.encode(method, result), !serving)
                }
            })
    }

    private mutating func add(
        _ name: String, permission: MethodHandler.Permission, scope: MethodHandler.WriteScope = .everything,
        _ body: MethodHandler.Body
    ) {
        precondition(routes[name] == nil, "\(name) registered twice")
        var handler = MethodHandler(name: name, permission: permission, body: body)
        handler.writeScope = scope
        routes[name] = .unary(handler)
    }

    /// Runs a handler's body; a field its error names is a param, named from the root.
    private static func located<T>(_ context: CallContext, _ body: () throws -> T) throws(RPCError) -> T {
        do {
            return try body()
        } catch {
            throw rpcError(error, context)
        }
    }

    /// A handler's error for the wire: one that knows its wire form (`RPCError`, the domain's `DomainError`) with its
    /// field named from the root; anything else is a bug, logged, and answered INTERNAL.
    private static func rpcError(_ error: any Error, _ context: CallContext) -> RPCError {
        if let error = error as? any RPCErrorConvertible { return error.rpcError.inParams() }
        context.logger.error("handler failed", metadata: ["error": "\(error)"])
        return RPCError(.internal, "internal error while serving \(context.method)")
    }

    private static func encode<Params, Result>(_ method: RPCMethod<Params, Result>, _ result: Result)
        throws(RPCError) -> [UInt8]
    {
        do {
            return try method.encodeResult(result)
        } catch {
            throw RPCError(.internal, "internal error: the result of \(method.name) could not be encoded")
        }
    }

    package func route(_ method: String) -> Route? { routes[method] }

    /// The methods' names, for the request decoder to intern.
    package var knownNames: KnownNames { KnownNames(routes.keys.sorted()) }

    /// Every method with its kind and permission, for Reflection and its test.
    package var catalogue: [(name: String, kind: RPCKind, permission: MethodHandler.Permission)] {
        routes.map { name, route in
            switch route {
            case .unary(let handler): (name, RPCKind.unary, handler.permission)
            case .stream: (name, RPCKind.serverStreaming, MethodHandler.Permission.read)
            }
        }.sorted { $0.name < $1.name }
    }

    /// Every method with whether it writes, for the metrics.
    package var methodKinds: [(name: String, isWrite: Bool)] {
        routes.map { name, route in
            if case .unary(let handler) = route, case .write = handler.body { return (name, true) }
            return (name, false)
        }.sorted { $0.name < $1.name }
    }

    /// The names of every registered method, sorted.
    package var methodNames: [String] { routes.keys.sorted() }
}

/// A set of methods that registers itself on the router: goald's services are handed to `GoalServer` as a list.
package protocol RPCService: Sendable {
    func register(on router: inout RPCRouter)
}
