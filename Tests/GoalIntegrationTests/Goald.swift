import GoalCLI
import GoalClient
import GoalServer
import GoalTestSupport

/// The goald a daemon test talks to: a process (`TestDaemon`), for what needs one (kill -9, a restart, goald's own
/// flags and environment), or goald's server in the test's process (`TestServer`, through `inProcess`), for the
/// rest. A test's body reads the same either way.
protocol Goald: Sendable {
    var socketPath: String { get }
    var directory: TemporaryDirectory { get }
    /// A new blocking connection.
    func connect() throws -> GoalConnection
    /// goalctl run with `arguments` against this goald: the goalctl program for a process, goalctl's command
    /// tree in this process (output captured) for the server in this process.
    func goalctl(_ arguments: [String]) throws -> ProcessOutcome
}

extension TestDaemon: Goald {
    func goalctl(_ arguments: [String]) throws -> ProcessOutcome {
        try runProduct("goalctl", ["--socket", socketPath] + arguments)
    }
}

extension TestServer: Goald {
    func goalctl(_ arguments: [String]) throws -> ProcessOutcome {
        let run = GoalCtl.runCapturingOutput(["--socket", socketPath] + arguments)
        return ProcessOutcome(status: run.status, stdout: run.standardOutput, stderr: run.standardError)
    }
}

/// Runs a test's blocking body against goald's server in this process (no process to start), configured by
/// `configure`, on a thread of its own.
func inProcess(
    _ configure: (inout ServerConfiguration) -> Void = { _ in }, _ body: @escaping @Sendable (TestServer) throws -> Void
) async throws {
    try await withTestServer(configure: configure) { server in try await offTheCooperativePool { try body(server) } }
}
