import Foundation
import GoalHTTP
import GoalProtocol
import GoalServer
import GoalTestSupport
import Prometheus
import Testing

/// No file goald accepts may make a later read fail: random accepted travel files, made of values at and near every
/// bound (distance, kg, cost, travellers, dates, units, modes), are imported, and then every read method answers
/// without an error, with finite numbers, and the metrics scrape.
@Suite struct AcceptedDataStaysReadableTests {
    static let modes = [
        "rail", "flyg", "flight_long_haul", "buss", "hyrbil", "car_electric", "taxi", "färja", "spårvagn",
        "flyg inrikes", "car_hvo",
    ]
    static let units = [
        "Regional utveckling", "Kultur och bildning", "Ä-enheten", "\"Unit, quoted\"", "x", "😀 enhet",
        String(repeating: "u", count: 200),
    ]
    static let distances = ["0", "0,001", "1", "49999,99", "50000", "123,5", "1 250"]
    static let kgs = ["", "", "0", "0,5", "999999", "1000000", "12,25"]
    static let costs = ["", "0", "99999999", "100000000", "1 250,50"]
    static let travellers = ["", "1", "2", "1000", "999"]

    static func file(_ random: inout SeededRandom, today: String) -> String {
        var rows = ["Datum;Färdsätt;Sträcka (km);Antal resenärer;Enhet;Kg CO2e;Kostnad (kr)"]
        for _ in 0..<(1 + random.below(200)) {
            let year = 1990 + random.below(37)
            var date = String(format: "%04d-%02d-%02d", year, 1 + random.below(12), 1 + random.below(28))
            if random.chance(5) { date = random.chance(50) ? "1990-01-01" : today }
            rows.append(
                [
                    date, random.pick(modes), random.pick(distances), random.pick(travellers), random.pick(units),
                    random.pick(kgs), random.pick(costs),
                ].joined(separator: ";"))
        }
        return rows.joined(separator: "\r\n") + "\r\n"
    }

    @Test func everyReadAnswersAfterRandomAcceptedImports() async throws {
        var random = SeededRandom.forTest(seed: 20_261_201)
        let todayParts = Calendar(identifier: .gregorian).dateComponents(in: .current, from: Date())
        let today = String(format: "%04d-%02d-%02d", todayParts.year!, todayParts.month!, todayParts.day!)
        let files = (0..<25).map { _ in Self.file(&random, today: today) }
        let replay = random.replay
        try await withTestServer { daemon in
            let connection = try await daemon.connectAsync()
            var accepted = 0
            for file in files {
                let answer = try await connection.call(
                    GoalRPC.addTrips, AddTripsRequest(csv: file, skipBad: true, unit: "Regional utveckling"))
                accepted += answer.added
            }
            #expect(accepted > 1000, "the files are mostly accepted (\(replay))")
            /// The answer decoded from goald's JSON; encoding it again fails on a number that is not finite
            /// (JSONEncoder refuses infinity and NaN).
            func finite(_ message: some Encodable) throws {
                _ = try JSONEncoder().encode(message)
            }
            for year in [1990, 2000, 2020, 2024, todayParts.year!] {
                for by in [nil, "mode", "unit", "month"] {
                    try finite(try await connection.call(GoalRPC.getFootprint, GetFootprintRequest(year: year, by: by)))
                }
            }
            try finite(
                try await connection.call(
                    GoalRPC.getFootprint,
                    GetFootprintRequest(
                        from: "1990-01-01", through: today, by: "unit")))
            try finite(try await connection.call(GoalRPC.getFootprint, GetFootprintRequest()))
            for request in [
                GetReductionRequest(), GetReductionRequest(year: 2024), GetReductionRequest(baseline: 1990),
                GetReductionRequest(unit: "Kultur och bildning"), GetReductionRequest(through: today),
                GetReductionRequest(year: 2024, factors: "desnz-2020"),
            ] {
                try finite(try await connection.call(GoalRPC.getReduction, request))
            }
            for period in [nil, "2024-interim", "2024-annual", "2025-annual", "2026-annual"] {
                // The plan's first year has no year earlier to compare with.
                let compare = period?.hasPrefix("2024") == true ? nil : "yearEarlier"
                try finite(
                    try await connection.call(GoalRPC.getStatus, GetStatusRequest(period: period, compare: compare)))
                for format in ["html", "csv", "md"] {
                    let report = try await connection.call(
                        GoalRPC.renderReport,
                        RenderReportRequest(
                            period: period, format: format))
                    #expect(!report.content.isEmpty)
                }
            }
            for request in [
                GetReductionRequest(), GetReductionRequest(year: 2024, through: "2024-08-31"),
                GetReductionRequest(through: today), GetReductionRequest(baseline: 1990, unit: "x"),
            ] {
                let explanation = try await connection.call(GoalRPC.explainReduction, request)
                try finite(explanation)
                #expect(
                    abs(explanation.effects.map(\.kgCO2e).reduce(0, +) - explanation.changeKgCO2e)
                        <= 1e-6 * max(1, explanation.baseline.kgCO2e), "\(replay)")
            }
            for year in [1990, 2024, todayParts.year!] {
                var after: TripKeyMessage?
                repeat {
                    let page = try await connection.call(
                        GoalRPC.exportTrips, ExportTripsRequest(year: year, after: after))
                    try finite(page)
                    after = page.next
                } while after != nil
            }
            try finite(try await connection.call(GoalRPC.listImports, ListImportsRequest()))
            try finite(
                try await connection.call(GoalRPC.listMeasurements, ListMeasurementsRequest(indicator: "5.6.4.1")))
            _ = try await connection.call(GoalRPC.getPlan, Empty())
            _ = try await connection.call(GoalRPC.healthCheck, HealthCheckRequest())
            let scrape = MetricsExposition(
                registry: PrometheusCollectorRegistry(), state: daemon.state, server: nil,
                connections: { 0 }, storeFiles: [])
            let text = String(decoding: scrape.scrape(), as: UTF8.self)
            #expect(text.contains("goald_travel_trips") && !text.contains("+Inf\"} NaN"), "\(replay)")
        }
    }
}
