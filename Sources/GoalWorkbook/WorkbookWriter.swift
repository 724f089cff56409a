import Foundation
import ZIPFoundation

/// Writes a one-sheet Office Open XML workbook (.xlsx) that Excel and LibreOffice open: rows of text, numbers and
/// days, the first row bold as a header, frozen above the rows and carrying a filter, each column as wide as its
/// widest cell among the first rows (a date never shows as `#####`). The sheet's XML is written row by row to a
/// temporary file and deflated into the archive by ZIPFoundation, so a long export is never held in memory (the
/// first `measuredRows` rows wait for the widths).
public final class WorkbookWriter {
    /// One cell's value.
    public enum Cell: Sendable, Equatable {
        case text(String)
        case number(Double)
        /// A day, stored as Excel's serial day with a `yyyy-mm-dd` format.
        case day(year: Int, month: Int, day: Int)
        case empty
    }

    private let sheetName: String
    /// The sheet's XML so far, in a temporary file unlinked at once (nothing is left behind however the program
    /// ends).
    private let sheet: FileHandle
    private let descriptor: Int32
    private var rows = 0
    private var buffer = ""
    /// Rows held until the columns' widths are known.
    private var waiting: [[Cell]] = []
    private var widthsWritten = false
    /// The header's width in columns: the filter's span.
    private var headerColumns = 0
    /// Rows measured for the columns' widths before the sheet's head is written.
    public static let measuredRows = 200

    /// Starts a workbook whose one sheet is called `sheetName` (at most 31 characters, as Excel allows).
    public init(sheetName: String) throws {
        self.sheetName = String(sheetName.filter { !"[]:*?/\\".contains($0) }.prefix(31))
        var template = Array((NSTemporaryDirectory() + "/goalctl-sheet-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw WorkbookError.cannotWrite("no temporary file: \(String(cString: strerror(errno)))")
        }
        unlink(template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
        self.descriptor = descriptor
        sheet = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    /// Adds a row; the first row added is the header.
    public func append(_ cells: [Cell]) throws {
        guard widthsWritten else {
            waiting.append(cells)
            if waiting.count >= Self.measuredRows { try writeHead() }
            return
        }
        try write(cells)
    }

    /// The sheet's head, once the first rows are known: the frozen header row and the columns' widths; then the
    /// rows held for it.
    private func writeHead() throws {
        widthsWritten = true
        headerColumns = waiting.first?.count ?? 0
        buffer =
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            + #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
            + #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" "#
            + #"state="frozen"/></sheetView></sheetViews>"#
        let widths = Self.widths(waiting)
        if !widths.isEmpty {
            buffer +=
                "<cols>"
                + widths.enumerated().map { index, width in
                    "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(width)\" customWidth=\"1\"/>"
                }.joined() + "</cols>"
        }
        buffer += "<sheetData>"
        let held = waiting
        waiting = []
        for cells in held { try write(cells) }
    }

    /// Each column's width in characters: its widest cell among `rows` (a day is 10, a number its digits), bold
    /// header text a little wider, at least 8 and at most 60.
    static func widths(_ rows: [[Cell]]) -> [Int] {
        var widths: [Int] = []
        for (rowIndex, cells) in rows.enumerated() {
            for (index, cell) in cells.enumerated() {
                let characters =
                    switch cell {
                    case .text(let text): text.split(separator: "\n").map(\.count).max() ?? 0
                    case .number(let value): Self.number(value).count
                    case .day: 10
                    case .empty: 0
                    }
                let width = characters + (rowIndex == 0 ? 3 : 2)
                if index >= widths.count { widths.append(0) }
                widths[index] = max(widths[index], min(60, max(8, width)))
            }
        }
        return widths
    }

    private func write(_ cells: [Cell]) throws {
        rows += 1
        buffer += "<row r=\"\(rows)\">"
        for (index, cell) in cells.enumerated() {
            let reference = Self.columnName(index + 1) + String(rows)
            let header = rows == 1 ? " s=\"2\"" : ""
            switch cell {
            case .text(let text):
                buffer +=
                    "<c r=\"\(reference)\" t=\"inlineStr\"\(header)><is><t xml:space=\"preserve\">"
                    + Self.escape(text) + "</t></is></c>"
            case .number(let value) where value.isFinite:
                buffer += "<c r=\"\(reference)\"\(header)><v>\(Self.number(value))</v></c>"
            case .day(let year, let month, let day):
                buffer += "<c r=\"\(reference)\" s=\"1\"><v>\(Self.serial(year: year, month: month, day: day))</v></c>"
            case .number, .empty:
                continue
            }
        }
        buffer += "</row>"
        if buffer.utf8.count > 1 << 16 { try flush() }
    }

    /// Writes the workbook to `path` (replacing a file there).
    public func finish(to path: String) throws {
        if !widthsWritten { try writeHead() }
        buffer += "</sheetData>"
        if headerColumns > 0 { buffer += "<autoFilter ref=\"\(filterRange)\"/>" }
        buffer += "</worksheet>"
        try flush()
        try sheet.synchronize()
        let url = URL(fileURLWithPath: path)
        try? FileManager.default.removeItem(at: url)
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .create)
        } catch {
            throw WorkbookError.cannotWrite("\(path) cannot be created (\(error))")
        }
        for (part, text) in Self.fixedParts(sheetName: sheetName, filter: headerColumns > 0 ? filterRange : nil) {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: part, type: .file, uncompressedSize: Int64(data.count),
                compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        // The sheet from its unlinked file, read back in chunks as ZIPFoundation deflates it.
        let size = lseek(descriptor, 0, SEEK_END)
        guard size >= 0 else { throw WorkbookError.cannotWrite("the sheet cannot be read back") }
        let descriptor = self.descriptor
        try archive.addEntry(
            with: "xl/worksheets/sheet1.xml", type: .file, uncompressedSize: Int64(size),
            compressionMethod: .deflate
        ) { position, count in
            var chunk = Data(count: count)
            let read = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, count, off_t(position)) }
            guard read == count else { throw WorkbookError.cannotWrite("the sheet cannot be read back") }
            return chunk
        }
    }

    /// The header and every row: what the filter covers.
    private var filterRange: String { "A1:\(Self.columnName(max(1, headerColumns)))\(max(1, rows))" }

    private func flush() throws {
        try sheet.write(contentsOf: Data(buffer.utf8))
        buffer = ""
    }

    // MARK: - Pieces

    /// The parts every workbook has besides its sheet: content types, relationships, the workbook, the styles
    /// (0: general, 1: a day as yyyy-mm-dd, 2: bold, for the header).
    static func fixedParts(sheetName: String, filter: String? = nil) -> [(String, String)] {
        // Excel keeps a filter's range as the sheet's hidden name _FilterDatabase.
        let definedNames =
            filter.map { range in
                let absolute = range.split(separator: ":").map { reference in
                    let letters = reference.prefix { $0.isLetter }
                    return "$\(letters)$\(reference.dropFirst(letters.count))"
                }.joined(separator: ":")
                return "<definedNames><definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"0\" hidden=\"1\">"
                    + escape("'\(sheetName.replacingOccurrences(of: "'", with: "''"))'!\(absolute)")
                    + "</definedName></definedNames>"
            } ?? ""
        let head = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        return [
            (
                "[Content_Types].xml",
                head + """
                    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                    <Default Extension="xml" ContentType="application/xml"/>\
                    <Override PartName="/xl/workbook.xml" \
                    ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
                    <Override PartName="/xl/worksheets/sheet1.xml" \
                    ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
                    <Override PartName="/xl/styles.xml" \
                    ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
                    </Types>
                    """
            ),
            (
                "_rels/.rels",
                head + """
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                    <Relationship Id="rId1" Type="\(relationships)/officeDocument" Target="xl/workbook.xml"/>\
                    </Relationships>
                    """
            ),
            (
                "xl/workbook.xml",
                head + """
                    <workbook xmlns="\(main)" xmlns:r="\(relationships)">\
                    <sheets><sheet name="\(escape(sheetName))" sheetId="1" r:id="rId1"/></sheets>\
                    \(definedNames)</workbook>
                    """
            ),
            (
                "xl/_rels/workbook.xml.rels",
                head + """
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                    <Relationship Id="rId1" Type="\(relationships)/worksheet" Target="worksheets/sheet1.xml"/>\
                    <Relationship Id="rId2" Type="\(relationships)/styles" Target="styles.xml"/>\
                    </Relationships>
                    """
            ),
            (
                "xl/styles.xml",
                head + """
                    <styleSheet xmlns="\(main)">\
                    <numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>\
                    <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>\
                    <font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
                    <fills count="2"><fill><patternFill patternType="none"/></fill>\
                    <fill><patternFill patternType="gray125"/></fill></fills>\
                    <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
                    <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
                    <cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
                    <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
                    <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>\
                    <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
                    </styleSheet>
                    """
            ),
        ]
    }

    /// Text for XML character data and attributes; characters XML 1.0 cannot carry are left out.
    package static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A number as the shortest text that reads back to it (Swift's description), integers without ".0".
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// Excel's serial day (1900 date system) of a day from 1 March 1900 on.
    package static func serial(year: Int, month: Int, day: Int) -> Int {
        // Days from 1970-01-01 (Howard Hinnant's algorithm), then Excel's offset.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468 + 25_569
    }

    /// A column's letters, 1 = A, 27 = AA.
    package static func columnName(_ number: Int) -> String {
        var number = number
        var letters: [Character] = []
        while number > 0 {
            let rest = (number - 1) % 26
            letters.insert(Character(UnicodeScalar(UInt8(65 + rest))), at: 0)
            number = (number - 1) / 26
        }
        return String(letters)
    }
}
