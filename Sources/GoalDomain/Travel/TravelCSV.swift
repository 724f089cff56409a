/// Reads travel files: a header naming the columns (`id,date,mode,distance_km,travellers,unit,co2e_kg,cost_sek`,
/// in any order; the last four may be left out or empty), then one trip a row.
///
/// Accepts a UTF-8 byte-order mark, CRLF line ends, quoted fields (with `""` for a quote and line breaks inside),
/// a semicolon instead of a comma between fields (as Swedish spreadsheets export), and a decimal comma.
package enum TravelCSV {
    package static let requiredColumns = ["id", "date", "mode", "distance_km"]
    package static let optionalColumns = ["travellers", "unit", "co2e_kg", "cost_sek"]

    /// A row that cannot be a trip: where it is and why.
    package struct RowProblem: Error, Sendable, Hashable, CustomStringConvertible {
        /// The line in the file where the row starts (the header is line 1).
        package var line: Int
        /// The column at fault, or nil when the row as a whole is (too many fields, an unclosed quote).
        package var column: String?
        package var message: String

        package init(line: Int, column: String?, message: String) {
            self.line = line
            self.column = column
            self.message = message
        }

        package var description: String {
            "line \(line)" + (column.map { ", column \($0)" } ?? "") + ": \(message)"
        }
    }

    /// What a file, or a part of one, holds.
    package struct Parsed: Sendable {
        package var trips: [(line: Int, trip: Trip)] = []
        package var problems: [RowProblem] = []
        /// Columns the header names that goald does not use.
        package var ignoredColumns: [String] = []
    }

    /// Parses CSV text whose first record is the header. `firstLine` is the file line of the header, so that
    /// a file sent in parts still reports the lines of the whole file.
    ///
    /// Works on the text's UTF-8 bytes: every byte that matters to CSV (quote, delimiter, line end) is ASCII
    /// and never part of a multi-byte character, and the common field shapes (plain dates, numbers, mode
    /// names) are read without making strings. Anything unusual goes the slow, general way.
    package static func parse(_ text: String, firstLine: Int = 1) -> Parsed {
        var text = text
        return text.withUTF8 { bytes in parse(bytes: bytes, firstLine: firstLine) }
    }

    private static func parse(bytes: UnsafeBufferPointer<UInt8>, firstLine: Int) -> Parsed {
        var parsed = Parsed()
        var records = Records(bytes: bytes, firstLine: firstLine)
        guard records.next() else {
            parsed.problems.append(RowProblem(line: firstLine, column: nil, message: "the file is empty: a header line is required"))
            return parsed
        }
        if let problem = records.problem {
            parsed.problems.append(RowProblem(line: records.recordLine, column: nil, message: problem))
            return parsed
        }
        let headerLine = records.recordLine
        let headerCount = records.fieldCount
        var index: [String: Int] = [:]
        for position in 0..<headerCount {
            let column = records.string(position).trimmingSpaces().lowercased()
            if index[column] != nil {
                parsed.problems.append(RowProblem(line: headerLine, column: column, message: "the column appears twice"))
            }
            index[column] = position
            if !requiredColumns.contains(column), !optionalColumns.contains(column), !column.isEmpty {
                parsed.ignoredColumns.append(column)
            }
        }
        let missing = requiredColumns.filter { index[$0] == nil }
        if !missing.isEmpty {
            parsed.problems.append(RowProblem(
                line: headerLine, column: nil,
                message: "the header lacks \(missing.joined(separator: ", ")); expected columns "
                    + (requiredColumns + optionalColumns).joined(separator: ",")))
            return parsed
        }
        let columns = Columns(index: index)
        var rows = RowReader()
        parsed.trips.reserveCapacity(bytes.count / 48)
        while records.next() {
            if let problem = records.problem {
                parsed.problems.append(RowProblem(line: records.recordLine, column: nil, message: problem))
                continue
            }
            if records.fieldCount == 1, records.isBlank(0) { continue }  // blank line
            if records.fieldCount > headerCount {
                parsed.problems.append(RowProblem(
                    line: records.recordLine, column: nil,
                    message: "\(records.fieldCount) fields, the header has \(headerCount)"
                        + (records.delimiter == UInt8(ascii: ",") ? " (a decimal comma must be quoted: \"12,5\")" : "")))
                continue
            }
            switch rows.trip(from: records, columns: columns) {
            case .success(let trip): parsed.trips.append((records.recordLine, trip))
            case .failure(let problem): parsed.problems.append(problem)
            }
        }
        return parsed
    }

    /// Where each column the parser reads sits in a row.
    private struct Columns {
        let id: Int, date: Int, mode: Int, distance: Int
        let travellers: Int?, unit: Int?, co2e: Int?, cost: Int?

        init(index: [String: Int]) {
            id = index["id"]!
            date = index["date"]!
            mode = index["mode"]!
            distance = index["distance_km"]!
            travellers = index["travellers"]
            unit = index["unit"]
            co2e = index["co2e_kg"]
            cost = index["cost_sek"]
        }
    }

    /// Turns records into trips; remembers the last few units' names, so that a file makes one string per unit.
    private struct RowReader {
        private var recentUnits: [(bytes: [UInt8], name: String)] = []

        mutating func trip(from record: Records, columns: Columns) -> Result<Trip, RowProblem> {
            let line = record.recordLine
            func fail(_ column: String, _ message: String) -> Result<Trip, RowProblem> {
                .failure(RowProblem(line: line, column: column, message: message))
            }
            func text(_ position: Int?) -> String? {
                guard let position else { return nil }
                return record.trimmedString(position)
            }

            guard let id = text(columns.id) else { return fail("id", "is empty: every trip needs an id") }
            guard id.utf8.count <= 200 || id.count <= 200 else { return fail("id", "is longer than 200 characters") }

            let date: CivilDate
            if let fast = record.withTrimmed(columns.date, { CivilDate.parse($0) }) ?? nil {
                date = fast
            } else {
                guard let dateText = text(columns.date) else { return fail("date", "is empty") }
                guard let parsed = CivilDate(dateText) else {
                    return fail("date", "\"\(dateText)\" is not a date: write YYYY-MM-DD, such as 2024-03-15")
                }
                date = parsed
            }
            guard (1990...2100).contains(date.year) else { return fail("date", "\(date) is outside 1990–2100") }

            let distance: Double
            if let fast = record.withTrimmed(columns.distance, { TravelCSV.fastNumber($0) }) ?? nil {
                distance = fast
            } else {
                guard let distanceText = text(columns.distance) else { return fail("distance_km", "is empty") }
                guard let value = number(distanceText) else {
                    return fail("distance_km", "\"\(distanceText)\" is not a number")
                }
                distance = value
            }
            guard distance >= 0 else { return fail("distance_km", "must not be negative, found \(text(columns.distance)!)") }
            guard distance <= 50_000 else {
                return fail("distance_km", "\(text(columns.distance)!) km is more than 50000 km for one trip")
            }

            let mode: TravelMode
            if let fast = record.withTrimmed(columns.mode, { TravelMode.parseASCII($0, distanceKm: distance) }) ?? nil {
                mode = fast
            } else {
                guard let modeText = text(columns.mode) else { return fail("mode", "is empty") }
                guard let parsed = TravelMode.parse(modeText, distanceKm: distance) else {
                    return fail("mode", "unknown mode \"\(modeText)\"; modes: flight, "
                        + TravelMode.allCases.map(\.rawValue).joined(separator: ", ") + " (or flyg, tåg, buss, egen bil, …)")
                }
                mode = parsed
            }

            var travellers = 1
            if let position = columns.travellers, !record.isBlank(position) {
                if let count = record.withTrimmed(position, { TravelCSV.smallInteger($0) }) ?? nil, count >= 1, count <= 1000 {
                    travellers = count
                } else {
                    let text = text(position)!
                    guard let count = Int(text), count >= 1, count <= 1000 else {
                        return fail("travellers", "\"\(text)\" is not a whole number from 1 to 1000")
                    }
                    travellers = count
                }
            }
            var reported: Double?
            if let position = columns.co2e, !record.isBlank(position) {
                let kg = (record.withTrimmed(position, { TravelCSV.fastNumber($0) }) ?? nil) ?? number(text(position)!)
                guard let kg, kg >= 0 else { return fail("co2e_kg", "\"\(text(position)!)\" is not a number of kg, 0 or more") }
                reported = kg
            }
            var cost: Double?
            if let position = columns.cost, !record.isBlank(position) {
                let sek = (record.withTrimmed(position, { TravelCSV.fastNumber($0) }) ?? nil) ?? number(text(position)!)
                guard let sek, sek >= 0 else { return fail("cost_sek", "\"\(text(position)!)\" is not an amount, 0 or more") }
                cost = sek
            }
            var unit = Trip.defaultUnit
            if let position = columns.unit, !record.isBlank(position) {
                let known = record.withTrimmed(position) { bytes in
                    recentUnits.firstIndex { $0.bytes.elementsEqual(bytes) }
                } ?? nil
                if let known {
                    unit = recentUnits[known].name
                } else {
                    unit = record.trimmedString(position)!
                    if recentUnits.count == 8 { recentUnits.removeFirst() }
                    recentUnits.append((Array(unit.utf8), unit))
                }
            }
            guard unit.utf8.count <= 200 || unit.count <= 200 else { return fail("unit", "is longer than 200 characters") }
            return .success(Trip(id: id, date: date, mode: mode, distanceKm: distance, travellers: travellers, unit: unit,
                                 reportedKgCO2e: reported, costSEK: cost))
        }
    }

    /// Reads a plain decimal (`1234`, `-12.5`) exactly as `Double(_:)` would, or nil for anything else
    /// (the general reader then takes it). Exact because the digits fit a Double's 53-bit significand and
    /// 10^k (k ≤ 22) is exact, so the one division rounds correctly (Clinger's fast path).
    static func fastNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var position = 0
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            position = 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var integerDigits = 0
        var seenDot = false
        while position < bytes.count {
            let byte = bytes[position]
            if byte >= 0x30, byte <= 0x39 {
                digits += 1
                guard digits <= 15 else { return nil }
                mantissa = mantissa * 10 + UInt64(byte - 0x30)
                if seenDot { fractionDigits += 1 } else { integerDigits += 1 }
            } else if byte == UInt8(ascii: "."), !seenDot {
                seenDot = true
            } else {
                return nil
            }
            position += 1
        }
        guard integerDigits > 0, !seenDot || fractionDigits > 0 else { return nil }
        var value = Double(mantissa)
        if fractionDigits > 0 { value /= powersOfTen[fractionDigits] }
        return negative ? -value : value
    }

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// Reads 1 to 4 ASCII digits; nil for anything else.
    static func smallInteger(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard (1...4).contains(bytes.count) else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// Reads "12.5", "12,5", "1 200,5" and "−3"; nil for anything else.
    package static func number(_ text: String) -> Double? {
        var cleaned = ""
        for character in text where !(character == " " || character == "\u{00A0}" || character == "\u{202F}") {
            cleaned.append(character == "," ? "." : character == "−" ? "-" : character)
        }
        guard !cleaned.isEmpty, cleaned.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-" || $0 == "+" || $0 == "e" || $0 == "E") }),
              let value = Double(cleaned), value.isFinite else { return nil }
        return value
    }
}

/// Splits CSV bytes into records, keeping the line each starts on. A field is a range of the input, or, when
/// it was quoted, its unquoted bytes in a scratch buffer. The buffers are reused from record to record.
struct Records {
    private struct Field {
        var start: Int
        var end: Int
        var inScratch: Bool
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var line: Int
    private var fields: [Field] = []
    private var scratch: [UInt8] = []
    /// The line in the file where the current record starts.
    private(set) var recordLine = 0
    /// Set when the current record cannot be read (an unclosed quote).
    private(set) var problem: String?
    /// `,` or `;`, chosen from the header.
    let delimiter: UInt8

    init(bytes: UnsafeBufferPointer<UInt8>, firstLine: Int) {
        self.bytes = bytes
        self.line = firstLine
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
        // The header decides the delimiter: semicolons and no commas mean a semicolon file.
        var commas = 0
        var semicolons = 0
        var scan = position
        while scan < bytes.count, bytes[scan] != UInt8(ascii: "\n") {
            if bytes[scan] == UInt8(ascii: ",") { commas += 1 }
            if bytes[scan] == UInt8(ascii: ";") { semicolons += 1 }
            scan += 1
        }
        delimiter = semicolons > 0 && commas == 0 ? UInt8(ascii: ";") : UInt8(ascii: ",")
    }

    var fieldCount: Int { fields.count }

    /// Reads the next record; false at the end of the input.
    mutating func next() -> Bool {
        guard position < bytes.count else { return false }
        recordLine = line
        problem = nil
        fields.removeAll(keepingCapacity: true)
        scratch.removeAll(keepingCapacity: true)
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        var field = Field(start: position, end: position, inScratch: false)
        var quoted = false
        var fieldWasQuoted = false
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if quoted {
                if byte == quote {
                    if position < bytes.count, bytes[position] == quote {
                        scratch.append(quote)
                        position += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if byte == newline { line += 1 }
                    scratch.append(byte)
                }
                field.end = scratch.count
                continue
            }
            if byte == quote, field.start == field.end, !fieldWasQuoted {
                quoted = true
                fieldWasQuoted = true
                field = Field(start: scratch.count, end: scratch.count, inScratch: true)
            } else if byte == delimiter {
                fields.append(field)
                field = Field(start: position, end: position, inScratch: false)
                fieldWasQuoted = false
            } else if byte == carriageReturn, position < bytes.count, bytes[position] == newline {
                continue
            } else if byte == newline {
                line += 1
                fields.append(field)
                return true
            } else if field.inScratch {
                scratch.append(byte)
                field.end = scratch.count
            } else {
                field.end = position
            }
        }
        if quoted {
            fields.removeAll()
            problem = "a quoted field is not closed before the end of the file"
            return true
        }
        fields.append(field)
        return true
    }

    /// Runs `body` on a field's bytes, ASCII white space trimmed; nil when the field is missing or the trim
    /// would need Unicode (white space that is not ASCII at either end).
    func withTrimmed<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard index < fields.count else { return nil }
        let field = fields[index]
        if field.inScratch {
            return scratch.withUnsafeBufferPointer { buffer in
                Self.trimmed(UnsafeBufferPointer(rebasing: buffer[field.start..<field.end])).map(body)
            }
        }
        return Self.trimmed(UnsafeBufferPointer(rebasing: bytes[field.start..<field.end])).map(body)
    }

    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        var start = 0
        var end = bytes.count
        while start < end, isASCIISpace(bytes[start]) { start += 1 }
        while end > start, isASCIISpace(bytes[end - 1]) { end -= 1 }
        if start < end, bytes[start] >= 0x80 || bytes[end - 1] >= 0x80 { return nil }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    private static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// A field as it is, untrimmed.
    func string(_ index: Int) -> String {
        let field = fields[index]
        if field.inScratch {
            return scratch.withUnsafeBufferPointer { String(decoding: $0[field.start..<field.end], as: UTF8.self) }
        }
        return String(decoding: bytes[field.start..<field.end], as: UTF8.self)
    }

    /// A field with white space trimmed (as `trimmingSpaces`), or nil when it is missing or empty.
    func trimmedString(_ index: Int) -> String? {
        guard index < fields.count else { return nil }
        let value = withTrimmed(index) { String(decoding: $0, as: UTF8.self) } ?? string(index).trimmingSpaces()
        return value.isEmpty ? nil : value
    }

    /// Whether a field is missing, empty or only white space.
    func isBlank(_ index: Int) -> Bool {
        guard index < fields.count else { return true }
        if let empty = withTrimmed(index, { $0.isEmpty }) { return empty }
        return string(index).trimmingSpaces().isEmpty
    }
}
