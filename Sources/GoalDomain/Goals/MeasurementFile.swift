import Foundation

/// The columns of a follow-up file: one value of one indicator for one committee and period per row, as HR and
/// economy deliver them for every committee (`goalctl followup import`). A heading is matched folded (lower case,
/// `_` and runs of white space as one space), under its Swedish or English name.
package enum MeasurementColumn: String, Sendable, Hashable, CaseIterable {
    case period
    case committee
    case indicator
    case total
    case women
    case men
    case source
    case note

    /// The names recognised for the column, folded.
    package var names: [String] {
        switch self {
        case .period: ["period", "period (år)", "mätperiod"]
        case .committee: ["nämnd", "committee", "nämnd (förkortning)"]
        case .indicator: ["indikator", "indicator", "indikator-id", "indicator id", "nyckeltal", "kpi"]
        case .total: ["totalt", "total", "utfall", "värde", "value"]
        case .women: ["kvinnor", "women", "female"]
        case .men: ["män", "men", "male"]
        case .source: ["källa", "source"]
        case .note: ["kommentar", "anteckning", "note", "comment"]
        }
    }

    /// The column's Swedish heading, as goald writes a template and names a column the file lacks.
    package var heading: String {
        switch self {
        case .period: "period"
        case .committee: "nämnd"
        case .indicator: "indikator"
        case .total: "totalt"
        case .women: "kvinnor"
        case .men: "män"
        case .source: "källa"
        case .note: "kommentar"
        }
    }

    /// The columns a file must have: without a committee column every row is the call's committee's.
    package static let required: [MeasurementColumn] = [.period, .indicator, .total]

    package static func recognise(_ folded: String) -> MeasurementColumn? { lookup[folded] }

    private static let lookup: [String: MeasurementColumn] = {
        var table: [String: MeasurementColumn] = [:]
        for column in allCases {
            for name in column.names { table[TravelColumn.fold(name)] = column }
        }
        return table
    }()
}

/// One row of a follow-up file, its cells as written (trimmed; nil when empty).
package struct MeasurementFileRow: Sendable, Hashable {
    /// The file line the row starts on.
    package var line: Int
    package var cells: [MeasurementColumn: String]

    package init(line: Int, cells: [MeasurementColumn: String]) {
        self.line = line
        self.cells = cells
    }

    package subscript(_ column: MeasurementColumn) -> String? { cells[column] }
}

/// Reads a follow-up file: `;`, `,` or tab between fields (chosen from the header line), a title or notes above the
/// header passed over as the travel import does, quotes as CSV has them. Pure: the text comes decoded (goalctl reads
/// UTF-8, Windows-1252 or a workbook's sheet).
package enum MeasurementFile {
    /// What a file holds: its rows, where its header is, what each column is headed, and every problem of its shape.
    package struct Parsed: Sendable {
        package var rows: [MeasurementFileRow] = []
        /// The file line of the header; nil when none was found.
        package var headerLine: Int?
        /// Each column's heading as the file writes it.
        package var headings: [MeasurementColumn: String] = [:]
        /// Headings goald does not read.
        package var ignored: [String] = []
        package var problems: [TravelCSV.RowProblem] = []
    }

    /// The most rows a follow-up file may have: eight committees × thirty indicators × two periods is 480, a
    /// history of many years a few thousand.
    package static let maxRows = 100_000

    /// - Parameter firstLine: the file line `text` starts on.
    package static func parse(_ text: String, firstLine: Int = 1) -> Parsed {
        var parsed = Parsed()
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { all in
            // Each of the first lines in turn as the header: the first that names the required columns is.
            var start = 0
            if all.count >= 3, all[0] == 0xEF, all[1] == 0xBB, all[2] == 0xBF { start = 3 }
            var line = firstLine
            var firstProblem: TravelCSV.RowProblem?
            for _ in 0..<TravelCSV.headerSearchRows {
                guard start < all.count else { break }
                let rest = UnsafeBufferPointer(rebasing: all[start...])
                var records = Records(bytes: rest, firstLine: line)
                guard records.next() else { break }
                let cells = (0..<records.fieldCount).map { records.string($0) }
                if !cells.allSatisfy({ $0.trimmingSpaces().isEmpty }) {
                    let (headings, ignored, problems) = header(cells, line: line)
                    if problems.isEmpty {
                        parsed.headerLine = line
                        parsed.headings = headings.mapValues { cells[$0].trimmingSpaces() }
                        parsed.ignored = ignored
                        readRows(&records, columns: headings, into: &parsed)
                        return
                    }
                    if firstProblem == nil { firstProblem = problems.first }
                }
                // On to the next line: past this record's end.
                start += records.consumed
                line = records.nextLine
            }
            let message =
                firstProblem.map {
                    $0.message + " (no row among the first \(TravelCSV.headerSearchRows) named the columns "
                        + "period, indikator and totalt)"
                }
                ?? "the file is empty: a header line is required "
                + "(period;nämnd;indikator;totalt;kvinnor;män;källa;kommentar)"
            parsed.problems.append(
                TravelCSV.RowProblem(line: firstProblem?.line ?? firstLine, column: nil, message: message))
        }
        return parsed
    }

    /// What a header row says: the position of each column, the headings ignored, and its problems (a required
    /// column missing, a column twice).
    static func header(
        _ cells: [String], line: Int
    ) -> (columns: [MeasurementColumn: Int], ignored: [String], problems: [TravelCSV.RowProblem]) {
        var columns: [MeasurementColumn: Int] = [:]
        var ignored: [String] = []
        var problems: [TravelCSV.RowProblem] = []
        for (position, cell) in cells.enumerated() {
            let heading = cell.trimmingSpaces()
            let folded = TravelColumn.fold(heading)
            if folded.isEmpty { continue }
            guard let column = MeasurementColumn.recognise(folded) else {
                ignored.append(heading)
                continue
            }
            if columns[column] != nil {
                problems.append(.init(line: line, column: heading, message: "the column appears twice"))
                continue
            }
            columns[column] = position
        }
        let missing = MeasurementColumn.required.filter { columns[$0] == nil }
        if !missing.isEmpty {
            problems.append(
                .init(
                    line: line, column: nil,
                    message: "the header lacks the column\(missing.count == 1 ? "" : "s") "
                        + missing.map(\.heading).joined(separator: ", ")))
        }
        return (columns, ignored, problems)
    }

    private static func readRows(
        _ records: inout Records, columns: [MeasurementColumn: Int], into parsed: inout Parsed
    ) {
        while records.next() {
            if let problem = records.problem {
                parsed.problems.append(.init(line: records.recordLine, column: nil, message: problem))
                continue
            }
            if (0..<records.fieldCount).allSatisfy({ records.isBlank($0) }) { continue }
            guard parsed.rows.count < maxRows else {
                parsed.problems.append(
                    .init(
                        line: records.recordLine, column: nil,
                        message: "more than \(maxRows) rows: give the file in parts"))
                return
            }
            // A short row's missing cells are empty: a spreadsheet leaves trailing empty cells out.
            var cells: [MeasurementColumn: String] = [:]
            for (column, position) in columns {
                if let text = records.trimmedString(position) { cells[column] = text }
            }
            parsed.rows.append(MeasurementFileRow(line: records.recordLine, cells: cells))
        }
    }
}

extension MeasurementValue {
    /// A cell of a follow-up file as a value of an indicator of `kind`: a number with a decimal comma or point (a
    /// trailing `%` or unit is read past), ja/nej for a yes/no question, the text itself for a qualitative one.
    package init?(cell text: String, kind: TargetKind, unit: String? = nil) {
        let trimmed = text.trimmingSpaces()
        switch kind {
        case .qualitative:
            guard !trimmed.isEmpty else { return nil }
            self = .text(trimmed)
        case .yesNo:
            switch trimmed.lowercased() {
            case "ja", "j", "yes", "y", "true", "sant", "1": self = .yesNo(true)
            case "nej", "n", "no", "false", "falskt", "0": self = .yesNo(false)
            default: return nil
            }
        case .percentage, .index, .amount:
            guard let number = MeasurementValue.number(trimmed, unit: unit) else { return nil }
            self = .number(number)
        }
    }

    /// A number as a follow-up file writes it: `6,41`, `6.41`, `6,41 %`, `−250 000`, `820 000 kr`.
    package static func number(_ text: String, unit: String? = nil) -> Double? {
        var cleaned = text.trimmingSpaces()
        for suffix in ["%", "kr", "sek"] + (unit.map { [$0.lowercased()] } ?? [])
        where cleaned.lowercased().hasSuffix(suffix) {
            cleaned = String(cleaned.dropLast(suffix.count)).trimmingSpaces()
            break
        }
        return TravelCSV.number(cleaned)
    }
}
