import Foundation
import GoalClient

/// Where the built executables are: `$GOALD_BIN_DIR`, else beside the running test bundle.
package enum BuildProducts {
    package static var directory: String {
        if let dir = ProcessInfo.processInfo.environment["GOALD_BIN_DIR"], !dir.isEmpty { return dir }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        // The test runner is `<bin>/goaldPackageTests.xctest`, a file on Linux and a bundle on macOS.
        while url.pathComponents.count > 1,
            !FileManager.default.fileExists(atPath: url.appendingPathComponent("goald").path)
        {
            url.deleteLastPathComponent()
        }
        return url.path
    }

    package static func path(of executable: String) -> String { directory + "/" + executable }
}

/// What a finished process left behind.
package struct ProcessOutcome: Sendable {
    package var status: Int32
    package var stdout: String
    package var stderr: String

    package init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// Runs a built executable to the end and captures its output.
package func runProduct(
    _ name: String, _ arguments: [String], environment: [String: String] = [:],
    stdin: Data? = nil
) throws -> ProcessOutcome {
    // A built product by name, or any program by absolute path.
    let path = name.hasPrefix("/") ? name : BuildProducts.path(of: name)
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "GOALD_SOCKET")
    env.removeValue(forKey: "NOTIFY_SOCKET")
    // goalctl's words follow the environment's language: the tests read the English ones unless they ask.
    for key in ["LC_ALL", "LC_MESSAGES"] { env.removeValue(forKey: key) }
    env["LANG"] = "C.UTF-8"
    for (key, value) in environment { env[key] = value }
    return try spawnToEnd(path: path, arguments: arguments, environment: env, stdin: stdin)
}

/// A goald process started from the built binary on a temporary socket, for integration tests.
package final class TestDaemon: @unchecked Sendable {
    package let directory: TemporaryDirectory
    package let socketPath: String
    private let process: Process
    private let errorLog: String

    /// Starts goald and waits until it is serving: goald says READY=1 on a notification socket the test holds, as
    /// it says it to systemd once it listens, so no connection is made to find out (a test counting connections
    /// sees only its own). A `launcher` (a command that ends by running its arguments with `exec`, such as
    /// `unshare … sh -c '…; exec "$@"'`), or a test that listens for the notifications itself, gets the older way:
    /// connecting until a connection is taken.
    package init(
        arguments: [String] = [], directory: TemporaryDirectory? = nil,
        environment: [String: String] = [:], launcher: [String] = []
    ) throws {
        let directory = try directory ?? TemporaryDirectory()
        self.directory = directory
        self.socketPath = directory.file("goald.sock")
        self.errorLog = directory.file("goald.log")
        _ = FileManager.default.createFile(atPath: errorLog, contents: nil)
        let process = Process()
        let goald =
            [
                BuildProducts.path(of: "goald"), "--socket", socketPath, "--state-dir", directory.file("state"),
                "--log-level", "debug",
            ] + arguments
        let command = launcher + goald
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NOTIFY_SOCKET")
        // goalctl's words follow the environment's language: the tests read the English ones unless they ask.
        for key in ["LC_ALL", "LC_MESSAGES"] { env.removeValue(forKey: key) }
        env["LANG"] = "C.UTF-8"
        for (key, value) in environment { env[key] = value }
        let readiness =
            launcher.isEmpty && environment["NOTIFY_SOCKET"] == nil
            ? try NotifyListener(path: directory.file("ready.notify")) : nil
        if let readiness { env["NOTIFY_SOCKET"] = readiness.path }
        process.environment = env
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: errorLog)
        try process.run()
        self.process = process
        if let readiness { try waitUntilReady(readiness) } else { try waitUntilServing() }
    }

    package var pid: Int32 { process.processIdentifier }
    package var isRunning: Bool { process.isRunning }

    /// What goald logged so far.
    package var log: String { (try? String(contentsOfFile: errorLog, encoding: .utf8)) ?? "" }

    private func waitUntilReady(_ listener: NotifyListener) throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            // A bounded wait, so that a goald that exits instead is seen at once.
            if let message = listener.receive(timeout: .milliseconds(100)) {
                if message.split(separator: "\n").contains("READY=1") { return }
            } else if !process.isRunning {
                throw TestDaemonError(message: "goald exited with \(process.terminationStatus):\n\(log)")
            }
        }
        throw TestDaemonError(message: "goald did not say READY=1 within 20 s:\n\(log)")
    }

    private func waitUntilServing() throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if !process.isRunning {
                throw TestDaemonError(message: "goald exited with \(process.terminationStatus):\n\(log)")
            }
            if (try? GoalConnection(socketPath: socketPath)) != nil { return }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw TestDaemonError(message: "goald did not listen on \(socketPath) within 20 s:\n\(log)")
    }

    /// A new connection to this daemon.
    package func connect() throws -> GoalConnection { try GoalConnection(socketPath: socketPath) }

    /// Sends a signal and waits for the process to end; returns its exit status.
    @discardableResult
    package func stop(signal: Int32 = SIGTERM) -> Int32 {
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Stops goald if still running and removes its folder.
    package func cleanUp() {
        stop(signal: SIGKILL)
        directory.remove()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

package struct TestDaemonError: Error, CustomStringConvertible {
    package var message: String
    package init(message: String) { self.message = message }
    package var description: String { message }
}
