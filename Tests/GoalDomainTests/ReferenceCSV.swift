@testable import GoalDomain

/// The first, character-by-character travel-file parser, kept here as the reference that `TravelCSV.parse`
/// (which works on UTF-8 bytes) must agree with on every input.
enum ReferenceCSV {
    typealias RowProblem = TravelCSV.RowProblem
    typealias Parsed = TravelCSV.Parsed
    static let requiredColumns = TravelCSV.requiredColumns
    static let optionalColumns = TravelCSV.optionalColumns
    static func number(_ text: String) -> Double? { TravelCSV.number(text) }

    /// Parses CSV text whose first record is the header. `firstLine` is the file line of the header, so that
    /// a file sent in parts still reports the lines of the whole file.
    static func parse(_ text: String, firstLine: Int = 1) -> Parsed {
        var parsed = Parsed()
        var records = ReferenceRecords(text: text, firstLine: firstLine)
        guard let header = records.next() else {
            parsed.problems.append(RowProblem(line: firstLine, column: nil, message: "the file is empty: a header line is required"))
            return parsed
        }
        if let problem = header.problem {
            parsed.problems.append(RowProblem(line: header.line, column: nil, message: problem))
            return parsed
        }
        var index: [String: Int] = [:]
        for (position, name) in header.fields.enumerated() {
            let column = name.trimmingSpaces().lowercased()
            if index[column] != nil {
                parsed.problems.append(RowProblem(line: header.line, column: column, message: "the column appears twice"))
            }
            index[column] = position
            if !requiredColumns.contains(column), !optionalColumns.contains(column), !column.isEmpty {
                parsed.ignoredColumns.append(column)
            }
        }
        let missing = requiredColumns.filter { index[$0] == nil }
        if !missing.isEmpty {
            parsed.problems.append(RowProblem(
                line: header.line, column: nil,
                message: "the header lacks \(missing.joined(separator: ", ")); expected columns "
                    + (requiredColumns + optionalColumns).joined(separator: ",")))
            return parsed
        }
        while let record = records.next() {
            if let problem = record.problem {
                parsed.problems.append(RowProblem(line: record.line, column: nil, message: problem))
                continue
            }
            if record.fields.count == 1, record.fields[0].trimmingSpaces().isEmpty { continue }  // blank line
            if record.fields.count > header.fields.count {
                parsed.problems.append(RowProblem(
                    line: record.line, column: nil,
                    message: "\(record.fields.count) fields, the header has \(header.fields.count)"
                        + (records.delimiter == "," ? " (a decimal comma must be quoted: \"12,5\")" : "")))
                continue
            }
            switch trip(from: record, index: index) {
            case .success(let trip): parsed.trips.append((record.line, trip))
            case .failure(let problem): parsed.problems.append(problem)
            }
        }
        return parsed
    }

    private static func trip(from record: ReferenceRecords.Record, index: [String: Int]) -> Result<Trip, RowProblem> {
        func field(_ column: String) -> String? {
            guard let position = index[column], position < record.fields.count else { return nil }
            let value = record.fields[position].trimmingSpaces()
            return value.isEmpty ? nil : value
        }
        func fail(_ column: String, _ message: String) -> Result<Trip, RowProblem> {
            .failure(RowProblem(line: record.line, column: column, message: message))
        }

        guard let id = field("id") else { return fail("id", "is empty: every trip needs an id") }
        guard id.count <= 200 else { return fail("id", "is longer than 200 characters") }
        guard let dateText = field("date") else { return fail("date", "is empty") }
        guard let date = CivilDate(dateText) else {
            return fail("date", "\"\(dateText)\" is not a date: write YYYY-MM-DD, such as 2024-03-15")
        }
        guard (1990...2100).contains(date.year) else { return fail("date", "\(dateText) is outside 1990–2100") }
        guard let distanceText = field("distance_km") else { return fail("distance_km", "is empty") }
        guard let distance = number(distanceText) else {
            return fail("distance_km", "\"\(distanceText)\" is not a number")
        }
        guard distance >= 0 else { return fail("distance_km", "must not be negative, found \(distanceText)") }
        guard distance <= 50_000 else { return fail("distance_km", "\(distanceText) km is more than 50000 km for one trip") }
        guard let modeText = field("mode") else { return fail("mode", "is empty") }
        guard let mode = TravelMode.parse(modeText, distanceKm: distance) else {
            return fail("mode", "unknown mode \"\(modeText)\"; modes: flight, "
                + TravelMode.allCases.map(\.rawValue).joined(separator: ", ") + " (or flyg, tåg, buss, egen bil, …)")
        }
        var travellers = 1
        if let text = field("travellers") {
            guard let count = Int(text), count >= 1, count <= 1000 else {
                return fail("travellers", "\"\(text)\" is not a whole number from 1 to 1000")
            }
            travellers = count
        }
        var reported: Double?
        if let text = field("co2e_kg") {
            guard let kg = number(text), kg >= 0 else { return fail("co2e_kg", "\"\(text)\" is not a number of kg, 0 or more") }
            reported = kg
        }
        var cost: Double?
        if let text = field("cost_sek") {
            guard let sek = number(text), sek >= 0 else { return fail("cost_sek", "\"\(text)\" is not an amount, 0 or more") }
            cost = sek
        }
        let unit = field("unit") ?? Trip.defaultUnit
        guard unit.count <= 200 else { return fail("unit", "is longer than 200 characters") }
        return .success(Trip(id: id, date: date, mode: mode, distanceKm: distance, travellers: travellers, unit: unit,
                             reportedKgCO2e: reported, costSEK: cost))
    }

}

/// Splits CSV text into records, keeping the line each starts on.
struct ReferenceRecords {
    struct Record {
        var line: Int
        var fields: [String]
        /// Set when the record cannot be read (an unclosed quote).
        var problem: String?
    }

    private let scalars: [Unicode.Scalar]
    private var position = 0
    private var line: Int
    /// `,` or `;`, chosen from the header.
    private(set) var delimiter: Unicode.Scalar = ","

    init(text: String, firstLine: Int) {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        self.scalars = scalars
        self.line = firstLine
        // The header decides the delimiter: semicolons and no commas mean a semicolon file.
        var commas = 0
        var semicolons = 0
        for scalar in scalars {
            if scalar == "\n" { break }
            if scalar == "," { commas += 1 }
            if scalar == ";" { semicolons += 1 }
        }
        if semicolons > 0, commas == 0 { delimiter = ";" }
    }

    mutating func next() -> Record? {
        guard position < scalars.count else { return nil }
        let start = line
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var quoted = false
        var fieldWasQuoted = false
        while position < scalars.count {
            let scalar = scalars[position]
            position += 1
            if quoted {
                if scalar == "\"" {
                    if position < scalars.count, scalars[position] == "\"" {
                        field.append("\"")
                        position += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty && !fieldWasQuoted:
                quoted = true
                fieldWasQuoted = true
            case delimiter:
                fields.append(String(field))
                field = String.UnicodeScalarView()
                fieldWasQuoted = false
            case "\r" where position < scalars.count && scalars[position] == "\n":
                continue
            case "\n":
                line += 1
                fields.append(String(field))
                return Record(line: start, fields: fields)
            default:
                field.append(scalar)
            }
        }
        if quoted {
            return Record(line: start, fields: [], problem: "a quoted field is not closed before the end of the file")
        }
        fields.append(String(field))
        return Record(line: start, fields: fields)
    }
}
