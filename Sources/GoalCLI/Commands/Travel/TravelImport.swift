import ArgumentParser
import FoundationEssentials
import Glibc
import GoalClient
import GoalProtocol

struct TravelImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import trips from a CSV file, as Swedish offices export them.",
        discussion: """
            The file has a header, then one trip a row. The columns are goald's (id, date, mode, distance_km or \
            distance_mil, travellers, unit, co2e_kg, cost_sek) or the names exports give them (Datum, Färdsätt, \
            Sträcka (km), Sträcka (mil), Antal resenärer, Enhet, Kostnad (kr), Kg CO2e, Resenr …; see the \
            README), in any order; --columns maps any other header. A date, a mode and a distance or a supplier's kg \
            CO2e are needed. distance is per traveller (mil count 10 km); co2e_kg, when given, is a figure reported by \
            the supplier and replaces the calculation; a row without a unit is a row error unless --unit (or the \
            --profile's default_unit) names the import's default unit. `goalctl travel \
            modes` lists every mode and its Swedish names. Without an id column, each trip's id is made from its \
            content and its place among the file's identical rows (row-…, row-…-2 for the second), so that \
            importing the file again adds nothing and two identical journeys are two trips.

            UTF-8 (with or without a byte-order mark) or Windows-1252 (a plain Excel CSV; said when so, \
            --encoding to choose), commas, semicolons or tabs between fields, quoted fields, decimal commas, \
            CRLF, LF or CR line ends are accepted.

            With --replace ID the file takes the place of an earlier import in one transaction (a corrected \
            export): its rows are staged in goald's store, and then the import's trips are removed (recorded \
            with --reason) and the file's stored, at once; a reader sees the old import or the new one, never \
            both or neither.

            The file is read once: goald checks and stores each batch as it comes, and the import counts (in \
            footprints, reductions, status, the list of imports) only when the last batch is in and goalctl \
            commits it, all of it at once and durably. A bad row is reported with its line, column and reason, and \
            then nothing is added (exit status 65) unless --skip-bad is given; an import goalctl did not commit \
            (a failure, goalctl killed, goald stopped) is taken back, by goalctl when it can, else by goald at \
            its next start or when another import begins an hour later. Importing the same file again adds nothing: \
            a trip's id is unique within its unit.

            A year's travel figures (5.6.4.1, `travel reduction`, the report) are provisional while the year has \
            not ended or its trips stop before its last day: both years are then compared through the last day \
            known, and every figure says so. --complete-through DATE declares the data complete through DATE with \
            this import (a year's last file: --complete-through 2025-12-31), which makes the periods that end by \
            then final.

            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var travel: Travel
    var connection: ConnectionOptions { travel.goalctl.connection }

    @Argument(
        help: ArgumentHelp("The CSV file or Excel workbook (.xlsx); - reads standard input.", valueName: "file"),
        completion: .file())
    var file: String

    @Flag(help: "Add the good rows even when some are bad; the bad ones are listed.")
    var skipBad = false

    @Option(
        help: ArgumentHelp(
            "The unit of rows whose unit is empty, or of every row of a file without a unit column "
                + "(without it, or the profile's default_unit, such a row is a row error).", valueName: "name"))
    var unit: String?

    @Flag(
        help: ArgumentHelp(
            "Accept trips longer than their mode plausibly makes (rail or a car over 2 000 km, a bus, a "
                + "ferry or a domestic flight over 1 500 km …); without it such a row is rejected, as a typing slip "
                + "(km in the mil column) most often is."))
    var allowLong = false

    @Flag(help: "Check the file and say what would be added, without storing anything.")
    var dryRun = false

    @Option(help: ArgumentHelp("Rows per batch (a batch also stays under 2 MiB).", valueName: "rows"))
    var batchSize = 20000

    @Option(
        help: ArgumentHelp(
            "The file's encoding: utf-8 or windows-1252 (default: UTF-8 when the file is valid "
                + "UTF-8, else Windows-1252, as Excel saves a plain CSV).", valueName: "encoding"))
    var encoding: String?

    @Option(
        help: ArgumentHelp(
            "Headers goald does not recognise, as NAME=HEADER pairs: "
                + "date=Avresa,mode=Typ,distance_mil=Längd. Names: id, date, mode, distance_km, distance_mil, "
                + "travellers, unit, co2e_kg, cost_sek.", valueName: "mapping"))
    var columns: String?

    @Option(
        help: ArgumentHelp(
            "Replace this import (its id, as `travel imports` lists it) by the file, in one "
                + "transaction: the file is staged first, then the import's trips go and the file's come in at once.",
            valueName: "import"))
    var replace: Int64?

    @Option(
        help: ArgumentHelp(
            "With --replace: why, kept with the removal (default: \"replaced by FILE\").",
            valueName: "text"))
    var reason: String?

    @Option(
        help: ArgumentHelp(
            "The sheet of an Excel workbook (.xlsx) to read (default: its first).",
            valueName: "name"))
    var sheet: String?

    @Option(
        help: ArgumentHelp(
            "A column profile goald.conf names (columns.NAME = date=Avresa,…), for a kind of export "
                + "that comes again and again; --columns adds to it.", valueName: "name"))
    var profile: String?

    @Option(
        help: ArgumentHelp(
            "The file's row that holds the header (default: the first row, within the first 50, whose "
                + "cells name the columns goald needs; a title, a date or notes above it are passed over).",
            valueName: "row"))
    var headerRow: Int?

    @Option(
        help: ArgumentHelp(
            "Declare the travel data complete through this day (YYYY-MM-DD) with this import: "
                + "figures of periods that end by then are final, not provisional (`travel imports` shows it).",
            valueName: "date"))
    var completeThrough: String?

    func validate() throws {
        guard (1...100_000).contains(batchSize) else { throw ValidationError("--batch-size must be from 1 to 100000.") }
        if let encoding, TextEncoding(name: encoding) == nil {
            throw ValidationError("--encoding must be utf-8 or windows-1252, not \"\(encoding)\".")
        }
        if let columns { _ = try Self.mapping(columns) }
        if reason != nil, replace == nil { throw ValidationError("--reason goes with --replace.") }
        if let replace, replace < 1 { throw ValidationError("--replace takes an import's id, 1 or more.") }
        if let headerRow, headerRow < 1 { throw ValidationError("--header-row takes a row number, 1 or more.") }
        if let completeThrough {
            guard completeThrough.count == 10, completeThrough.dropFirst(4).first == "-",
                completeThrough.dropFirst(7).first == "-",
                completeThrough.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") })
            else {
                throw ValidationError(
                    "--complete-through takes a day as YYYY-MM-DD, such as 2025-12-31, not "
                        + "\"\(completeThrough)\".")
            }
            if replace != nil || dryRun {
                throw ValidationError(
                    "--complete-through goes with an import that is stored (not --dry-run or --replace).")
            }
        }
    }

    /// `--columns` as the request carries it.
    static func mapping(_ text: String) throws -> [String: String] {
        var mapping: [String: String] = [:]
        let names = ["id", "date", "mode", "distance_km", "distance_mil", "travellers", "unit", "co2e_kg", "cost_sek"]
        for part in text.split(separator: ",", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1).map {
                String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
            }
            guard pieces.count == 2, !pieces[1].isEmpty else {
                throw ValidationError("--columns: \"\(part)\" is not NAME=HEADER, such as date=Avresa.")
            }
            guard names.contains(pieces[0]) else {
                throw ValidationError(
                    "--columns: \"\(pieces[0])\" is not a column; the columns are "
                        + names.joined(separator: ", ") + ".")
            }
            mapping[pieces[0]] = pieces[1]
        }
        return mapping
    }

    func run() throws {
        // A file is read in chunks, once to learn its encoding and line ends and once per pass: goalctl holds a
        // chunk, a row and a batch, whatever the file's size.
        // Standard input can be read once: it is copied to an unlinked temporary file first. A workbook's sheet
        // becomes CSV the same way; from there every file takes one path.
        var path = file
        var spools: [TravelFiles.Spool] = []
        defer { spools.forEach { close($0.descriptor) } }
        if file == "-" {
            do {
                spools.append(try TravelFiles.spoolStandardInput())
            } catch let error as ValueError {
                throw connection.failure(.unavailable, error.message, field: "file", exit: 74)
            }
            path = spools[0].path
        } else if ChunkedFile(path: file) == nil {
            let reason = FileManager.default.fileExists(atPath: file) ? "it cannot be read" : "no such file"
            throw connection.failure(.notFound, "cannot read \(file): \(reason)", field: "file", exit: 66)
        }
        let isWorkbook = TravelFiles.isZip(path: path)
        if !isWorkbook, [".xlsx", ".xlsm"].contains(where: { file.lowercased().hasSuffix($0) }) {
            throw connection.failure(
                .invalidArgument,
                "\(file) is named as an Excel workbook but is not one (not a zip archive): save it again from the "
                    + "spreadsheet program, or as CSV", field: "file", exit: 65)
        }
        if isWorkbook {
            if encoding != nil {
                throw connection.failure(
                    .invalidArgument, "\(file) is an Excel workbook: --encoding is for text files",
                    field: "encoding", exit: 64)
            }
            let spool = try connection.workbookSheet(path, named: file, sheet: sheet)
            spools.append(spool)
            path = spool.path
        } else if sheet != nil {
            throw connection.failure(
                .invalidArgument, "--sheet is for an Excel workbook (.xlsx); \(file) is a text file",
                field: "sheet", exit: 64)
        }
        guard let input = ChunkedFile(path: path) else {
            throw connection.failure(.notFound, "cannot read \(file)", field: "file", exit: 66)
        }
        let shape: ChunkedFile.Shape
        do {
            shape = try input.scan()
        } catch let error as ValueError {
            // A folder, a device that cannot be read: said as goalctl's own problem, exit status 66 (no input).
            throw connection.failure(.invalidArgument, error.message, field: "file", exit: 66)
        }
        let asked = encoding.flatMap(TextEncoding.init(name:))
        let read: TextEncoding = asked ?? (shape.validUTF8 ? .utf8 : .windows1252)
        if read == .utf8, !shape.validUTF8 {
            throw connection.failure(
                .invalidArgument,
                "\(file) is not UTF-8 text; give --encoding windows-1252 for a "
                    + "plain Excel CSV", field: "encoding", exit: 65)
        }
        if read == .windows1252, !connection.json {
            Output.error(
                "note: \(file) is not UTF-8: read as Windows-1252" + (encoding == nil ? " (--encoding to choose)" : ""))
        }
        var options = TravelImporter.Options(
            source: file == "-" ? nil : file.split(separator: "/").last.map(String.init) ?? file)
        options.rowsPerBatch = batchSize
        options.skipBad = skipBad
        options.dryRun = dryRun
        options.replace = replace
        options.reason = reason
        options.completeThrough = completeThrough
        options.columns = try columns.map(Self.mapping)
        options.profile = profile
        options.unit = unit
        options.allowLong = allowLong
        options.headerRow = headerRow
        options.timeout = connection.timeoutDuration
        let notes = ImportNotes(
            progress: Progress(total: shape.bytes, shown: !connection.json && isatty(STDERR_FILENO) == 1),
            file: file, quiet: connection.json)
        try connection.withConnection { client in
            let importer = TravelImporter(options: options, client: client, observer: notes) { body in
                // The file's bytes as the batches carry them: UTF-8 with LF line ends, a chunk at a time.
                try input.forEachChunk { chunk in
                    if read == .utf8, shape.hasLineFeed {
                        try body(chunk)  // the usual file: its bytes as they are
                    } else {
                        var bytes =
                            read == .windows1252 ? Array(TextEncoding.windows1252(Array(chunk)).utf8) : Array(chunk)
                        if !shape.hasLineFeed { bytes = bytes.map { $0 == 0x0D ? 0x0A : $0 } }  // old Mac line ends
                        try body(bytes[...])
                    }
                }
            }
            let outcome: TravelImporter.Outcome
            do {
                outcome = try importer.run()
            } catch let failure as TravelImporter.ImportFailure {
                Output.error("goalctl: \(failure.message) of \(file)")
                throw ExitCode(70)
            }
            switch outcome {
            case .noHeader(let answer), .refused(let answer):
                report(answer, dryRun: true)
                throw badRows(answer)
            case .checked(let checked):
                if dryRun, let replace { try sayWhatWouldBeRemoved(replace, client: client) }
                // What the import would do with the whole file: without --skip-bad, one bad row anywhere adds nothing.
                var total = checked
                if total.rejectedCount > 0, !skipBad {
                    total.added = 0
                    total.alreadyPresent = 0
                }
                report(total, dryRun: true)
                // With --skip-bad the bad rows are left out, as the import would leave them: not a failure.
                if total.rejectedCount > 0, !skipBad { throw badRows(total) }
            case .imported(let total):
                report(total, dryRun: false)
            case .replaced(let total, let swapped):
                if connection.json, let line = try? Output.json(swapped) { Output.write(line) }
                report(total, dryRun: false, printed: false)
                if !connection.json {
                    Output.write(
                        "replaced import #\(swapped.replaced) (\(swapped.removed) trips removed) "
                            + "by import #\(swapped.import): added \(swapped.added), already present "
                            + "\(swapped.alreadyPresent), rejected \(total.rejectedCount)")
                }
            }
        }
    }

    /// With --replace --dry-run: what the replacement would take away, from the import's record (what it added, by
    /// year, and what has been removed of it since).
    private func sayWhatWouldBeRemoved(_ id: Int64, client: GoalConnection) throws {
        let page = try client.call(
            GoalRPC.listImports, ListImportsRequest(after: id - 1, limit: 1),
            timeout: connection.timeoutDuration)
        guard let record = page.imports.first, record.id == id else {
            throw connection.failure(
                .notFound, "no import #\(id); `goalctl travel imports` lists them", field: "replace",
                exit: 1)
        }
        guard !connection.json else { return }
        let years = (record.years ?? []).map {
            "\($0.year): \($0.trips) trip\($0.trips == 1 ? "" : "s"), \(Format.kg($0.kgCO2e))"
        }
        let left = record.added - record.removed
        let source = record.source ?? "standard input"
        let removedSince = record.removed > 0 ? " (\(record.removed) removed since)" : ""
        let byYear = years.isEmpty ? "" : ", by year " + years.joined(separator: "; ")
        Output.write(
            "would remove import #\(id) (\(source), \(Format.localTime(record.recordedAt))): \(left) trip"
                + (left == 1 ? "" : "s")
                + " in force\(removedSince); it added \(Format.kg(record.kgCO2e)) CO2e\(byYear)")
    }

    /// Exit status 65 for a file with bad rows. With --json the error is one JSON object on standard error (the
    /// rows are in the result's `rejected`, on standard output); without, the rows are said, a line each.
    private func badRows(_ answer: AddTripsResponse) -> ExitCode {
        guard connection.json else { return ExitCode(65) }
        let count = answer.rejectedCount
        return connection.failure(
            .invalidArgument,
            "\(file): \(count) bad row\(count == 1 ? "" : "s"), nothing added (the result's rejected lists "
                + "\(count == 1 ? "it" : "them"))",
            field: "file", exit: 65)
    }

    /// Says what an import did; `printed: false` leaves out the JSON and the summary line (a replacement says its
    /// own). With --json the result is the JSON, rows it rejected included, and nothing else is said.
    private func report(_ total: AddTripsResponse, dryRun: Bool, printed: Bool = true) {
        if connection.json {
            if printed, let line = try? Output.json(total) { Output.write(line) }
            return
        }
        for problem in total.rejected {
            Output.error(
                "\(file):\(problem.line):" + (problem.column.map { " column \($0):" } ?? "") + " \(problem.message)")
        }
        if let more = total.rejectedNotListed, more > 0 {
            Output.error(
                "\(file): \(more) more row\(more == 1 ? "" : "s") rejected, not listed (goald lists a batch's "
                    + "problems up to half its frame limit): fix those above and check the file again")
        }
        if !total.ignoredColumns.isEmpty {
            Output.error("note: columns not used: \(total.ignoredColumns.joined(separator: ", "))")
        }
        if total.derivedIds == true, !connection.json {
            Output.error(
                "note: the file has no id column: each trip's id is made from its content and its place among "
                    + "identical rows, so importing the file again adds nothing and two identical rows are two trips")
        }
        if let excluded = total.excluded, excluded > 0, !connection.json {
            Output.error(
                "note: \(excluded) row\(excluded == 1 ? " is a trip" : "s are trips") removed earlier with a reason: "
                    + "left out (`goalctl travel removals` lists them; "
                    + "`travel restore --trip UNIT/ID` lets one in again)")
        }
        if let repeated = total.repeated, repeated > 0, !connection.json {
            Output.error(
                "note: \(repeated) row\(repeated == 1 ? "" : "s") repeat\(repeated == 1 ? "s" : "") an earlier row "
                    + "exactly and count\(repeated == 1 ? "s" : "") once")
        }
        guard !connection.json, printed else { return }
        if dryRun, total.rejectedCount > 0, !skipBad {
            let good = total.valid ?? total.added + total.alreadyPresent
            Output.write(
                "\(total.rejectedCount) bad row\(total.rejectedCount == 1 ? "" : "s"): nothing added "
                    + (good == 0
                        ? "(fix \(total.rejectedCount == 1 ? "it" : "them"))"
                        : "(fix \(total.rejectedCount == 1 ? "it" : "them"), or use --skip-bad to add the \(good) good "
                            + "row\(good == 1 ? "" : "s"))"))
        } else if dryRun {
            Output.write(
                "would add \(total.added), already present \(total.alreadyPresent), rejected \(total.rejectedCount)")
        } else {
            Output.write(
                "added \(total.added), already present \(total.alreadyPresent), rejected \(total.rejectedCount)")
            if let id = total.import {
                Output.error("note: import #\(id); `goalctl travel remove --import \(id) --reason …` takes it back")
            }
        }
    }
}

/// What goalctl says while an import runs: the header's row when it is not the first, and the progress line.
final class ImportNotes: TravelImporter.Observer {
    let progress: Progress
    let file: String
    let quiet: Bool

    init(progress: Progress, file: String, quiet: Bool) {
        self.progress = progress
        self.file = file
        self.quiet = quiet
    }

    func headerFound(onLine line: Int) {
        if !quiet { Output.error("note: the header is on row \(line) of \(file); the rows above it are left out") }
    }
    func passBegins(_ label: String) { progress.begin(label) }
    func advanced(bytes: Int, rows: Int) { progress.advance(bytes: bytes, rows: rows) }
    func passEnds() { progress.end() }
}
