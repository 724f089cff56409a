import ArgumentParser
import FoundationEssentials
import Glibc
import GoalClient
import GoalProtocol

struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Live status: the roll-up, redrawn whenever goald records something.",
        discussion: """
            goald pushes the status (goald.v1.Goals/Watch) at once and after every change: a measurement, an \
            assessment, a target, an import, a reload. --committee HSN watches that committee's follow-up; \
            --region the region's view (goald.v1.Region/Watch), every committee's result goals under the \
            region's effect goals. On a terminal the screen is redrawn; otherwise each change \
            prints one line, and with --json one JSON object a line (NDJSON). Stop with Ctrl-C. The command ends by \
            itself when goald shuts down.

            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var goalctl: GoalCtl
    var connection: ConnectionOptions { goalctl.connection }

    @Option(
        help: ArgumentHelp(
            "The period: YEAR-interim or YEAR-annual (default: the latest with data).",
            valueName: "period"), completion: Completions.periods)
    var period: String?

    @Flag(
        help: ArgumentHelp(
            "The region's status (goald.v1.Region/Watch): every committee's result goals under the region's effect "
                + "goals, with the region's judgements."))
    var region = false

    func validate() throws {
        if region, connection.committee != nil {
            throw ValidationError("--region covers every committee: give --committee or --region, not both.")
        }
    }

    func run() throws {
        let terminal = isatty(1) == 1 && !connection.json
        if region {
            try watchRegion(terminal: terminal)
            return
        }
        try connection.withConnection { client in
            try client.stream(method: GoalRPC.watch.name, params: connection.scoped(GetStatusRequest(period: period))) {
                payload in
                if connection.json {
                    Output.write(try Output.json(GoalConnection.resultJSON(of: payload)))
                    return true
                }
                guard let status = try JSONDecoder().decode(Response<StatusMessage>.self, from: payload).result else {
                    return true
                }
                if terminal {
                    let clock = Date().formatted(.iso8601.time(includingFractionalSeconds: false))
                    Output.progress("\u{1B}[H\u{1B}[2J")  // the screen cleared: goalctl's own sequence
                    Output.write(
                        Format.status(
                            status, words: (try? Format.Words(lang: nil)) ?? Format.Words(swedish: false))
                            + "\n\nlive, updated \(clock) UTC; Ctrl-C to stop")
                } else {
                    Output.write(
                        "\(Date().formatted(.iso8601)) \(status.period): " + Format.tally(status.tally)
                            + (status.notMet.isEmpty ? "" : "; not met: " + status.notMet.joined(separator: ", ")))
                }
                return true
            }
        }
    }
}

extension Watch {
    /// The region's status at once and after every change.
    func watchRegion(terminal: Bool) throws {
        try connection.withConnection { client in
            try client.stream(method: GoalRPC.regionWatch.name, params: RegionStatusRequest(period: period)) {
                payload in
                if connection.json {
                    Output.write(try Output.json(GoalConnection.resultJSON(of: payload)))
                    return true
                }
                guard let status = try JSONDecoder().decode(Response<RegionStatusMessage>.self, from: payload).result
                else { return true }
                let words = (try? Format.Words(lang: nil)) ?? Format.Words(swedish: false)
                if terminal {
                    let clock = Date().formatted(.iso8601.time(includingFractionalSeconds: false))
                    Output.progress("\u{1B}[H\u{1B}[2J")
                    Output.write(
                        Format.regionStatus(status, words: words) + "\n\nlive, updated \(clock) UTC; Ctrl-C to stop")
                } else {
                    let judged = status.effectGoals.filter { $0.assessment != nil }.count
                    let tallies = status.effectGoals.flatMap(\.committees).flatMap(\.resultGoals).map(\.tally)
                    Output.write(
                        "\(Date().formatted(.iso8601)) \(status.period): \(tallies.count) result goals of "
                            + "\(Set(status.effectGoals.flatMap(\.committees).map(\.committee)).count) committees, "
                            + "\(tallies.map(\.met).reduce(0, +)) indicators met, "
                            + "\(tallies.map(\.notMet).reduce(0, +)) not met; "
                            + "\(judged) of \(status.effectGoals.count) effect goals judged by the region")
                }
                return true
            }
        }
    }
}

struct Call: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Call any method with JSON params and print the result as JSON (like grpcurl).",
        discussion: """
            Examples:
              goalctl call goald.v1.Health/Check
              goalctl call goald.v1.Goals/GetIndicator '{"key": "5.6.3.1"}'
              goalctl call goald.v1.Travel/GetReduction '{"year": 2024, "baseline": 2019}'
              goalctl call goald.v1.Goals/Watch            (a stream: one JSON object a line until Ctrl-C)

            `goalctl describe` lists the methods. An error from goald is printed on standard error as JSON and \
            exits 1 (77 for PERMISSION_DENIED, 75 for DEADLINE_EXCEEDED).

            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var goalctl: GoalCtl
    var connection: ConnectionOptions { goalctl.connection }

    @Argument(help: ArgumentHelp("The method's full name, goald.v1.<Service>/<Method>.", valueName: "method"))
    var method: String

    @Argument(
        help: ArgumentHelp("The params as a JSON object (default {}); - reads standard input.", valueName: "json"))
    var params: String = "{}"

    @Flag(help: "Read the answer as a stream (known streaming methods are read so anyway).")
    var stream = false

    func run() throws {
        let text = params == "-" ? String(decoding: Output.readStandardInput(), as: UTF8.self) : params
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        } catch {
            throw ValidationError("the params are not valid JSON: \(text)")
        }
        guard case .object = value else {
            throw ValidationError("the params must be a JSON object, such as {\"key\": \"5.6.3.1\"}")
        }
        let streaming = stream || [GoalRPC.watch.name, GoalRPC.healthWatch.name].contains(method)
        try connection.withConnection { client in
            if streaming {
                try client.stream(method: method, params: value) { payload in
                    Output.write(try Output.json(GoalConnection.resultJSON(of: payload)))
                    return true
                }
            } else {
                let payload = try client.callRaw(method: method, params: value, timeout: connection.timeoutDuration)
                Output.write(try Output.json(GoalConnection.resultJSON(of: payload)))
            }
        }
    }
}

struct Describe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "List goald's methods: name, unary or stream, the permission each needs.",
        discussion: "With --json, the whole machine-readable description (Protocol/goald.v1.json) with every "
            + "params and result schema.\n\n" + GoalCtl.sharedOptions
    )

    @ParentCommand var goalctl: GoalCtl
    var connection: ConnectionOptions { goalctl.connection }

    func run() throws {
        try connection.perform(GoalRPC.describe, Empty()) { document in
            guard case .array(let methods)? = document["methods"] else { return "goald sent no method list" }
            let rows = methods.map { method -> [String] in
                func text(_ key: String) -> String {
                    if case .string(let value)? = method[key] { return value }
                    return ""
                }
                return [
                    text("name"), text("kind") == "serverStreaming" ? "stream" : "unary", text("permission"),
                    text("description"),
                ]
            }
            return Format.table(header: ["method", "kind", "permission", ""], rows: rows).joined(separator: "\n")
        }
    }
}
