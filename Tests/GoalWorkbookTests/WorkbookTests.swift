import Foundation
import GoalWorkbook
import Testing
import ZIPFoundation

@Suite struct WorkbookTests {
    func temporaryPath(_ name: String) -> String {
        NSTemporaryDirectory() + "/goal-workbook-\(UUID().uuidString)-\(name)"
    }

    func rows(_ path: String, sheet: String? = nil) throws -> [[String]] {
        var rows: [[String]] = []
        try WorkbookReader(path: path).forEachRow(sheet: sheet) { rows.append($0) }
        return rows
    }

    @Test func whatTheWriterWritesTheReaderReadsBack() throws {
        let path = temporaryPath("round.xlsx")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try WorkbookWriter(sheetName: "Resor 2024")
        try writer.append([.text("Datum"), .text("Färdsätt"), .text("kg CO2e")])
        try writer.append([.day(year: 2024, month: 3, day: 4), .text("Tåg & <buss> \"x\""), .number(12.5)])
        try writer.append([.day(year: 2000, month: 2, day: 29), .empty, .number(3)])
        // Enough rows to go through more than one flush of the sheet's buffer.
        for index in 0..<3000 {
            try writer.append([.day(year: 2025, month: 12, day: 31), .text("rad \(index)"), .number(0.1)])
        }
        try writer.finish(to: path)

        let read = try rows(path)
        #expect(read.count == 3003)
        #expect(read[0] == ["Datum", "Färdsätt", "kg CO2e"])
        #expect(read[1] == ["2024-03-04", "Tåg & <buss> \"x\"", "12.5"])
        #expect(read[2] == ["2000-02-29", "", "3"])
        #expect(read[3002] == ["2025-12-31", "rad 2999", "0.1"])
        #expect(try WorkbookReader(path: path).sheetNames == ["Resor 2024"])
    }

    @Test func serialDaysInBothDateSystems() {
        #expect(SheetParser.date(serial: 1, uses1904: false) == "1900-01-01")
        #expect(SheetParser.date(serial: 59, uses1904: false) == "1900-02-28")
        #expect(SheetParser.date(serial: 61, uses1904: false) == "1900-03-01")
        #expect(SheetParser.date(serial: 25_569, uses1904: false) == "1970-01-01")
        #expect(SheetParser.date(serial: 45_355.75, uses1904: false) == "2024-03-04")  // 18:00 that day
        #expect(SheetParser.date(serial: 0, uses1904: true) == "1904-01-01")
        #expect(SheetParser.date(serial: 43_893, uses1904: true) == "2024-03-04")
        #expect(SheetParser.date(serial: .nan, uses1904: false) == nil)
        for (year, month, day) in [(1900, 3, 1), (1970, 1, 1), (2020, 2, 29), (2024, 3, 4), (2099, 12, 31)] {
            let serial = WorkbookWriter.serial(year: year, month: month, day: day)
            let text = String(format: "%04d-%02d-%02d", year, month, day)
            #expect(SheetParser.date(serial: Double(serial), uses1904: false) == text)
        }
    }

    @Test func dateFormatsAreToldFromNumberFormats() {
        for code in ["yyyy-mm-dd", "d/m/yyyy", "[$-41D]d mmmm yyyy", "hh:mm", "YYYY-MM-DD;@"] {
            #expect(StylesParser.isDate(code), "\(code)")
        }
        for code in ["0.00", "#,##0 \"kr\"", "[Red]0.0", "0.00E+00", "General", "\\d0", "\"dag\" 0"] {
            #expect(!StylesParser.isDate(code), "\(code)")
        }
        #expect(StylesParser.builtInDateFormats.contains(14) && !StylesParser.builtInDateFormats.contains(2))
    }

    @Test func columnsAndEscapes() {
        #expect(SheetParser.column(of: "A1") == 1 && SheetParser.column(of: "Z9") == 26)
        #expect(SheetParser.column(of: "AA10") == 27 && SheetParser.column(of: "XFD1") == 16_384)
        #expect(WorkbookWriter.columnName(1) == "A" && WorkbookWriter.columnName(28) == "AB")
        #expect(WorkbookWriter.columnName(16_384) == "XFD")
        #expect(WorkbookWriter.escape("a<b>&\"c\"\u{1}") == "a&lt;b&gt;&amp;&quot;c&quot;")
    }

    /// A workbook as another program writes it: shared strings (one with rich-text runs and a phonetic guide),
    /// a prefixed namespace, cells without references, a left-out row, booleans, a formula's value, the 1904
    /// system, a sheet chosen by name.
    @Test func aHandMadeWorkbookWithSharedStringsAndGaps() throws {
        let path = temporaryPath("made.xlsx")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let parts: [(String, String)] = [
            (
                "_rels/.rels",
                """
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="r1" Type="\(rel)/officeDocument" Target="/xl/workbook.xml"/></Relationships>
                """
            ),
            (
                "xl/workbook.xml",
                """
                <x:workbook xmlns:x="\(main)" xmlns:r="\(rel)"><x:workbookPr date1904="1"/><x:sheets>\
                <x:sheet name="Först" sheetId="1" r:id="rA"/><x:sheet name="Resor" sheetId="2" r:id="rB"/>\
                </x:sheets></x:workbook>
                """
            ),
            (
                "xl/_rels/workbook.xml.rels",
                """
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rA" Type="\(rel)/worksheet" Target="worksheets/a.xml"/>\
                <Relationship Id="rB" Type="\(rel)/worksheet" Target="worksheets/../worksheets/b.xml"/>\
                </Relationships>
                """
            ),
            (
                "xl/sharedStrings.xml",
                """
                <x:sst xmlns:x="\(main)"><x:si><x:t>Datum</x:t></x:si>\
                <x:si><x:r><x:t>Färd</x:t></x:r><x:r><x:t>sätt</x:t></x:r>\
                <x:rPh><x:t>ふりがな</x:t></x:rPh></x:si>\
                <x:si><x:t xml:space="preserve"> Tåg </x:t></x:si></x:sst>
                """
            ),
            (
                "xl/styles.xml",
                """
                <x:styleSheet xmlns:x="\(main)"><x:numFmts><x:numFmt numFmtId="170" formatCode="d\\ mmm\\ yyyy"/>\
                </x:numFmts><x:cellXfs><x:xf numFmtId="0"/><x:xf numFmtId="170"/></x:cellXfs></x:styleSheet>
                """
            ),
            ("xl/worksheets/a.xml", "<worksheet xmlns=\"\(main)\"><sheetData/></worksheet>"),
            (
                "xl/worksheets/b.xml",
                """
                <x:worksheet xmlns:x="\(main)"><x:sheetData>\
                <x:row r="1"><x:c t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c><x:v>7</x:v></x:c></x:row>\
                <x:row r="3"><x:c r="A3" s="1"><x:v>43893</x:v></x:c><x:c r="C3" t="b"><x:v>1</x:v></x:c>\
                <x:c r="D3" t="str"><x:f>A1</x:f><x:v>Datum</x:v></x:c><x:c r="E3" t="s"><x:v>2</x:v></x:c>\
                <x:c r="F3" t="inlineStr"><x:is><x:t>inline</x:t></x:is></x:c></x:row>\
                </x:sheetData></x:worksheet>
                """
            ),
        ]
        for (name, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
            ) {
                data.subdata(in: Int($0)..<Int($0) + $1)
            }
        }
        let reader = try WorkbookReader(path: path)
        #expect(reader.sheetNames == ["Först", "Resor"])
        #expect(try rows(path).isEmpty)
        let read = try rows(path, sheet: "RESOR")
        #expect(read == [["Datum", "Färdsätt", "7"], [], ["2024-03-04", "", "TRUE", "Datum", " Tåg ", "inline"]])
        #expect(throws: WorkbookError.noSuchSheet("Blad1", available: ["Först", "Resor"])) {
            try reader.forEachRow(sheet: "Blad1") { _ in }
        }
    }

    @Test func whatIsNotAWorkbookSaysSo() throws {
        let path = temporaryPath("not.xlsx")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("Datum;Färdsätt\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: WorkbookError.self) { try WorkbookReader(path: path) }
        let zip = temporaryPath("plain.zip")
        defer { try? FileManager.default.removeItem(atPath: zip) }
        let archive = try Archive(url: URL(fileURLWithPath: zip), accessMode: .create)
        let data = Data("hello".utf8)
        try archive.addEntry(with: "hello.txt", type: .file, uncompressedSize: Int64(data.count)) {
            data.subdata(in: Int($0)..<Int($0) + $1)
        }
        do {
            _ = try WorkbookReader(path: zip)
            Issue.record("a zip without a workbook was read")
        } catch let error as WorkbookError {
            #expect("\(error)".contains("not an Excel workbook"))
        }
    }
}
