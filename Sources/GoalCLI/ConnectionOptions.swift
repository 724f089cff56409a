import ArgumentParser
import FoundationEssentials
import GoalClient
import GoalProtocol

/// The options every command shares: where goald is, how long to wait, how to print.
package struct ConnectionOptions: ParsableArguments {
    /// The socket used when neither --socket nor $GOALD_SOCKET is given.
    package static let defaultSocket = WireDefaults.socketPath

    @Option(help: ArgumentHelp("goald's socket (default: $GOALD_SOCKET, else \(Self.defaultSocket)).",
                               valueName: "path"))
    var socket: String?

    @Flag(help: "Print the server's result as JSON, for scripts.")
    var json = false

    @Option(help: ArgumentHelp("Seconds to wait for an answer.", valueName: "seconds"))
    var timeout: Double = 10

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

    /// Makes one call and prints its result: as JSON with --json, else through `render`.
    /// Every failure is printed on standard error and becomes goalctl's documented exit status.
    @discardableResult
    func perform<Params, Result>(
        _ method: RPCMethod<Params, Result>, _ params: Params, render: (Result) -> String
    ) throws -> Result {
        try withConnection { connection in
            try perform(method, params, on: connection, render: render)
        }
    }

    /// Connects, then runs `body` with the connection; failures become goalctl's exit statuses.
    func withConnection<T>(_ body: (GoalConnection) throws -> T) throws -> T {
        try Self.guarding {
            try body(try GoalConnection(socketPath: socketPath))
        }
    }

    /// Makes one call on an open connection and prints its result, as `perform` does.
    @discardableResult
    func perform<Params, Result>(
        _ method: RPCMethod<Params, Result>, _ params: Params, on connection: GoalConnection,
        render: (Result) -> String
    ) throws -> Result {
        let payload = try connection.callRaw(method: method.name, params: params, timeout: timeoutDuration)
        let response = try JSONDecoder().decode(Response<Result>.self, from: payload)
        guard let result = response.result else {
            throw ClientError(.protocolViolation, "goald's answer to \(method.name) carries no result")
        }
        if json {
            Output.write(try Output.json(GoalConnection.resultJSON(of: payload)))
        } else {
            Output.write(render(result))
        }
        return result
    }

    /// Runs `body`, turning errors into a message on standard error and an exit status.
    static func guarding<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as RPCError {
            Output.error("goald: \(error.code.rawValue): \(error.message)")
            throw ExitCode(exitStatus(for: error.code))
        } catch let error as ClientError {
            Output.error("goalctl: \(error.message)")
            throw ExitCode(exitStatus(for: error.kind))
        } catch let error as DecodingError {
            Output.error("goalctl: goald's answer does not decode: \(error)")
            throw ExitCode(1)
        } catch let error as ValueError {
            Output.error("goalctl: \(error.message)")
            throw ExitCode(64)
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
