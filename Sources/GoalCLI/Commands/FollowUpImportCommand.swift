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

            A row of the committee "region" (or the organisation's name, Region Värmland) is the region's own \
            value of one of its indicators, never one committee's: writers of every committee record it.

            With --kolada, FILE is an answer of Kolada (RKA), saved as it comes (goald fetches nothing): \
            `{"values": [{"kpi": "N00090", "municipality": "0017", "period": 2024, "values": [{"gender": "T", \
            "value": 6.1, "status": ""}, …]}]}`. Each value goes into the annual period of its year for every \
            indicator whose `kolada` names the KPI: the region's own value of a region indicator, a committee's \
            of its own; T is the total, K women and M men (for an indicator split by gender). A null value is \
            left missing, never recorded as a number: goalctl lists each with Kolada's status. Entries of other \
            municipalities (--municipality chooses one when the file holds several), KPIs no indicator names and \
            years whose plan lacks the indicator are passed over, and said. The report then credits "Källa: \
            Kolada (RKA), CC BY 4.0".

            Examples:
              goalctl followup import hr-2025-helar.csv --dry-run     (check only: what would be recorded)
              goalctl followup import hr-2025-helar.csv
              goalctl followup import ekonomi.xlsx --sheet Utfall
              goalctl --committee RUN followup import egna-indikatorer.csv   (a file without a committee column)
              goalctl followup import --kolada kolada-N00090.json --municipality 0017

            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var group: FollowUpGroup
    var connection: ConnectionOptions { group.goalctl.connection }

    @Argument(
        help: ArgumentHelp(
            "The follow-up file: CSV or an Excel workbook (with --kolada: a saved Kolada answer).",
            valueName: "file"))
    var file: String

    @Flag(help: "FILE is a saved Kolada answer (JSON): values per KPI, municipality and year.")
    var kolada = false

    @Option(
        help: ArgumentHelp(
            "With --kolada: the Kolada id of the region whose values to read (default: the file's one).",
            valueName: "id"))
    var municipality: String?

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
        if kolada, sheet != nil || encoding != nil {
            throw ValidationError(
                "--kolada reads Kolada's JSON (UTF-8): --sheet and --encoding are for a follow-up file.")
        }
        if municipality != nil, !kolada {
            throw ValidationError("--municipality is for a Kolada answer: give --kolada.")
        }
        if let encoding, TextEncoding(name: encoding) == nil {
            throw ValidationError("--encoding: expected utf-8 or windows-1252, found \"\(encoding)\".")
        }
    }

    func run() throws {
        let text = try read()
        let name = file.split(separator: "/").last.map(String.init) ?? file
        let request =
            kolada
            ? ImportMeasurementsRequest(
                kolada: text, municipality: municipality, source: name, dryRun: dryRun ? true : nil)
            : ImportMeasurementsRequest(csv: text, source: name, dryRun: dryRun ? true : nil)
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
                // A Kolada answer's problem names its entry (values[0] is the first), a file's its line.
                let place = answer.kolada == nil ? "\(file):\(problem.line):" : "\(file): values[\(problem.line - 1)]:"
                Output.error(place + (problem.column.map { " \($0):" } ?? "") + " \(problem.message)")
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
        let names = answer.committees.map { $0 == CommitteeIndicatorMessage.regionKey ? "the region" : $0 }
        let committees = names.isEmpty ? "" : " of " + names.joined(separator: ", ")
        let values = "\(answer.recorded) value\(answer.recorded == 1 ? "" : "s")"
        let unchanged = answer.unchanged == 0 ? "" : "; \(answer.unchanged) already as the file has them"
        let said =
            dryRun
            ? "\(file): would record \(values)\(committees)\(unchanged); nothing recorded (dry run)"
            : "\(file): recorded \(values)\(committees)\(unchanged)"
        guard let kolada = answer.kolada else { return said }
        return ([said] + Self.lines(kolada)).joined(separator: "\n")
    }

    /// What a Kolada answer held beside the values recorded: its null values, and what was passed over.
    static func lines(_ kolada: KoladaReadingMessage) -> [String] {
        var lines = ["  Kolada id \(kolada.municipality); \(kolada.credit)"]
        for missing in kolada.missing {
            let who = ["T": "total", "K": "women", "M": "men"][missing.gender] ?? missing.gender
            let status = missing.status.map { " (status \"\($0)\")" } ?? ""
            lines.append("  \(missing.kpi) \(missing.year) \(who): null in Kolada\(status): left missing")
        }
        if !kolada.unmatchedKPIs.isEmpty {
            lines.append(
                "  passed over: KPI \(kolada.unmatchedKPIs.joined(separator: ", ")), which no indicator names "
                    + "(kolada in the model)")
        }
        if kolada.outsidePlans > 0 {
            lines.append(
                "  passed over: \(kolada.outsidePlans) value\(kolada.outsidePlans == 1 ? "" : "s") of years whose "
                    + "plan lacks the indicator")
        }
        if kolada.otherMunicipalities > 0 {
            lines.append(
                "  passed over: \(kolada.otherMunicipalities) entr\(kolada.otherMunicipalities == 1 ? "y" : "ies") "
                    + "of other municipalities")
        }
        return lines
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
        if TravelFiles.isZip(path: file), !kolada {
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
        if kolada {
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw connection.failure(
                    .invalidArgument, "\(file) is not UTF-8 text: a Kolada answer is JSON, saved as it comes",
                    field: "file", exit: 65)
            }
            return text
        }
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
