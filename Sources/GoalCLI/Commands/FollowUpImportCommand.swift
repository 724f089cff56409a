import ArgumentParser
import FoundationEssentials
import Glibc
import GoalClient
import GoalProtocol

struct FollowUpImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Record a follow-up file's values for every committee it names, all or nothing.",
        discussion: """
            How HR and economy deliver the indicators every committee shares, and how a committee fills its own \
            in bulk. One row per value: the period, the committee (its abbreviation, such as RUN, or its name), \
            the indicator (its number in the plan in force for the period, such as 5.6.3.1, or its stable id), \
            the total, and for an indicator split by gender women's and men's values beside it; a source and a \
            comment may follow. The columns under Swedish or English headings, in any order:

              period;nämnd;indikator;totalt;kvinnor;män;källa;kommentar
              2025-annual;RUN;5.6.3.1;6,41;7,06;4,9;Heroma;
              2025-annual;HSN;sjukfranvarokvot;7,2;8,1;4,4;Heroma;

            CSV with ; or , (the header decides), a decimal comma or point, UTF-8 or Windows-1252 (Excel's plain \
            CSV on a Swedish Windows), or an Excel workbook (.xlsx: its first sheet, or --sheet). A title or notes \
            above the header are passed over. Without a committee column every row is --committee's (else the \
            default committee's).

            Every row is checked before anything is recorded: a bad row is named with its line and column, and \
            then nothing is recorded (exit status 65). A row whose value is already the one in force is left as \
            it is, so importing the same file again changes nothing. Each value is recorded with the file's name \
            as its source (after the row's own källa), durable before goalctl says so; `goalctl history KEY` \
            shows it, and a value recorded by mistake is withdrawn with `goalctl retract`.

            Examples:
              goalctl followup import hr-2025-helar.csv --dry-run     (check only: what would be recorded)
              goalctl followup import hr-2025-helar.csv
              goalctl followup import ekonomi.xlsx --sheet Utfall
              goalctl --committee RUN followup import egna-indikatorer.csv   (a file without a committee column)

            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var group: FollowUpGroup
    var connection: ConnectionOptions { group.goalctl.connection }

    @Argument(help: ArgumentHelp("The follow-up file: CSV or an Excel workbook.", valueName: "file"))
    var file: String

    @Flag(help: "Check the file and say what would be recorded; record nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("The sheet of a workbook to read (default: its first).", valueName: "name"))
    var sheet: String?

    @Option(
        help: ArgumentHelp(
            "The text's encoding: utf-8 or windows-1252 (default: UTF-8 when the file is valid UTF-8, else "
                + "Windows-1252).", valueName: "encoding"))
    var encoding: String?

    /// A follow-up file is small (a few thousand rows); a larger one is a mistake.
    static let maxBytes = 64 << 20

    func validate() throws {
        if let encoding, TextEncoding(name: encoding) == nil {
            throw ValidationError("--encoding: expected utf-8 or windows-1252, found \"\(encoding)\".")
        }
    }

    func run() throws {
        let text = try read()
        let name = file.split(separator: "/").last.map(String.init) ?? file
        let request = ImportMeasurementsRequest(csv: text, source: name, dryRun: dryRun ? true : nil)
        try connection.perform(
            GoalRPC.importMeasurements, request,
            check: { answer in
                if !answer.rejected.isEmpty { throw badRows(answer) }
            },
            render: render)
    }

    /// What goalctl says of an import; bad rows go to standard error, a line each.
    private func render(_ answer: ImportMeasurementsResponse) -> String {
        if !answer.rejected.isEmpty {
            for problem in answer.rejected {
                Output.error(
                    "\(file):\(problem.line):" + (problem.column.map { " \($0):" } ?? "") + " \(problem.message)")
            }
            if let more = answer.rejectedNotListed, more > 0 {
                Output.error("\(file): \(more) more bad row\(more == 1 ? "" : "s"), not listed")
            }
            let count = answer.rejected.count + (answer.rejectedNotListed ?? 0)
            return "\(file): \(count) bad row\(count == 1 ? "" : "s"), nothing recorded"
        }
        if !answer.ignoredColumns.isEmpty {
            Output.error("note: columns not used: \(answer.ignoredColumns.joined(separator: ", "))")
        }
        let committees = answer.committees.isEmpty ? "" : " of " + answer.committees.joined(separator: ", ")
        let values = "\(answer.recorded) value\(answer.recorded == 1 ? "" : "s")"
        let unchanged = answer.unchanged == 0 ? "" : "; \(answer.unchanged) already as the file has them"
        if dryRun { return "\(file): would record \(values)\(committees)\(unchanged); nothing recorded (dry run)" }
        return "\(file): recorded \(values)\(committees)\(unchanged)"
    }

    /// Exit status 65 for a file with bad rows; with --json the error is one JSON object on standard error (the
    /// rows are in the result's `rejected`).
    private func badRows(_ answer: ImportMeasurementsResponse) -> ExitCode {
        guard connection.json else { return ExitCode(65) }
        let count = answer.rejected.count + (answer.rejectedNotListed ?? 0)
        return connection.failure(
            .invalidArgument,
            "\(file): \(count) bad row\(count == 1 ? "" : "s"), nothing recorded (the result's rejected lists "
                + "\(count == 1 ? "it" : "them"))", field: "file", exit: 65)
    }

    /// The file as text: a workbook's sheet as CSV, or the text decoded.
    private func read() throws -> String {
        guard FileManager.default.isReadableFile(atPath: file) else {
            let reason = FileManager.default.fileExists(atPath: file) ? "it cannot be read" : "no such file"
            throw connection.failure(.notFound, "cannot read \(file): \(reason)", field: "file", exit: 66)
        }
        if TravelFiles.isZip(path: file) {
            if encoding != nil {
                throw connection.failure(
                    .invalidArgument, "\(file) is an Excel workbook: --encoding is for text files",
                    field: "encoding", exit: 64)
            }
            let spool = try connection.workbookSheet(file, named: file, sheet: sheet)
            defer { close(spool.descriptor) }
            _ = lseek(spool.descriptor, 0, SEEK_SET)
            return String(decoding: Descriptor.readAll(spool.descriptor), as: UTF8.self)
        }
        if sheet != nil {
            throw connection.failure(
                .invalidArgument, "--sheet is for an Excel workbook (.xlsx); \(file) is a text file",
                field: "sheet", exit: 64)
        }
        if [".xlsx", ".xlsm"].contains(where: { file.lowercased().hasSuffix($0) }) {
            throw connection.failure(
                .invalidArgument,
                "\(file) is named as an Excel workbook but is not one (not a zip archive): save it again from the "
                    + "spreadsheet program, or as CSV", field: "file", exit: 65)
        }
        let descriptor = open(file, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw connection.failure(.notFound, "cannot read \(file)", field: "file", exit: 66)
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw connection.failure(.invalidArgument, "\(file) is not a file", field: "file", exit: 66)
        }
        guard info.st_size <= Self.maxBytes else {
            throw connection.failure(
                .invalidArgument,
                "\(file) is larger than \(Self.maxBytes >> 20) MiB: a follow-up file is a few "
                    + "thousand rows; give it in parts", field: "file", exit: 65)
        }
        let data = Descriptor.readAll(descriptor)
        let bytes = data
        let asked = encoding.flatMap(TextEncoding.init(name:))
        let valid = String(validating: bytes, as: UTF8.self) != nil
        switch asked ?? (valid ? .utf8 : .windows1252) {
        case .utf8:
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw connection.failure(
                    .invalidArgument,
                    "\(file) is not UTF-8 text; give --encoding windows-1252 for a plain Excel CSV",
                    field: "encoding", exit: 65)
            }
            return text
        case .windows1252:
            if !connection.json, asked == nil {
                Output.error("note: \(file) is not UTF-8: read as Windows-1252 (--encoding to choose)")
            }
            return TextEncoding.windows1252(bytes)
        }
    }
}
