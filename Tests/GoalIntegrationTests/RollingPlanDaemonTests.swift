import Foundation
import GoalCLI
import GoalClient
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
        #expect(row(status2025, "5.6.3.1")?["target"] == .string("≤ 3 %"), "the region's target, in every plan")
        #expect(row(status2025, "5.6.3.5")?["status"] == .string("noData"))
        #expect(row(status2024, "5.6.3.5") == nil)
        let table = goalctl(daemon, ["status", "--period", "2025-annual", "--lang", "en"]).out
        #expect(table.contains("5.6.3.5") && !table.contains("Sjukfrånvarokvot"), "\(table)")

        // The report of a year is the plan in force for it, with that plan's numbers.
        func report(_ period: String) -> String {
            let run = goalctl(daemon, ["report", "--period", period, "--format", "md"])
            #expect(run.status == 0, "\(period): \(run.err)")
            return run.out
        }
        func line(_ text: String, _ title: String) -> String {
            text.split(separator: "\n").first { $0.contains(title) }.map(String.init) ?? ""
        }
        let report2024 = report("2024-annual")
        #expect(line(report2024, "Andel långtidssjuka").contains("5.6.3.2"), "\(line(report2024, "långtidssjuka"))")
        #expect(line(report2024, "Andel långtidssjuka").contains("2,6"))
        #expect(line(report2024, "Sjukfrånvarokvot").contains("5.6.3.1"), "the dropped indicator, in its own years")
        #expect(!report2024.contains("friskvårdsbidraget"), "the new indicator, not before its plan")
        let report2025 = report("2025-annual")
        #expect(line(report2025, "Andel långtidssjuka").contains("5.6.3.1"), "\(line(report2025, "långtidssjuka"))")
        #expect(line(report2025, "Andel långtidssjuka").contains("2,1"))
        #expect(line(report2025, "friskvårdsbidraget").contains("5.6.3.5"))
        #expect(!report2025.contains("Sjukfrånvarokvot"), "dropped from the plan in force")
    }
}

/// Two committees' follow-ups in one goald: `--committee` (and `GOALD_COMMITTEE`) chooses whose; a call naming
/// none is the default committee's (RUN), as a client from before the region model sends it.
@Suite struct CommitteeDaemonTests {
    func goalctl(_ daemon: TestDaemon, _ arguments: [String]) -> (status: Int32, out: String, err: String) {
        let run = GoalCtl.runCapturingOutput(["--socket", daemon.socketPath] + arguments)
        return (run.status, run.standardOutput, run.standardError)
    }

    @Test func eachCommitteeFollowsUpItsOwnPlanAndCallsWithoutOneAreRUNs() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = directory.file("region.json")
        try TwoCommitteeRegion.json().write(to: URL(fileURLWithPath: model))
        do {
            let daemon = try TestDaemon(arguments: ["--model", model], directory: directory)
            defer { _ = daemon.stop() }
            let hsn = goalctl(daemon, ["measure", "5.2.1.1", "2,8", "--period", "2024-annual", "--committee", "hsn"])
            #expect(hsn.status == 0, "\(hsn.err)")
            #expect(
                goalctl(daemon, ["measure", "5.1.1.1", "812", "--period", "2024-annual", "--committee", "HSN"]).status
                    == 0)
            // RUN's 5.6.3.1 is the same indicator id, but RUN's own follow-up: still no data there.
            #expect(goalctl(daemon, ["measure", "5.6.3.1", "3,1", "--period", "2024-annual"]).status == 0)
            // 5.1.1.1 is no number of RUN's.
            let wrong = goalctl(daemon, ["measure", "5.1.1.1", "812", "--period", "2024-annual"])
            #expect(wrong.status == 1 && wrong.err.contains("NOT_FOUND"), "\(wrong.err)")
            let unknown = goalctl(daemon, ["status", "--committee", "XYZ", "--json"])
            #expect(unknown.status == 1 && unknown.err.contains("no committee \\\"XYZ\\\""), "\(unknown.err)")
            #expect(unknown.err.contains("params.committee"), "\(unknown.err)")
            let none = goalctl(daemon, ["status", "--committee", "KBN"])
            #expect(
                none.status == 1 && none.err.contains("FAILED_PRECONDITION")
                    && none.err.contains("no answer of KBN (Kultur- och bildningsnämnden)"), "\(none.err)")
        }
        do {
            let daemon = try TestDaemon(arguments: ["--model", model], directory: directory)
            defer { _ = daemon.stop() }
            let hsnStatus = goalctl(
                daemon, ["status", "--period", "2024-annual", "--committee", "HSN", "--lang", "en"])
            #expect(hsnStatus.status == 0)
            #expect(hsnStatus.out.contains("2 met, 0 not met, 0 no data (of 2)"), "\(hsnStatus.out)")
            let runStatus = goalctl(daemon, ["status", "--period", "2024-annual", "--lang", "en"])
            #expect(runStatus.out.contains("(of 21)") && runStatus.out.contains("1 not met"), "\(runStatus.out)")
            let environment = try runProduct(
                "goalctl", ["--socket", daemon.socketPath, "goals"], environment: ["GOALD_COMMITTEE": "HSN"])
            #expect(environment.stdout.contains("5.1.1.1 Antal vårdplatser"), "\(environment.stdout)")
            let history = goalctl(daemon, ["history", "sjukfranvarokvot", "--committee", "HSN", "--json"])
            #expect(history.out.contains("\"indicator\":\"5.2.1.1\"") && history.out.contains("2,8"), "\(history.out)")
            let report = goalctl(
                daemon, ["report", "--period", "2024-annual", "--committee", "HSN", "--format", "csv"])
            #expect(report.out.contains("Antal vårdplatser") && !report.out.contains("Värmlandsstrategin"))
        }
        // goald's own default committee (--committee, goald.conf `committee`): a call naming none is HSN's now.
        let daemon = try TestDaemon(arguments: ["--model", model, "--committee", "HSN"], directory: directory)
        defer { _ = daemon.stop() }
        let goals = goalctl(daemon, ["goals"])
        #expect(goals.out.contains("5.1.1.1 Antal vårdplatser"), "\(goals.out)")
        let status = goalctl(daemon, ["status", "--period", "2024-annual", "--lang", "en"])
        #expect(status.out.contains("2 met, 0 not met, 0 no data (of 2)"), "HSN's status: \(status.out)")
        let run = goalctl(daemon, ["status", "--period", "2024-annual", "--committee", "RUN", "--lang", "en"])
        #expect(run.out.contains("(of 21)"), "RUN still answers when named: \(run.out)")
    }
}

/// `goalctl region status` (goald.v1.Region/GetStatus): per effect goal, each committee's result goals with its
/// judgement and tally, the committees without a result goal there, and those without a plan for the period.
@Suite struct RegionStatusDaemonTests {
    @Test func theRegionSeesEveryCommitteesResultGoalsUnderItsEffectGoals() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = directory.file("region.json")
        try TwoCommitteeRegion.json().write(to: URL(fileURLWithPath: model))
        let daemon = try TestDaemon(arguments: ["--model", model], directory: directory)
        defer { _ = daemon.stop() }
        func goalctl(_ arguments: [String]) -> (status: Int32, out: String, err: String) {
            let run = GoalCtl.runCapturingOutput(["--socket", daemon.socketPath] + arguments)
            return (run.status, run.standardOutput, run.standardError)
        }
        #expect(goalctl(["--committee", "HSN", "measure", "5.1.1.1", "812", "--period", "2024-annual"]).status == 0)
        #expect(
            goalctl([
                "--committee", "HSN", "assess", "5.1.1", "uppfyllt", "--period", "2024-annual", "--text",
                "Fler platser",
            ]).status == 0)
        #expect(goalctl(["measure", "5.5.1.1", "ja", "--period", "2024-annual"]).status == 0)

        let connection = try daemon.connect()
        let status = try connection.call(GoalRPC.regionStatus, RegionStatusRequest(period: "2024-annual"))
        #expect(status.periodChosen == "requested" && status.organisation == "Region Värmland")
        #expect(status.effectGoals.map(\.id).count == 4)
        #expect(status.committeesWithoutPlan == ["RS", "KBN", "KTN", "PN", "KSN", "HMN"])
        let health = try #require(status.effectGoals.first { $0.id == "god-jamlik-och-jamstalld-halsa" })
        #expect(health.committees.map(\.committee) == ["HSN", "RUN"])
        let hsn = try #require(health.committees.first { $0.committee == "HSN" }?.resultGoals.first)
        #expect(hsn.number == "5.1.1" && hsn.assessment == "uppfyllt" && hsn.tally.met == 1)
        let run = try #require(health.committees.first { $0.committee == "RUN" }?.resultGoals.first)
        #expect(run.number == "5.5.1" && run.assessment == nil && run.tally.met == 1 && run.tally.noData == 1)
        let safe = try #require(status.effectGoals.first { $0.id == "trygga-och-nojda-invanare" })
        #expect(safe.committees.map(\.committee) == ["RUN"] && safe.committeesWithout == ["HSN"])
        // Both committees answer under Hållbar organisation, with region-common ids.
        let organisation = try #require(status.effectGoals.first { $0.id == "hallbar-organisation" })
        #expect(organisation.committees.map(\.committee) == ["HSN", "RUN"])

        let table = goalctl(["region", "status", "--period", "2024-annual", "--lang", "sv"])
        #expect(table.status == 0, "\(table.err)")
        #expect(table.out.contains("HSN  5.1.1") && table.out.contains("Uppnått"), "\(table.out)")
        #expect(table.out.contains("Inget resultatmål här: HSN"), "\(table.out)")
        #expect(table.out.contains("Ingen plan för perioden (inget svar inläst): RS, KBN, KTN, PN, KSN, HMN"))
        let outside = goalctl(["region", "status", "--period", "2031-annual"])
        #expect(outside.status == 1 && outside.err.contains("outside every committee's plans"), "\(outside.err)")
    }
}
