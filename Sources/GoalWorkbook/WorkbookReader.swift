import Foundation
import FoundationXML
import ZIPFoundation

/// Why a workbook cannot be read.
public enum WorkbookError: Error, Equatable, CustomStringConvertible {
    /// Not a zip archive, or an archive without a workbook in it.
    case notAWorkbook(String)
    /// `--sheet` names no sheet of the workbook.
    case noSuchSheet(String, available: [String])
    /// A part of the workbook is missing or is not the XML it should be.
    case malformed(part: String, String)
    /// A workbook cannot be written (no temporary file, a full disk).
    case cannotWrite(String)
    /// A part of the workbook is past one of `WorkbookLimits` (a zip bomb, a cell no spreadsheet writes).
    case tooLarge(part: String, String)

    public var description: String {
        switch self {
        case .notAWorkbook(let why): "not an Excel workbook (.xlsx): \(why)"
        case .noSuchSheet(let name, let available):
            "the workbook has no sheet \"\(name)\"; its sheets: "
                + available.map { "\"\($0)\"" }.joined(separator: ", ")
        case .malformed(let part, let why): "the workbook's \(part) cannot be read: \(why)"
        case .cannotWrite(let why): "the workbook cannot be written: \(why)"
        case .tooLarge(let part, let why): "the workbook's \(part) is too large to read: \(why)"
        }
    }
}

/// What goal-xlsx reads of a workbook at most, so that no file can make it write or hold without bound: a zip
/// bomb, a cell of a gigabyte, a million shared strings, values in Excel's last column.
public enum WorkbookLimits {
    /// A sheet's XML, inflated (a million rows of a dozen cells take about 300 MB).
    public static let maxSheetBytes: Int64 = 1 << 30
    /// Any other part's XML, inflated (the shared strings, the styles, the workbook and its relationships).
    public static let maxPartBytes: Int64 = 256 << 20
    /// A cell's text: Excel's own limit, in characters.
    public static let maxCellCharacters = 32_767
    /// The shared strings, in number.
    public static let maxSharedStrings = 2_000_000
    /// The columns read: a value past this one is refused (a travel file has a dozen).
    public static let maxColumns = 1_024
}

/// An Office Open XML workbook (.xlsx), read with ZIPFoundation (the archive) and Foundation's XMLParser
/// (libxml2's SAX parser): the sheets' names, and one sheet's rows as text, cell by cell.
///
/// A cell becomes text as Excel stores it: a number as its stored digits (a full stop before decimals), a cell
/// formatted as a date as its day, `YYYY-MM-DD` (serial days, 1900 or 1904 date system), a string as written
/// (shared or inline), a boolean as TRUE or FALSE, a formula as its last computed value.
public struct WorkbookReader {
    /// The sheets, in the workbook's order.
    public let sheetNames: [String]
    private let archive: Archive
    private let sheetParts: [String]
    private let workbookDirectory: String
    private let uses1904: Bool

    /// Opens a workbook; throws `WorkbookError` when the file is not one.
    public init(path: String) throws {
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw WorkbookError.notAWorkbook("it is not a zip archive")
        }
        self.archive = archive
        // The package's relationships name the workbook part (xl/workbook.xml as Excel writes it).
        var workbookPart = "xl/workbook.xml"
        if let rels = try? Self.parse(archive, part: "_rels/.rels", RelationshipsParser()) {
            if let target = rels.targets.first(where: { $0.type.hasSuffix("/officeDocument") })?.target {
                workbookPart = Self.resolve(target, from: "")
            }
        }
        guard archive[workbookPart] != nil else {
            throw WorkbookError.notAWorkbook("it holds no \(workbookPart)")
        }
        let directory = workbookPart.split(separator: "/").dropLast().joined(separator: "/")
        workbookDirectory = directory
        let workbook = try Self.parse(archive, part: workbookPart, WorkbookParser())
        let relsPart =
            (directory.isEmpty ? "" : directory + "/") + "_rels/"
            + (workbookPart.split(separator: "/").last.map(String.init) ?? "workbook.xml") + ".rels"
        let rels = try Self.parse(archive, part: relsPart, RelationshipsParser())
        var names: [String] = []
        var parts: [String] = []
        for sheet in workbook.sheets {
            guard let target = rels.targets.first(where: { $0.id == sheet.relationship })?.target else { continue }
            names.append(sheet.name)
            parts.append(Self.resolve(target, from: directory))
        }
        guard !names.isEmpty else { throw WorkbookError.notAWorkbook("it has no worksheet") }
        sheetNames = names
        sheetParts = parts
        uses1904 = workbook.uses1904
    }

    /// Calls `body` with each row of a sheet (the first when `sheet` is nil), from row 1: an empty row for a row
    /// the sheet leaves out, so that a row's number is its line. A name matches exactly, else ignoring case.
    public func forEachRow(sheet: String? = nil, _ body: ([String]) throws -> Void) throws {
        let index: Int
        if let sheet {
            guard
                let found = sheetNames.firstIndex(of: sheet)
                    ?? sheetNames.firstIndex(where: { $0.lowercased() == sheet.lowercased() })
            else {
                throw WorkbookError.noSuchSheet(sheet, available: sheetNames)
            }
            index = found
        } else {
            index = 0
        }
        let prefix = workbookDirectory.isEmpty ? "" : workbookDirectory + "/"
        let strings =
            archive[prefix + "sharedStrings.xml"] == nil
            ? [] : try Self.parse(archive, part: prefix + "sharedStrings.xml", SharedStringsParser()).strings
        let dateStyles =
            archive[prefix + "styles.xml"] == nil
            ? [] : try Self.parse(archive, part: prefix + "styles.xml", StylesParser()).dateStyles
        try withoutActuallyEscaping(body) { body in
            let sheetParser = SheetParser(strings: strings, dateStyles: dateStyles, uses1904: uses1904, body: body)
            _ = try Self.parse(archive, part: sheetParts[index], sheetParser, limit: WorkbookLimits.maxSheetBytes)
        }
    }

    // MARK: - Parts

    /// A part's text, parsed as it is inflated: the part goes through a temporary file (unlinked at once), so a
    /// large sheet is never held in memory.
    private static func parse<P: PartParser>(
        _ archive: Archive, part: String, _ parser: P, limit: Int64 = WorkbookLimits.maxPartBytes
    ) throws -> P {
        guard let entry = archive[part] else { throw WorkbookError.malformed(part: part, "it is missing") }
        let tooLarge = WorkbookError.tooLarge(
            part: part, "it inflates to more than \(limit >> 20) MiB (goal-xlsx reads at most that)")
        // The size the archive declares, then the bytes as they come: a header may lie.
        guard Int64(clamping: entry.uncompressedSize) <= limit else { throw tooLarge }
        var template = Array((NSTemporaryDirectory() + "/goalctl-part-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw WorkbookError.malformed(part: part, "no temporary file: \(String(cString: strerror(errno)))")
        }
        unlink(template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
        let file = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            var inflated: Int64 = 0
            _ = try archive.extract(
                entry,
                consumer: { chunk in
                    inflated += Int64(chunk.count)
                    guard inflated <= limit else { throw tooLarge }
                    try file.write(contentsOf: chunk)
                })
        } catch let error as WorkbookError {
            throw error
        } catch {
            throw WorkbookError.malformed(part: part, "it cannot be inflated (\(error))")
        }
        guard let stream = InputStream(fileAtPath: "/proc/self/fd/\(descriptor)") else {
            throw WorkbookError.malformed(part: part, "it cannot be read back")
        }
        let xml = XMLParser(stream: stream)
        let delegate = ParserDelegate(parser)
        xml.delegate = delegate
        // The unlinked file lives as long as its handle: kept open until the parser has read it.
        let parsed = withExtendedLifetime(file) { xml.parse() }
        if let failure = delegate.failure { throw failure }
        guard parsed else {
            throw WorkbookError.malformed(
                part: part,
                "not well-formed XML at line \(xml.lineNumber)"
                    + (xml.parserError.map { " (\($0.localizedDescription))" } ?? ""))
        }
        return delegate.parser
    }

    /// A relationship's target as a path inside the archive.
    private static func resolve(_ target: String, from directory: String) -> String {
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        var parts = directory.split(separator: "/").map(String.init)
        for piece in target.split(separator: "/") {
            if piece == ".." { _ = parts.popLast() } else if piece != "." { parts.append(String(piece)) }
        }
        return parts.joined(separator: "/")
    }
}

// MARK: - SAX parsers, one per part

/// What a part's parser is told: elements by their local name (a prefix such as `x:` dropped).
protocol PartParser {
    mutating func start(_ name: Substring, attributes: [String: String]) throws
    mutating func end(_ name: Substring) throws
    mutating func text(_ text: String)
}

/// Adapts XMLParser's delegate calls to a `PartParser`; keeps the first error a parser throws.
private final class ParserDelegate<P: PartParser>: NSObject, XMLParserDelegate {
    var parser: P
    var failure: (any Error)?

    init(_ parser: P) { self.parser = parser }

    private static func local(_ name: String) -> Substring {
        guard let colon = name.lastIndex(of: ":") else { return name[...] }
        return name[name.index(after: colon)...]
    }

    func parser(
        _ xml: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
        do { try parser.start(Self.local(elementName), attributes: attributeDict) } catch { stop(xml, error) }
    }

    func parser(
        _ xml: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
    ) {
        do { try parser.end(Self.local(elementName)) } catch { stop(xml, error) }
    }

    func parser(_ xml: XMLParser, foundCharacters string: String) { parser.text(string) }

    private func stop(_ xml: XMLParser, _ error: any Error) {
        if failure == nil { failure = error }
        xml.abortParsing()
    }
}

/// `_rels/*.rels`: relationship ids, types and targets.
struct RelationshipsParser: PartParser {
    var targets: [(id: String, type: String, target: String)] = []
    mutating func start(_ name: Substring, attributes: [String: String]) {
        guard name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] else { return }
        targets.append((id, attributes["Type"] ?? "", target))
    }
    mutating func end(_ name: Substring) {}
    mutating func text(_ text: String) {}
}

/// `xl/workbook.xml`: the sheets in order and the date system.
struct WorkbookParser: PartParser {
    var sheets: [(name: String, relationship: String)] = []
    var uses1904 = false
    mutating func start(_ name: Substring, attributes: [String: String]) {
        switch name {
        case "sheet":
            let relationship = attributes.first { $0.key == "r:id" || $0.key.hasSuffix(":id") }?.value
            if let sheetName = attributes["name"], let relationship { sheets.append((sheetName, relationship)) }
        case "workbookPr":
            uses1904 = ["1", "true"].contains(attributes["date1904"]?.lowercased() ?? "")
        default: break
        }
    }
    mutating func end(_ name: Substring) {}
    mutating func text(_ text: String) {}
}

/// `xl/sharedStrings.xml`: each `si`'s text, its runs joined, phonetic guides (`rPh`) left out.
struct SharedStringsParser: PartParser {
    var strings: [String] = []
    private var current = ""
    private var inText = false
    private var inPhonetic = false

    mutating func start(_ name: Substring, attributes: [String: String]) {
        switch name {
        case "si": current = ""
        case "t": inText = !inPhonetic
        case "rPh": inPhonetic = true
        default: break
        }
    }
    mutating func end(_ name: Substring) throws {
        switch name {
        case "si":
            guard current.count <= WorkbookLimits.maxCellCharacters else {
                throw WorkbookError.tooLarge(
                    part: "shared strings",
                    "string \(strings.count) is longer than a cell holds "
                        + "(\(WorkbookLimits.maxCellCharacters) characters)"
                )
            }
            guard strings.count < WorkbookLimits.maxSharedStrings else {
                throw WorkbookError.tooLarge(
                    part: "shared strings", "more than \(WorkbookLimits.maxSharedStrings) strings")
            }
            strings.append(current)
        case "t": inText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }
    mutating func text(_ text: String) {
        // Past a cell's limit the rest is not kept (the string is refused at its end).
        if inText, current.utf8.count <= 4 * WorkbookLimits.maxCellCharacters { current += text }
    }
}

/// `xl/styles.xml`: which cell formats (`cellXfs`, by index) show a number as a date or time.
package struct StylesParser: PartParser {
    var dateStyles: [Bool] = []
    private var customDateFormats: Set<Int> = []
    private var inCellFormats = false

    /// Excel's built-in date and time formats (ECMA-376 part 1, 18.8.30, with the East Asian ones).
    package static let builtInDateFormats: Set<Int> = Set(14...22).union(27...36).union(45...47).union(50...58)

    mutating func start(_ name: Substring, attributes: [String: String]) {
        switch name {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"], Self.isDate(code)
            {
                customDateFormats.insert(id)
            }
        case "cellXfs": inCellFormats = true
        case "xf" where inCellFormats:
            let id = attributes["numFmtId"].flatMap(Int.init) ?? 0
            dateStyles.append(Self.builtInDateFormats.contains(id) || customDateFormats.contains(id))
        default: break
        }
    }
    mutating func end(_ name: Substring) { if name == "cellXfs" { inCellFormats = false } }
    mutating func text(_ text: String) {}

    /// A format code shows a date when, outside quoted text, escapes and brackets (colours, locales, elapsed
    /// time), it has a day, month, year, hour or second token.
    package static func isDate(_ code: String) -> Bool {
        var quoted = false
        var bracket = false
        var escaped = false
        for character in code {
            if escaped {
                escaped = false
                continue
            }
            switch character {
            case "\"": quoted.toggle()
            case "\\" where !quoted: escaped = true
            case "[" where !quoted: bracket = true
            case "]" where !quoted: bracket = false
            case _ where quoted || bracket: continue
            case "d", "D", "m", "M", "y", "Y", "h", "H", "s", "S": return true
            default: continue
            }
        }
        return false
    }
}

/// A worksheet's `sheetData`: rows of cells, handed on one at a time.
package struct SheetParser: PartParser {
    let strings: [String]
    let dateStyles: [Bool]
    let uses1904: Bool
    let body: ([String]) throws -> Void

    private var row: [String] = []
    private var rowNumber = 0
    private var column = 0
    private var cellType = "n"
    private var cellIsDate = false
    private var value = ""
    private var inValue = false
    private var inInline = false

    init(strings: [String], dateStyles: [Bool], uses1904: Bool, body: @escaping ([String]) throws -> Void) {
        self.strings = strings
        self.dateStyles = dateStyles
        self.uses1904 = uses1904
        self.body = body
    }

    mutating func start(_ name: Substring, attributes: [String: String]) throws {
        switch name {
        case "row":
            let number = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
            // Excel's own bound: a row number past it is not a sheet Excel wrote (and would make empty lines
            // without end).
            guard number <= Self.maxRows else {
                throw WorkbookError.malformed(part: "sheet", "row \(number) is past Excel's last row, \(Self.maxRows)")
            }
            // Rows the sheet leaves out are empty lines, so that a row's number stays its line number.
            while rowNumber + 1 < number {
                try body([])
                rowNumber += 1
            }
            rowNumber = max(number, rowNumber + 1)
            row = []
            column = 0
        case "c":
            column = attributes["r"].flatMap(Self.column(of:)) ?? column + 1
            cellType = attributes["t"] ?? "n"
            cellIsDate = attributes["s"].flatMap(Int.init).map { $0 < dateStyles.count && dateStyles[$0] } ?? false
            value = ""
        case "v": inValue = true
        case "is": inInline = true
        case "t" where inInline: inValue = true
        default: break
        }
    }

    mutating func end(_ name: Substring) throws {
        switch name {
        case "v", "t": inValue = false
        case "is": inInline = false
        case "c":
            guard column >= 1, column <= 16_384 else { return }
            let text = try cellText()
            // An empty cell (formatting alone) adds nothing; a value is within the columns read, and a cell.
            guard !text.isEmpty else { return }
            guard column <= WorkbookLimits.maxColumns else {
                throw WorkbookError.tooLarge(
                    part: "sheet",
                    "row \(rowNumber) has a value in column \(column), past the \(WorkbookLimits.maxColumns) read")
            }
            guard value.utf8.count <= 4 * WorkbookLimits.maxCellCharacters,
                text.count <= WorkbookLimits.maxCellCharacters
            else {
                throw WorkbookError.tooLarge(
                    part: "sheet",
                    "row \(rowNumber), column \(column) is longer than a cell holds "
                        + "(\(WorkbookLimits.maxCellCharacters) characters)"
                )
            }
            while row.count < column - 1 { row.append("") }
            row.append(text)
        case "row":
            try body(row)
        default: break
        }
    }

    mutating func text(_ text: String) {
        // Past a cell's limit the rest is not kept (the cell is refused at its end).
        if inValue, value.utf8.count <= 4 * WorkbookLimits.maxCellCharacters { value += text }
    }

    private func cellText() throws -> String {
        switch cellType {
        case "s":
            guard let index = Int(value), index >= 0, index < strings.count else {
                throw WorkbookError.malformed(part: "sheet", "row \(rowNumber): shared string \(value) does not exist")
            }
            return strings[index]
        case "b": return value == "1" ? "TRUE" : "FALSE"
        case "d": return String(value.prefix(10))
        case "n" where cellIsDate:
            guard let serial = Double(value) else { return value }
            return Self.date(serial: serial, uses1904: uses1904) ?? value
        default: return value  // numbers as stored, inline and formula strings, errors (#N/A)
        }
    }

    /// Excel's last row.
    static let maxRows = 1_048_576

    /// A cell reference's column, A = 1 (`C5` → 3); nil past Excel's last column, XFD (16 384).
    package static func column(of reference: String) -> Int? {
        var column = 0
        for byte in reference.utf8 {
            guard (0x41...0x5A).contains(byte) else { break }
            column = column * 26 + Int(byte - 0x40)
            if column > 16_384 { return nil }
        }
        return column > 0 ? column : nil
    }

    /// A serial day as `YYYY-MM-DD`: days since 1899-12-30 in the 1900 system (whose day 60, 29 February 1900,
    /// never was; the days before it are one off, as in Excel), since 1904-01-01 in the 1904 system.
    package static func date(serial: Double, uses1904: Bool) -> String? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }  // up to 9999-12-31
        var days = Int(serial.rounded(.down))
        if !uses1904, days < 61 { days += 1 }
        // Days from 1970-01-01 of the epoch, then the civil date (Howard Hinnant's algorithm).
        let epoch = uses1904 ? -24_107 : -25_569
        let z = days + epoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day))"
    }
}
