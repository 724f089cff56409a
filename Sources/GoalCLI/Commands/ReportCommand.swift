import ArgumentParser
import FoundationEssentials
import Glibc
import GoalClient
import GoalNumbers
import GoalProtocol

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the follow-up report of a period: one self-contained HTML file, or CSV or Markdown.",
        discussion: """
            goald renders the report (goald.v1.Reports/Render), so every client gets the same document. The HTML \
            file has its styles and charts inline and fetches nothing: open it in any browser, mail it, or print \
            it to A4 (charts and tables are kept whole on a page). In Swedish by default, with Swedish number and \
            date forms; --lang en for English.

            Contents, in the order a committee reads them: title, committee, period and when it was made; per \
            effect goal its result goals with the committee's judgement (Uppnått green, Delvis uppnått yellow, \
            Ej uppnått red, not yet judged grey) and analysis; per indicator its value, the target in force, \
            status, difference, a trend arrow against the same period a year earlier and a small chart of its \
            values; business travel (5.6.4): kg CO2e per year by mode with the 2020 baseline marked, the reduction \
            as reported and like for like with the factor sets named (year to date at the interim period), kg per \
            FTE where staff is recorded, the trend extended to the plan's last year and, once a target is set, \
            the path to it; last, the sources: who recorded each value and judgement, and when.

            --format csv writes every result goal and indicator of every period up to the one asked for (period, \
            kind, number, title, value, target in force, status, the judgement and its reason, recorded by, \
            recorded at, source, note) as a Swedish Excel opens it (`;`, decimal comma; --lang en: `,` and \
            points); --format xlsx the same rows as an Excel workbook (numbers as numbers, columns as wide as \
            their contents, the header frozen with a filter); --format md a Markdown version for pasting into the \
            report document.

            Without --format the format follows the --output file's extension (.html, .csv, .xlsx, .md), else \
            html; a format that contradicts the extension is refused (exit status 64), and so is .pdf: print the \
            HTML to PDF in a browser. Without --output, or with --output -, the document goes to standard output \
            (not a workbook). The file is written whole or not at all (an existing file is replaced only once the \
            new one is complete).

            Examples:
              goalctl report --period 2024-annual --output uppfoljning-2024.html
              goalctl report --period 2025-interim --lang en --output interim-2025.html
              goalctl report --period 2024-annual --output indikatorer-2024.csv
              goalctl report --period 2024-annual --output indikatorer-2024.xlsx
              goalctl report --region --period 2025-interim --output region-delar-2025.html

            --region writes the region's report, coordinated for every committee (HTML only): Sammanfattning \
            måluppfyllelse (each effect goal with the region's judgement, `goalctl assess-effect-goal`), then per \
            effect goal the region's analysis and each committee's result goals under it with the committee's \
            judgement, analysis and indicators, and last the committees with no plan for the period.

            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var goalctl: GoalCtl
    var connection: ConnectionOptions { goalctl.connection }

    @Option(
        help: ArgumentHelp(
            "The period: YEAR-interim or YEAR-annual; default: the latest period with data.",
            valueName: "period"), completion: Completions.periods)
    var period: String?

    @Option(
        help: ArgumentHelp("The file to write; - or none: standard output.", valueName: "file"), completion: .file())
    var output: String?

    @Option(
        help: ArgumentHelp(
            "html, csv, xlsx or md (default: the --output file's extension, else html).",
            valueName: "format"), completion: Completions.formats)
    var format: String?

    /// The format written: --format, else the output file's extension, else HTML.
    var chosenFormat: String {
        get throws {
            try FileFormat.choose(
                given: format, output: output, allowed: ["html", "csv", "xlsx", "md"], fallback: "html")
        }
    }

    /// The file written; nil for standard output.
    var file: String? { output == "-" ? nil : output }

    @Option(
        help: ArgumentHelp("sv (Swedish) or en (English).", valueName: "language"), completion: Completions.languages)
    var lang: String = "sv"

    @Flag(
        help: ArgumentHelp(
            "The region's coordinated report of every committee (HTML): Sammanfattning måluppfyllelse with the "
                + "region's judgement of each effect goal, then per effect goal each committee's result goals."))
    var region = false

    func validate() throws {
        guard ["sv", "en"].contains(lang.lowercased()) else {
            throw ValidationError("--lang must be sv or en, not \"\(lang)\".")
        }
        if let output, output.isEmpty { throw ValidationError("--output must name a file, or - for standard output.") }
        if region, try chosenFormat != "html" {
            throw ValidationError("--region writes HTML: the region's report comes as html, not \(try chosenFormat).")
        }
        if region, connection.committee != nil {
            throw ValidationError("--region covers every committee: give --committee or --region, not both.")
        }
        if try chosenFormat == "xlsx", file == nil {
            throw ValidationError("--format xlsx needs --output FILE: a workbook is not written to standard output.")
        }
    }

    /// What `--json` prints once the file is written.
    struct Written: Encodable {
        var path: String
        var bytes: Int
        var period: String
        var periodChosen: String
        var language: String
        var format: String
        var mediaType: String
    }

    func run() throws {
        let format = try chosenFormat
        // A workbook holds the CSV's rows, with numbers as numbers: goald renders the CSV, goal-xlsx writes it.
        let language = lang.lowercased()
        let request = RenderReportRequest(
            period: period, language: language, format: format == "xlsx" ? "csv" : format, region: region ? true : nil)
        try connection.withConnection { client in
            var report = try client.call(
                GoalRPC.renderReport, region ? request : connection.scoped(request), timeout: connection.timeoutDuration
            )
            guard let output = file else {
                if connection.json {
                    Output.write(try Output.json(report))
                } else {
                    Output.writeDocument(report.content)
                }
                return
            }
            let bytes: Int
            if format == "xlsx" {
                do {
                    bytes = try Self.writeWorkbook(
                        csv: report.content, language: language, period: report.period,
                        to: output)
                } catch let error as TravelFiles.HelperMissing {
                    throw connection.failure(.unavailable, error.message, exit: 69)
                }
                report.format = "xlsx"
                report.mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            } else {
                let content = Array(report.content.utf8)
                try Self.writeWhole(content, to: output)
                bytes = content.count
            }
            if connection.json {
                Output.write(
                    try Output.json(
                        Written(
                            path: output, bytes: bytes, period: report.period,
                            periodChosen: report.periodChosen, language: report.language,
                            format: report.format, mediaType: report.mediaType)))
            } else {
                let why = report.periodChosen == "latestWithData" ? " (the latest period with data)" : ""
                Output.write("wrote \(output): the \(report.format) report of \(report.period)\(why), \(bytes) bytes")
            }
        }
    }

    /// The report's CSV rows as a workbook: numbers (a decimal comma in Swedish) as numbers, the rest as text (the
    /// `'` that keeps a CSV cell from being read as a formula is not needed in a workbook's text cell). Returns the
    /// file's size.
    static func writeWorkbook(csv: String, language: String, period: String, to path: String) throws -> Int {
        let rows = CSVText.rows(csv, separator: language == "sv" ? ";" : ",")
        let pipe = try WorkbookPipe(path: path, sheet: (language == "sv" ? "Uppföljning " : "Follow-up ") + period)
        do {
            for (index, row) in rows.enumerated() {
                try pipe.append(
                    row.map { field in index == 0 ? .text(field) : cell(field, decimalComma: language == "sv") })
            }
            try pipe.finish()
        } catch {
            pipe.abandon()
            throw error
        }
        var status = stat()
        return stat(path, &status) == 0 ? Int(status.st_size) : 0
    }

    static func cell(_ field: String, decimalComma: Bool) -> ExportCell {
        if field.isEmpty { return .empty }
        let original = SpreadsheetText.original(field)
        if original != field { return .text(original) }
        // A day (YYYY-MM-DD: the provisional column) is a date in a workbook, as in the trips export.
        let parts = field.split(separator: "-", omittingEmptySubsequences: false)
        if field.count == 10, parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]),
            let day = Int(parts[2]), parts[0].count == 4, (1...12).contains(month), (1...31).contains(day)
        {
            return .day(year: year, month: month, day: day)
        }
        let digits = decimalComma ? String(field.map { $0 == "," ? "." : $0 }) : field
        let plain = digits.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }
        if plain, digits.first != ".", digits.contains(where: { $0.isNumber }), let value = Double(digits),
            value.isFinite
        {
            return .number(value)
        }
        return .text(field)
    }

    /// Writes a file next to its final name and renames it into place, so that a reader never sees half of it.
    static func writeWhole(_ bytes: [UInt8], to path: String) throws {
        let (descriptor, temporary): (Int32, String)
        switch Descriptor.createBeside(path) {
        case .success(let created): (descriptor, temporary) = created
        case .failure(let error): throw CannotWrite(path: path, errno: error.code)
        }
        let code = Descriptor.writeAll(descriptor, bytes)
        guard code == 0 else {
            close(descriptor)
            unlink(temporary)
            throw CannotWrite(path: path, errno: code)
        }
        guard fsync(descriptor) == 0, close(descriptor) == 0 else {
            let code = errno
            unlink(temporary)
            throw CannotWrite(path: path, errno: code)
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw CannotWrite(path: path, errno: code)
        }
    }
}

/// A file goalctl cannot write: exit status 73.
struct CannotWrite: Error {
    var path: String
    var errno: Int32
    /// Why, when it is not the system's error (the workbook helper's own words).
    var reason: String?

    init(path: String, errno: Int32, reason: String? = nil) {
        self.path = path
        self.errno = errno
        self.reason = reason
    }

    var message: String { "cannot write \(path): \(reason ?? String(cString: strerror(errno)))" }
}
