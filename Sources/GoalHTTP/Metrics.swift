import CoreMetrics
import Foundation
import GoalDomain
import GoalServer
import Prometheus
import Synchronization

/// swift-metrics' factory over a Prometheus registry that gives each metric its help text (the exposition's
/// `# HELP` line, which `promtool check metrics` asks for) and the RPC histogram its buckets.
package struct DescribedMetricsFactory: MetricsFactory {
    package let registry: PrometheusCollectorRegistry

    /// Help text by metric name.
    static let help: [String: String] = [
        ServerMetrics.callsName: "RPC calls answered, by method and status code.",
        ServerMetrics.durationName: "Time from a call's frame read to its answer, by method.",
        ServerMetrics.writesName: "Writes committed to the store, by what they change.",
    ]

    /// From 50 µs (a read answered at once) to 10 s (an import batch).
    static let durationBuckets: [Duration] = [
        .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1),
        .microseconds(2500), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5),
        .seconds(10),
    ]

    package init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    private func descriptor(_ label: String) -> MetricNameDescriptor {
        MetricNameDescriptor(
            metricName: label, unitName: "",
            helpText: Self.help[label] ?? label.replacingOccurrences(of: "_", with: " "))
    }

    package func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        registry.makeCounter(descriptor: descriptor(label), labels: dimensions)
    }

    package func makeFloatingPointCounter(label: String, dimensions: [(String, String)])
        -> any FloatingPointCounterHandler
    {
        registry.makeCounter(descriptor: descriptor(label), labels: dimensions)
    }

    package func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        registry.makeGauge(descriptor: descriptor(label), labels: dimensions)
    }

    package func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        registry.makeGauge(descriptor: descriptor(label), labels: dimensions)
    }

    package func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        registry.makeDurationHistogram(descriptor: descriptor(label), labels: dimensions, buckets: Self.durationBuckets)
    }

    package func destroyCounter(_ handler: any CounterHandler) {}
    package func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {}
    package func destroyRecorder(_ handler: any RecorderHandler) {}
    package func destroyMeter(_ handler: any MeterHandler) {}
    package func destroyTimer(_ handler: any TimerHandler) {}
}

/// `GET /metrics`: the counters the RPC server keeps as it serves, and gauges read from the state at each scrape
/// (connections, streams, the store's size, trips and reductions by unit, indicators by period and status), with
/// the process metrics Prometheus users expect. The text exposition format, version 0.0.4.
package final class MetricsExposition: Sendable {
    package static let contentType = "text/plain; version=0.0.4; charset=utf-8"
    /// The `unit` label of the figure for every unit together (a unit name cannot start with a parenthesis… in
    /// practice; a unit so named would share the series).
    package static let allUnits = "(all)"

    private let registry: PrometheusCollectorRegistry
    private let state: LiveState
    private let server: ServerMetrics?
    private let connections: @Sendable () -> Int
    private let storeFiles: [String]
    private let baseline: Int
    /// The CPU seconds already added to `process_cpu_seconds_total`, a counter that only grows.
    private let cpuCounted = Mutex<Double>(0)
    /// When goald started, near enough: the exposition is made at start. (/proc/stat, whose boot time the
    /// process's own start is counted from, is hidden by the unit's ProcSubset=pid.)
    private let startTime = Date().timeIntervalSince1970
    /// The reduction series set at the last scrape, to remove those that no longer apply.
    private let reductionSeries = Mutex<Set<[String]>>([])
    /// goald's clock, for the year in progress.
    private let now: @Sendable () -> Date

    /// - Parameters:
    ///   - connections: the RPC server's open connections.
    ///   - storeFiles: the store's files (the database and its write-ahead log), for `goald_store_bytes`.
    package init(
        registry: PrometheusCollectorRegistry, state: LiveState, server: ServerMetrics?,
        connections: @escaping @Sendable () -> Int, storeFiles: [String], baseline: Int = 2020,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.now = now
        self.registry = registry
        self.state = state
        self.server = server
        self.connections = connections
        self.storeFiles = storeFiles
        self.baseline = baseline
    }

    static let provisional = (
        name: "goald_travel_reduction_provisional",
        help: "1 when goald_travel_reduction_percent of the unit is provisional: the year's travel "
            + "data is not complete, and both years are compared through "
            + "goald_travel_reduction_through_timestamp_seconds; 0 when the year is complete."
    )
    static let comparedThrough = (
        name: "goald_travel_reduction_through_timestamp_seconds",
        help: "The last day (00:00 UTC, Unix time) through which "
            + "goald_travel_reduction_percent compares both years."
    )

    private func gauge(_ name: String, _ help: String, _ labels: [(String, String)] = []) -> Prometheus.Gauge {
        registry.makeGauge(
            descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help), labels: labels)
    }

    /// Reads the gauges from the state now, then writes the whole registry.
    package func scrape() -> [UInt8] {
        let snapshot = state.snapshot
        gauge("goald_connections", "Open RPC client connections.").set(Double(connections()))
        gauge("goald_streams", "Open server streams (Watch calls).").set(Double(server?.streams ?? 0))
        gauge("goald_rpc_in_flight", "Writes, slow calls and streams running now.").set(Double(server?.inFlight ?? 0))
        let bytes = storeFiles.compactMap { try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int }
            .reduce(0, +)
        gauge("goald_store_bytes", "Bytes of the store on disk (database and write-ahead log).").set(Double(bytes))
        gauge("goald_state_generation", "Changes of state since start: writes, imports, reloads.")
            .set(Double(state.generation))

        let travel = snapshot.travel
        let ledger = travel.ledger
        for unit in ledger.units {
            gauge("goald_travel_trips", "Business trips stored, by unit.", [("unit", unit)])
                .set(Double(ledger.tripCount(unit: unit)))
        }
        // The latest year against the baseline; a year still in progress is compared over the same days of both.
        let day = CivilDate.local(now())
        var current: Set<[String]> = []
        var provisionalSeries: Set<String> = []
        let help =
            "Per cent the latest year's business-travel footprint fell against \(baseline) (a year in progress: "
            + "to the same day of both), as reported (each year's own factors) or like for like (one set for both)."
        for unit in [nil] + ledger.units.map(Optional.some) {
            let latest =
                unit.map { name in ledger.years.filter { ledger.hasTrips(unit: name, year: $0) }.max() }
                ?? ledger.years.max()
            guard let year = latest ?? nil, year > baseline else { continue }
            // A year whose data is not complete is compared through its last day known (provisional).
            guard
                let reduction = try? travel.reduction(
                    year: year, baseline: baseline, unit: unit, through: nil,
                    factors: nil, today: day),
                reduction.baseline.trips > 0, reduction.current.trips > 0
            else { continue }
            let name = unit ?? Self.allUnits
            gauge(Self.provisional.name, Self.provisional.help, [("unit", name)])
                .set(reduction.provisionalThrough == nil ? 0.0 : 1.0)
            gauge(Self.comparedThrough.name, Self.comparedThrough.help, [("unit", name)])
                .set(Double(reduction.current.through.unixDay * 86_400))
            provisionalSeries.insert(name)
            for (basis, percent) in [
                ("reported", reduction.reductionPercent),
                ("like_for_like", reduction.reductionPercentLikeForLike),
            ] {
                guard let percent else { continue }
                gauge("goald_travel_reduction_percent", help, [("unit", name), ("basis", basis)]).set(percent)
                current.insert([name, basis])
            }
        }
        let gone = reductionSeries.withLock { previous -> Set<[String]> in
            defer { previous = current }
            return previous.subtracting(current)
        }
        for series in gone {
            registry.unregisterGauge(
                gauge(
                    "goald_travel_reduction_percent", help,
                    [("unit", series[0]), ("basis", series[1])]))
        }
        let goneUnits = Set(gone.map { $0[0] }).subtracting(provisionalSeries)
        for unit in goneUnits {
            for metric in [Self.provisional, Self.comparedThrough] {
                registry.unregisterGauge(gauge(metric.name, metric.help, [("unit", unit)]))
            }
        }

        let followUp = snapshot.followUp
        for period in followUp.periods {
            let status = followUp.status(for: period, travel: travel, today: day)
            let counts: [(IndicatorStatus, Int)] = [
                (.met, status.tally.met), (.partlyMet, status.tally.partlyMet), (.notMet, status.tally.notMet),
                (.noData, status.tally.noData), (.targetPending, status.tally.targetPending),
                (.needsAssessment, status.tally.needsAssessment),
                (.measuredAnnually, status.tally.measuredAnnually),
            ]
            for (kind, count) in counts {
                gauge(
                    "goald_indicators", "Indicators of the plan by follow-up period and status.",
                    [("period", period.description), ("status", kind.rawValue)]
                ).set(Double(count))
            }
        }
        var process = ProcessMetrics.read()
        process.startTimeSeconds = startTime
        process.record(into: registry)
        let cpu = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                metricName: "process_cpu_seconds_total", unitName: "",
                helpText: "Total user and system CPU time spent in seconds."))
        cpuCounted.withLock { counted in
            if process.cpuSeconds > counted {
                cpu.increment(by: process.cpuSeconds - counted)
                counted = process.cpuSeconds
            }
        }
        return registry.emitToBuffer()
    }
}

/// The process metrics Prometheus' client libraries export, read from /proc.
struct ProcessMetrics {
    var cpuSeconds: Double
    var residentBytes: Double
    var virtualBytes: Double
    var startTimeSeconds: Double
    var openFDs: Double
    var maxFDs: Double

    static func read() -> ProcessMetrics {
        var metrics = ProcessMetrics(
            cpuSeconds: 0, residentBytes: 0, virtualBytes: 0, startTimeSeconds: 0, openFDs: 0,
            maxFDs: 0)
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let page = Double(sysconf(Int32(_SC_PAGESIZE)))
        if let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        {
            // The fields after the command name, which may hold spaces: state is field 3.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            func field(_ number: Int) -> Double { Double(fields[number - 3]) ?? 0 }
            if fields.count >= 22 {
                metrics.cpuSeconds = (field(14) + field(15)) / ticks
                metrics.virtualBytes = field(23)
                metrics.residentBytes = field(24) * page
                let bootTime =
                    (try? String(contentsOfFile: "/proc/stat", encoding: .utf8))?
                    .split(separator: "\n").first { $0.hasPrefix("btime ") }
                    .flatMap { Double($0.dropFirst(6)) } ?? 0
                metrics.startTimeSeconds = bootTime + field(22) / ticks
            }
        }
        metrics.openFDs = Double((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.count ?? 0)
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 { metrics.maxFDs = Double(limit.rlim_cur) }
        return metrics
    }

    func record(into registry: PrometheusCollectorRegistry) {
        func gauge(_ name: String, _ help: String) -> Prometheus.Gauge {
            registry.makeGauge(descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help))
        }
        gauge("process_resident_memory_bytes", "Resident memory size in bytes.").set(residentBytes)
        gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.").set(virtualBytes)
        gauge("process_start_time_seconds", "Start time of the process since the Unix epoch in seconds.")
            .set(startTimeSeconds)
        gauge("process_open_fds", "Number of open file descriptors.").set(openFDs)
        gauge("process_max_fds", "Maximum number of open file descriptors.").set(maxFDs)
    }
}
