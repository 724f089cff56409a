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
            _ = try await connection.call(GoalRPC.getPlan, GetPlanRequest())
            _ = try await connection.call(GoalRPC.healthCheck, HealthCheckRequest())
            let scrape = MetricsExposition(
                registry: PrometheusCollectorRegistry(), state: daemon.state, server: nil,
                connections: { 0 }, storeFiles: [])
            let text = String(decoding: scrape.scrape(), as: UTF8.self)
            #expect(text.contains("goald_travel_trips") && !text.contains("+Inf\"} NaN"), "\(replay)")
        }
    }
}

/// No value or target goald accepts may make a read fail: every numeric indicator's values and targets at its
/// bounds (the largest magnitude, ±10^15, where the plan sets none), in random pairs, then every read, the reports
/// and the metrics; numbers past the bounds, and 5e-324, are refused.
@Suite struct AcceptedFiguresStayReadableTests {
    @Test func valuesAndTargetsAtEveryBoundKeepEveryReadFinite() async throws {
        var random = SeededRandom.forTest(seed: 20_261_207)
        let picks = (0..<500).map { _ in random.below(1_000_000) }
        try await withTestServer { daemon in
            var next = picks.makeIterator()
            let connection = try await daemon.connectAsync()
            let plan = try await connection.call(GoalRPC.getPlan, GetPlanRequest())
            let numeric = plan.effectGoals.flatMap(\.resultGoals).flatMap(\.indicators).filter {
                ["percentage", "index", "amount"].contains($0.target.kind) && !$0.number.hasPrefix("5.6.4")
            }
            #expect(numeric.count > 10)
            let periods = ["2024-interim", "2024-annual", "2025-interim", "2025-annual"]
            for indicator in numeric {
                let low = indicator.min ?? -1e15
                let high = indicator.max ?? 1e15
                let bounds = [low, high, 0, 1e-6, -1e-6].filter { $0 >= low && $0 <= high }
                // An indicator measured once a year takes no interim value.
                for period in periods where indicator.measured != "annual" || period.hasSuffix("-annual") {
                    let value = bounds[next.next()! % bounds.count]
                    _ = try await connection.call(
                        GoalRPC.recordMeasurement,
                        RecordMeasurementRequest(indicator: indicator.number, period: period, value: .number(value)))
                }
                let target = bounds[next.next()! % bounds.count]
                // A region indicator's target is the region's, set from an open period on.
                var change = SetTargetRequest(
                    indicator: indicator.shared == true ? indicator.id ?? indicator.number : indicator.number,
                    value: .number(target), from: indicator.shared == true ? nil : "2024-interim",
                    reason: indicator.shared == true ? nil : "gränsprov")
                change.region = indicator.shared == true ? true : nil
                _ = try await connection.call(GoalRPC.setTarget, change)
                // Past the bounds: refused, naming the value.
                for refused in [high == 1e15 ? 1e308 : high + 1, -1e308, Double.leastNonzeroMagnitude] {
                    await #expect {
                        _ = try await connection.call(
                            GoalRPC.recordMeasurement,
                            RecordMeasurementRequest(
                                indicator: indicator.number, period: "2024-annual", value: .number(refused)))
                    } throws: { ($0 as? RPCError)?.code == .invalidArgument }
                }
            }
            await #expect {
                _ = try await connection.call(
                    GoalRPC.setStaff, StaffMessage(unit: "Regional utveckling", year: 2024, fte: .leastNonzeroMagnitude)
                )
            } throws: { ($0 as? RPCError)?.code == .invalidArgument }
            _ = try await connection.call(
                GoalRPC.setStaff, StaffMessage(unit: "Regional utveckling", year: 2024, fte: 0.01))
            _ = try await connection.call(
                GoalRPC.addTrips,
                AddTripsRequest(
                    csv: "id,date,mode,distance_km\nA,2020-03-01,rail,100\nB,2024-03-01,rail,49999\n",
                    unit: "Regional utveckling"))
            func finite(_ message: some Encodable) throws { _ = try JSONEncoder().encode(message) }
            for period in periods {
                let compare = period.hasPrefix("2024") ? nil : "yearEarlier"
                let status = try await connection.call(
                    GoalRPC.getStatus, GetStatusRequest(period: period, compare: compare))
                try finite(status)
                for format in ["html", "csv", "md"] {
                    for language in ["sv", "en"] {
                        let report = try await connection.call(
                            GoalRPC.renderReport,
                            RenderReportRequest(period: period, language: language, format: format))
                        // A number that is not finite prints as a word of its own: inf, -inf, nan.
                        let notFinite = report.content.firstMatch(of: /\b(inf|nan)\b/)
                        #expect(notFinite == nil, "\(period) \(format) \(language)")
                    }
                }
            }
            for indicator in numeric {
                try finite(
                    try await connection.call(
                        GoalRPC.listMeasurements, ListMeasurementsRequest(indicator: indicator.number)))
                try finite(try await connection.call(GoalRPC.getIndicator, GetIndicatorRequest(key: indicator.number)))
            }
            try finite(try await connection.call(GoalRPC.getReduction, GetReductionRequest(year: 2024)))
            let scrape = MetricsExposition(
                registry: PrometheusCollectorRegistry(), state: daemon.state, server: nil,
                connections: { 0 }, storeFiles: [])
            let text = String(decoding: scrape.scrape(), as: UTF8.self)
            #expect(text.contains("goald_indicators") && !text.contains("NaN") && !text.contains(" +Inf\n"))
        }
    }
}
