import ArgumentParser
import Glibc
import GoalProtocol

/// goalctl: the command-line client of goald.
package struct GoalCtl: ParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "goalctl",
        abstract: "Ask goald about the goal model and its follow-up.",
        discussion: """
            goalctl talks to goald over its Unix socket: --socket, else $GOALD_SOCKET, else \(WireDefaults.socketPath).
            Every command prints a table for people, or with --json the server's result as one line of JSON \
            for scripts (pipe it to jq).

            Examples:
              goalctl health
              goalctl goals
              goalctl indicator 5.6.3.1
              goalctl status --period 2024-annual
              goalctl watch
              goalctl call goald.v1.Goals/GetIndicator '{"key": "5.6.3.1"}'
              goalctl measure 5.6.3.1 4,2 --period 2024-annual
              goalctl history 5.6.3.1
              goalctl retract 5.6.3.1 --period 2025-annual --reason "recorded for the wrong year"
              goalctl assess 5.6.3 delvis-uppfyllt --period 2024-annual --text "…"
              goalctl target 5.6.4.1 20 --from 2025-interim
              goalctl ready --period 2025-interim       (the follow-up is ready for the committee)
              goalctl decide --period 2025-interim --date 2025-10-14 --paragraph 87
              goalctl followup states
              goalctl report --period 2024-annual --output uppfoljning-2024.html
              goalctl travel import resor.csv
              goalctl travel reduction --baseline 2020
              goalctl --socket .run/goald.sock goals --json | jq '.effectGoals[].title'

            Exit status:
              0   success
              1   goald answered with an error
              2   a check failed (travel reduction --fail-below)
              64  usage error (a bad flag or argument)
              65  bad rows in a travel file (travel import): nothing added
              66  a file to read is missing or unreadable
              69  goald unreachable (not running, or the socket is wrong)
              73  the output file cannot be written (report --output)
              75  no answer before the deadline (--timeout)
              77  permission denied
            """,
        version: Release.versionLine,
        subcommands: [
            Health.self, Status.self, Watch.self, Goals.self, Committees.self, RegionCommand.self,
            IndicatorCommand.self, Measure.self,
            History.self,
            Retract.self, Assess.self, Assessments.self, RetractAssessment.self, SetTarget.self,
            RetractTarget.self, AssessEffectGoal.self, RetractEffectGoalAssessment.self, Ready.self, Decide.self,
            Reopen.self, FollowUpGroup.self, Answer.self, Planning.self, Report.self, Travel.self,
            Admin.self, HTTPLogin.self, Call.self, Describe.self,
        ]
    )

    /// Options that every command takes, before or after its name.
    @OptionGroup package var connection: ConnectionOptions

    package init() {}

    /// Runs goalctl: like `main()`, but with --json a usage error is one line of JSON on standard error too,
    /// `{"error":{"code":"INVALID_ARGUMENT","message":…,"details":{"origin":"goalctl"}}}`, with exit status 64.
    package static func runMain(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        Glibc.exit(run(arguments))
    }

    /// Runs a goalctl command line and returns its exit status; every word goes through `Output` (help included), so
    /// that a test can run goalctl in its own process and read what it said.
    package static func run(_ arguments: [String]) -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            return 0
        } catch let code as ExitCode {
            return code.rawValue  // already reported
        } catch {
            let status = exitCode(for: error)
            if status != .success, arguments.contains("--json") {
                let message = self.message(for: error).split(separator: "\n").first.map(String.init) ?? "usage error"
                ConnectionOptions.report(RPCError(.invalidArgument, message), from: "goalctl", json: true)
                return status.rawValue
            }
            let message = fullMessage(for: error)
            if !message.isEmpty {
                if status == .success { Output.write(message) } else { Output.error(message) }
            }
            return status.rawValue
        }
    }

    /// Runs a goalctl command line as `run` does, with what it says captured instead of written: goalctl run inside
    /// another program (a test) on the calling thread.
    package static func runCapturingOutput(
        _ arguments: [String]
    ) -> (status: Int32, standardOutput: String, standardError: String) {
        let capture = OutputCapture()
        let status = Output.$capture.withValue(capture) { run(arguments) }
        return (status, capture.standardOutput, capture.standardError)
    }

    /// Said in every command's help, since the shared options are listed only in `goalctl --help`.
    static let sharedOptions =
        "Also takes goalctl's options, before or after the command: "
        + "--socket PATH, --json, --timeout SECONDS (see goalctl --help)."
}
