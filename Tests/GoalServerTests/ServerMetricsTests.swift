import Foundation
import GoalDomain
import GoalHTTP
import GoalProtocol
import GoalServer
import Prometheus
import Testing

/// The counts goald keeps of its calls, and the Prometheus text they come out as.
@Suite struct ServerMetricsTests {
    @Test func callsAreCountedByMethodAndCodeAndWritesByKind() {
        let registry = PrometheusCollectorRegistry()
        let metrics = ServerMetrics(
            factory: DescribedMetricsFactory(registry: registry),
            methods: [
                ("goald.v1.Health/Check", false), ("goald.v1.Goals/RecordMeasurement", true),
                ("goald.v1.Admin/Backup", true),
            ])
        metrics.finished(method: "goald.v1.Health/Check", code: .ok, duration: .microseconds(30))
        metrics.finished(method: "goald.v1.Health/Check", code: .ok, duration: .microseconds(70))
        metrics.finished(method: "goald.v1.Goals/RecordMeasurement", code: .ok, duration: .milliseconds(3))
        metrics.finished(
            method: "goald.v1.Goals/RecordMeasurement", code: .invalidArgument, duration: .microseconds(80))
        metrics.finished(method: "goald.v1.Admin/Backup", code: .ok, duration: .milliseconds(20))
        metrics.finished(method: "no.such/Method\n", code: .unimplemented, duration: .microseconds(10))
        let text = registry.emitToString()
        #expect(text.contains(#"goald_rpc_calls_total{method="goald.v1.Health/Check",code="OK"} 2"#))
        #expect(
            text.contains(
                #"goald_rpc_calls_total{method="goald.v1.Goals/RecordMeasurement",code="INVALID_ARGUMENT"} 1"#))
        #expect(
            text.contains(#"goald_rpc_calls_total{method="unknown",code="UNIMPLEMENTED"} 1"#),
            "a client cannot add label values")
        #expect(!text.contains("no.such"))
        #expect(text.contains(#"goald_writes_total{kind="measurement"} 1"#), "only the write that succeeded")
        #expect(!text.contains(#"kind="backup""#), "a backup changes nothing")
        #expect(
            text.contains(#"goald_rpc_duration_seconds_bucket{method="goald.v1.Health/Check",le="5e-05"} 1"#)
                || text.contains(#"goald_rpc_duration_seconds_bucket{method="goald.v1.Health/Check",le="0.00005"} 1"#),
            "30 µs falls in the first bucket, 70 µs in the next")
        #expect(text.contains(#"goald_rpc_duration_seconds_count{method="goald.v1.Health/Check"} 2"#))
        #expect(text.contains("# HELP goald_rpc_calls_total "), "every metric has its help text")
    }

    @Test func theScrapeReadsTheStateAndTheProcess() throws {
        var travel = TravelAccounts(library: try FactorLibrary())
        for (index, year) in [2020, 2020, 2024].enumerated() {
            travel.add(
                Trip(
                    id: "T\(index)", date: CivilDate(year: year, month: 5, day: 2)!, mode: .rail,
                    distanceKm: 400, unit: "Regional utveckling"))
        }
        travel.add(
            Trip(id: "K1", date: CivilDate("2024-05-02")!, mode: .bus, distanceKm: 40, unit: "Kultur och bildning"))
        let state = LiveState(Snapshot(GoalState(followUp: FollowUp(plan: .embeddedDefault()), travel: travel)))
        let registry = PrometheusCollectorRegistry()
        let exposition = MetricsExposition(
            registry: registry, state: state, server: nil, connections: { 3 },
            storeFiles: [])
        let text = String(decoding: exposition.scrape(), as: UTF8.self)
        #expect(text.contains(#"goald_travel_trips{unit="Regional utveckling"} 3.0"#))
        #expect(text.contains(#"goald_travel_trips{unit="Kultur och bildning"} 1.0"#))
        #expect(text.contains("goald_connections 3.0"))
        // 2 trips in 2020, 1 in 2024, the same distance by rail: half the emissions like for like.
        #expect(
            text.contains(#"goald_travel_reduction_percent{unit="Regional utveckling",basis="like_for_like"} 50.0"#))
        #expect(text.contains(#"goald_indicators{period="2024-annual",status="noData"} 20.0"#))
        #expect(text.firstMatch(of: /process_resident_memory_bytes [1-9]/) != nil)
        #expect(text.firstMatch(of: /process_start_time_seconds 1[0-9]{9}/) != nil)
        #expect(text.contains("# TYPE process_cpu_seconds_total counter"))
    }
}
