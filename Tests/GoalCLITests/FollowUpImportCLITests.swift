import Foundation
import GoalCLI
import GoalDomain
import GoalProtocol
import GoalTestSupport
import GoalWorkbook
import Testing

/// `goalctl followup import` as HR runs it: one file for every committee, in the shapes offices save (a Swedish
/// Excel's Windows-1252 CSV under a title row, an Excel workbook), all or nothing, the same file again changing
/// nothing.
@Suite struct FollowUpImportCLITests {
    static func goalctl(_ server: TestServer, _ arguments: [String]) async throws -> GoalctlInProcessTests.Run {
        try await GoalctlInProcessTests.goalctl(server, arguments)
    }

    /// The HR file: a title row, then sick leave with women and men and staff turnover for every committee.
    static func hrRows(_ committees: [String]) -> [[String]] {
        var rows = [
            ["Sjukfrånvaro och personalomsättning per nämnd, helår 2025 (Heroma)"], [],
            ["period", "nämnd", "indikator", "totalt", "kvinnor", "män", "källa", "kommentar"],
        ]
        for (index, committee) in committees.enumerated() {
            let total = 5.0 + Double(index) / 4
            rows.append([
                "2025-annual", committee, "sjukfranvarokvot", Self.comma(total), Self.comma(total + 1),
                Self.comma(total - 1.5), "Heroma", "",
            ])
            rows.append(["2025-annual", committee, "personalomsattning", "8,5", "", "", "Heroma", "Årsskiftet"])
        }
        return rows
    }

    static func comma(_ value: Double) -> String { "\(value)".replacingOccurrences(of: ".", with: ",") }

    @Test func aWindows1252FileForEveryCommitteeIsRecordedOnceAndShownPerCommittee() async throws {
        let region = try EveryCommitteeRegion.region()
        try await withTestServer(region: region) { server in
            let committees = region.committees.map(\.abbreviation)
            let text = Self.hrRows(committees).map { $0.joined(separator: ";") }.joined(separator: "\r\n") + "\r\n"
            // As a Swedish Excel saves a plain CSV: Windows-1252 (å, ä, ö as single bytes).
            let bytes = text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
            let file = server.directory.file("hr-2025.csv")
            try Data(bytes).write(to: URL(fileURLWithPath: file))

            let dry = try await Self.goalctl(server, ["followup", "import", file, "--dry-run"])
            #expect(dry.status == 0, "\(dry.err)")
            #expect(dry.out.contains("would record 16 values of RS, HSN, KBN, KTN, RUN, PN, KSN, HMN"), "\(dry.out)")
            #expect(dry.err.contains("not UTF-8: read as Windows-1252"), "\(dry.err)")

            let done = try await Self.goalctl(server, ["followup", "import", file])
            #expect(done.status == 0, "\(done.err)")
            #expect(done.out.contains("recorded 16 values of RS, HSN"), "\(done.out)")
            let again = try await Self.goalctl(server, ["--json", "followup", "import", file])
            let answer = try JSONDecoder().decode(ImportMeasurementsResponse.self, from: Data(again.out.utf8))
            #expect(answer.recorded == 0 && answer.unchanged == 16 && answer.committed == false, "\(again.out)")

            // Each committee's own value, under its own number: HSN's sjukfrånvarokvot is its 5.1.3.1.
            let hsn = try await Self.goalctl(server, ["--committee", "HSN", "status", "--period", "2025-annual"])
            let row = hsn.out.split(separator: "\n").first { $0.contains("5.1.3.1") }.map(String.init) ?? ""
            #expect(row.contains("5.25 %") && row.contains("W 6.25 % / M 3.75 %"), "\(hsn.out)")
            let history = try await Self.goalctl(server, ["--committee", "HMN", "history", "5.1.2.2", "--lang", "sv"])
            #expect(history.out.contains("8,5 %") && history.out.contains("Årsskiftet; källa: Heroma · hr-2025.csv"))
        }
    }

    @Test func aFileWithABadRowRecordsNothingAndNamesEveryRow() async throws {
        try await withTestServer { server in
            let file = server.directory.file("run.csv")
            try """
            period;indikator;totalt;kvinnor;män
            2025-annual;5.6.3.1;6,41;7,06;4,9
            2025-annual;5.6.3.3;95;96;
            2025-annual;5.6.3.2;;2;1
            """.write(toFile: file, atomically: true, encoding: .utf8)
            let bad = try await Self.goalctl(server, ["followup", "import", file])
            #expect(bad.status == 65, "\(bad.out)\(bad.err)")
            #expect(
                bad.err.contains("run.csv:3: kvinnor: indicator 5.6.3.3 is not split by women and men"), "\(bad.err)")
            #expect(bad.err.contains("run.csv:4: totalt: is empty"), "\(bad.err)")
            #expect(bad.out.contains("2 bad rows, nothing recorded"), "\(bad.out)")
            let json = try await Self.goalctl(server, ["--json", "followup", "import", file])
            #expect(json.status == 65 && json.err.contains("\"field\":\"file\""), "\(json.err)")
            let answer = try JSONDecoder().decode(ImportMeasurementsResponse.self, from: Data(json.out.utf8))
            #expect(answer.rejected.map(\.line) == [3, 4] && answer.rejected.map(\.column) == ["kvinnor", "totalt"])
            let history = try await Self.goalctl(server, ["--json", "history", "5.6.3.1"])
            let measurements = try JSONDecoder().decode(MeasurementHistory.self, from: Data(history.out.utf8))
            #expect(measurements.measurements.isEmpty, "the good row was not recorded either")
        }
    }

    @Test func anExcelWorkbookIsReadFromItsSheet() async throws {
        try await withTestServer { server in
            let file = server.directory.file("ekonomi.xlsx")
            let writer = try WorkbookWriter(sheetName: "Utfall")
            try writer.append([.text("period"), .text("indikator"), .text("totalt"), .text("källa")])
            try writer.append([.text("2025-annual"), .text("5.6.1.1"), .number(-250_000), .text("Unit4")])
            try writer.append([.text("2025-annual"), .text("5.6.3.4"), .number(87.5), .text("")])
            try writer.finish(to: file)
            let done = try await Self.goalctl(server, ["followup", "import", file])
            #expect(done.status == 0, "\(done.err)")
            #expect(done.out.contains("recorded 2 values of RUN"), "\(done.out)")
            #expect(done.err.contains("read its sheet \"Utfall\""), "\(done.err)")
            let status = try await Self.goalctl(server, ["status", "--period", "2025-annual", "--lang", "sv"])
            #expect(status.out.contains("-250 000 kr") || status.out.contains("−250 000 kr"), "\(status.out)")
        }
    }

    /// On the wire: a batch that starts further down a file names the file's lines; a dry run stores nothing.
    @Test func theWireNamesTheFilesLinesAndADryRunStoresNothing() async throws {
        try await withTestServer { server in
            let connection = try await server.connectAsync()
            let csv = "period;indikator;totalt\n2025-annual;5.6.3.1;3,1\n2025-annual;5.6.9.9;1\n"
            let bad = try await connection.call(
                GoalRPC.importMeasurements, ImportMeasurementsRequest(csv: csv, firstLine: 10, source: "x.csv"))
            #expect(bad.headerLine == 10 && bad.committed == false && bad.recorded == 0)
            #expect(bad.rejected.map(\.line) == [12] && bad.rejected.first?.column == "indikator", "\(bad.rejected)")
            let good = "period;indikator;totalt\n2025-annual;5.6.3.1;3,1\n"
            let dry = try await connection.call(
                GoalRPC.importMeasurements, ImportMeasurementsRequest(csv: good, dryRun: true))
            #expect(dry.recorded == 1 && dry.committed == false && dry.committees == ["RUN"])
            let history = try await connection.call(
                GoalRPC.listMeasurements, ListMeasurementsRequest(indicator: "5.6.3.1"))
            #expect(history.measurements.isEmpty, "a dry run stores nothing")
            let done = try await connection.call(
                GoalRPC.importMeasurements, ImportMeasurementsRequest(csv: good, source: "run.csv"))
            #expect(done.recorded == 1 && done.committed)
            let after = try await connection.call(
                GoalRPC.listMeasurements, ListMeasurementsRequest(indicator: "5.6.3.1"))
            #expect(after.measurements.map(\.source) == ["run.csv"])
        }
    }

    /// A saved Kolada answer through goalctl: the region's own value and RUN's, its nulls left missing and listed
    /// with their status, the rest passed over and said; the report credits Kolada.
    @Test func aKoladaAnswerIsRecordedWithItsNullsLeftMissing() async throws {
        let region = try KoladaRegion.region()
        try await withTestServer(region: region) { server in
            let file = server.directory.file("kolada-N00090.json")
            try Data(KoladaRegion.answer.utf8).write(to: URL(fileURLWithPath: file))
            let several = try await Self.goalctl(server, ["followup", "import", "--kolada", file])
            #expect(several.status != 0 && several.err.contains("0017, 0010"), "\(several.err)")
            let misuse = try await Self.goalctl(server, ["followup", "import", file, "--municipality", "0017"])
            #expect(misuse.status != 0 && misuse.err.contains("--municipality is for a Kolada answer"))

            let done = try await Self.goalctl(
                server, ["followup", "import", "--kolada", file, "--municipality", "0017"])
            #expect(done.status == 0, "\(done.err)")
            #expect(done.out.contains("recorded 3 values of the region, RUN"), "\(done.out)")
            #expect(done.out.contains("Källa: Kolada (RKA), CC BY 4.0"), "\(done.out)")
            #expect(
                done.out.contains("N00090 2024 women: null in Kolada (status \"Uppgift saknas\"): left missing"),
                "\(done.out)")
            #expect(done.out.contains("N00090 2023 total: null in Kolada"), "\(done.out)")
            #expect(done.out.contains("KPI N00091, which no indicator names"), "\(done.out)")
            #expect(
                done.out.contains("1 value of years whose plan lacks the indicator")
                    && done.out.contains("1 entry of other"))

            let again = try await Self.goalctl(
                server, ["--json", "followup", "import", "--kolada", file, "--municipality", "0017"])
            let answer = try JSONDecoder().decode(ImportMeasurementsResponse.self, from: Data(again.out.utf8))
            #expect(answer.recorded == 0 && answer.unchanged == 3, "\(again.out)")
            #expect(answer.kolada?.missing.count == 2 && answer.kolada?.municipality == "0017")

            let history = try await Self.goalctl(server, ["history", "sjukfranvarokvot", "--region"])
            #expect(history.out.contains("6.2 %") && history.out.contains("6.41 %"), "\(history.out)")
            #expect(history.out.contains("6.2 %   – / 4.1 %"), "women's null stays missing: \(history.out)")
            let markdown = try await Self.goalctl(server, ["report", "--period", "2025-annual", "--format", "md"])
            #expect(markdown.out.contains("*Källa: Kolada (RKA), CC BY 4.0*"), "\(markdown.out)")
            let html = try await Self.goalctl(server, ["report", "--period", "2025-annual", "--format", "html"])
            #expect(html.out.contains("<p class=\"credit\">Källa: Kolada (RKA), CC BY 4.0</p>"))

            // Not Kolada's shape: refused at its path, nothing recorded.
            let broken = server.directory.file("broken.json")
            try Data(#"{"values": [{"kpi": "N00090", "municipality": "0017", "period": "x", "values": []}]}"#.utf8)
                .write(to: URL(fileURLWithPath: broken))
            let refused = try await Self.goalctl(server, ["followup", "import", "--kolada", broken])
            #expect(refused.status != 0 && refused.err.contains("values[0].period"), "\(refused.err)")
        }
    }
}
