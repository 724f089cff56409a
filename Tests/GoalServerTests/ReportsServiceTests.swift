import Foundation
import GoalProtocol
import GoalTestSupport
import Testing

/// `goald.v1.Reports/Render` through the wire, against the server in this process.
@Suite struct ReportsServiceTests {
    @Test func theReportIsRenderedForTheLatestPeriodWithData() async throws {
        try await withTestServer { daemon in
            let connection = try await daemon.connectAsync()
            _ = try await connection.call(
                GoalRPC.recordMeasurement,
                RecordMeasurementRequest(
                    indicator: "5.6.3.1", period: "2025-interim", value: .number(3.4)))
            let html = try await connection.call(GoalRPC.renderReport, RenderReportRequest())
            #expect(html.period == "2025-interim" && html.periodChosen == "latestWithData")
            #expect(html.format == "html" && html.language == "sv" && html.mediaType == "text/html; charset=utf-8")
            #expect(html.fileName == "uppfoljning-2025-interim.html")
            #expect(html.content.hasPrefix("<!DOCTYPE html>") && html.content.contains("Delårsrapport 2025"))
            #expect(html.content.contains("3,4\u{00A0}%"))

            let csv = try await connection.call(
                GoalRPC.renderReport,
                RenderReportRequest(
                    period: "2024-annual", language: "en", format: "csv"))
            #expect(csv.fileName == "follow-up-2024-annual.csv" && csv.content.hasPrefix("\u{FEFF}period,kind,number,"))
            let markdown = try await connection.call(GoalRPC.renderReport, RenderReportRequest(format: "md"))
            #expect(markdown.content.hasPrefix("# Delårsrapport 2025"))
        }
    }

    @Test(arguments: [
        (RenderReportRequest(format: "pdf"), "format"),
        (RenderReportRequest(language: "de"), "language"),
        (RenderReportRequest(period: "2030-annual"), "period"),
    ])
    func badParamsAreNamed(request: RenderReportRequest, field: String) async throws {
        try await withTestServer { daemon in
            let connection = try await daemon.connectAsync()
            do {
                _ = try await connection.call(GoalRPC.renderReport, request)
                Issue.record("accepted \(request)")
            } catch let error as RPCError {
                #expect(error.code == .invalidArgument && error.details?["field"] == "params.\(field)", "\(error)")
            }
        }
    }
}
