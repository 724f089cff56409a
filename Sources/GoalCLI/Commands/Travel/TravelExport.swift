import ArgumentParser
import FoundationEssentials
import Glibc
import GoalClient
import GoalNumbers
import GoalProtocol

struct TravelExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a year's trips with the kg CO2e goald counts for each and the factor used, for Excel.",
        discussion: """
            CSV as a Swedish Excel opens it (UTF-8 with a byte-order mark, semicolons, decimal commas), to \
            standard output or --output; or an Excel workbook (--format xlsx, with --output). One row a trip, \
            ordered by unit and id, with the columns id, date, mode, distance_km, travellers, unit, co2e_kg (the \
            supplier's figure, when there was one), cost_sek, passenger_km, kg_co2e_counted (as the footprint \
            counts it), basis (supplier or calculated), factor_kg_per_unit, factor_unit, factor_source, factor_set \
            and import. The first eight are the import's own columns: the file imports again as it is, and adds \
            nothing. A file is written whole under a temporary name and then renamed into place.

            Examples:
              goalctl travel export --year 2024 --output resor-2024.csv
              goalctl travel export --year 2024 --format xlsx --output resor-2024.xlsx
              goalctl travel export --year 2024 --unit "Regional utveckling" | less

            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var travel: Travel
    var connection: ConnectionOptions { travel.goalctl.connection }

    @Option(help: ArgumentHelp("The year whose trips are written.", valueName: "year"))
    var year: Int

    @Option(help: ArgumentHelp("Only this unit's trips.", valueName: "unit"))
    var unit: String?

    @Option(
        help: ArgumentHelp("csv or xlsx (default: the --output file's extension, else csv).", valueName: "format"),
        completion: .list(["csv", "xlsx"]))
    var format: String?

    @Option(
        help: ArgumentHelp("The file to write (- or none: standard output, for csv).", valueName: "file"),
        completion: .file())
    var output: String?

    /// The file written; nil for standard output.
    var file: String? { output == "-" ? nil : output }

    /// --format, else the output file's extension, else CSV.
    var chosenFormat: String {
        get throws { try FileFormat.choose(given: format, output: output, allowed: ["csv", "xlsx"], fallback: "csv") }
    }

    static let header = [
        "id", "date", "mode", "distance_km", "travellers", "unit", "co2e_kg", "cost_sek",
        "passenger_km", "kg_co2e_counted", "basis", "factor_kg_per_unit", "factor_unit",
        "factor_source", "factor_set", "import",
    ]

    func validate() throws {
        if try chosenFormat == "xlsx", file == nil { throw ValidationError("--format xlsx needs --output FILE.") }
        if connection.json, file == nil {
            throw ValidationError("--json needs --output: the CSV itself goes to standard output.")
        }
    }

    func run() throws {
        let sink: ExportSink
        let output = file
        do {
            sink =
                try chosenFormat == "xlsx"
                ? .workbook(try WorkbookPipe(path: output!, sheet: "Resor \(year)"))
                : .text(try TextSink(path: output))
        } catch let error as CannotWrite {
            throw connection.failure(.failedPrecondition, error.message, field: "output", exit: 73)
        } catch let error as TravelFiles.HelperMissing {
            throw connection.failure(.unavailable, error.message, exit: 69)
        }
        var count = 0
        var kg = 0.0
        var setName = ""
        do {
            try sink.append(Self.header.map { .text($0) })
            try connection.withConnection { client in
                var after: TripKeyMessage?
                repeat {
                    let page = try client.call(
                        GoalRPC.exportTrips, ExportTripsRequest(year: year, unit: unit, after: after),
                        timeout: connection.timeoutDuration)
                    setName = page.factorSet.factorSet
                    for trip in page.trips {
                        try sink.append(Self.row(trip, set: page.factorSet.factorSet))
                        count += 1
                        kg += trip.kgCO2e
                    }
                    after = page.next
                } while after != nil
            }
            try sink.finish()
        } catch let error as CannotWrite {
            sink.abandon()
            throw connection.failure(.failedPrecondition, error.message, field: "output", exit: 73)
        } catch {
            sink.abandon()
            throw error
        }
        guard let output else { return }
        if connection.json {
            Output.write(try Output.json(ExportSummary(output: output, trips: count, kgCO2e: kg, factorSet: setName)))
        } else {
            Output.write("wrote \(output): \(count) trips of \(year), \(Format.kg(kg)) CO2e (\(setName))")
        }
    }

    /// A row: the import's own columns exactly as stored (so that the file imports again and adds nothing), the
    /// derived ones to six decimals (a milligram, a metre), without binary noise.
    static func row(_ trip: ExportedTripMessage, set: String) -> [ExportCell] {
        func number(_ value: Double?) -> ExportCell { value.map { .number($0) } ?? .empty }
        func derived(_ value: Double?) -> ExportCell {
            value.map { abs($0) < 1e9 ? .number(($0 * 1_000_000).rounded() / 1_000_000) : .number($0) } ?? .empty
        }
        let parts = trip.date.split(separator: "-").compactMap { Int($0) }
        let day: ExportCell = parts.count == 3 ? .day(year: parts[0], month: parts[1], day: parts[2]) : .text(trip.date)
        return [
            .text(trip.id), day, .text(trip.mode), .number(trip.distanceKm), .number(Double(trip.travellers)),
            .text(trip.unit), number(trip.reportedKgCO2e), number(trip.costSek), derived(trip.passengerKm),
            derived(trip.kgCO2e), .text(trip.basis), derived(trip.kgCO2ePerUnit),
            trip.factorUnit.map { .text($0) } ?? .empty,
            trip.factorSource.map { .text($0) } ?? .empty, .text(set), number(trip.import.map(Double.init)),
        ]
    }
}

/// What `travel export --json` says once the file is written.
struct ExportSummary: Encodable {
    var output: String
    var trips: Int
    var kgCO2e: Double
    var factorSet: String
}

/// One cell of an exported row.
enum ExportCell: Encodable {
    case text(String)
    case number(Double)
    /// A day, which a workbook stores as a date.
    case day(year: Int, month: Int, day: Int)
    case empty

    var dayText: String {
        guard case .day(let year, let month, let day) = self else { return "" }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day))"
    }

    /// As `goal-xlsx write` reads a cell: a string, a number, null, or {"day": "YYYY-MM-DD"}.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .number(let value): try container.encode(value)
        case .day: try container.encode(["day": dayText])
        case .empty: try container.encodeNil()
        }
    }
}

/// Where an export goes: CSV text, or a workbook that `goal-xlsx` writes.
enum ExportSink {
    case text(TextSink)
    case workbook(WorkbookPipe)

    func append(_ cells: [ExportCell]) throws {
        switch self {
        case .text(let sink): try sink.write(TextSink.csvLine(cells))
        case .workbook(let pipe): try pipe.append(cells)
        }
    }

    func finish() throws {
        switch self {
        case .text(let sink): try sink.finish()
        case .workbook(let pipe): try pipe.finish()
        }
    }

    func abandon() {
        switch self {
        case .text(let sink): sink.abandon()
        case .workbook(let pipe): pipe.abandon()
        }
    }
}

/// Rows to `goal-xlsx write` through a pipe, one JSON line each; the helper writes the workbook in a private folder
/// beside its place (so that nothing planted is followed), and it is renamed into place when the helper has
/// finished it.
final class WorkbookPipe {
    private let path: String
    private let folder: String
    private let temporary: String
    private let pid: pid_t
    private let input: Int32
    /// The helper's standard error: read when it fails, so that goalctl says why in its own error (one JSON object
    /// with --json), not beside it.
    private let errors: Int32
    private var buffer: [UInt8] = []
    private let encoder = JSONEncoder()
    private var inputClosed = false
    private var reaped = false

    init(path: String, sheet: String) throws {
        self.path = path
        let helper = try TravelFiles.Helper.find()
        // The place is goalctl's to check: a folder that does not exist or cannot be written is said as the system
        // says it, before the helper starts.
        switch Descriptor.folderBeside(path) {
        case .success(let made): folder = made
        case .failure(let error): throw CannotWrite(path: path, errno: error.code)
        }
        temporary = folder + "/workbook.xlsx"
        // A helper that ends early must not kill goalctl with SIGPIPE: the write fails instead, and is said.
        signal(SIGPIPE, SIG_IGN)
        var ends: [Int32] = [0, 0]
        var errorEnds: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else {
            let code = errno
            rmdir(folder)
            throw CannotWrite(path: path, errno: code)
        }
        guard pipe(&errorEnds) == 0 else {
            let code = errno
            close(ends[0])
            close(ends[1])
            rmdir(folder)
            throw CannotWrite(path: path, errno: code)
        }
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        _ = fcntl(errorEnds[0], F_SETFD, FD_CLOEXEC)
        do {
            pid = try helper.start(
                ["write", temporary, "--sheet", sheet], stdin: ends[0], stdout: nil, stderr: errorEnds[1])
        } catch {
            for end in ends + errorEnds { close(end) }
            rmdir(folder)
            throw error
        }
        close(ends[0])
        close(errorEnds[1])
        input = ends[1]
        errors = errorEnds[0]
    }

    deinit { close(errors) }

    /// What the helper said on failing, in one line, without its name.
    private func helperReason() -> String? {
        let said = String(decoding: Descriptor.readAll(errors), as: UTF8.self)
        guard let line = said.split(whereSeparator: \.isNewline).first else { return nil }
        let text = line.hasPrefix("goal-xlsx: ") ? line.dropFirst("goal-xlsx: ".count) : line[...]
        // Foundation's error descriptions carry a domain dump after the words that matter.
        var reason = String(text.prefix { $0 != "(" })
        while reason.last?.isWhitespace == true { reason.removeLast() }
        return reason.isEmpty ? nil : reason
    }

    func append(_ cells: [ExportCell]) throws {
        buffer += try encoder.encode(cells)
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { try flush() }
    }

    private func flush() throws {
        let code = Descriptor.writeAll(input, buffer)
        guard code == 0 else {
            // The helper stopped reading: it has failed, and says why on its standard error once it has ended.
            if code == EPIPE, let reason = endedHelperReason() {
                throw CannotWrite(path: path, errno: code, reason: reason)
            }
            throw CannotWrite(path: path, errno: code)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// The helper's reason for failing, once it has ended (it is not waited for twice).
    private func endedHelperReason() -> String? {
        guard !reaped else { return nil }
        _ = TravelFiles.Helper.wait(pid)
        reaped = true
        return helperReason()
    }

    func finish() throws {
        try flush()
        close(input)
        inputClosed = true
        let status = TravelFiles.Helper.wait(pid)
        reaped = true
        guard status == 0 else {
            removeFolder()
            throw CannotWrite(path: path, errno: EIO, reason: helperReason())
        }
        _ = chmod(temporary, 0o644)
        guard rename(temporary, path) == 0 else {
            let code = errno
            removeFolder()
            throw CannotWrite(path: path, errno: code)
        }
        removeFolder()
    }

    func abandon() {
        if !inputClosed { close(input) }
        if !reaped {
            kill(pid, SIGTERM)  // no need to finish a workbook that is thrown away
            _ = TravelFiles.Helper.wait(pid)
        }
        removeFolder()
    }

    /// The private folder and what the helper left in it.
    private func removeFolder() {
        unlink(temporary)
        rmdir(folder)
    }
}

/// CSV text to standard output, or to a file written under a temporary name and renamed into place.
final class TextSink {
    private let path: String?
    private let temporary: String?
    private let descriptor: Int32
    private var buffer: [UInt8] = [0xEF, 0xBB, 0xBF]  // Excel reads UTF-8 by its byte-order mark
    /// Standard output is a terminal: a stored text's control characters are shown as escapes, not sent to it.
    private let terminal: Bool

    init(path: String?) throws {
        self.path = path
        if let path {
            switch Descriptor.createBeside(path) {
            case .success(let created): (descriptor, temporary) = created
            case .failure(let error): throw CannotWrite(path: path, errno: error.code)
            }
        } else {
            descriptor = STDOUT_FILENO
            temporary = nil
        }
        terminal = path == nil && isatty(STDOUT_FILENO) == 1
    }

    func write(_ line: String) throws {
        if terminal {
            // The row's cells escaped, its own line end kept ("\r\n" is one Character).
            let ended = line.hasSuffix("\r\n")
            buffer +=
                (VisibleText.escaped(String(ended ? line.dropLast() : line[...]), keepingLineBreaks: true)
                + (ended ? "\r\n" : "")).utf8
        } else {
            buffer += line.utf8
        }
        if buffer.count >= 1 << 16 { try flush() }
    }

    private func flush() throws {
        let code = Descriptor.writeAll(descriptor, buffer)
        guard code == 0 else { throw CannotWrite(path: path ?? "standard output", errno: code) }
        buffer.removeAll(keepingCapacity: true)
    }

    func finish() throws {
        try flush()
        guard let path, let temporary else { return }
        guard fsync(descriptor) == 0, close(descriptor) == 0 else { throw CannotWrite(path: path, errno: errno) }
        guard rename(temporary, path) == 0 else { throw CannotWrite(path: path, errno: errno) }
    }

    func abandon() {
        guard let temporary else { return }
        close(descriptor)
        unlink(temporary)
    }

    /// A row as a Swedish Excel reads it: semicolons, decimal commas, days as YYYY-MM-DD.
    static func csvLine(_ cells: [ExportCell]) -> String {
        cells.map { cell -> String in
            switch cell {
            case .text(let raw):
                // An id or a unit a file brought is text: never a formula in the spreadsheet that opens the export.
                let text = SpreadsheetText.neutralised(raw)
                let needs = text.contains { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
                return needs ? "\"" + text.replacing("\"", with: "\"\"") + "\"" : text
            case .number(let value):
                // The shortest text that reads back to the same number, with a decimal comma.
                let text = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
                return text.replacing(".", with: ",")
            case .day: return cell.dayText
            case .empty: return ""
            }
        }.joined(separator: ";") + "\r\n"
    }
}
