import Foundation
import GoalCLI
import GoalClient
import GoalProtocol
import GoalTestSupport
import Synchronization
import Testing

/// goalctl in the test's own process: its command lines parsed and run as `goalctl` runs them, against goald's
/// server in this process, with what it says captured; no process is started.
@Suite struct GoalctlInProcessTests {
    struct Run {
        var status: Int32
        var out: String
        var err: String
    }

    static func goalctl(_ server: TestServer, _ arguments: [String]) async throws -> Run {
        let run = try await offTheCooperativePool {
            GoalCtl.runCapturingOutput(arguments + ["--socket", server.socketPath])
        }
        return Run(status: run.status, out: run.standardOutput, err: run.standardError)
    }

    @Test func aMeasurementRecordedThroughGoalctlIsInItsStatus() async throws {
        try await withTestServer { server in
            let measured = try await Self.goalctl(server, ["measure", "5.6.3.1", "2,5", "--period", "2024-annual"])
            #expect(measured.status == 0, "\(measured.err)")
            let status = try await Self.goalctl(server, ["status", "--period", "2024-annual", "--lang", "en"])
            #expect(status.status == 0)
            let row = status.out.split(separator: "\n").first { $0.contains("5.6.3.1") }
            #expect(row?.contains(" met ") == true && row?.contains("Sjukfrånvarokvot") == true, "\(status.out)")
            let json = try await Self.goalctl(server, ["indicator", "5.6.3.1", "--json"])
            #expect(json.status == 0 && json.err.isEmpty)
            let answer = try JSONDecoder().decode(JSONValue.self, from: Data(json.out.utf8))
            #expect(answer["indicator"]?["number"] == .string("5.6.3.1"), "\(json.out)")
        }
    }

    /// `goalctl committees` (goald.v1.Region/ListCommittees): the region's eight committees, RUN's plan, the
    /// committees whose answer is not loaded said so in the table's language; `goals --verbose` shows stable ids.
    @Test func committeesListsTheRegionAndWhoseAnswerIsLoaded() async throws {
        try await withTestServer { server in
            let swedish = try await Self.goalctl(server, ["committees", "--lang", "sv"])
            #expect(swedish.status == 0, "\(swedish.err)")
            let lines = swedish.out.split(separator: "\n").map(String.init)
            #expect(lines.first == "Region Värmland, mandatperiod 2023–2026")
            let rows = lines.filter { $0.hasPrefix("RUN ") || $0.hasPrefix("HMN ") || $0.hasPrefix("RS ") }
            #expect(rows.count == 3, "\(swedish.out)")
            #expect(
                rows.contains {
                    $0.contains("Regionala utvecklingsnämnden")
                        && $0.contains("2024–2026 run-2024-2026 (8 resultatmål, 21 indikatorer)")
                }
                    && rows.contains { $0.contains("Hjälpmedelsnämnden") && $0.hasSuffix("inget svar inläst") },
                "\(swedish.out)")
            #expect(
                swedish.out.contains("trygga-och-nojda-invanare") && swedish.out.contains("3, 4, 5, 8, 9, 10, 11, 16"))
            let english = try await Self.goalctl(server, ["committees", "--lang", "en"])
            #expect(english.out.contains("no answer loaded") && english.out.contains("8 result goals, 21 indicators"))

            let json = try await Self.goalctl(server, ["committees", "--json"])
            #expect(json.status == 0 && json.err.isEmpty)
            let region = try JSONDecoder().decode(CommitteesMessage.self, from: Data(json.out.utf8))
            #expect(region.committees.map(\.abbreviation) == ["RS", "HSN", "KBN", "KTN", "RUN", "PN", "KSN", "HMN"])
            #expect(region.defaultCommittee == "RUN" && region.effectGoals.count == 4)
            #expect(region.committees.filter { !$0.plans.isEmpty }.map(\.abbreviation) == ["RUN"])
            let plan = try #require(region.committees.first { $0.abbreviation == "RUN" }?.plans.first)
            #expect(plan.followedUp && plan.firstYear == 2024 && plan.lastYear == 2026 && plan.indicators == 21)

            let tree = try await Self.goalctl(server, ["goals", "--verbose"])
            #expect(
                tree.out.contains("5.6.3.1 Sjukfrånvarokvot  [target: ≤ 3 %]  (id: sjukfranvarokvot)"),
                "\(tree.out)")
            #expect(tree.out.contains("5.6 Hållbar organisation  (id: hallbar-organisation)"))
            let plain = try await Self.goalctl(server, ["goals"])
            #expect(!plain.out.contains("(id:"))
        }
    }

    @Test func aUsageErrorIsExit64OnStandardErrorAndOneJSONLineWithJSON() async throws {
        try await withTestServer { server in
            let plain = try await Self.goalctl(server, ["status", "--bogus"])
            #expect(plain.status == 64 && plain.out.isEmpty)
            #expect(plain.err.contains("Unknown option '--bogus'") && plain.err.contains("Usage: goalctl status"))
            let json = try await Self.goalctl(server, ["status", "--bogus", "--json"])
            #expect(json.status == 64 && json.out.isEmpty)
            let error = try JSONDecoder().decode(JSONValue.self, from: Data(json.err.utf8))
            #expect(error["error"]?["code"] == .string("INVALID_ARGUMENT"), "\(json.err)")
            #expect(error["error"]?["details"]?["origin"] == .string("goalctl"))
            // goald's refusal is goald's, with goalctl's exit status for it.
            let period = try await Self.goalctl(server, ["status", "--period", "2024-annul"])
            #expect(period.status == 1 && period.err.hasPrefix("goald: INVALID_ARGUMENT: period:"), "\(period.err)")
            let help = try await Self.goalctl(server, ["travel", "import", "--help"])
            #expect(help.status == 0 && help.out.contains("USAGE: goalctl travel import"), "\(help.out)")
        }
    }

    /// The region's Swedish period names are taken; `indicator` lists values in period order whatever order they
    /// were recorded in; with --json, a workbook goalctl cannot write and a file with bad rows are each one JSON
    /// object on standard error.
    @Test func periodsInSwedishValuesInOrderAndErrorsAsOneJSONObject() async throws {
        try await withTestServer { server in
            for (value, period) in [("2,9", "2025-helår"), ("3,4", "2024-Helår"), ("3,1", "2025-delår")] {
                let recorded = try await Self.goalctl(server, ["measure", "5.6.3.1", value, "--period", period])
                #expect(recorded.status == 0, "\(period): \(recorded.err)")
            }
            let shown = try await Self.goalctl(server, ["indicator", "5.6.3.1", "--lang", "en"])
            let periods = shown.out.split(separator: "\n").compactMap { line in
                line.split(separator: " ").first.map(String.init).flatMap { $0.hasPrefix("202") ? $0 : nil }
            }
            #expect(periods == ["2024-annual", "2025-interim", "2025-annual"], "\(shown.out)")

            let nowhere = server.directory.file("no/such/folder/r.xlsx")
            let failed = try await Self.goalctl(
                server, ["--json", "report", "--period", "2025-annual", "--output", nowhere])
            #expect(failed.status == 73 && failed.out.isEmpty && failed.err.split(separator: "\n").count == 1)
            let error = try JSONDecoder().decode(JSONValue.self, from: Data(failed.err.utf8))
            #expect(
                error["error"]?["message"] == .string("cannot write \(nowhere): No such file or directory"),
                "\(failed.err)")

            let bad = server.directory.file("bad.csv")
            try Data("id,date,mode,distance_km\nA,2024-03-01,rail,abc\n".utf8).write(to: URL(fileURLWithPath: bad))
            let refused = try await Self.goalctl(server, ["--json", "travel", "import", "--unit", "U", bad])
            #expect(refused.status == 65 && refused.err.split(separator: "\n").count == 1, "\(refused.err)")
            let result = try JSONDecoder().decode(AddTripsResponse.self, from: Data(refused.out.utf8))
            #expect(result.rejected.map(\.line) == [2], "the result lists the bad rows: \(refused.out)")
            let refusal = try JSONDecoder().decode(JSONValue.self, from: Data(refused.err.utf8))
            #expect(refusal["error"]?["code"] == .string("INVALID_ARGUMENT"), "\(refused.err)")
            #expect(refusal["error"]?["details"]?["field"] == .string("file"))
        }
    }

    /// Ids and units a file brought are text in the export: none is read as a formula by the spreadsheet opening it.
    @Test func theExportKeepsFormulasOutOfTheSpreadsheet() async throws {
        try await withTestServer { server in
            let file = server.directory.file("ids.csv")
            try Data(
                """
                id;date;mode;distance_km;unit\n\"=cmd|' /C calc'!A0\";2024-03-01;rail;100;@evil\n\
                \u{FF1D}1+1;2024-03-02;rail;50;U\n
                """
                .utf8
            ).write(to: URL(fileURLWithPath: file))
            #expect(try await Self.goalctl(server, ["travel", "import", file]).status == 0)
            let export = server.directory.file("export.csv")
            let written = try await Self.goalctl(server, ["travel", "export", "--year", "2024", "--output", export])
            #expect(written.status == 0, "\(written.err)")
            let text = try String(contentsOfFile: export, encoding: .utf8)
            #expect(text.contains("'@evil;") && text.contains("'=cmd|' /C calc'!A0"), "\(text)")
            #expect(text.contains("'\u{FF1D}1+1"), "\(text)")
            for line in text.split(separator: "\r\n").dropFirst() {
                for cell in line.split(separator: ";", omittingEmptySubsequences: false) {
                    let bare = cell.hasPrefix("\"") ? cell.dropFirst() : cell[...]
                    #expect(!(bare.first.map { "=+@\u{FF1D}".contains($0) } ?? false), "\(cell)")
                }
            }
        }
    }

    /// Stored text with terminal sequences (a window title, a clear screen, a colour, CR, a right-to-left override)
    /// is shown escaped in every table goalctl prints: nothing of it reaches the terminal.
    @Test func storedControlCharactersNeverReachTheTerminal() async throws {
        try await withTestServer { server in
            let evil = "ok\u{1B}]0;owned\u{07}\rFAKE \u{202E}txt\u{1B}[2J"
            #expect(
                try await Self.goalctl(
                    server, ["measure", "5.6.3.1", "3", "--period", "2024-annual", "--note", evil]
                ).status == 0)
            #expect(
                try await Self.goalctl(
                    server, ["assess", "5.6.3", "uppfyllt", "--period", "2024-annual", "--text", evil]
                )
                .status == 0)
            let file = server.directory.file("trips\u{1B}[31m.csv")
            try Data("id,date,mode,distance_km,unit\nA,2024-03-01,rail,100,Evil\u{1B}[31mUnit\n".utf8)
                .write(to: URL(fileURLWithPath: file))
            let imported = try await Self.goalctl(server, ["travel", "import", file])
            #expect(imported.status == 0, "\(imported.err)")
            let shown = [
                ["status", "--period", "2024-annual"], ["history", "5.6.3.1"], ["assessments", "5.6.3"],
                ["travel", "imports"], ["travel", "footprint", "--year", "2024", "--by", "unit"],
            ]
            for arguments in shown {
                let run = try await Self.goalctl(server, arguments)
                #expect(run.status == 0, "\(arguments): \(run.err)")
                for text in [run.out, run.err] {
                    #expect(
                        !text.unicodeScalars.contains { ["\u{1B}", "\u{07}", "\r", "\u{202E}"].contains($0) },
                        "\(arguments): \(text.debugDescription)")
                }
            }
            let history = try await Self.goalctl(server, ["history", "5.6.3.1"])
            #expect(history.out.contains("ok\\u{1B}]0;owned\\u{7}\\rFAKE \\u{202E}txt"), "\(history.out)")
            // JSON is JSON: its strings carry the text, escaped as JSON escapes it.
            let json = try await Self.goalctl(server, ["history", "5.6.3.1", "--json"])
            #expect(json.out.contains(#"ok\u001b]0;owned\u0007\rFAKE"#), "\(json.out)")
        }
    }

    /// A dry run says what the import would do: with --skip-bad the good rows (exit 0, as the import), without it
    /// nothing (exit 65); a folder given as the file is goalctl's own error, exit 66, one JSON object.
    @Test func aDryRunAgreesWithTheImportAndAFolderIsNoFile() async throws {
        try await withTestServer { server in
            let file = server.directory.file("one-bad.csv")
            try Data("id,date,mode,distance_km\nA,2024-03-01,rail,10\nB,2024-13-01,rail,5\n".utf8)
                .write(to: URL(fileURLWithPath: file))
            let skipping = try await Self.goalctl(
                server, ["travel", "import", "--unit", "U", "--skip-bad", "--dry-run", file])
            #expect(skipping.status == 0 && skipping.out.contains("would add 1, already present 0, rejected 1"))
            let refusing = try await Self.goalctl(
                server, ["--json", "travel", "import", "--unit", "U", "--dry-run", file])
            let refused = try JSONDecoder().decode(AddTripsResponse.self, from: Data(refusing.out.utf8))
            #expect(refusing.status == 65 && refused.added == 0 && refused.valid == 1, "\(refusing.out)")
            let imported = try await Self.goalctl(server, ["travel", "import", "--unit", "U", "--skip-bad", file])
            #expect(imported.status == 0 && imported.out.contains("added 1, already present 0, rejected 1"))

            let folder = try await Self.goalctl(server, ["--json", "travel", "import", server.directory.file("")])
            #expect(folder.status == 66 && folder.err.split(separator: "\n").count == 1, "\(folder.err)")
            let error = try JSONDecoder().decode(JSONValue.self, from: Data(folder.err.utf8))
            #expect(error["error"]?["details"]?["field"] == .string("file"), "\(folder.err)")
            #expect(!folder.err.contains("ValueError"), "no type name: \(folder.err)")
            let fake = server.directory.file("resor.xlsx")
            try Data("id,date,mode,distance_km\nA,2024-03-01,rail,10\n".utf8).write(to: URL(fileURLWithPath: fake))
            let notAWorkbook = try await Self.goalctl(server, ["travel", "import", "--unit", "U", fake])
            #expect(notAWorkbook.status == 65 && notAWorkbook.err.contains("is not one (not a zip archive)"))
        }
    }

    @Test func aFileImportedThroughGoalctlIsCountedOnceAndSaysSo() async throws {
        try await withTestServer { server in
            let file = server.directory.file("resor.csv")
            try Data("id,date,mode,distance_km,unit\nA,2024-03-01,rail,100,U\nB,2024-03-02,rail,50,U\n".utf8)
                .write(to: URL(fileURLWithPath: file))
            let first = try await Self.goalctl(server, ["travel", "import", file, "--json"])
            #expect(first.status == 0, "\(first.err)")
            let answer = try JSONDecoder().decode(JSONValue.self, from: Data(first.out.utf8))
            #expect(answer["added"] == .number(2) && answer["committed"] == .bool(true), "\(first.out)")
            let again = try await Self.goalctl(server, ["travel", "import", file])
            #expect(again.out == "added 0, already present 2, rejected 0\n", "\(again.out)")
        }
    }
}

/// The travel import's workflow as `TravelImporter`, driven directly: what it did, and what goald then holds.
@Suite struct TravelImporterTests {
    /// Records what the importer says on the way.
    final class Notes: TravelImporter.Observer, Sendable {
        let said = Mutex<[String]>([])
        func headerFound(onLine line: Int) { said.withLock { $0.append("header \(line)") } }
        func passBegins(_ label: String) { said.withLock { $0.append(label) } }
        func advanced(bytes: Int, rows: Int) {}
        func passEnds() {}
    }

    static let file =
        "Resor 2024, Regional utveckling\n\nid,date,mode,distance_km,unit\n"
        + "A,2024-03-01,rail,100,U\nB,2024-03-02,car,50,U\nC,2024-03-03,bus,20,U\n"

    static func trips(_ client: GoalConnection) throws -> Int {
        try client.call(GoalRPC.getFootprint, GetFootprintRequest(year: 2024)).total.trips
    }

    static func importer(
        _ client: GoalConnection, _ text: String, notes: Notes? = nil,
        _ change: (inout TravelImporter.Options) -> Void = { _ in }
    ) -> TravelImporter {
        var options = TravelImporter.Options(source: "resor.csv")
        options.rowsPerBatch = 2  // several batches, so the pipelined path runs
        change(&options)
        let bytes = Array(text.utf8)
        return TravelImporter(options: options, client: client, observer: notes) { body in try body(bytes[...]) }
    }

    @Test func aTitleAboveTheHeaderIsFoundAndTheFileIsImportedInBatches() async throws {
        try await withTestServer { server in
            try await offTheCooperativePool {
                let client = try server.connect()
                let notes = Notes()
                guard case .imported(let total) = try Self.importer(client, Self.file, notes: notes).run() else {
                    Issue.record("not imported")
                    return
                }
                #expect(total.added == 3 && total.committed && total.import != nil)
                #expect(notes.said.withLock { $0 } == ["header 3", "importing"])
                #expect(try Self.trips(client) == 3)
                guard case .imported(let again) = try Self.importer(client, Self.file).run() else {
                    Issue.record("not imported again")
                    return
                }
                #expect(again.added == 0 && again.alreadyPresent == 3)
            }
        }
    }

    @Test func aDryRunChecksAndStoresNothing() async throws {
        try await withTestServer { server in
            try await offTheCooperativePool {
                let client = try server.connect()
                let outcome = try Self.importer(client, Self.file) { $0.dryRun = true }.run()
                guard case .checked(let total) = outcome else {
                    Issue.record("\(outcome)")
                    return
                }
                #expect(total.added == 3 && total.rejectedCount == 0)
                #expect(try Self.trips(client) == 0)
                #expect(try client.call(GoalRPC.listImports, ListImportsRequest()).imports.isEmpty)
            }
        }
    }

    @Test func aBadRowTakesTheWholeImportBackUnlessSkipBad() async throws {
        try await withTestServer { server in
            try await offTheCooperativePool {
                let client = try server.connect()
                let bad = Self.file + "D,2024-13-01,rail,10,U\nE,2024-03-05,rail,10,U\n"
                guard case .refused(let total) = try Self.importer(client, bad).run() else {
                    Issue.record("not refused")
                    return
                }
                #expect(total.rejected.map(\.line) == [7], "\(total.rejected)")
                #expect(try Self.trips(client) == 0, "the batches stored before the bad row are taken back")
                #expect(try client.call(GoalRPC.listImports, ListImportsRequest()).imports.isEmpty)

                guard case .imported(let skipped) = try Self.importer(client, bad, { $0.skipBad = true }).run() else {
                    Issue.record("not imported with skipBad")
                    return
                }
                #expect(skipped.added == 4 && skipped.rejectedCount == 1)
                #expect(try Self.trips(client) == 4)
            }
        }
    }

    @Test func aReplacementSwapsTheImportsTripsForTheFilesAtOnce() async throws {
        try await withTestServer { server in
            try await offTheCooperativePool {
                let client = try server.connect()
                guard case .imported(let first) = try Self.importer(client, Self.file).run(), let id = first.import
                else {
                    Issue.record("not imported")
                    return
                }
                let corrected = "id,date,mode,distance_km,unit\nA,2024-03-01,rail,100,U\nB,2024-03-02,rail,50,U\n"
                let outcome = try Self.importer(client, corrected) {
                    $0.replace = id
                    $0.reason = "rättad export"
                }.run()
                guard case .replaced(let total, let swapped) = outcome else {
                    Issue.record("\(outcome)")
                    return
                }
                #expect(swapped.replaced == id && swapped.removed == 3 && swapped.added == 2)
                #expect(total.added == 2 && total.import == nil)
                #expect(try Self.trips(client) == 2)
            }
        }
    }
}
