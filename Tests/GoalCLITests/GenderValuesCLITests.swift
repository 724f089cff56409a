import Foundation
import GoalCLI
import GoalProtocol
import GoalTestSupport
import Testing

/// Women's and men's values through goalctl, as a clerk types them, and where they show: status, indicator,
/// history, and the report in CSV, Markdown and HTML.
@Suite struct GenderValuesCLITests {
    typealias Run = GoalctlInProcessTests.Run
    static func goalctl(_ server: TestServer, _ arguments: [String]) async throws -> Run {
        try await GoalctlInProcessTests.goalctl(server, arguments)
    }

    @Test func aClerkRecordsTotalWomenAndMenAndEveryViewShowsTheThree() async throws {
        try await withTestServer { server in
            let measured = try await Self.goalctl(
                server, ["measure", "5.6.3.1", "6,41", "--women", "7,06", "--men", "4,9", "--period", "2025-annual"])
            #expect(measured.status == 0, "\(measured.err)")
            #expect(measured.out.contains("6,41 % (women / men: 7,06 % / 4,9 %)"), "\(measured.out)")

            let status = try await Self.goalctl(server, ["status", "--period", "2025-annual", "--lang", "sv"])
            let row = status.out.split(separator: "\n").first { $0.contains("5.6.3.1") }.map(String.init) ?? ""
            #expect(row.contains("6,41 %") && row.contains("K 7,06 % / M 4,9 %"), "\(status.out)")
            #expect(row.contains("ej uppnått"), "the status is the total's: \(row)")
            let english = try await Self.goalctl(server, ["status", "--period", "2025-annual", "--lang", "en"])
            #expect(english.out.contains("W 7.06 % / M 4.9 %"), "\(english.out)")

            let json = try await Self.goalctl(server, ["--json", "status", "--period", "2025-annual"])
            let answer = try JSONDecoder().decode(StatusMessage.self, from: Data(json.out.utf8))
            let sick = answer.effectGoals.flatMap(\.resultGoals).flatMap(\.indicators).first { $0.number == "5.6.3.1" }
            #expect(sick?.value == .number(6.41) && sick?.women == 7.06 && sick?.men == 4.9)

            let indicator = try await Self.goalctl(server, ["indicator", "5.6.3.1", "--lang", "sv"])
            #expect(indicator.out.contains("uppdelat på kvinnor och män"), "\(indicator.out)")
            #expect(indicator.out.contains("kvinnor / män") && indicator.out.contains("7,06 % / 4,9 %"))
            let history = try await Self.goalctl(server, ["history", "5.6.3.1"])
            #expect(history.out.contains("women / men") && history.out.contains("7.06 % / 4.9 %"), "\(history.out)")

            let csv = try await Self.goalctl(server, ["report", "--period", "2025-annual", "--format", "csv"])
            let rows = csv.out.split(separator: "\r\n").map {
                $0.split(separator: ";", omittingEmptySubsequences: false)
            }
            #expect(
                Array(rows.first?[4...7] ?? []) == ["utfall", "kvinnor", "män", "målvärde"], "\(rows.first ?? [])")
            let sickRow = rows.first { $0.count > 7 && $0[0] == "2025-annual" && $0[2] == "5.6.3.1" }
            #expect(Array(sickRow?[4...7] ?? []) == ["6,41", "7,06", "4,9", "≤3"], "\(csv.out)")
            let english2 = try await Self.goalctl(
                server, ["report", "--period", "2025-annual", "--format", "csv", "--lang", "en"])
            #expect(english2.out.contains(",6.41,7.06,4.9,"), "\(english2.out)")

            let markdown = try await Self.goalctl(server, ["report", "--period", "2025-annual", "--format", "md"])
            #expect(
                markdown.out.contains("| 6,41\u{00A0}% (kvinnor 7,06\u{00A0}%, män 4,9\u{00A0}%) |"),
                "\(markdown.out)")
            let html = try await Self.goalctl(server, ["report", "--period", "2025-annual", "--format", "html"])
            #expect(html.out.contains("<small class=\"gender\">kvinnor 7,06\u{00A0}%<br>män 4,9\u{00A0}%</small>"))
        }
    }

    @Test func womenAndMenAreRefusedWhereTheyDoNotBelongAndNothingIsRecorded() async throws {
        try await withTestServer { server in
            let notSplit = try await Self.goalctl(
                server, ["--json", "measure", "5.6.3.3", "90", "--women", "95", "--period", "2025-annual"])
            #expect(notSplit.status == 1 && notSplit.err.contains("params.women"), "\(notSplit.err)")
            #expect(notSplit.err.contains("not split by women and men"), "\(notSplit.err)")
            let outOfRange = try await Self.goalctl(
                server, ["measure", "5.6.3.2", "2,5", "--men", "101", "--period", "2025-annual"])
            #expect(outOfRange.status == 1 && outOfRange.err.contains("men: 101 is above"), "\(outOfRange.err)")
            let notANumber = try await Self.goalctl(
                server, ["measure", "5.6.3.2", "2,5", "--women", "sju", "--period", "2025-annual"])
            #expect(notANumber.status != 0 && notANumber.err.contains("--women: expected a number"))
            let history = try await Self.goalctl(server, ["--json", "history", "5.6.3.2"])
            let answer = try JSONDecoder().decode(MeasurementHistory.self, from: Data(history.out.utf8))
            #expect(answer.measurements.isEmpty)
        }
    }

    /// Women and men without a total: the wire's `value` is required, and the refusal names it.
    @Test func womenAndMenWithoutATotalAreRefused() async throws {
        try await withTestServer { server in
            let connection = try await server.connectAsync()
            try await connection.send(
                RawFrames.call(
                    1, "goald.v1.Goals/RecordMeasurement",
                    #"{"indicator":"5.6.3.1","period":"2025-annual","women":7.06,"men":4.9}"#))
            let answer = try await connection.next()
            #expect(answer["error"]?["code"] == .string("INVALID_ARGUMENT"), "\(answer)")
            #expect(answer["error"]?["details"]?["field"] == .string("params.value"), "\(answer)")
        }
    }
}
