import Foundation
import GoalClient
import GoalProtocol
import GoalTestSupport
import Testing

/// The follow-up through goalctl against a real goald, across kill -9 and restart.
@Suite struct FollowUpDaemonTests {
    func goalctl(_ daemon: some Goald, _ arguments: [String]) throws -> ProcessOutcome {
        try daemon.goalctl(arguments)
    }

    /// What the committee records for 2024, and the status a person counts by hand from it.
    static let year: [(String, String)] = [
        ("5.3.1.1", "100"), ("5.3.1.2", "90"), ("5.3.1.3", "100 %"), ("5.3.1.4", "55,5"), ("5.3.1.5", "ja"),
        ("5.3.1.6", "nej"), ("5.4.1.1", "ja"), ("5.4.2.1", "Företagsstöd till 42 företag; analys i bilaga."),
        ("5.4.2.2", "30"), ("5.4.2.3", "45"), ("5.4.2.4", "ja"), ("5.5.1.1", "ja"),
        ("5.5.1.2", "Digital Well Arena: tre nya testbäddar."), ("5.6.1.1", "-250000"), ("5.6.2.1", "81"),
        ("5.6.2.2", "8,5"), ("5.6.3.1", "3,4"), ("5.6.3.2", "2,1"), ("5.6.3.3", "100"), ("5.6.3.4", "95"),
    ]
    // met: 5.3.1.1, 5.3.1.3, 5.3.1.5, 5.4.1.1, 5.4.2.2, 5.4.2.4, 5.5.1.1, 5.6.2.1, 5.6.2.2, 5.6.3.2, 5.6.3.3 = 11
    // not met: 5.3.1.2, 5.3.1.4, 5.3.1.6, 5.4.2.3, 5.6.1.1, 5.6.3.1, 5.6.3.4 = 7
    // to assess: 5.4.2.1, 5.5.1.2 = 2; no data: 5.6.4.1 (it comes from travel data, and none is imported) = 1
    static let expectedNotMet = ["5.3.1.2", "5.3.1.4", "5.3.1.6", "5.4.2.3", "5.6.1.1", "5.6.3.1", "5.6.3.4"]

    func checkHandCount(_ status: StatusMessage) {
        #expect(status.period == "2024-annual")
        #expect(
            status.tally
                == TallyMessage(
                    met: 11, notMet: 7, noData: 1, targetPending: 0, needsAssessment: 2,
                    total: 21))
        #expect(status.notMet == Self.expectedNotMet)
        #expect(status.effectGoals.map(\.tally.met) == [3, 3, 1, 4])
        #expect(status.assessed == ["delvis uppfyllt": 1])
    }

    /// A value recorded for the wrong period is withdrawn through goalctl (goald.v1.Goals/RetractMeasurement):
    /// status opens on the right period again, the history keeps the value marked retracted, and it survives kill -9.
    @Test func aValueRecordedForTheWrongPeriodIsRetracted() throws {
        let daemon = try TestDaemon()
        defer { daemon.directory.remove() }
        #expect(try goalctl(daemon, ["measure", "5.6.3.1", "3,4", "--period", "2024-annual"]).status == 0)
        #expect(try goalctl(daemon, ["measure", "5.6.3.1", "9,9", "--period", "2025-annual"]).status == 0)
        #expect(try goalctl(daemon, ["status"]).stdout.hasPrefix("Status 2025-annual"))

        let retracted = try goalctl(
            daemon,
            [
                "retract", "5.6.3.1", "--period", "2025-annual", "--reason",
                "fel år: gäller 2024",
            ])
        #expect(retracted.status == 0, "\(retracted.stderr)")
        #expect(
            retracted.stdout.hasPrefix("retracted the value of 5.6.3.1 for 2025-annual (#2); nothing in force now"),
            "\(retracted.stdout)")
        #expect(try goalctl(daemon, ["status"]).stdout.hasPrefix("Status 2024-annual (latest period with data)"))
        let history = try goalctl(daemon, ["history", "5.6.3.1"])
        #expect(
            history.stdout.contains("retracted by root at") && history.stdout.contains("fel år: gäller 2024"),
            "\(history.stdout)")
        let again = try goalctl(daemon, ["retract", "5.6.3.1", "--period", "2025-annual", "--reason", "igen"])
        #expect(again.status == 1 && again.stderr.contains("NOT_FOUND"), "\(again.stderr)")
        let noReason = try goalctl(daemon, ["retract", "5.6.3.1", "--period", "2024-annual", "--reason", " "])
        #expect(noReason.status == 1 && noReason.stderr.contains("reason"), "\(noReason.stderr)")

        // goald.v1.Goals/RetractAssessment through goalctl: the result goal is not assessed any more.
        #expect(
            try goalctl(daemon, ["assess", "5.6.3", "uppfyllt", "--period", "2024-annual", "--text", "Analys."])
                .status == 0)
        let withdrawn = try goalctl(
            daemon,
            [
                "retract-assessment", "5.6.3", "--period", "2024-annual", "--reason",
                "hör till 5.6.2",
            ])
        #expect(
            withdrawn.status == 0 && withdrawn.stdout.hasPrefix("retracted the assessment of 5.6.3"),
            "\(withdrawn.stdout) \(withdrawn.stderr)")
        // goald.v1.Goals/ListAssessments through goalctl: the assessment is kept, marked retracted.
        let assessments = try goalctl(daemon, ["assessments", "5.6.3"])
        #expect(
            assessments.status == 0 && assessments.stdout.contains("uppfyllt, by root")
                && assessments.stdout.contains("retracted by root at") && assessments.stdout.contains("hör till 5.6.2")
                && assessments.stdout.contains("    Analys."), "\(assessments.stdout)")

        daemon.stop(signal: SIGKILL)
        let restarted = try TestDaemon(directory: daemon.directory)
        defer { restarted.cleanUp() }
        let status = try restarted.connect().call(GoalRPC.getStatus, GetStatusRequest())
        #expect(status.period == "2024-annual" && status.assessed.isEmpty)
        let kept = try restarted.connect().call(GoalRPC.listMeasurements, ListMeasurementsRequest(indicator: "5.6.3.1"))
        #expect(kept.measurements.map(\.retracted?.reason) == [nil, "fel år: gäller 2024"])
        #expect(kept.measurements.map(\.superseded) == [false, false])
        let judged = try restarted.connect().call(GoalRPC.listAssessments, ListAssessmentsRequest(resultGoal: "5.6.3"))
        #expect(judged.assessments.map(\.retracted?.reason) == ["hör till 5.6.2"])
    }

    /// The history of 5.6.4.1 shows the value goald derives from the trips, for each period that has one.
    @Test func theHistoryOfADerivedIndicatorShowsItsDerivedValues() async throws {
        try await inProcess { daemon in
            let csv =
                "id,date,mode,distance_km,travellers,unit\nA,2020-05-04,flight,1000,1,Regional utveckling\n"
                + "B,2024-05-06,rail,1000,1,Regional utveckling\n"
            _ = try daemon.connect().call(GoalRPC.addTrips, AddTripsRequest(csv: csv, unit: "Regional utveckling"))
            let history = try daemon.connect().call(
                GoalRPC.listMeasurements, ListMeasurementsRequest(indicator: "5.6.4.1"))
            #expect(history.measurements.map(\.period) == ["2024-interim", "2024-annual"])
            #expect(
                history.measurements.allSatisfy { $0.derived == true && $0.sequence == 0 && $0.recordedBy == "goald" })
            let status = try daemon.connect().call(GoalRPC.getStatus, GetStatusRequest(period: "2024-annual"))
            let shown = status.effectGoals.flatMap(\.resultGoals).flatMap(\.indicators).first { $0.number == "5.6.4.1" }
            #expect(history.measurements.last?.value == shown?.value, "the history and status agree")
            let printed = try goalctl(daemon, ["history", "5.6.4.1"])
            #expect(
                printed.stdout.contains("derived") && !printed.stdout.contains("nothing recorded"), "\(printed.stdout)")
            let annualOnly = try daemon.connect().call(
                GoalRPC.listMeasurements,
                ListMeasurementsRequest(indicator: "5.6.4.1", period: "2024-annual"))
            #expect(annualOnly.measurements.count == 1)
        }
    }

    @Test func aFullYearThroughGoalctlMatchesAHandCountAndSurvivesKill9() throws {
        let daemon = try TestDaemon()
        defer { daemon.directory.remove() }
        for (key, value) in Self.year {
            // A negative value follows `--`, so that it is not read as an option.
            let outcome = try goalctl(daemon, ["measure", key, "--period", "2024-annual", "--", value])
            #expect(outcome.status == 0, "\(key): \(outcome.stderr)")
        }
        let assessed = try goalctl(
            daemon,
            [
                "assess", "5.6.3", "delvis-uppfyllt", "--period", "2024-annual",
                "--text", "Sjukfrånvaron är över målet men minskar.",
            ])
        #expect(assessed.status == 0, "\(assessed.stderr)")

        let printed = try goalctl(daemon, ["status", "--json"])
        let status = try JSONDecoder().decode(StatusMessage.self, from: Data(printed.stdout.utf8))
        #expect(status.periodChosen == "latestWithData")
        checkHandCount(status)

        let table = try goalctl(daemon, ["status"])
        #expect(
            table.stdout.hasPrefix(
                "Status 2024-annual (latest period with data): 11 met, 7 not met, 1 no data, 2 to assess (of 21)"))
        #expect(table.stdout.contains("[partly met]"))
        #expect(
            table.stdout.contains("5.6.3.1 Sjukfrånvarokvot: 3.4 % (target ≤ 3 %)"), "English numbers in English")
        let swedish = try goalctl(daemon, ["status", "--lang", "sv"]).stdout
        #expect(swedish.contains("5.6.3.1 Sjukfrånvarokvot: 3,4 % (målvärde ≤ 3 %)"), "\(swedish)")
        #expect(swedish.contains("5.6.1.1  -250 000 kr") && swedish.contains("5.3.1.5  Ja "), "\(swedish)")
        #expect(
            table.stdout.contains("5.6.1.1  -250,000 kr") && table.stdout.contains("5.3.1.5  Yes "), "\(table.stdout)")

        daemon.stop(signal: SIGKILL)
        let restarted = try TestDaemon(directory: daemon.directory)
        defer { restarted.cleanUp() }
        let after = try restarted.connect().call(GoalRPC.getStatus, GetStatusRequest())
        #expect(after == status)
    }

    @Test func everyAcknowledgedWriteSurvivesKill9() throws {
        let daemon = try TestDaemon()
        defer { daemon.directory.remove() }
        let connection = try daemon.connect()
        var acknowledged: [Int64] = []
        for round in 0..<40 {
            let value = Double(round % 10) / 2
            let answer = try connection.call(
                GoalRPC.recordMeasurement,
                RecordMeasurementRequest(
                    indicator: "5.6.3.1", period: round < 20 ? "2024-interim" : "2024-annual", value: .number(value),
                    note: "round \(round)"))
            acknowledged.append(answer.sequence)
        }
        let target = try connection.call(GoalRPC.setTarget, SetTargetRequest(indicator: "5.6.4.1", value: .number(25)))
        daemon.stop(signal: SIGKILL)

        let restarted = try TestDaemon(directory: daemon.directory)
        defer { restarted.cleanUp() }
        let again = try restarted.connect()
        let history = try again.call(GoalRPC.listMeasurements, ListMeasurementsRequest(indicator: "5.6.3.1"))
        #expect(history.measurements.map(\.sequence) == acknowledged)
        #expect(history.measurements.map(\.note) == (0..<40).map { "round \($0)" })
        #expect(history.measurements.filter { !$0.superseded }.map(\.sequence) == [acknowledged[19], acknowledged[39]])
        let indicator = try again.call(GoalRPC.getIndicator, GetIndicatorRequest(key: "5.6.4.1"))
        #expect(indicator.indicator.target.display == "≥ 25 %")
        #expect(indicator.targetHistory.map(\.sequence) == [target.sequence])
        // New records continue the sequence.
        let next = try again.call(
            GoalRPC.recordMeasurement,
            RecordMeasurementRequest(
                indicator: "5.6.3.2", period: "2024-annual", value: .number(1)))
        #expect(next.sequence == target.sequence + 1)
    }

    /// `target 5.6.2.1 78` once changed a closed annual report; a target in force from a period leaves the periods
    /// before it judged by the target they had, also across kill -9.
    @Test func aTargetFromALaterPeriodLeavesTheClosedReportAsItWas() throws {
        let daemon = try TestDaemon()
        defer { daemon.directory.remove() }
        for (key, value) in Self.year {
            #expect(try goalctl(daemon, ["measure", key, value, "--period", "2024-annual"]).status == 0, "\(key)")
        }
        #expect(try goalctl(daemon, ["measure", "5.4.2.2", "24", "--period", "2025-annual"]).status == 0)
        // 2025-interim closed on 31 August 2025: without a reason the change is refused, and nothing is recorded.
        let refused = try goalctl(daemon, ["target", "5.4.2.2", "23", "--from", "2025-interim"])
        #expect(
            refused.status == 1
                && refused.stderr.contains(
                    "FAILED_PRECONDITION: from: 2025-interim closed on "
                        + "2025-08-31 and its report may be published"),
            "\(refused.stderr)")
        #expect(
            try daemon.connect().call(GoalRPC.getIndicator, GetIndicatorRequest(key: "5.4.2.2")).targetHistory.isEmpty)
        let set = try goalctl(
            daemon,
            [
                "target", "5.4.2.2", "23", "--from", "2025-interim", "--reason",
                "RS beslut 2025-10-14 § 87",
            ])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(
            set.stdout.hasPrefix("target of 5.4.2.2: ≥ 23 % in force from 2025-interim on; was ≥ 25 %"),
            "\(set.stdout)"
        )

        let connection = try daemon.connect()
        let closed = try connection.call(GoalRPC.getStatus, GetStatusRequest(period: "2024-annual"))
        #expect(closed.tally.met == 11 && closed.tally.notMet == 7, "2024-annual is judged by the target of 25 %")
        let indicator2024 = closed.effectGoals.flatMap(\.resultGoals).flatMap(\.indicators).first {
            $0.number == "5.4.2.2"
        }
        #expect(indicator2024?.target == "≥ 25 %")
        let next = try connection.call(GoalRPC.getStatus, GetStatusRequest(period: "2025-annual"))
        let indicator2025 = next.effectGoals.flatMap(\.resultGoals).flatMap(\.indicators).first {
            $0.number == "5.4.2.2"
        }
        #expect(indicator2025?.status == "met" && indicator2025?.target == "≥ 23 %")

        // A bad --from is named and changes nothing.
        let bad = try goalctl(daemon, ["target", "5.4.2.2", "20", "--from", "2031-annual"])
        #expect(
            bad.status == 1 && bad.stderr.contains("INVALID_ARGUMENT: from: 2031-annual is outside the plan"),
            "\(bad.stderr)")

        daemon.stop(signal: SIGKILL)
        let restarted = try TestDaemon(directory: daemon.directory)
        defer { restarted.cleanUp() }
        let again = try restarted.connect()
        #expect(try again.call(GoalRPC.getStatus, GetStatusRequest(period: "2024-annual")).tally == closed.tally)
        let detail = try again.call(GoalRPC.getIndicator, GetIndicatorRequest(key: "5.4.2.2"))
        #expect(detail.targetHistory.map(\.from) == ["2025-interim"])
        #expect(
            detail.targetsInForce.map(\.target.display) == [
                "≥ 25 %", "≥ 25 %", "≥ 23 %", "≥ 23 %", "≥ 23 %", "≥ 23 %",
            ])
        let shown = try goalctl(restarted, ["indicator", "5.4.2.2"])
        #expect(shown.stdout.contains("from 2025-interim: ≥ 25 % → ≥ 23 %"), "\(shown.stdout)")
        #expect(shown.stdout.contains("reason: RS beslut 2025-10-14 § 87"), "\(shown.stdout)")
        #expect(detail.targetHistory.first?.reason == "RS beslut 2025-10-14 § 87")

        // The reports the change reached back into say so, with the reason, and list the change.
        let report = daemon.directory.file("r.html")
        #expect(try goalctl(restarted, ["report", "--period", "2025-annual", "--output", report]).status == 0)
        let html = try String(contentsOfFile: report, encoding: .utf8)
        let row = html.split(separator: "\n").first { $0.contains("data-indicator=\"5.4.2.2\"") } ?? ""
        #expect(
            row.contains("Målvärdet ändrat efter periodens slut,") && row.contains("RS beslut 2025-10-14 § 87"),
            "\(row)")
        #expect(html.contains("Ändrade målvärden under planperioden") && html.contains("data-target-change="))
        let markdown = try goalctl(restarted, ["report", "--period", "2025-annual", "--format", "md"]).stdout
        #expect(markdown.contains("*5.4.2.2: Målvärdet ändrat efter periodens slut,"), "\(markdown)")

        // Withdrawn, the earlier target is in force again; the history keeps the change, marked.
        let withdrawn = try goalctl(
            restarted,
            [
                "retract-target", "5.4.2.2", "--from", "2025-interim", "--reason",
                "fel period",
            ])
        #expect(
            withdrawn.status == 0
                && withdrawn.stdout.hasPrefix(
                    "retracted the target change of 5.4.2.2 for "
                        + "2025-interim"),
            "\(withdrawn.stdout)\(withdrawn.stderr)")
        #expect(withdrawn.stdout.contains("in force now: ≥ 25 %"), "\(withdrawn.stdout)")
        let after = try again.call(GoalRPC.getIndicator, GetIndicatorRequest(key: "5.4.2.2"))
        #expect(after.targetsInForce.map(\.target.display) == Array(repeating: "≥ 25 %", count: 6))
        #expect(after.targetHistory.first?.retracted?.reason == "fel period")
        #expect(try goalctl(restarted, ["indicator", "5.4.2.2"]).stdout.contains("RETRACTED by root"))
        let twice = try goalctl(restarted, ["retract-target", "5.4.2.2", "--from", "2025-interim", "--reason", "igen"])
        #expect(
            twice.status == 1 && twice.stderr.contains("NOT_FOUND: from: no target change of 5.4.2.2"),
            "\(twice.stderr)")
        #expect {
            try again.call(
                GoalRPC.retractTarget,
                RetractTargetRequest(
                    indicator: "5.4.2.2", from: "2024-annual",
                    reason: "ingen sådan"))
        } throws: { error in
            (error as? RPCError)?.code == .notFound && (error as? RPCError)?.details?["field"] == "params.from"
        }
        restarted.stop(signal: SIGKILL)
        let third = try TestDaemon(directory: daemon.directory)
        defer { third.cleanUp() }
        #expect(
            try third.connect().call(GoalRPC.getIndicator, GetIndicatorRequest(key: "5.4.2.2")).targetsInForce
                .map(\.target.display) == Array(repeating: "≥ 25 %", count: 6), "the retraction survives kill -9")
    }

    /// The qualitative indicators are closed by the committee's judgement, and status shows each analysis, author
    /// and value, and with --compare a trend arrow per indicator.
    @Test func qualitativeIndicatorsAreJudgedAndStatusComparesPeriods() async throws {
        try await inProcess { daemon in
            for (key, value) in Self.year {
                #expect(try goalctl(daemon, ["measure", key, value, "--period", "2024-annual"]).status == 0, "\(key)")
            }
            let judged = try goalctl(
                daemon,
                [
                    "assess", "5.4.2.1", "uppnatt", "--period", "2024-annual", "--text",
                    "Stödet nådde 42 företag.",
                ])
            #expect(
                judged.status == 0 && judged.stdout.hasPrefix("assessed 5.4.2.1 2024-annual: uppfyllt"),
                "\(judged.stdout)\(judged.stderr)")
            #expect(
                try goalctl(
                    daemon,
                    [
                        "assess", "5.5.1.2", "Delvis uppnåtts", "--period", "2024-annual", "--text",
                        "Två av tre testbäddar.",
                    ]
                ).status == 0)
            #expect(
                try goalctl(
                    daemon,
                    [
                        "assess", "5.6.3", "delvis-uppfyllt", "--period", "2024-annual", "--text",
                        "Sjukfrånvaron är över målet men minskar.",
                    ]
                ).status == 0)
            let refused = try goalctl(
                daemon, ["assess", "5.6.3.1", "uppfyllt", "--period", "2024-annual", "--text", "x"])
            #expect(refused.status == 1 && refused.stderr.contains("FAILED_PRECONDITION"), "\(refused.stderr)")

            let connection = try daemon.connect()
            let status = try connection.call(GoalRPC.getStatus, GetStatusRequest(period: "2024-annual"))
            #expect(
                status.tally
                    == TallyMessage(
                        met: 12, partlyMet: 1, notMet: 7, noData: 1, targetPending: 0,
                        needsAssessment: 0, total: 21))
            for (key, value) in [("5.6.3.1", "2,9"), ("5.6.2.1", "81"), ("5.3.1.2", "85")] {
                #expect(try goalctl(daemon, ["measure", key, value, "--period", "2025-annual"]).status == 0)
            }
            let shown = try goalctl(daemon, ["status", "--period", "2025-annual", "--compare", "last-year"])
            #expect(shown.status == 0, "\(shown.stderr)")
            #expect(
                shown.stdout.contains("Compared with 2024-annual: 1 ↑ better, 1 → unchanged, 1 ↓ worse"),
                "\(shown.stdout)")
            #expect(
                shown.stdout.contains("5.6.3.1  2.9 %") && shown.stdout.contains("2024: 3.4 % ↑"),
                "\(shown.stdout)")
            let earlier = try goalctl(daemon, ["status", "--period", "2024-annual"]).stdout
            #expect(
                earlier.contains("[partly met] by root at") && earlier.contains("Sjukfrånvaron är över målet"),
                "\(earlier)")
            let judgedRow = earlier.split(separator: "\n").first { $0.contains("5.4.2.1") } ?? ""
            #expect(
                judgedRow.contains("Företagsstöd till 42 företag; a…") && judgedRow.contains(" met "),
                "\(judgedRow)")
            // The qualitative indicator's judgement, with its reason, under its row.
            let earlierLines = earlier.split(separator: "\n").map(String.init)
            let rowAt = try #require(earlierLines.firstIndex { $0.contains("5.4.2.1") })
            #expect(
                earlierLines[rowAt + 1].trimmingCharacters(in: .whitespaces).hasPrefix("[met] by root at ")
                    && earlierLines[rowAt + 2].trimmingCharacters(in: .whitespaces) == "Stödet nådde 42 företag.",
                "\(earlierLines[rowAt...].prefix(3))")
            let json = try connection.call(
                GoalRPC.getStatus, GetStatusRequest(period: "2025-annual", compare: "2024-annual"))
            let sick = json.effectGoals.flatMap(\.resultGoals).flatMap(\.indicators).first { $0.number == "5.6.3.1" }
            #expect(sick?.trend == "better" && sick?.compared?.display == "3,4 %")
            // In Swedish, the report's words: statuses and judgements as the report prints them.
            let swedish = try goalctl(daemon, ["status", "--period", "2024-annual", "--lang", "sv"]).stdout
            #expect(
                swedish.contains("[Delvis uppnått] av root den ") && swedish.contains("Ej uppnått:")
                    && swedish.contains(" uppnått ") && !swedish.contains(" met "), "\(swedish)")
            // indicator and history speak the same language, asked or from the environment.
            let indicatorSv = try goalctl(daemon, ["indicator", "5.6.3.1", "--lang", "sv"]).stdout
            #expect(
                indicatorSv.contains("  målvärde:") && indicatorSv.contains("  resultatmål:  5.6.3 ")
                    && indicatorSv.contains("  utfall:") && indicatorSv.contains("målvärde som gäller")
                    && !indicatorSv.contains("target"), "\(indicatorSv)")
            let historyEnv = try runProduct(
                "goalctl", ["--socket", daemon.socketPath, "history", "5.6.3.1"],
                environment: ["LANG": "sv_SE.UTF-8"]
            ).stdout
            #expect(
                historyEnv.contains("målvärde nu:") && historyEnv.contains("registrerat")
                    && historyEnv.contains("gäller") && !historyEnv.contains("in force"), "\(historyEnv)")
            let historyEn = try goalctl(daemon, ["history", "5.6.3.1", "--lang", "en"]).stdout
            #expect(historyEn.contains("target now:") && historyEn.contains("in force"), "\(historyEn)")
            #expect(try goalctl(daemon, ["history", "5.6.3.1", "--lang", "fi"]).status == 64)
            let tooEarly = try goalctl(daemon, ["status", "--period", "2024-annual", "--compare", "last-year"])
            #expect(
                tooEarly.status == 1 && tooEarly.stderr.contains("compare: the period a year before 2024-annual"),
                "\(tooEarly.stderr)")
            let list = try goalctl(daemon, ["assessments", "5.4.2"])
            #expect(
                list.stdout.contains("5.4.2.1") && list.stdout.contains("Stödet nådde 42 företag."),
                "\(list.stdout)")
            let withdrawn = try goalctl(
                daemon,
                [
                    "retract-assessment", "5.4.2.1", "--period", "2024-annual", "--reason",
                    "fel nivå",
                ])
            #expect(withdrawn.status == 0, "\(withdrawn.stderr)")
            #expect(
                try connection.call(GoalRPC.getStatus, GetStatusRequest(period: "2024-annual")).tally.needsAssessment
                    == 1)
        }
    }

    @Test func badInputIsRefusedByNameAndStoresNothing() throws {
        let daemon = try TestDaemon()
        defer { daemon.directory.remove() }
        #expect(try goalctl(daemon, ["measure", "5.6.3.1", "3", "--period", "2024-annual"]).status == 0)

        let cases: [([String], Int32, String)] = [
            (
                ["measure", "5.6.3.1", "140", "--period", "2024-annual"], 1,
                "goald: INVALID_ARGUMENT: value: 140 is above the most allowed for 5.6.3.1 (percentage): 0 to 100"
            ),
            (
                ["measure", "5.6.3.1", "hög", "--period", "2024-annual"], 64,
                "goalctl: 5.6.3.1 takes a percentage: give a number such as 4,2 or 4.2, not \"hög\""
            ),
            (
                ["measure", "5.6.3.1", "3", "--period", "2027-annual"], 1,
                "goald: INVALID_ARGUMENT: period: 2027-annual is outside the plan (2024–2026)"
            ),
            (
                ["measure", "5.9.9.9", "3", "--period", "2024-annual"], 1,
                "goald: NOT_FOUND: key: no indicator with key \"5.9.9.9\""
            ),
            (
                ["assess", "5.6.3", "bra", "--period", "2024-annual", "--text", "x"], 1,
                """
                goald: INVALID_ARGUMENT: level: expected one of \"uppfyllt\", \"delvis uppfyllt\", \"ej uppfyllt\", \
                found \"bra\"
                """
            ),
            (
                ["assess", "5.6.3", "uppfyllt", "--period", "2024-annual", "--text", " "], 1,
                "goald: INVALID_ARGUMENT: analysis: must not be empty"
            ),
            (
                ["target", "5.3.1.4", "120"], 1,
                "goald: INVALID_ARGUMENT: value: a percentage must be between 0 and 100, found 120"
            ),
            (["target", "5.4.2.1", "1"], 64, "goalctl: 5.4.2.1 is qualitative and has no target value"),
            (["target", "5.3.1.4", "2", "--direction", "sideways"], 64, "--direction must be at-least or at-most"),
        ]
        for (arguments, status, message) in cases {
            let outcome = try goalctl(daemon, arguments)
            #expect(outcome.status == status, "\(arguments)")
            #expect(outcome.stderr.contains(message), "\(arguments): \(outcome.stderr)")
        }
        daemon.stop(signal: SIGKILL)
        let restarted = try TestDaemon(directory: daemon.directory)
        defer { restarted.cleanUp() }
        let history = try restarted.connect().call(
            GoalRPC.listMeasurements, ListMeasurementsRequest(indicator: "5.6.3.1"))
        #expect(history.measurements.count == 1)
        #expect(try restarted.connect().call(GoalRPC.getStatus, GetStatusRequest()).assessed.isEmpty)
    }

    @Test func theRecordingUserIsThePeer() async throws {
        try await inProcess { daemon in
            let answer = try daemon.connect().call(
                GoalRPC.recordMeasurement,
                RecordMeasurementRequest(
                    indicator: "5.3.1.5", period: "2025-interim", value: .bool(true)))
            #expect(answer.recordedUid == getuid())
            if getuid() == 0 { #expect(answer.recordedBy == "root") }
            #expect(answer.recordedAt.hasSuffix("Z"))
        }
    }

    @Test func historyShowsWhatWasSuperseded() async throws {
        try await inProcess { daemon in
            _ = try goalctl(daemon, ["measure", "5.6.2.2", "10", "--period", "2024-annual", "--source", "HR-systemet"])
            _ = try goalctl(daemon, ["measure", "5.6.2.2", "8,5", "--period", "2024-annual", "--note", "rättad"])
            let history = try goalctl(daemon, ["history", "5.6.2.2"])
            #expect(history.status == 0)
            let lines = history.stdout.split(separator: "\n")
            #expect(lines.count == 4)
            #expect(lines[2].contains("10 %") && lines[2].contains("superseded; source: HR-systemet"))
            #expect(lines[3].contains("8.5 %") && lines[3].contains("in force; rättad"))
        }
    }

    @Test func anUnusableStoreStopsGoaldWithTheFileNamed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let state = directory.file("state")
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        let garbage = Data(repeating: 0x5A, count: 4096)
        try garbage.write(to: URL(fileURLWithPath: state + "/goald.sqlite"))
        let outcome = try runProduct("goald", ["--socket", directory.file("s"), "--state-dir", state])
        #expect(outcome.status == 74)
        #expect(outcome.stderr.contains("\(state)/goald.sqlite"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: state + "/goald.sqlite")) == garbage)
    }
}

/// goalctl as a script and a person use it: negative values, errors as JSON with --json, versions.
@Suite struct GoalctlUsageTests {
    func goalctl(_ daemon: some Goald, _ arguments: [String]) throws -> ProcessOutcome {
        try daemon.goalctl(arguments)
    }

    @Test func aNegativeValueIsAValueNotAnOption() async throws {
        try await inProcess { daemon in
            let recorded = try goalctl(daemon, ["measure", "5.6.1.1", "-250000", "--period", "2024-annual"])
            #expect(
                recorded.status == 0 && recorded.stdout.hasPrefix("recorded 5.6.1.1 2024-annual: -250 000 kr"),
                "\(recorded.stdout)\(recorded.stderr)")
            let none = try goalctl(daemon, ["measure", "5.6.1.1", "--period", "2024-annual"])
            #expect(none.status == 64 && none.stderr.contains("Missing the value"))
            let two = try goalctl(daemon, ["measure", "5.6.1.1", "1", "2", "--period", "2024-annual"])
            #expect(two.status == 64 && two.stderr.contains("One value at a time"))
            let grammar = try goalctl(daemon, ["measure", "5.6.1.1", "x", "--period", "2024-annual"])
            #expect(grammar.status == 64 && grammar.stderr.contains("takes an amount"), "\(grammar.stderr)")
        }
    }

    @Test func withJSONErrorsAreOneJSONObjectOnStandardError() async throws {
        try await inProcess { daemon in
            func error(_ outcome: ProcessOutcome) throws -> JSONValue? {
                try JSONDecoder().decode(JSONValue.self, from: Data(outcome.stderr.utf8))["error"]
            }
            let notFound = try goalctl(daemon, ["--json", "indicator", "9.9"])
            #expect(notFound.status == 1 && notFound.stdout.isEmpty)
            #expect(try error(notFound)?["code"] == .string("NOT_FOUND"))
            #expect(try error(notFound)?["details"]?["field"] == .string("params.key"))
            #expect(try error(notFound)?["details"]?["origin"] == .string("goald"))
            let unreachable = try runProduct(
                "goalctl", ["--json", "--socket", daemon.directory.file("none.sock"), "health"])
            let unreachableError = try error(unreachable)
            #expect(unreachable.status == 69 && unreachableError?["code"] == .string("UNAVAILABLE"))
            let usage = try goalctl(daemon, ["--json", "measure", "5.6.1.1", "--period", "2024-annual"])
            let usageError = try error(usage)
            #expect(usage.status == 64 && usageError?["code"] == .string("INVALID_ARGUMENT"))
            let unknown = try goalctl(daemon, ["--json", "nonsense"])
            let unknownError = try error(unknown)
            #expect(unknown.status == 64 && unknownError?["details"]?["origin"] == .string("goalctl"))
            // Without --json, errors stay words for people.
            #expect(try goalctl(daemon, ["indicator", "9.9"]).stderr.hasPrefix("goald: NOT_FOUND: "))
        }
    }

    @Test func theIndicatorShowsItsTargetHistoryAndTheValuesInForce() async throws {
        try await inProcess { daemon in
            for (value, period) in [("45,5", "2024-annual"), ("48,5", "2024-annual"), ("52,5", "2025-interim")] {
                #expect(try goalctl(daemon, ["measure", "5.4.2.3", value, "--period", period]).status == 0)
            }
            #expect(
                try goalctl(daemon, ["target", "5.4.2.3", "55", "--from", "2025-interim", "--reason", "beslut"]).status
                    == 0)
            let shown = try goalctl(daemon, ["indicator", "5.4.2.3"])
            #expect(shown.status == 0)
            #expect(shown.stdout.contains("target:       ≥ 55 %"))
            #expect(
                shown.stdout.contains("target history:")
                    && shown.stdout.contains("from 2025-interim: ≥ 50 % → ≥ 55 %"),
                "\(shown.stdout)")
            #expect(
                shown.stdout.contains("2024-annual   48.5 %  target ≥ 50 %") && !shown.stdout.contains("45.5 %"),
                "only the value in force, with the target in force for its period: \(shown.stdout)")
            #expect(shown.stdout.contains("2025-interim  52.5 %  target ≥ 55 %"))
            let swedish = try goalctl(daemon, ["indicator", "5.4.2.3", "--lang", "sv"]).stdout
            #expect(
                swedish.contains("målvärde:     ≥ 55 %")
                    && swedish.contains("från 2025-interim: ≥ 50 % → ≥ 55 %")
                    && swedish.contains("2025-interim  52,5 %  målvärde ≥ 55 %"), "\(swedish)")
            let json = try goalctl(daemon, ["indicator", "5.4.2.3", "--json"])
            #expect(
                (try JSONDecoder().decode(IndicatorDetail.self, from: Data(json.stdout.utf8))).targetHistory.count == 1)
        }
    }

    @Test func versionsSayTheProtocol() throws {
        for program in ["goalctl", "goald"] {
            let version = try runProduct(program, ["--version"])
            #expect(
                version.status == 0 && version.stdout == "0.1.0 (protocol goald.v1)\n", "\(program): \(version.stdout)")
        }
    }
}

/// goalctl's tables for people: Swedish numbers, local times.
@Suite struct SwedishTablesTests {
    @Test func timesAreLocalAndNumbersSwedish() async throws {
        try await inProcess { daemon in
            func goalctl(_ arguments: [String], tz: String) throws -> ProcessOutcome {
                try runProduct("goalctl", ["--socket", daemon.socketPath] + arguments, environment: ["TZ": tz])
            }
            #expect(try goalctl(["measure", "5.6.1.1", "-1250000", "--period", "2024-annual"], tz: "UTC").status == 0)
            let utc = try goalctl(["history", "5.6.1.1", "--lang", "sv"], tz: "UTC").stdout
            let stockholm = try goalctl(["history", "5.6.1.1", "--lang", "en"], tz: "Europe/Stockholm").stdout
            let json = try goalctl(["history", "5.6.1.1", "--json"], tz: "Europe/Stockholm").stdout
            let recordedAt = try #require(
                (try JSONDecoder().decode(MeasurementHistory.self, from: Data(json.utf8))).measurements.first?
                    .recordedAt)
            #expect(recordedAt.hasSuffix("Z"), "--json keeps UTC")
            // The same instant, an hour or two apart on the wall clock, to the minute.
            func clock(_ table: String) -> (Int, Int)? {
                guard let match = table.firstMatch(of: /(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2})/) else { return nil }
                return (Int(match.2)!, Int(match.3)!)
            }
            let (utcHour, utcMinute) = try #require(clock(utc))
            let (localHour, localMinute) = try #require(clock(stockholm))
            #expect(
                utcMinute == localMinute && [1, 2].contains((localHour - utcHour + 24) % 24), "\(utc)\n\(stockholm)")
            #expect(utc.firstMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}/) == nil, "no wire timestamps in a table: \(utc)")
            #expect(utc.contains("-1 250 000 kr"), "thousands apart: \(utc)")
            #expect(stockholm.contains("-1,250,000 kr"), "in English, commas: \(stockholm)")
        }
    }
}
