import Foundation
import GoalCLI
import GoalClient
import GoalDomain
import GoalProtocol
import GoalTestSupport
import Testing

/// A follow-up the committee decides, through goalctl against goald: `ready`, `decide`, a write to the decided
/// period refused, a retraction after the decision shown in the report, the draft mark, `followup states`, the
/// states kept across a restart, and `reopen`.
@Suite struct FollowUpStateDaemonTests {
    func goalctl(_ daemon: TestDaemon, _ arguments: [String]) -> (status: Int32, out: String, err: String) {
        let run = GoalCtl.runCapturingOutput(["--socket", daemon.socketPath] + arguments)
        return (run.status, run.standardOutput, run.standardError)
    }

    @Test func theCommitteeDecidesItsFollowUpAndItStaysDecided() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            let daemon = try TestDaemon(directory: directory)
            defer { _ = daemon.stop() }
            for (key, value) in [("5.6.3.1", "2,8"), ("5.6.2.2", "7")] {
                let measured = goalctl(daemon, ["measure", key, value, "--period", "2025-interim"])
                #expect(measured.status == 0, "\(measured.err)")
            }
            #expect(
                goalctl(
                    daemon, ["assess", "5.6.3", "delvis-uppfyllt", "--period", "2025-interim", "--text", "På väg"]
                ).status == 0)
            // Not ready yet: the committee cannot decide it.
            let early = goalctl(
                daemon, ["--json", "decide", "--period", "2025-interim", "--date", "2025-10-14", "--paragraph", "87"])
            #expect(early.status == 1 && early.err.contains("FAILED_PRECONDITION"), "\(early.err)")
            #expect(early.err.contains("goalctl ready --period 2025-interim"), "\(early.err)")

            let ready = goalctl(daemon, ["ready", "--period", "2025-interim"])
            #expect(
                ready.status == 0 && ready.out.contains("RUN 2025-interim: marked ready"), "\(ready.out)\(ready.err)")
            let badDate = goalctl(
                daemon, ["--json", "decide", "--period", "2025-interim", "--date", "2025-08-01", "--paragraph", "87"])
            #expect(badDate.status == 1 && badDate.err.contains("params.date"), "\(badDate.err)")
            let decided = goalctl(
                daemon, ["decide", "--period", "2025-interim", "--date", "2025-10-14", "--paragraph", "§ 87"])
            #expect(decided.status == 0, "\(decided.err)")
            #expect(decided.out.contains("RUN 2025-interim: decided 2025-10-14, § 87"), "\(decided.out)")

            // Decided: a new value, judgement or target for the period is refused, naming the decision.
            let measure = goalctl(daemon, ["--json", "measure", "5.6.3.1", "3,1", "--period", "2025-interim"])
            #expect(measure.status == 1 && measure.err.contains("FAILED_PRECONDITION"), "\(measure.err)")
            #expect(measure.err.contains("params.period"), "\(measure.err)")
            #expect(
                measure.err.contains("decided by Regionala utvecklingsnämnden on 2025-10-14, § 87"), "\(measure.err)")
            let assess = goalctl(
                daemon, ["assess", "5.6.3", "uppfyllt", "--period", "2025-interim", "--text", "Klart"])
            #expect(assess.status == 1, "\(assess.out)")
            let target = goalctl(
                daemon,
                ["--json", "target", "5.3.1.4", "65", "--from", "2025-interim", "--reason", "ny budget"])
            #expect(target.status == 1 && target.err.contains("params.from"), "\(target.err)")

            // A retraction with a reason is still possible, and said.
            let retract = goalctl(
                daemon, ["retract", "5.6.2.2", "--period", "2025-interim", "--reason", "fel underlag från HR"])
            #expect(retract.status == 0, "\(retract.err)")
            let states = goalctl(daemon, ["followup", "states", "--lang", "en"])
            #expect(states.status == 0, "\(states.err)")
            #expect(
                states.out.contains("2025-interim") && states.out.contains("decided 2025-10-14, § 87")
                    && states.out.contains("(1 changed after the decision)"), "\(states.out)")
            #expect(states.out.contains("2025-annual") && states.out.contains("draft"), "\(states.out)")
            let status = goalctl(daemon, ["status", "--period", "2025-interim", "--lang", "sv"])
            #expect(status.out.contains("Uppföljningen: beslutad 2025-10-14, § 87"), "\(status.out)")
            #expect(status.out.contains(", prognos helår] av root"), "\(status.out)")
            // HME is measured once a year: at the interim period it reads "mäts årsvis", not "inget utfall".
            let hme = status.out.split(separator: "\n").first { $0.contains("5.6.2.1") }.map(String.init) ?? ""
            #expect(hme.contains("mäts årsvis") && !hme.contains("inget utfall"), "\(status.out)")
            #expect(status.out.contains("1 mäts årsvis"), "the tally counts it apart: \(status.out)")
            let hmeInterim = goalctl(daemon, ["--json", "measure", "5.6.2.1", "79", "--period", "2024-interim"])
            #expect(hmeInterim.status == 1 && hmeInterim.err.contains("measured once a year"), "\(hmeInterim.err)")
            #expect(hmeInterim.err.contains("params.period"), "\(hmeInterim.err)")

            let markdown = goalctl(daemon, ["report", "--period", "2025-interim", "--format", "md"])
            #expect(markdown.status == 0, "\(markdown.err)")
            #expect(
                markdown.out.contains("Beslutad av Regionala utvecklingsnämnden 2025-10-14, § 87"), "\(markdown.out)")
            #expect(markdown.out.contains("### Ändrat efter beslut"), "\(markdown.out)")
            #expect(markdown.out.contains("fel underlag från HR"), "\(markdown.out)")
            #expect(markdown.out.contains("(Prognos helår)"), "\(markdown.out)")
            #expect(!markdown.out.contains("UTKAST"), "\(markdown.out)")
            let annual = goalctl(daemon, ["report", "--period", "2025-annual", "--format", "md", "--lang", "en"])
            #expect(annual.out.contains("**DRAFT** – Draft, not yet decided by the committee"), "\(annual.out)")
            #expect(!annual.out.contains("Forecast for the year"), "an annual judgement is no forecast")
            // The CSV says per row whether its period is decided.
            let csv = goalctl(daemon, ["report", "--period", "2025-annual", "--format", "csv"])
            let rows = csv.out.split(separator: "\r\n").map(String.init)
            #expect(rows.first?.hasSuffix(";beslut") == true, "\(rows.first ?? "")")
            let interimRows = rows.filter { $0.hasPrefix("2025-interim;") }
            let annualRows = rows.filter { $0.hasPrefix("2025-annual;") }
            #expect(
                !interimRows.isEmpty
                    && interimRows.allSatisfy { $0.hasSuffix(";beslutad 2025-10-14, § 87 (ändrat efter beslut)") })
            #expect(!annualRows.isEmpty && annualRows.allSatisfy { $0.hasSuffix(";UTKAST") })
        }
        // After a restart, the decision holds.
        do {
            let daemon = try TestDaemon(directory: directory)
            defer { _ = daemon.stop() }
            let measure = goalctl(daemon, ["measure", "5.6.3.1", "3,1", "--period", "2025-interim"])
            #expect(measure.status == 1, "\(measure.out)")
            let states = try daemon.connect().call(
                GoalRPC.listFollowUpStates, ListFollowUpStatesRequest(period: "2025-interim"))
            #expect(states.periods.first?.current.state == "decided")
            #expect(states.periods.first?.current.changedAfterDecision == 1)
            #expect(states.periods.first?.changes.map(\.state) == ["ready", "decided"])

            let reopenEmpty = goalctl(daemon, ["--json", "reopen", "--period", "2025-interim", "--reason", " "])
            #expect(reopenEmpty.status == 1 && reopenEmpty.err.contains("params.reason"), "\(reopenEmpty.err)")
            let reopened = goalctl(daemon, ["reopen", "--period", "2025-interim", "--reason", "HR rättar HME"])
            #expect(reopened.status == 0 && reopened.out.contains("reopened"), "\(reopened.out)\(reopened.err)")
            #expect(goalctl(daemon, ["measure", "5.6.3.1", "3,1", "--period", "2025-interim"]).status == 0)
            let report = goalctl(daemon, ["report", "--period", "2025-interim", "--format", "md"])
            #expect(report.out.contains("**UTKAST** – Utkast, ännu ej beslutat av nämnden"), "\(report.out)")
            let history = goalctl(
                daemon, ["followup", "states", "--period", "2025-interim", "--history", "--lang", "sv"])
            #expect(history.out.contains("återöppnad: HR rättar HME"), "\(history.out)")
        }
    }

    /// The planning calendar through goalctl: `planning status --on 2023-05-01`, an answer handed in and decided,
    /// and the directive's rules on an answer with four of the committee's own result goals under one effect goal
    /// (`answer submit` and `goald --check-model` warn; goald still loads the model).
    @Test func thePlanningCalendarAndTheDirectivesRules() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // The built-in region, with RUN's 5.6.1–5.6.3 no longer common to every committee: four own goals.
        let model = directory.file("region.json")
        let edited = Region.embeddedDefaultJSON.replacingOccurrences(of: #""regionCommon": true,"#, with: "")
        #expect(edited != Region.embeddedDefaultJSON)
        try edited.write(toFile: model, atomically: true, encoding: .utf8)
        let check = try runProduct(BuildProducts.path(of: "goald"), ["--check-model", model])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(
            check.stdout.contains(
                "warning: plans[0].effectGoals[3]: 5.6 Hållbar organisation has 4 of RUN's own "
                    + "result goals (5.6.1, 5.6.2, 5.6.3, 5.6.4)"), "\(check.stdout)")
        let builtIn = try runProduct(BuildProducts.path(of: "goald"), ["--print-default-model"])
        try builtIn.stdout.write(toFile: directory.file("built-in.json"), atomically: true, encoding: .utf8)
        let quiet = try runProduct(BuildProducts.path(of: "goald"), ["--check-model", directory.file("built-in.json")])
        #expect(quiet.status == 0 && !quiet.stdout.contains("warning"), "\(quiet.stdout)")

        let daemon = try TestDaemon(arguments: ["--model", model], directory: directory)
        defer { _ = daemon.stop() }
        let may = goalctl(daemon, ["planning", "status", "--on", "2023-05-01", "--lang", "sv"])
        #expect(may.status == 0, "\(may.err)")
        let lines = may.out.split(separator: "\n").map(String.init)
        func line(_ committee: String) -> String { lines.first { $0.hasPrefix(committee + " ") } ?? "" }
        #expect(line("RS").contains("försenat: beslutat svar senast 25 apr"), "\(may.out)")
        #expect(line("PN").contains("ej inlämnat, senast 11 maj"), "\(may.out)")
        #expect(line("KSN").contains("ej inlämnat, senast 11 maj"), "\(may.out)")
        #expect(line("HMN").contains("ej inlämnat, senast 12 maj"), "\(may.out)")
        #expect(line("RUN").contains("försenat: preliminärt svar senast 18 apr"), "\(may.out)")

        let submitted = goalctl(daemon, ["answer", "submit", "--plan", "2024-2026", "--date", "2023-04-17"])
        #expect(submitted.status == 0, "\(submitted.err)")
        #expect(submitted.out.contains("RUN's answer for 2024–2026: handed in preliminarily 2023-04-17"))
        #expect(submitted.out.contains("warning: plans[0].effectGoals[3]: 5.6 Hållbar organisation has 4 of RUN's"))
        let decided = goalctl(
            daemon, ["--committee", "RS", "answer", "decide", "--date", "2023-04-24", "--paragraph", "§ 12"])
        #expect(decided.status == 0 && decided.out.contains("decided 2023-04-24, § 12"), "\(decided.out)")
        let again = goalctl(
            daemon, ["--json", "--committee", "RS", "answer", "decide", "--date", "2023-04-25", "--paragraph", "13"])
        #expect(again.status == 1 && again.err.contains("FAILED_PRECONDITION"), "\(again.err)")
        let unknown = goalctl(daemon, ["--json", "planning", "status", "--plan", "2030-2032"])
        #expect(unknown.status == 1 && unknown.err.contains("params.plan"), "\(unknown.err)")

        let connection = try daemon.connect()
        let kbn = try connection.call(
            GoalRPC.submitAnswer, SubmitAnswerRequest(committee: "kbn", plan: "2024–2026", date: "2023-04-18"))
        #expect(kbn.committee == "KBN" && kbn.state == "preliminary" && kbn.plan == "2024–2026")
        #expect(kbn.problems.map(\.severity) == ["warning"], "KBN has no answer in the model: \(kbn.problems)")
        let kbnDecided = try connection.call(
            GoalRPC.decideAnswer, DecideAnswerRequest(committee: "KBN", date: "2023-05-16", paragraph: "7"))
        #expect(kbnDecided.state == "decided" && kbnDecided.paragraph == "7")
        let planning = try connection.call(GoalRPC.getPlanning, GetPlanningRequest(on: "2023-05-01"))
        let states = Dictionary(uniqueKeysWithValues: planning.committees.map { ($0.committee, $0.state) })
        #expect(states["RUN"] == "preliminary" && states["RS"] == "decided" && states["PN"] == "notSubmitted")
        #expect(states["HSN"] == "overdue" && states["KBN"] == "preliminary", "KBN's decision came after 1 May")
        #expect(planning.committees.count == 8 && planning.title == "Planeringsdirektiv 2024–2026")
        // The answer as a document: handed in preliminarily, said under its title.
        let document = try connection.call(GoalRPC.renderAnswer, RenderAnswerRequest(plan: "2024-2026"))
        #expect(document.content.contains("<h1>Svar på planeringsdirektiv 2024–2026</h1>"))
        #expect(document.content.contains("Preliminärt svar, inlämnat 2023-04-17"))
        #expect(document.fileName == "svar-planeringsdirektiv-run-2024-2026.html")
        #expect(throws: RPCError.self) {
            try connection.call(GoalRPC.renderAnswer, RenderAnswerRequest(committee: "HSN"))
        }
        let english = goalctl(daemon, ["planning", "status", "--on", "2023-05-01", "--lang", "en"])
        #expect(english.out.contains("handed in preliminarily 17 Apr; decided by 16 May"), "\(english.out)")
    }

    /// A value goald derives (5.6.4.1, from the trips) is kept with the decision: trips imported after it that
    /// change the value are said as changed after the decision, in the report, the CSV and `followup states`.
    @Test func tripsImportedAfterTheDecisionAreSaidAsAChange() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let daemon = try TestDaemon(directory: directory)
        defer { _ = daemon.stop() }
        let imported = goalctl(daemon, ["travel", "import", TravelDaemonTests.samplePath])
        #expect(imported.status == 0, "\(imported.err)")
        #expect(goalctl(daemon, ["ready", "--period", "2025-interim"]).status == 0)
        let decided = goalctl(
            daemon, ["decide", "--period", "2025-interim", "--date", "2025-10-14", "--paragraph", "87"])
        #expect(decided.status == 0, "\(decided.err)")
        let before = goalctl(daemon, ["followup", "states", "--period", "2025-interim", "--lang", "en"])
        #expect(before.out.contains("decided 2025-10-14, § 87") && !before.out.contains("changed"), "\(before.out)")

        // Eight colleagues flying in March 2025, imported after the decision: 5.6.4.1 for 2025-interim changes.
        let late = directory.file("late.csv")
        try "id,date,mode,distance_km,travellers,unit\nLATE-1,2025-03-03,flight_domestic,450,8,Regional utveckling\n"
            .write(toFile: late, atomically: true, encoding: .utf8)
        let added = goalctl(daemon, ["travel", "import", late])
        #expect(added.status == 0, "\(added.err)")
        let after = goalctl(daemon, ["followup", "states", "--period", "2025-interim", "--lang", "en"])
        #expect(after.out.contains("(1 changed after the decision)"), "\(after.out)")
        let markdown = goalctl(daemon, ["report", "--period", "2025-interim", "--format", "md"])
        #expect(markdown.out.contains("### Ändrat efter beslut"), "\(markdown.out)")
        #expect(markdown.out.contains("utfall 5.6.4.1 (beräknat ur tjänsteresorna)"), "\(markdown.out)")
        #expect(markdown.out.contains("vid beslutet "), "\(markdown.out)")
        let csv = goalctl(daemon, ["report", "--period", "2025-interim", "--format", "csv"])
        let rows = csv.out.split(separator: "\r\n").filter { $0.hasPrefix("2025-interim;") }
        #expect(!rows.isEmpty && rows.allSatisfy { $0.hasSuffix(";beslutad 2025-10-14, § 87 (ändrat efter beslut)") })
    }
}
