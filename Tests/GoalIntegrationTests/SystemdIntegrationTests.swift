import Foundation
import GoalClient
import GoalProtocol
import GoalTestSupport
import Testing

/// goald's side of systemd, against a stand-in notification socket: readiness, reload, watchdog, configuration.
@Suite(.serialized) struct SystemdIntegrationTests {
    static let plan = """
        {"format": "goald.plan/1", "id": "other-plan", "title": "Annan plan", "organisation": "Org",
         "committee": "Nämnd", "firstYear": 2025, "lastYear": 2025,
         "effectGoals": [{"number": "1", "title": "Effekt", "strategyLinks": [],
           "resultGoals": [{"number": "1.1", "title": "Resultat",
             "indicators": [{"number": "1.1.1", "title": "Andel", "target":
               {"kind": "percentage", "value": 42, "direction": "atMost"}}]}]}]}
        """

    @Test func sighupReloadsAGoodPlanAndKeepsServingTheOldOneOnABadOne() throws {
        let directory = try TemporaryDirectory()
        let listener = try NotifyListener(path: directory.file("notify"))
        let config = directory.file("goald.conf")
        try Data("# no model: the built-in plan\n".utf8).write(to: URL(fileURLWithPath: config))
        let daemon = try TestDaemon(
            arguments: ["--config", config], directory: directory,
            environment: ["NOTIFY_SOCKET": listener.path])
        defer { daemon.cleanUp() }
        _ = listener.messages(until: "READY=1", timeout: .seconds(10))
        let connection = try daemon.connect()  // stays open across the reloads
        #expect(try connection.call(GoalRPC.getPlan, GetPlanRequest()).id == "run-2024-2026")

        // A good plan: RELOADING=1 with MONOTONIC_USEC in one datagram, then READY=1.
        let model = directory.file("plan.json")
        try Data(Self.plan.utf8).write(to: URL(fileURLWithPath: model))
        try Data("model = \(model)\n".utf8).write(to: URL(fileURLWithPath: config))
        kill(daemon.pid, SIGHUP)
        let reload = listener.messages(until: "READY=1", timeout: .seconds(10))
        let reloading = try #require(reload.first)
        #expect(reloading.hasPrefix("RELOADING=1\nMONOTONIC_USEC="))
        #expect(reload.last?.contains("READY=1") == true)
        #expect(try connection.call(GoalRPC.getPlan, GetPlanRequest()).id == "other-plan")

        // A bad plan: the old one keeps serving, and the reload says it failed.
        try Data("{\"format\": \"goald.plan/1\"}".utf8).write(to: URL(fileURLWithPath: model))
        kill(daemon.pid, SIGHUP)
        let failed = listener.messages(until: "READY=1", timeout: .seconds(10))
        #expect(failed.last?.contains("STATUS=reload failed: \(model) is not a valid model file") == true)
        #expect(try connection.call(GoalRPC.getPlan, GetPlanRequest()).id == "other-plan")
        #expect(daemon.log.contains("reload failed; the previous plan and factor sets keep serving"))

        // goalctl admin reload waits and reports the same.
        let refused = try runProduct("goalctl", ["--socket", daemon.socketPath, "admin", "reload"])
        #expect(refused.status == 1)
        #expect(
            refused.stderr.contains("FAILED_PRECONDITION: reload failed, the previous state keeps serving: \(model)"))
        try Data(Self.plan.utf8).write(to: URL(fileURLWithPath: model))
        let accepted = try runProduct("goalctl", ["--socket", daemon.socketPath, "admin", "reload"])
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(accepted.stdout.hasPrefix("reloaded: plan other-plan: 1 indicators"))
        #expect(try connection.call(GoalRPC.reload, Empty()).reloaded, "the open connection survives every reload")
        #expect(daemon.isRunning)
    }

    @Test func theWatchdogIsFedOnlyWhileTheServingPathAnswers() throws {
        let directory = try TemporaryDirectory()
        let listener = try NotifyListener(path: directory.file("notify"))
        let daemon = try TestDaemon(
            directory: directory,
            environment: [
                "NOTIFY_SOCKET": listener.path, "WATCHDOG_USEC": "400000",
            ])
        defer { daemon.cleanUp() }
        _ = listener.messages(until: "READY=1", timeout: .seconds(10))
        let fed = listener.messages(until: "WATCHDOG=1", timeout: .seconds(5))
        #expect(fed.last?.contains("WATCHDOG=1") == true)
        #expect(fed.last?.contains("STATUS=serving plan run-2024-2026") == true)

        kill(daemon.pid, SIGSTOP)
        #expect(Self.waitUntilStopped(daemon.pid), "goald did not stop on SIGSTOP")
        while listener.receive(timeout: .milliseconds(10)) != nil {}  // what was sent before the stop
        #expect(listener.receive(timeout: .seconds(1)) == nil, "a stopped goald must not feed the watchdog")
        kill(daemon.pid, SIGCONT)
        #expect(listener.messages(until: "WATCHDOG=1", timeout: .seconds(5)).last?.contains("WATCHDOG=1") == true)
    }

    @Test func theConfigurationFileIsReadAndFlagsWin() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let config = directory.file("goald.conf")
        try Data("socket = \(directory.file("from-file.sock"))\nlog-level = chatty\n".utf8)
            .write(to: URL(fileURLWithPath: config))
        let bad = try runProduct("goald", ["--config", config, "--state-dir", directory.file("state")])
        #expect(bad.status == 78)
        #expect(
            bad.stderr.contains(
                "\(config):2: log-level = chatty: The value 'chatty' is invalid for '--log-level "
                    + "<level>'") && bad.stderr.contains("- trace"), "\(bad.stderr)")

        try Data("colour = blue\n".utf8).write(to: URL(fileURLWithPath: config))
        let unknown = try runProduct("goald", ["--config", config])
        #expect(unknown.status == 78)
        #expect(
            unknown.stderr.contains(
                "\(config):1: unknown key \"colour\"; keys: socket, socket-mode, socket-group, "
                    + "state-dir"), "\(unknown.stderr)")

        let missing = try runProduct("goald", ["--config", directory.file("absent.conf")])
        #expect(missing.status == 78 && missing.stderr.contains("does not exist"))

        // The file names the socket; the daemon listens there. A flag would win (TestDaemon passes --socket).
        try Data("socket = \(directory.file("from-file.sock"))\nstate-dir = \(directory.file("state"))\n".utf8)
            .write(to: URL(fileURLWithPath: config))
        let daemon = try TestDaemon(arguments: ["--config", config], directory: directory)
        defer { daemon.stop() }
        #expect(!FileManager.default.fileExists(atPath: directory.file("from-file.sock")))
        #expect(try daemon.connect().call(GoalRPC.healthCheck, HealthCheckRequest()).status == "SERVING")
    }

    @Test func socketActivationAdoptsTheListeningSocket() throws {
        let activator = "/usr/bin/systemd-socket-activate"
        guard FileManager.default.isExecutableFile(atPath: activator) else { return }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let socket = directory.file("activated.sock")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: activator)
        process.arguments = [
            "-l", socket, "--fdname=rpc", BuildProducts.path(of: "goald"),
            "--state-dir", directory.file("state"), "--socket", directory.file("unused.sock"),
        ]
        let log = directory.file("log")
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: log)
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        // systemd-socket-activate listens at once; the first connection starts goald, which must answer it.
        var answer: HealthCheckResponse?
        for _ in 0..<100 where answer == nil {
            answer = try? GoalConnection(socketPath: socket).call(
                GoalRPC.healthCheck, HealthCheckRequest(),
                timeout: .seconds(10))
            if answer == nil { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(answer?.status == "SERVING")
        #expect(!FileManager.default.fileExists(atPath: directory.file("unused.sock")), "goald must not bind its own")
        // The socket serves as soon as goald has taken it; the line saying so may come a moment later.
        var text = ""
        for _ in 0..<100 where !text.contains("listening on the socket systemd passed") {
            text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if !text.contains("listening on the socket systemd passed") { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(text.contains("listening on the socket systemd passed"), "\(text)")
    }

    /// Waits until the kernel reports the process stopped (state `T` in /proc/PID/stat): true when it did within 10 s.
    static func waitUntilStopped(_ pid: pid_t) -> Bool {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")"),
                stat[stat.index(after: close)...].split(separator: " ").first == "T"
            {
                return true
            }
            Thread.sleep(forTimeInterval: 0.001)
        }
        return false
    }
}
