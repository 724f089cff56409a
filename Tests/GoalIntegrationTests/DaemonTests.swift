import Foundation
import GoalClient
import GoalDomain
import GoalProtocol
import GoalServer
import GoalTestSupport
import GoalWire
import Testing

/// goald started from the built binary on a temporary socket, asked through goalctl and through raw frames.
@Suite struct GoalctlTests {
    @Test func healthGoalsAndIndicatorThroughGoalctl() throws {
        let daemon = try TestDaemon()
        defer { daemon.cleanUp() }

        let health = try runProduct("goalctl", ["--socket", daemon.socketPath, "health"])
        #expect(health.status == 0)
        #expect(health.stdout.hasPrefix("SERVING  goald"))
        // Every service of the catalogue answers by name (the list is derived, not kept by hand).
        for service in Set(GoalRPC.all.map { String($0.name.split(separator: "/")[0]) }) {
            let named = try runProduct("goalctl", ["--socket", daemon.socketPath, "health", "--service", service])
            #expect(named.status == 0 && named.stdout.hasPrefix("SERVING"), "\(service): \(named.stderr)")
        }
        // One factor set asked for with --json is that set alone.
        let factors = try runProduct(
            "goalctl", ["--socket", daemon.socketPath, "--json", "travel", "factors", "desnz-2024"])
        let sets = try JSONDecoder().decode(FactorSetsMessage.self, from: Data(factors.stdout.utf8)).sets
        #expect(sets.map(\.name) == ["desnz-2024"], "\(factors.stdout.prefix(200))")

        let goals = try runProduct("goalctl", ["--socket", daemon.socketPath, "goals"])
        #expect(goals.status == 0, "\(goals.stderr)")
        for number in ["5.3", "5.4.2", "5.5.1.2", "5.6.4.1"] {
            #expect(
                goals.stdout.contains("\n" + number + " ") || goals.stdout.contains(" " + number + " "),
                "tree lacks \(number)")
        }
        #expect(goals.stdout.contains("5.3.1.1 Andel regionala aktörer representerade vid arbetsmötet"))
        #expect(goals.stdout.contains("5.6.3.1 Sjukfrånvarokvot  [target: ≤ 3 %]"))
        // The indented tree: effect goals at column 0, result goals at 2, indicators at 4.
        #expect(
            goals.stdout.contains(
                "\n5.6 Hållbar organisation\n  5.6.1 Ekonomi i balans\n    5.6.1.1 Nettokostnad mot budget"))
        let indicatorLines = goals.stdout.split(separator: "\n").filter { $0.hasPrefix("    5.") }
        #expect(indicatorLines.count == 21)

        let indicator = try runProduct("goalctl", ["indicator", "5.6.3.1", "--socket", daemon.socketPath])
        #expect(indicator.status == 0)
        #expect(indicator.stdout.contains("5.6.3.1 Sjukfrånvarokvot"))
        #expect(indicator.stdout.contains("result goal:  5.6.3 Hållbar arbetsmiljö"))
    }

    @Test func jsonIsTheServersResult() throws {
        let daemon = try TestDaemon()
        defer { daemon.cleanUp() }

        let printed = try runProduct("goalctl", ["goals", "--json"], environment: ["GOALD_SOCKET": daemon.socketPath])
        #expect(printed.status == 0, "\(printed.stderr)")
        let fromCLI = try JSONDecoder().decode(PlanMessage.self, from: Data(printed.stdout.utf8))
        let direct = try daemon.connect().call(GoalRPC.getPlan, GetPlanRequest())
        #expect(fromCLI == direct)
        #expect(fromCLI.effectGoals.flatMap(\.resultGoals).flatMap(\.indicators).count == 21)
        #expect(printed.stdout.split(separator: "\n").count == 1, "one line of JSON for scripts")

        let indicator = try runProduct("goalctl", ["--json", "--socket", daemon.socketPath, "indicator", "5.6.4.1"])
        let detail = try JSONDecoder().decode(IndicatorDetail.self, from: Data(indicator.stdout.utf8))
        #expect(detail.indicator.target.pending)
        #expect(detail.resultGoal.number == "5.6.4")
    }

    @Test func exitCodesAScriptCanRelyOn() throws {
        let daemon = try TestDaemon()
        defer { daemon.cleanUp() }

        let missing = try runProduct("goalctl", ["--socket", daemon.socketPath, "indicator", "9.9.9.9"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("NOT_FOUND"))
        #expect(missing.stderr.contains("9.9.9.9"))

        let usage = try runProduct("goalctl", ["--socket", daemon.socketPath, "indicator"])
        #expect(usage.status == 64)

        let nowhere = daemon.directory.file("nobody.sock")
        let unreachable = try runProduct("goalctl", ["--socket", nowhere, "health"])
        #expect(unreachable.status == 69)
        #expect(unreachable.stderr == "goalctl: goald is not running: no socket at \(nowhere)\n")
        #expect(unreachable.stdout.isEmpty)
    }
}

/// The limits given on goald's command line reach its server: the in-process tests set the server's configuration
/// directly, so this is what holds goald's flags to it.
@Suite struct CommandLineLimitTests {
    @Test func theLimitsGivenOnTheCommandLineAreTheServers() throws {
        let daemon = try TestDaemon(arguments: [
            "--max-frame-bytes", "2048", "--max-connections", "4", "--max-calls-in-flight", "1", "--idle-timeout", "2",
        ])
        defer { daemon.cleanUp() }
        func answer(_ connection: GoalConnection) throws -> JSONValue {
            try JSONDecoder().decode(JSONValue.self, from: Data(connection.receive(deadline: .now + .seconds(10))))
        }
        // --max-calls-in-flight 1: with a stream open, a second stream on the connection is refused.
        let calls = try daemon.connect()
        try calls.send(Array(#"{"id":1,"method":"goald.v1.Health/Watch"}"#.utf8))
        #expect(try answer(calls)["result"]?["status"] == .string("SERVING"))
        try calls.send(Array(#"{"id":2,"method":"goald.v1.Health/Watch"}"#.utf8))
        let second = try answer(calls)
        #expect(second["id"] == .number(2), "\(second)")
        #expect(second["error"]?["code"] == .string("RESOURCE_EXHAUSTED"), "\(second)")
        // --max-connections 4: with three more held, a fifth is refused.
        let held = try (0..<3).map { _ in try daemon.connect() }
        for connection in held {
            #expect(try connection.call(GoalRPC.healthCheck, HealthCheckRequest()).status == "SERVING")
        }
        let extra = try daemon.connect()
        #expect(try answer(extra)["error"]?["code"] == .string("RESOURCE_EXHAUSTED"))
        // --max-frame-bytes 2048: a frame over it is refused and its connection closed.
        try held[1].sendBytes(Framing.header(forLength: 4096))
        let refused = try answer(held[1])
        #expect(refused["error"]?["code"] == .string("RESOURCE_EXHAUSTED"), "\(refused)")
        #expect(held[1].isClosedByPeer(deadline: .now + .seconds(10)))
        // --idle-timeout 2: a connection with nothing in flight is closed some two seconds after its last call.
        let started = ContinuousClock.now
        #expect(held[0].isClosedByPeer(deadline: .now + .seconds(10)))
        #expect(ContinuousClock.now - started < .seconds(8), "closed after \(ContinuousClock.now - started)")
        _ = calls
    }
}

/// Raw frames against goald's server in this process.
@Suite struct RawFrameTests {
    func ask(_ connection: GoalConnection, _ payload: String) throws -> JSONValue {
        try connection.send(Array(payload.utf8))
        return try decode(connection.receive(deadline: .now + .seconds(10)))
    }

    func decode(_ bytes: [UInt8]) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    func code(_ value: JSONValue) -> String? {
        if case .string(let code)? = value["error"]?["code"] { return code }
        return nil
    }

    @Test func answersEveryBadFrameAndKeepsServing() async throws {
        try await inProcess { daemon in
            let connection = try daemon.connect()

            let unknown = try ask(connection, #"{"id":1,"method":"goald.v1.Nope/Nothing"}"#)
            #expect(code(unknown) == "UNIMPLEMENTED")
            #expect(unknown["id"] == .number(1))

            let array = try ask(connection, "[1,2,3]")
            #expect(code(array) == "INVALID_ARGUMENT")
            #expect(array["id"] == .number(0))

            try connection.send([])  // zero length
            #expect(code(try decode(connection.receive(deadline: .now + .seconds(10)))) == "INVALID_ARGUMENT")

            try connection.send([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D])  // {"\xff\xfe"}
            let invalidUTF8 = try decode(connection.receive(deadline: .now + .seconds(10)))
            #expect(code(invalidUTF8) == "INVALID_ARGUMENT")
            #expect(invalidUTF8["error"]?["message"] == .string("frame payload is not valid UTF-8"))

            let wrongType = try ask(connection, #"{"id":2,"method":"goald.v1.Goals/GetIndicator","params":{"key":5}}"#)
            #expect(code(wrongType) == "INVALID_ARGUMENT")
            #expect(wrongType["error"]?["message"] == .string("params.key: expected a string"))

            // Still serving on the same connection.
            let health = try ask(connection, #"{"id":3,"method":"goald.v1.Health/Check","params":{}}"#)
            #expect(health["result"]?["status"] == .string("SERVING"))
            #expect(health["id"] == .number(3))
        }
    }

    @Test func deeplyNestedJSONIsRefusedAndServingGoesOn() async throws {
        try await inProcess { daemon in
            let connection = try daemon.connect()
            for depth in [600, 100_000] {
                let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
                let answer = try ask(connection, #"{"id":1,"method":"goald.v1.Health/Check","params":\#(nested)}"#)
                #expect(code(answer) == "INVALID_ARGUMENT", "depth \(depth)")
            }
            let health = try ask(connection, #"{"id":2,"method":"goald.v1.Health/Check"}"#)
            #expect(health["result"]?["status"] == .string("SERVING"))
        }
    }

    @Test func overLimitFrameIsRefusedAndTheConnectionClosed() async throws {
        try await inProcess({ $0.maxFrameLength = 1024 }) { daemon in
            let connection = try daemon.connect()
            // Only the prefix is sent: goald must answer without waiting for the 1 GiB payload.
            try connection.sendBytes(Framing.header(forLength: 1 << 30))
            let answer = try decode(connection.receive(deadline: .now + .seconds(10)))
            #expect(code(answer) == "RESOURCE_EXHAUSTED")
            #expect(answer["id"] == .number(0))
            #expect(connection.isClosedByPeer(deadline: .now + .seconds(10)))

            // A frame of exactly the limit is fine on a new connection.
            let fresh = try daemon.connect()
            let padding = String(repeating: " ", count: 1024 - #"{"id":1,"method":"goald.v1.Health/Check"}"#.utf8.count)
            let answer2 = try ask(fresh, #"{"id":1,"method":"goald.v1.Health/Check"}"# + padding)
            #expect(answer2["result"]?["status"] == .string("SERVING"))
        }
    }

    @Test func framesSplitAndJoinedAreAnsweredInOrder() async throws {
        try await inProcess { daemon in
            let connection = try daemon.connect()

            // One frame dribbled over many writes.
            let frame = Framing.frame(
                Array(#"{"id":10,"method":"goald.v1.Goals/GetIndicator","params":{"key":"5.6.2.1"}}"#.utf8))
            for byte in frame {
                try connection.sendBytes([byte])
                usleep(200)
            }
            let split = try decode(connection.receive(deadline: .now + .seconds(10)))
            #expect(split["result"]?["indicator"]?["number"] == .string("5.6.2.1"))

            // Three frames in one write.
            var joined: [UInt8] = []
            for id in 11...13 {
                joined += Framing.frame(Array(#"{"id":\#(id),"method":"goald.v1.Health/Check"}"#.utf8))
            }
            try connection.sendBytes(joined)
            for id in 11...13 {
                let answer = try decode(connection.receive(deadline: .now + .seconds(10)))
                #expect(answer["id"] == .number(Double(id)))
            }
        }
    }

    @Test func aHalfSentFrameDoesNotHoldUpOtherClients() async throws {
        try await inProcess { daemon in
            let slow = try daemon.connect()
            let frame = Framing.frame(Array(#"{"id":1,"method":"goald.v1.Health/Check"}"#.utf8))
            try slow.sendBytes(Array(frame.prefix(frame.count / 2)))

            let other = try daemon.connect()
            let answer = try other.call(GoalRPC.getIndicator, GetIndicatorRequest(key: "5.3.1.4"), timeout: .seconds(5))
            #expect(answer.indicator.target.display == "≥ 60 %")

            // The slow client's frame completes later and is answered too.
            try slow.sendBytes(Array(frame.suffix(from: frame.count / 2)))
            let late = try decode(slow.receive(deadline: .now + .seconds(10)))
            #expect(late["result"]?["status"] == .string("SERVING"))
        }
    }
}

@Suite struct LifecycleTests {
    @Test func sigtermStopsCleanlyAndRemovesTheSocket() throws {
        let daemon = try TestDaemon()
        defer { daemon.cleanUp() }
        #expect(FileManager.default.fileExists(atPath: daemon.socketPath))
        #expect(daemon.stop(signal: SIGTERM) == 0)
        #expect(!FileManager.default.fileExists(atPath: daemon.socketPath))
        #expect(daemon.log.contains("stopped"))
    }

    @Test func aStaleSocketFromACrashDoesNotStopAStart() throws {
        let first = try TestDaemon()
        first.stop(signal: SIGKILL)
        #expect(FileManager.default.fileExists(atPath: first.socketPath), "kill -9 leaves the socket file")
        let second = try TestDaemon(directory: first.directory)
        defer { second.cleanUp() }
        #expect(try second.connect().call(GoalRPC.healthCheck, HealthCheckRequest()).status == "SERVING")
    }

    @Test func aLiveGoaldOnThePathIsNotDisplaced() throws {
        let daemon = try TestDaemon()
        defer { daemon.cleanUp() }
        let second = try runProduct(
            "goald", ["--socket", daemon.socketPath, "--state-dir", daemon.directory.file("other")])
        #expect(second.status == 1)
        #expect(second.stderr.contains("already serving on \(daemon.socketPath)"))
        #expect(try daemon.connect().call(GoalRPC.healthCheck, HealthCheckRequest()).status == "SERVING")
    }

    @Test func aPathThatIsNotASocketIsLeftAlone() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("goald.sock")
        try Data("precious".utf8).write(to: URL(fileURLWithPath: path))
        let outcome = try runProduct("goald", ["--socket", path, "--state-dir", directory.file("state")])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("exists and is not a socket"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "precious")
    }
}

@Suite struct SystemdNotifyTests {
    /// goald tells the service manager it is ready through libsystemd's sd_notify, once it listens.
    @Test func sendsReadyOnceListeningAndStoppingAtTheEnd() throws {
        let directory = try TemporaryDirectory()
        let listener = try NotifyListener(path: directory.file("notify"))
        let daemon = try TestDaemon(directory: directory, environment: ["NOTIFY_SOCKET": listener.path])
        defer { daemon.cleanUp() }
        let messages = listener.messages(until: "READY=1", timeout: .seconds(10))
        let ready = try #require(messages.last)
        #expect(ready.contains("READY=1"))
        // The client count is whatever is connected when goald listens: this test's own readiness probe may be.
        #expect(
            ready.firstMatch(of: /STATUS=serving plan run-2024-2026: 21 indicators, 0 trips, [01] clients/) != nil,
            "\(ready)")
        // By then goald answers on its socket.
        #expect(try daemon.connect().call(GoalRPC.healthCheck, HealthCheckRequest()).status == "SERVING")
        #expect(daemon.stop(signal: SIGTERM) == 0)
        #expect(listener.messages(until: "STOPPING=1", timeout: .seconds(10)).last == "STOPPING=1")
    }
}

@Suite struct ModelFileTests {
    @Test func servesAnotherPlanFromAModelFile() throws {
        let directory = try TemporaryDirectory()
        let model = directory.file("plan.json")
        let plan = """
            {"format": "goald.plan/1", "id": "test-plan", "title": "Testplan", "organisation": "Org",
             "committee": "Nämnd", "firstYear": 2025, "lastYear": 2025,
             "effectGoals": [{"number": "1", "title": "Effekt", "strategyLinks": [],
               "resultGoals": [{"number": "1.1", "title": "Resultat",
                 "indicators": [{"number": "1.1.1", "title": "Andel", "target":
                   {"kind": "percentage", "value": 42, "direction": "atMost"}}]}]}]}
            """
        try Data(plan.utf8).write(to: URL(fileURLWithPath: model))
        let daemon = try TestDaemon(arguments: ["--model", model], directory: directory)
        defer { daemon.cleanUp() }
        let served = try daemon.connect().call(GoalRPC.getPlan, GetPlanRequest())
        #expect(served.id == "test-plan")
        #expect(served.effectGoals[0].resultGoals[0].indicators[0].target.display == "≤ 42 %")
    }

    @Test func aBadModelFileStopsGoaldWithEveryProblemLocated() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = directory.file("bad.json")
        var document = Plan_json.defaultDocument()
        document = document.replacingOccurrences(of: #""value": 9,"#, with: #""value": "nio","#)
        try Data(document.utf8).write(to: URL(fileURLWithPath: model))

        let checked = try runProduct("goald", ["--check-model", model])
        #expect(checked.status == 78)
        #expect(
            checked.stderr.contains(
                "regionIndicators[2].target.value: expected a number or true/false"))

        let served = try runProduct(
            "goald",
            [
                "--model", model, "--socket", directory.file("s"),
                "--state-dir", directory.file("state"),
            ])
        #expect(served.status == 78)
        #expect(!FileManager.default.fileExists(atPath: directory.file("s")), "a bad model never listens")

        let absent = try runProduct(
            "goald",
            [
                "--model", directory.file("absent.json"), "--socket", directory.file("s"),
                "--state-dir", directory.file("state"),
            ])
        #expect(absent.status == 78)
        #expect(absent.stderr.contains("cannot read model file \(directory.file("absent.json"))"))
    }

    @Test func checkModelAcceptsTheBuiltInPlan() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let printed = try runProduct("goald", ["--print-default-model"])
        #expect(printed.status == 0)
        let model = directory.file("default.json")
        try Data(printed.stdout.utf8).write(to: URL(fileURLWithPath: model))
        let checked = try runProduct("goald", ["--check-model", model])
        #expect(checked.status == 0)
        #expect(
            checked.stdout.contains(
                """
                Region Värmland: 4 effect goals, 7 region indicators, 8 committees, 1 plan (RUN 2024–2026 \
                (run-2024-2026): 8 result goals, 21 indicators); no answer loaded for RS, HSN, KBN, KTN, PN, KSN, HMN
                """))
    }
}

/// Settings that shape what goald says rather than what it holds.
@Suite struct PresentationSettingsTests {
    /// The report's times are in the configured zone and name it, whatever zone the machine is in.
    @Test func theReportsTimesAreInTheConfiguredZoneAndNamedSo() throws {
        let configuration = try TemporaryDirectory()
        defer { configuration.remove() }
        try Data("time-zone = Asia/Tokyo\n".utf8).write(to: URL(fileURLWithPath: configuration.file("goald.conf")))
        let daemon = try TestDaemon(
            arguments: ["--config", configuration.file("goald.conf")],
            environment: ["TZ": "UTC"])
        defer { daemon.cleanUp() }
        let report = try runProduct(
            "goalctl",
            [
                "--socket", daemon.socketPath, "report", "--period", "2024-annual",
                "--format", "md", "--output", "-",
            ])
        #expect(report.status == 0, "\(report.stderr)")
        let made = report.stdout.split(separator: "\n").first { $0.hasPrefix("Framtagen ") }.map(String.init) ?? ""
        #expect(made.hasSuffix("(tid: Asia/Tokyo)"), "\(made)")
        // Tokyo is nine hours ahead of UTC all year.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Tokyo")!
        let printed = made.dropFirst("Framtagen ".count).prefix(16)
        let nearby = [Date(), Date().addingTimeInterval(-60)].map { date in
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
            return String(
                format: "%04d-%02d-%02d %02d:%02d", parts.year!, parts.month!, parts.day!, parts.hour!,
                parts.minute!)
        }
        #expect(nearby.contains(String(printed)), "\(printed) is not Tokyo's time now (\(nearby))")
    }

    @Test func aZoneTheSystemDoesNotKnowStopsGoald() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // On the command line, a usage error (64); in the file, a configuration error (78) naming its line.
        let outcome = try runProduct(
            "goald",
            [
                "--time-zone", "Europe/Karlstad", "--socket", directory.file("s"),
                "--state-dir", directory.file("state"),
            ])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("time-zone: \"Europe/Karlstad\" is not a time zone the system knows"))
        let mode = try runProduct(
            "goald",
            [
                "--socket-mode", "rw", "--socket", directory.file("s"),
                "--state-dir", directory.file("state"),
            ])
        #expect(mode.status == 64)
        #expect(mode.stderr.contains("socket-mode: expected an octal mode such as 0660"))
        try Data("# goald\ntime-zone = Europe/Karlstad\n".utf8).write(to: URL(fileURLWithPath: directory.file("c")))
        let file = try runProduct(
            "goald",
            [
                "--config", directory.file("c"), "--socket", directory.file("s"),
                "--state-dir", directory.file("state"),
            ])
        #expect(file.status == 78)
        #expect(
            file.stderr.contains(
                "\(directory.file("c")):2: time-zone = Europe/Karlstad: time-zone: "
                    + "\"Europe/Karlstad\" is not a time zone"), "\(file.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.file("s")))
    }
}

/// goald.conf: each key a setting's flag, read by the same code; the example file documents every one.
@Suite struct ConfigurationFileTests {
    /// The example file with every setting uncommented is one goald starts with, and sets every key it documents.
    @Test func theExampleFileUncommentedIsValid() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var root = URL(fileURLWithPath: #filePath)
        while !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) {
            root.deleteLastPathComponent()
        }
        let text = try String(contentsOf: root.appendingPathComponent("systemd/goald.conf"), encoding: .utf8)
        let lines = text.split(separator: "\n").filter {
            $0.hasPrefix("#") && $0.contains(" = ") && !$0.hasPrefix("# ")
        }
        .map { String($0.dropFirst()) }
        // The group, model and factor folder the example names exist where goald is installed; here, ones that exist.
        .map { line in
            if line.hasPrefix("socket-group") { return "socket-group = nogroup" }
            if line.hasPrefix("model ") { return "model = \(directory.file("region.json"))" }
            if line.hasPrefix("factors-dir") { return "factors-dir = \(directory.file("factors"))" }
            return line
        }
        try Data(Region.embeddedDefaultJSON.utf8).write(to: URL(fileURLWithPath: directory.file("region.json")))
        try FileManager.default.createDirectory(atPath: directory.file("factors"), withIntermediateDirectories: true)
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: directory.file("goald.conf")))
        let checked = try runProduct("goald", ["--config", directory.file("goald.conf"), "--check-config"])
        #expect(checked.status == 0, "\(checked.stderr)")
        let keys = lines.map { $0.split(separator: "=")[0].trimmingCharacters(in: .whitespaces) }
            .filter { !$0.hasPrefix("columns.") }
        #expect(
            checked.stdout.contains(
                "valid; it sets \(keys.count) settings (\(keys.joined(separator: ", ")))"
                    + " and 1 column profile"), "\(checked.stdout)")
    }

    @Test func aBadLineIsNamedWhateverTheFlagsSay() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("goald.conf")
        try Data("max-units = 500\nidle-timeout = 0\n".utf8).write(to: URL(fileURLWithPath: path))
        let bad = try runProduct("goald", ["--config", path, "--check-config"])
        #expect(
            bad.status == 78
                && bad.stderr.contains(
                    "\(path):2: idle-timeout = 0: idle-timeout must be from 1 to 86400, "
                        + "found 0"),
            "\(bad.stderr)")
        // The flag's value replaces the file's before anything is checked together.
        let fixed = try runProduct("goald", ["--config", path, "--idle-timeout", "30", "--check-config"])
        #expect(fixed.status == 78, "the file's line is checked alone, whatever the flags say")
        try Data("max-units = 500\nmax-units = 600\n".utf8).write(to: URL(fileURLWithPath: path))
        let twice = try runProduct("goald", ["--config", path, "--check-config"])
        #expect(twice.status == 78 && twice.stderr.contains("\(path):2: \"max-units\" is set twice"))
        try Data("max-units = -5\n".utf8).write(to: URL(fileURLWithPath: path))
        let negative = try runProduct("goald", ["--config", path, "--check-config"])
        #expect(
            negative.status == 78 && negative.stderr.contains("max-units must be from 1 to 1000000, found -5"),
            "a value with a dash is a value, not a flag: \(negative.stderr)")
        try Data("max-units = 500\n".utf8).write(to: URL(fileURLWithPath: path))
        let good = try runProduct("goald", ["--config", path, "--max-units", "0", "--check-config"])
        #expect(good.status == 64 && good.stderr.contains("max-units must be from 1 to 1000000, found 0"))
    }
}

/// The built-in model file, as goald prints it.
enum Plan_json {
    static func defaultDocument() -> String {
        (try? runProduct("goald", ["--print-default-model"]).stdout) ?? ""
    }
}
