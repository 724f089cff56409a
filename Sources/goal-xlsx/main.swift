// goal-xlsx: Excel workbooks for goalctl, in a program of its own so that goalctl does not carry Foundation and
// libxml2 (they would add some 2 ms to every goalctl call a script makes; see docs/benchmarks.md).
//
//   goal-xlsx read FILE [--sheet NAME]   the sheet (default: the first) as UTF-8 CSV on standard output, one line
//                                        per sheet row; the sheet's name on standard error as "sheet<TAB>NAME"
//   goal-xlsx write FILE [--sheet NAME]  a workbook from JSON lines on standard input: one array of cells a row,
//                                        each a string, a number, null, or {"day": "YYYY-MM-DD"}
//
// A workbook that cannot be read is exit status 65 with the reason on standard error; one that cannot be written 73.
import Foundation
import GoalWorkbook

func fail(_ message: String, _ status: Int32) -> Never {
    FileHandle.standardError.write(Data("goal-xlsx: \(message)\n".utf8))
    exit(status)
}

var arguments = Array(CommandLine.arguments.dropFirst())
var sheet: String?
if let index = arguments.firstIndex(of: "--sheet") {
    guard index + 1 < arguments.count else { fail("--sheet needs a name", 64) }
    sheet = arguments[index + 1]
    arguments.removeSubrange(index...(index + 1))
}
guard arguments.count == 2, ["read", "write"].contains(arguments[0]) else {
    fail("usage: goal-xlsx read FILE [--sheet NAME] | goal-xlsx write FILE [--sheet NAME]", 64)
}
let path = arguments[1]

/// A CSV field: a line break inside a cell (Alt+Enter) becomes a space, so that every sheet row stays one line and
/// a line's number its row's; quoted when it holds a delimiter goald may take (comma, semicolon, tab), a quote, or
/// spaces at its ends.
func quoted(_ field: String) -> String {
    var field = field
    if field.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) {
        field = field.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "\r", with: " ")
    }
    let needs =
        field.utf8.contains {
            $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: ";")
                || $0 == 0x09
        } || field.first == " " || field.last == " "
    guard needs else { return field }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

/// Writes to standard output; a write that fails (a full disk) is exit status 74.
func emit(_ data: Data) {
    do {
        try FileHandle.standardOutput.write(contentsOf: data)
    } catch {
        fail("cannot write the sheet: \(error)", 74)
    }
}

switch arguments[0] {
case "read":
    do {
        let workbook = try WorkbookReader(path: path)
        let chosen =
            sheet.flatMap { name in
                workbook.sheetNames.first { $0 == name }
                    ?? workbook.sheetNames.first { $0.lowercased() == name.lowercased() }
            } ?? (sheet == nil ? workbook.sheetNames[0] : nil)
        var out = Data()
        var width = 0
        // Excel leaves out a row's trailing empty cells: each row is filled out to the widest row so far, which is
        // the header's width once the header is read (a title above it has fewer cells; goald passes it over, and
        // passes over empty fields beyond the header). A left-out row is an empty line, so that a line's number is
        // the row's.
        try workbook.forEachRow(sheet: sheet) { cells in
            var cells = cells
            while let last = cells.last, last.isEmpty { cells.removeLast() }
            width = max(width, cells.count)
            if !cells.isEmpty, cells.count < width {
                cells += Array(repeating: "", count: width - cells.count)
            }
            out.append(contentsOf: cells.map(quoted).joined(separator: ",").utf8)
            out.append(0x0A)
            if out.count >= 1 << 20 {
                emit(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        emit(out)
        if let chosen { FileHandle.standardError.write(Data("sheet\t\(chosen)\n".utf8)) }
    } catch let error as WorkbookError {
        fail("\(error)", 65)
    } catch {
        fail("the workbook cannot be read: \(error)", 65)
    }
case "write":
    do {
        let writer = try WorkbookWriter(sheetName: sheet ?? "Blad1")
        while let line = readLine(strippingNewline: true) {
            guard !line.isEmpty else { continue }
            guard let cells = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any] else {
                fail("a row is not a JSON array: \(line.prefix(80))", 65)
            }
            try writer.append(
                cells.map { cell -> WorkbookWriter.Cell in
                    if let text = cell as? String { return .text(text) }
                    if let number = cell as? NSNumber { return .number(number.doubleValue) }
                    if let day = (cell as? [String: Any])?["day"] as? String {
                        let parts = day.split(separator: "-").compactMap { Int($0) }
                        if parts.count == 3 { return .day(year: parts[0], month: parts[1], day: parts[2]) }
                        return .text(day)
                    }
                    return .empty
                })
        }
        try writer.finish(to: path)
    } catch let error as WorkbookError {
        fail("\(error)", 73)
    } catch {
        fail("cannot write \(path): \(error)", 73)
    }
default:
    fail("unknown command \(arguments[0])", 64)
}
