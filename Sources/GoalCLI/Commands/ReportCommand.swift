import ArgumentParser
import FoundationEssentials
import Glibc
import GoalClient
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

            --format csv writes every indicator of every period up to the one asked for (period, indicator, \
            value, target in force, status, recorded by, recorded at, source, note) for Excel; --format md a \
            Markdown version for pasting into the report document.

            Without --output the document goes to standard output. The file is written whole or not at all (an \
            existing file is replaced only once the new one is complete).

            Examples:
              goalctl report --period 2024-annual --output uppfoljning-2024.html
              goalctl report --period 2025-interim --lang en --output interim-2025.html
              goalctl report --period 2024-annual --format csv --output indikatorer-2024.csv

            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var goalctl: GoalCtl
    var connection: ConnectionOptions { goalctl.connection }

    @Option(help: ArgumentHelp("The period: YEAR-interim or YEAR-annual; default: the latest period with data.",
                               valueName: "period"), completion: Completions.periods)
    var period: String?

    @Option(help: ArgumentHelp("The file to write; default: standard output.", valueName: "file"), completion: .file())
    var output: String?

    @Option(help: ArgumentHelp("html, csv or md.", valueName: "format"), completion: Completions.formats)
    var format: String = "html"

    @Option(help: ArgumentHelp("sv (Swedish) or en (English).", valueName: "language"), completion: Completions.languages)
    var lang: String = "sv"

    func validate() throws {
        guard ["html", "csv", "md"].contains(format.lowercased()) else {
            throw ValidationError("--format must be html, csv or md, not \"\(format)\".")
        }
        guard ["sv", "en"].contains(lang.lowercased()) else {
            throw ValidationError("--lang must be sv or en, not \"\(lang)\".")
        }
        if let output, output.isEmpty { throw ValidationError("--output must name a file.") }
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
        let request = RenderReportRequest(period: period, language: lang.lowercased(), format: format.lowercased())
        try connection.withConnection { client in
            let report = try client.call(GoalRPC.renderReport, request, timeout: connection.timeoutDuration)
            guard let output else {
                if connection.json {
                    Output.write(try Output.json(report))
                } else {
                    Output.write(report.content)
                }
                return
            }
            let bytes = Array(report.content.utf8)
            try Self.writeWhole(bytes, to: output)
            if connection.json {
                Output.write(try Output.json(Written(path: output, bytes: bytes.count, period: report.period,
                                                     periodChosen: report.periodChosen, language: report.language,
                                                     format: report.format, mediaType: report.mediaType)))
            } else {
                let why = report.periodChosen == "latestWithData" ? " (the latest period with data)" : ""
                Output.write("wrote \(output): the \(report.format) report of \(report.period)\(why), \(bytes.count) bytes")
            }
        }
    }

    /// Writes a file next to its final name and renames it into place, so that a reader never sees half of it.
    static func writeWhole(_ bytes: [UInt8], to path: String) throws {
        let temporary = path + ".part-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CannotWrite(path: path, errno: errno) }
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

    var message: String { "cannot write \(path): \(String(cString: strerror(errno)))" }
}
