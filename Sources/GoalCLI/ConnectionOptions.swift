import ArgumentParser
import FoundationEssentials
import GoalClient
import GoalProtocol

/// The options every command shares: where goald is, how long to wait, how to print.
package struct ConnectionOptions: ParsableArguments {
    /// The socket used when neither --socket nor $GOALD_SOCKET is given.
    package static let defaultSocket = WireDefaults.socketPath

    @Option(
        help: ArgumentHelp(
            "goald's socket (default: $GOALD_SOCKET, else \(Self.defaultSocket)).",
            valueName: "path"))
    var socket: String?

    @Flag(
        help: ArgumentHelp(
            "Print the server's result as one line of JSON, for scripts; an error is one line of "
                + "JSON on standard error, {\"error\":{\"code\":…,\"message\":…,\"details\":…}}, "
                + "with the same exit status."
        ))
    var json = false

    @Option(help: ArgumentHelp("Seconds to wait for an answer.", valueName: "seconds"))
    var timeout: Double = 10

    @Option(
        help: ArgumentHelp(
            "The committee whose follow-up is meant, by its abbreviation, such as RUN or HSN (default: "
                + "$GOALD_COMMITTEE, else the model's default committee). `goalctl committees` lists them.",
            valueName: "abbreviation"), completion: Completions.committees)
    var committee: String?

    package init() {}

    package func validate() throws {
        guard timeout > 0, timeout <= 86_400 else {
            throw ValidationError("--timeout must be more than 0 and at most 86400 seconds.")
        }
    }

    /// The socket to use: the flag, else the environment, else the default.
    var socketPath: String {
        if let socket { return socket }
        if let fromEnvironment = ProcessInfo.processInfo.environment["GOALD_SOCKET"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return Self.defaultSocket
    }

    var timeoutDuration: Duration { .milliseconds(Int64(timeout * 1000)) }

    /// The committee to name in a follow-up call: the flag, else the environment; nil: goald's default.
    var committeeName: String? {
        if let committee, !committee.isEmpty { return committee }
        if let fromEnvironment = ProcessInfo.processInfo.environment["GOALD_COMMITTEE"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return nil
    }

    /// The params with the committee named, when they belong to one committee's follow-up and name none yet.
    func scoped<Params>(_ params: Params) -> Params {
        guard let committee = committeeName, var scoped = params as? any CommitteeScoped, scoped.committee == nil
        else { return params }
        scoped.committee = committee
        return (scoped as? Params) ?? params
    }

    /// Makes one call and prints its result: as JSON with --json, else through `render`.
    /// Every failure is printed on standard error and becomes goalctl's documented exit status.
    func perform<Params, Result>(
        _ method: RPCMethod<Params, Result>, _ params: Params, check: ((Result) throws -> Void)? = nil,
        render: (Result) -> String
    ) throws {
        try withConnection { connection in
            try perform(method, params, on: connection, check: check, render: render)
        }
    }

    /// Connects, then runs `body` with the connection; failures become goalctl's exit statuses.
    func withConnection<T>(_ body: (GoalConnection) throws -> T) throws -> T {
        try Self.guarding(json: json) {
            try body(try GoalConnection(socketPath: socketPath))
        }
    }

    /// Makes one call on an open connection and prints its result, as `perform` does. `check` gets the result
    /// when the command decides something from it (its exit status), after it is printed.
    ///
    /// With `json`, the result is printed as goald wrote it, without decoding it: compact, keys sorted, numbers as
    /// Foundation writes them, "/" not escaped, which is `Output.json` of the result (a test holds goald's answers
    /// to it). It is decoded only for `check`.
    func perform<Params, Result>(
        _ method: RPCMethod<Params, Result>, _ params: Params, on connection: GoalConnection,
        check: ((Result) throws -> Void)? = nil, render: (Result) -> String
    ) throws {
        let payload = try connection.callRaw(method: method.name, params: scoped(params), timeout: timeoutDuration)
        func decoded() throws -> Result {
            let response = try JSONDecoder().decode(Response<Result>.self, from: payload)
            guard let result = response.result else {
                throw ClientError(.protocolViolation, "goald's answer to \(method.name) carries no result")
            }
            return result
        }
        if json {
            // Decoded first when it is checked, so that an answer that does not decode prints nothing.
            let result = try check.map { _ in try decoded() }
            if let bytes = GoalConnection.resultBytes(of: payload) {
                Output.write(JSONLine(text: String(decoding: bytes, as: UTF8.self)))
            } else {
                _ = try result ?? decoded()  // says what is wrong with an answer goald would not write
                Output.write(try Output.json(GoalConnection.resultJSON(of: payload)))
            }
            if let check, let result { try check(result) }
        } else {
            let result = try decoded()
            Output.write(render(result))
            try check?(result)
        }
    }

    /// Runs `body`, turning errors into a message on standard error (one line of JSON with `json`) and an exit
    /// status.
    static func guarding<T>(json: Bool, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as RPCError {
            report(error, from: "goald", json: json)
            throw ExitCode(exitStatus(for: error.code))
        } catch let error as ClientError {
            report(RPCError(code(for: error.kind), error.message), from: "goalctl", json: json)
            throw ExitCode(exitStatus(for: error.kind))
        } catch let error as DecodingError {
            report(RPCError(.internal, "goald's answer does not decode: \(error)"), from: "goalctl", json: json)
            throw ExitCode(1)
        } catch let error as ValueError {
            report(RPCError(.invalidArgument, error.message), from: "goalctl", json: json)
            throw ExitCode(64)
        } catch let error as CannotWrite {
            report(
                RPCError(.failedPrecondition, error.message, details: ["field": "output"]), from: "goalctl",
                json: json)
            throw ExitCode(73)
        }
    }

    /// A problem goalctl finds itself (a file it cannot read or write, a sheet that is not there): said as every
    /// error is, in words or (with --json) as one JSON object; returns the exit status to throw.
    func failure(_ code: StatusCode, _ message: String, field: String? = nil, exit status: Int32) -> ExitCode {
        Self.report(RPCError(code, message, details: field.map { ["field": $0] }), from: "goalctl", json: json)
        return ExitCode(status)
    }

    /// An error as a person reads it (`goald: NOT_FOUND: …`), or as a script does: the error object of the
    /// protocol, `{"error":{"code":…,"message":…,"details":…}}`, where `details.origin` says whether goald
    /// answered it or goalctl found it.
    static func report(_ error: RPCError, from origin: String, json: Bool) {
        guard json else {
            // A person reads the param's name as goalctl's words have it ("value: …"); a script reads the path
            // from the frame's root ("params.value: …"), as the protocol says it.
            let message = error.message.hasPrefix("params.") ? String(error.message.dropFirst(7)) : error.message
            Output.error(origin == "goald" ? "goald: \(error.code.rawValue): \(message)" : "goalctl: \(message)")
            return
        }
        var located = error
        located.details = (error.details ?? [:]).merging(["origin": origin]) { old, _ in old }
        struct Envelope: Encodable { var error: RPCError }
        Output.error(
            (try? Output.json(Envelope(error: located)))
                ?? JSONLine(text: #"{"error":{"code":"INTERNAL","message":"?"}}"#))
    }

    /// The status code a call that got no answer stands for.
    static func code(for kind: ClientError.Kind) -> StatusCode {
        switch kind {
        case .unreachable: .unavailable
        case .permissionDenied: .permissionDenied
        case .deadlineExceeded: .deadlineExceeded
        case .protocolViolation: .internal
        }
    }

    /// The exit status for an error answered by goald.
    package static func exitStatus(for code: StatusCode) -> Int32 {
        switch code {
        case .permissionDenied, .unauthenticated: 77
        case .deadlineExceeded: 75
        default: 1
        }
    }

    /// The exit status for a call that got no answer.
    package static func exitStatus(for kind: ClientError.Kind) -> Int32 {
        switch kind {
        case .unreachable: 69
        case .permissionDenied: 77
        case .deadlineExceeded: 75
        case .protocolViolation: 1
        }
    }
}
