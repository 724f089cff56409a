import Foundation
import GoalCLI
import GoalProtocol
import GoalTestSupport
import Testing

/// goald serving two of RUN's plans at once (`RolledRegion`: 2024–2026 and 2025–2027, one indicator renumbered, one
/// dropped, one added), driven through goalctl as a clerk would, and read again after a restart.
@Suite struct RollingPlanDaemonTests {
    func goalctl(_ daemon: TestDaemon, _ arguments: [String]) -> (status: Int32, out: String, err: String) {
        let run = GoalCtl.runCapturingOutput(["--socket", daemon.socketPath] + arguments)
        return (run.status, run.standardOutput, run.standardError)
    }

    func json(_ text: String) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) }

    /// The status row of an indicator by its number in the period's plan.
    func row(_ status: JSONValue, _ number: String) -> JSONValue? {
        guard case .array(let effects)? = status["effectGoals"] else { return nil }
        for effect in effects {
            guard case .array(let results)? = effect["resultGoals"] else { continue }
            for result in results {
                guard case .array(let indicators)? = result["indicators"] else { continue }
                if let found = indicators.first(where: { $0["number"] == .string(number) }) { return found }
            }
        }
        return nil
    }

    @Test func aClerkFollowsUpTwoPlansByTheirNumbersAndTheHistoryFollowsTheID() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = directory.file("region.json")
        try RolledRegion.json().write(to: URL(fileURLWithPath: model))

        do {
            let daemon = try TestDaemon(arguments: ["--model", model], directory: directory)
            defer { _ = daemon.stop() }
            let committees = try json(goalctl(daemon, ["committees", "--json"]).out)
            guard case .array(let all)? = committees["committees"],
                let run = all.first(where: { $0["abbreviation"] == .string("RUN") }),
                case .array(let plans)? = run["plans"]
            else {
                Issue.record("no RUN in \(committees)")
                return
            }
            #expect(plans.map { $0["id"] } == [.string("run-2024-2026"), .string("run-2025-2027")])
            #expect(plans.allSatisfy { $0["followedUp"] == .bool(true) })

            for (key, value, period) in [
                ("5.6.3.2", "2,6", "2024-annual"), ("5.6.3.1", "3,8", "2024-annual"), ("5.6.3.1", "2,1", "2025-annual"),
                ("5.6.3.5", "64", "2027-interim"),
            ] {
                let done = goalctl(daemon, ["measure", key, value, "--period", period])
                #expect(done.status == 0, "\(key) \(period): \(done.err)")
            }
            let dropped = goalctl(daemon, ["measure", "sjukfranvarokvot", "3", "--period", "2025-annual"])
            #expect(dropped.status == 1)
            #expect(
                dropped.err.contains("FAILED_PRECONDITION")
                    && dropped.err.contains("not in run-2025-2027, the plan in force for 2025-annual"), "\(dropped.err)"
            )
            let outside = goalctl(daemon, ["status", "--period", "2028-annual"])
            #expect(outside.status == 1 && outside.err.contains("outside the plan (2024–2027)"), "\(outside.err)")
        }

        // After a restart: the same, read from the store.
        let daemon = try TestDaemon(arguments: ["--model", model], directory: directory)
        defer { _ = daemon.stop() }
        let history = try json(goalctl(daemon, ["history", "andel-langtidssjuka", "--json"]).out)
        guard case .array(let values)? = history["measurements"] else {
            Issue.record("no history: \(history)")
            return
        }
        // Each value named by its number in its period's plan.
        #expect(values.map { $0["indicator"] } == [.string("5.6.3.2"), .string("5.6.3.1")], "\(values)")
        #expect(values.map { $0["period"] } == [.string("2024-annual"), .string("2025-annual")])

        let status2024 = try json(goalctl(daemon, ["status", "--period", "2024-annual", "--json"]).out)
        let status2025 = try json(goalctl(daemon, ["status", "--period", "2025-annual", "--json"]).out)
        #expect(row(status2024, "5.6.3.1")?["title"] == .string("Sjukfrånvarokvot"))
        #expect(row(status2024, "5.6.3.1")?["value"] == .number(3.8))
        #expect(row(status2024, "5.6.3.2")?["value"] == .number(2.6))
        #expect(row(status2025, "5.6.3.1")?["title"] == .string("Andel långtidssjuka"))
        #expect(row(status2025, "5.6.3.1")?["value"] == .number(2.1))
        #expect(row(status2025, "5.6.3.1")?["target"] == .string("≤ 2,5 %"), "the new plan's target")
        #expect(row(status2025, "5.6.3.5")?["status"] == .string("noData"))
        #expect(row(status2024, "5.6.3.5") == nil)
        let table = goalctl(daemon, ["status", "--period", "2025-annual", "--lang", "en"]).out
        #expect(table.contains("5.6.3.5") && !table.contains("Sjukfrånvarokvot"), "\(table)")
    }
}
