import Foundation
import GoalCLI
import GoalClient
import GoalDomain
import GoalProtocol
import GoalTestSupport
import Testing

/// The region's own judgement of its effect goals over the wire: `goalctl assess-effect-goal`
/// (`goald.v1.Region/RecordAssessment`), shown by `goalctl region status`, withdrawn by
/// `goalctl retract-effect-goal-assessment`, and kept across a restart; never computed from the committees'.
@Suite struct RegionJudgementDaemonTests {
    @Test func theBoardJudgesAnEffectGoalAndItStaysAcrossARestart() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        func goalctl(_ daemon: TestDaemon, _ arguments: [String]) -> (status: Int32, out: String, err: String) {
            let run = GoalCtl.runCapturingOutput(["--socket", daemon.socketPath] + arguments)
            return (run.status, run.standardOutput, run.standardError)
        }
        do {
            let daemon = try TestDaemon(directory: directory)
            defer { _ = daemon.stop() }
            // RUN judges its result goal 5.6.4 met: the region's effect goal stays unjudged.
            #expect(
                goalctl(daemon, ["assess", "5.6.4", "uppfyllt", "--period", "2025-annual", "--text", "Minskat"])
                    .status == 0)
            let before = try daemon.connect().call(GoalRPC.regionStatus, RegionStatusRequest(period: "2025-annual"))
            #expect(before.effectGoals.allSatisfy { $0.assessment == nil })

            let first = goalctl(
                daemon,
                [
                    "assess-effect-goal", "attraktivt-och-hallbart-varmland", "delvis-uppnått", "--period",
                    "2025-annual", "--text", "Tjänsteresorna minskar, pendlingen inte",
                ])
            #expect(first.status == 0, "\(first.err)")
            #expect(first.out.contains("assessed attraktivt-och-hallbart-varmland 2025-annual: delvis uppfyllt"))
            #expect(
                goalctl(
                    daemon,
                    [
                        "assess-effect-goal", "attraktivt-och-hallbart-varmland", "uppfyllt", "--period",
                        "2025-annual", "--text", "Uppnått",
                    ]
                ).status == 0)
            let retract = goalctl(
                daemon,
                [
                    "retract-effect-goal-assessment", "attraktivt-och-hallbart-varmland", "--period", "2025-annual",
                    "--reason", "för tidigt",
                ])
            #expect(retract.status == 0, "\(retract.err)")
            #expect(
                retract.out.contains("retracted the region's judgement of attraktivt-och-hallbart-varmland")
                    && retract.out.contains("in force now: delvis uppfyllt"), "\(retract.out)")

            let unknown = goalctl(
                daemon, ["--json", "assess-effect-goal", "5.3", "uppfyllt", "--period", "2025-annual", "--text", "x"])
            #expect(unknown.status == 1 && unknown.err.contains("NOT_FOUND"), "\(unknown.err)")
            #expect(unknown.err.contains("params.effectGoal"), "\(unknown.err)")
            let outside = goalctl(
                daemon,
                [
                    "--json", "assess-effect-goal", "hallbar-organisation", "uppfyllt", "--period", "2027-annual",
                    "--text", "x",
                ])
            #expect(outside.status == 1 && outside.err.contains("params.period"), "\(outside.err)")
            #expect(outside.err.contains("mandate period"), "\(outside.err)")
            // Over the wire as any client sends them: nothing in force to withdraw, an empty analysis.
            let nothing = goalctl(
                daemon,
                [
                    "--json", "call", "goald.v1.Region/RetractAssessment",
                    #"{"effectGoal":"hallbar-organisation","period":"2025-annual","reason":"x"}"#,
                ])
            #expect(nothing.status == 1 && nothing.err.contains("NOT_FOUND"), "\(nothing.err)")
            #expect(nothing.err.contains("params.period"), "\(nothing.err)")
            let empty = goalctl(
                daemon,
                [
                    "--json", "call", "goald.v1.Region/RecordAssessment",
                    #"{"effectGoal":"hallbar-organisation","period":"2025-annual","level":"uppfyllt","analysis":" "}"#,
                ])
            #expect(empty.status == 1 && empty.err.contains("params.analysis"), "\(empty.err)")
            let level = goalctl(
                daemon,
                ["assess-effect-goal", "hallbar-organisation", "bra", "--period", "2025-annual", "--text", "x"])
            #expect(level.status == 1 && level.err.contains("level:"), "\(level.err)")
        }
        let daemon = try TestDaemon(directory: directory)
        defer { _ = daemon.stop() }
        let status = try daemon.connect().call(GoalRPC.regionStatus, RegionStatusRequest(period: "2025-annual"))
        let judged = try #require(status.effectGoals.first { $0.id == "attraktivt-och-hallbart-varmland" })
        #expect(judged.assessment?.level == "delvis uppfyllt")
        #expect(judged.assessment?.analysis == "Tjänsteresorna minskar, pendlingen inte")
        #expect(status.effectGoals.filter { $0.assessment != nil }.count == 1)
        let table = goalctl(daemon, ["region", "status", "--period", "2025-annual", "--lang", "sv"])
        #expect(table.out.contains("Regionens bedömning: Delvis uppnått"), "\(table.out)")
        #expect(table.out.contains("Regionens bedömning: ej bedömd"), "\(table.out)")
        // A record after a restart takes a sequence after every one before, the region's included.
        let next = goalctl(daemon, ["--json", "measure", "5.6.3.1", "3,1", "--period", "2025-annual"])
        let sequence = try JSONDecoder().decode(MeasurementMessage.self, from: Data(next.out.utf8)).sequence
        #expect(sequence > judged.assessment!.sequence + 1)
    }
}

/// Live views per committee and for the region: `Goals/Watch` with a committee sees that committee's writes alone;
/// `goald.v1.Region/Watch` (`goalctl watch --region`) sees every committee's and the region's judgements.
@Suite struct RegionLiveViewTests {
    @Test func aCommitteesWatchAndTheRegionsWatchSeeTheirOwnChanges() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = directory.file("region.json")
        try TwoCommitteeRegion.json().write(to: URL(fileURLWithPath: model))
        let daemon = try TestDaemon(arguments: ["--model", model], directory: directory)
        defer { _ = daemon.stop() }
        let hsn = try daemon.connect()
        try hsn.send(RawFrames.call(1, "goald.v1.Goals/Watch", #"{"period":"2024-annual","committee":"HSN"}"#))
        #expect(try RawFrames.next(hsn)["result"]?["tally"]?["met"] == .number(0))
        let region = try daemon.connect()
        try region.send(RawFrames.call(1, "goald.v1.Region/Watch", #"{"period":"2024-annual"}"#))
        let first = try RawFrames.next(region)
        #expect(first["result"]?["committeesWithoutPlan"]?[0] == .string("RS"))

        let writer = try daemon.connect()
        _ = try writer.call(
            GoalRPC.recordMeasurement,
            RecordMeasurementRequest(indicator: "5.1.1.1", period: "2024-annual", value: .number(812), committee: "HSN")
        )
        #expect(try RawFrames.next(hsn)["result"]?["tally"]?["met"] == .number(1))
        let afterValue = try RawFrames.next(region)
        let health = afterValue["result"]?["effectGoals"]?[2]
        #expect(health?["id"] == .string("god-jamlik-och-jamstalld-halsa"))
        #expect(health?["committees"]?[0]?["resultGoals"]?[0]?["tally"]?["met"] == .number(1))

        _ = try writer.call(
            GoalRPC.recordEffectGoalAssessment,
            RecordEffectGoalAssessmentRequest(
                effectGoal: "god-jamlik-och-jamstalld-halsa", period: "2024-annual", level: "uppfyllt",
                analysis: "Fler vårdplatser"))
        let afterJudgement = try RawFrames.next(region)
        #expect(afterJudgement["result"]?["effectGoals"]?[2]?["assessment"]?["level"] == .string("uppfyllt"))

        // goalctl watch --region, not on a terminal: one line, then it is stopped.
        let watch = Process()
        watch.executableURL = URL(fileURLWithPath: BuildProducts.path(of: "goalctl"))
        watch.arguments = ["--socket", daemon.socketPath, "watch", "--region", "--period", "2024-annual"]
        let output = Pipe()
        watch.standardOutput = output
        try watch.run()
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        // A child of the test process inherits its blocked signals, SIGTERM among them: ended by SIGKILL.
        kill(watch.processIdentifier, SIGKILL)
        watch.waitUntilExit()
        #expect(line.contains("1 of 4 effect goals judged by the region"), "\(line)")
        #expect(line.contains("of 2 committees"), "\(line)")
    }
}

/// Travel by committee: the model maps units to committees, so `travel reduction --committee` counts a committee's
/// units together, a committee's travel indicator that names no unit derives from its own units' trips, and the
/// total of every unit names the units no committee has.
@Suite struct TravelByCommitteeTests {
    @Test func eachCommitteesTravelIsItsOwnUnitsAndUnmappedUnitsAreNamed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var document = try #require(
            try JSONSerialization.jsonObject(with: TwoCommitteeRegion.json()) as? [String: Any])
        var committees = try #require(document["committees"] as? [[String: Any]])
        let hsnIndex = try #require(committees.firstIndex { $0["abbreviation"] as? String == "HSN" })
        committees[hsnIndex]["units"] = ["Hälso- och sjukvård", "Folktandvården"]
        document["committees"] = committees
        var plans = try #require(document["plans"] as? [[String: Any]])
        let hsnPlan = try #require(plans.firstIndex { $0["committee"] as? String == "HSN" })
        var parts = try #require(plans[hsnPlan]["effectGoals"] as? [[String: Any]])
        var results = try #require(parts[1]["resultGoals"] as? [[String: Any]])
        var indicators = try #require(results[0]["indicators"] as? [[String: Any]])
        indicators.append([
            "id": "hsn-klimatavtryck", "number": "5.2.1.2", "title": "Minskat klimatavtryck från tjänsteresor, %",
            "target": ["kind": "percentage", "direction": "atLeast", "value": 10],
            "derivedFrom": ["travelReduction": ["baseline": 2020, "method": "asReported"]],
        ])
        results[0]["indicators"] = indicators
        parts[1]["resultGoals"] = results
        plans[hsnPlan]["effectGoals"] = parts
        document["plans"] = plans
        let model = directory.file("region.json")
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: model))
        let daemon = try TestDaemon(arguments: ["--model", model], directory: directory)
        defer { _ = daemon.stop() }
        func goalctl(_ arguments: [String]) -> (status: Int32, out: String, err: String) {
            let run = GoalCtl.runCapturingOutput(["--socket", daemon.socketPath] + arguments)
            return (run.status, run.standardOutput, run.standardError)
        }
        let trips = directory.file("trips.csv")
        try """
        id,date,mode,distance_km,unit
        h1,2020-03-01,flight,800,Hälso- och sjukvård
        h2,2024-03-01,rail,800,Hälso- och sjukvård
        t1,2020-04-01,car_private,200,Folktandvården
        t2,2024-04-01,car_private,100,Folktandvården
        r1,2020-05-01,rail,300,Regional utveckling
        r2,2024-05-01,rail,100,Regional utveckling
        k1,2020-06-01,flight,3000,Kultur och bildning
        k2,2024-06-01,flight,3000,Kultur och bildning

        """.write(toFile: trips, atomically: true, encoding: .utf8)
        #expect(goalctl(["travel", "import", trips]).status == 0)
        let connection = try daemon.connect()
        func reduction(_ request: GetReductionRequest) throws -> ReductionMessage {
            try connection.call(GoalRPC.getReduction, request)
        }
        let hsn = try reduction(GetReductionRequest(year: 2024, committee: "hsn"))
        let health = try reduction(GetReductionRequest(year: 2024, unit: "Hälso- och sjukvård"))
        let dental = try reduction(GetReductionRequest(year: 2024, unit: "Folktandvården"))
        #expect(hsn.committee == "HSN" && hsn.units == ["Hälso- och sjukvård", "Folktandvården"])
        #expect(hsn.current.trips == 2 && hsn.baseline.trips == 2)
        #expect(
            abs(hsn.asReported.currentKgCO2e - health.asReported.currentKgCO2e - dental.asReported.currentKgCO2e) < 1e-9
        )
        #expect(
            abs(hsn.asReported.baselineKgCO2e - health.asReported.baselineKgCO2e - dental.asReported.baselineKgCO2e)
                < 1e-9)
        let all = try reduction(GetReductionRequest(year: 2024))
        #expect(all.unmappedUnits == ["Kultur och bildning"] && all.current.trips == 4)

        // HSN's indicator derives from its own units; RUN's still from the unit it names.
        let status = try connection.call(
            GoalRPC.getStatus, GetStatusRequest(period: "2024-annual", committee: "HSN"))
        let derived = try #require(
            status.effectGoals.flatMap(\.resultGoals).flatMap(\.indicators).first { $0.number == "5.2.1.2" })
        let expected = ((hsn.asReported.reductionPercent ?? 0) * 100).rounded() / 100
        #expect(derived.value == .number(expected) && expected != 0, "\(String(describing: derived.value))")

        let table = goalctl(["travel", "reduction", "--year", "2024", "--committee", "HSN"])
        #expect(table.status == 0 && table.out.contains("HSN (Hälso- och sjukvård, Folktandvården)"), "\(table.out)")
        let total = goalctl(["travel", "reduction", "--year", "2024"])
        #expect(total.out.contains("no committee has the units \"Kultur och bildning\""), "\(total.out)")
        let none = goalctl(["--json", "travel", "reduction", "--year", "2024", "--committee", "KBN"])
        #expect(none.status == 1 && none.err.contains("maps no unit to KBN"), "\(none.err)")
        let both = goalctl(["--json", "call", "goald.v1.Travel/GetReduction", #"{"committee":"HSN","unit":"x"}"#])
        #expect(both.status == 1 && both.err.contains("params.unit"), "\(both.err)")
        // A unit mapped to two committees is refused with its path.
        committees[hsnIndex]["units"] = ["Regional utveckling"]
        document["committees"] = committees
        #expect {
            try Region.decode(from: JSONSerialization.data(withJSONObject: document))
        } throws: { error in
            "\(error)".contains(
                "committees[4].units[0]: \"Regional utveckling\" is already mapped at committees[1].units[0]")
        }
    }

}
