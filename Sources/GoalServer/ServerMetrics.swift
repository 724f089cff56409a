import CoreMetrics
import GoalProtocol
import Synchronization

/// What goald counts about its calls, through swift-metrics (the factory decides where it goes: Prometheus in
/// goald). The instruments of every method are made once, at start; a call adds to a counter and a histogram and
/// takes no lock but the histogram's.
package final class ServerMetrics: Sendable {
    /// Calls of unknown methods are counted under one name, so that no client can grow the label set.
    package static let unknownMethod = "unknown"

    private final class Instruments: Sendable {
        let method: String
        let factory: any MetricsFactory
        let duration: Timer
        let ok: Counter
        let failed = Mutex<[StatusCode: Counter]>([:])
        /// For a write: counted once it succeeded.
        let writes: Counter?

        init(method: String, writeKind: String?, factory: any MetricsFactory) {
            self.method = method
            self.factory = factory
            duration = Timer(label: ServerMetrics.durationName, dimensions: [("method", method)], factory: factory)
            ok = Counter(
                label: ServerMetrics.callsName, dimensions: [("method", method), ("code", "OK")], factory: factory)
            writes = writeKind.map {
                Counter(label: ServerMetrics.writesName, dimensions: [("kind", $0)], factory: factory)
            }
        }

        func counter(for code: StatusCode) -> Counter {
            if code == .ok { return ok }
            return failed.withLock { counters in
                if let counter = counters[code] { return counter }
                let counter = Counter(
                    label: ServerMetrics.callsName,
                    dimensions: [("method", method), ("code", code.rawValue)], factory: factory)
                counters[code] = counter
                return counter
            }
        }
    }

    package static let callsName = "goald_rpc_calls_total"
    package static let durationName = "goald_rpc_duration_seconds"
    package static let writesName = "goald_writes_total"

    private let instruments: [String: Instruments]
    private let unknown: Instruments
    private let inFlightCalls = Atomic<Int>(0)
    private let openStreams = Atomic<Int>(0)

    /// - Parameter methods: every method served, with its permission; writes also count `goald_writes_total`.
    package init(factory: any MetricsFactory, methods: [(name: String, isWrite: Bool)]) {
        var instruments: [String: Instruments] = [:]
        for (name, isWrite) in methods {
            instruments[name] = Instruments(
                method: name, writeKind: isWrite ? Self.writeKind(of: name) ?? nil : nil,
                factory: factory)
        }
        self.instruments = instruments
        self.unknown = Instruments(method: Self.unknownMethod, writeKind: nil, factory: factory)
    }

    /// What a write changes, as `goald_writes_total` names it; nil for a call that runs on the writer but changes
    /// nothing (a backup).
    package static func writeKind(of method: String) -> String? {
        switch method.split(separator: "/").last.map(String.init) ?? method {
        case "Backup", "ListImports", "ExportTrips": nil
        case "RemoveTrips": "trip_removal"
        case "ReplaceImport": "import_replacement"
        case "CommitImport": "trips"
        case "DiscardImport": "import_discarded"
        case "RecordMeasurement": "measurement"
        case "RecordAssessment": "assessment"
        case "SetTarget": "target"
        case "RetractMeasurement", "RetractAssessment": "retraction"
        case "AddTrips": "trips"
        case "SetStaff": "staff"
        case let other: other.lowercased()
        }
    }

    /// A call answered (or a stream ended) with `code` after `duration`.
    package func finished(method: String, code: StatusCode, duration: Duration) {
        let instruments = self.instruments[method] ?? unknown
        instruments.counter(for: code).increment()
        let (seconds, attoseconds) = duration.components
        instruments.duration.recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        if code == .ok { instruments.writes?.increment() }
    }

    /// Writes, slow calls and streams now running (reads are answered at once).
    package var inFlight: Int { inFlightCalls.load(ordering: .relaxed) }
    package var streams: Int { openStreams.load(ordering: .relaxed) }

    func callEntered() { inFlightCalls.add(1, ordering: .relaxed) }
    func callLeft() { inFlightCalls.subtract(1, ordering: .relaxed) }
    func streamOpened() { openStreams.add(1, ordering: .relaxed) }
    func streamClosed() { openStreams.subtract(1, ordering: .relaxed) }
}
