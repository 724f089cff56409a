import GoalDomain

/// The first, character-by-character travel-file parser, kept here as the reference that `TravelCSV.parse`
/// (which works on UTF-8 bytes) must agree with on every input.
enum ReferenceCSV {
    typealias RowProblem = TravelCSV.RowProblem
    typealias Parsed = TravelCSV.Parsed
    static func number(_ text: String) -> Double? { TravelCSV.number(text) }

    /// Parses CSV text whose first record is the header. `firstLine` is the file line of the header, so that
    /// a file sent in parts still reports the lines of the whole file.
    static func parse(_ text: String, firstLine: Int = 1, options: TravelCSV.Options = .init()) -> Parsed {
        var parsed = Parsed()
        var records = ReferenceRecords(text: text, firstLine: firstLine)
        guard let headerRecord = records.next() else {
            parsed.problems.append(
                RowProblem(line: firstLine, column: nil, message: "the file is empty: a header line is required"))
            return parsed
        }
        if let problem = headerRecord.problem {
            parsed.problems.append(RowProblem(line: headerRecord.line, column: nil, message: problem))
            return parsed
        }
        let header = TravelCSV.Header(cells: headerRecord.fields, line: headerRecord.line, options: options)
        parsed.problems = header.problems
        parsed.ignoredColumns = header.ignored
        guard parsed.problems.isEmpty else { return parsed }
        parsed.derivedIDs = header.index[.id] == nil
        var firstSeen: [TravelCSV.TripKey: (line: Int, trip: Trip)] = [:]
        // Without ids: the rows so far with each content (the trip without its id), for the k-th's `-k`.
        var contents: [Trip: Int] = [:]
        var rowLines = Set<Int>()
        while let record = records.next() {
            if let problem = record.problem {
                parsed.problems.append(RowProblem(line: record.line, column: nil, message: problem))
                continue
            }
            if record.fields.allSatisfy({ $0.trimmingSpaces().isEmpty }) { continue }  // blank, or separators only
            rowLines.insert(record.line)
            let trailingEmpty =
                record.fields.count > headerRecord.fields.count && records.delimiter != ","
                && record.fields[headerRecord.fields.count...].allSatisfy { $0.trimmingSpaces().isEmpty }
            if !trailingEmpty, record.fields.count != headerRecord.fields.count {
                let cause =
                    record.fields.count > headerRecord.fields.count && records.delimiter == ","
                    ? " (a decimal comma must be quoted: \"12,5\")" : ""
                parsed.problems.append(
                    RowProblem(
                        line: record.line, column: nil,
                        message: "\(record.fields.count) fields, the header has \(headerRecord.fields.count)\(cause)"))
                continue
            }
            switch trip(from: record, header: header, options: options) {
            case .success(var trip):
                if parsed.derivedIDs {
                    var content = trip
                    content.id = ""
                    contents[content, default: 0] += 1
                    if let given = options.occurrences[record.line] {
                        if given > 1 { trip.id += "-\(given)" }
                    } else if let count = contents[content], count > 1 {
                        trip.id += "-\(count)"
                    }
                }
                let key = TravelCSV.TripKey(unit: trip.unit, id: trip.id)
                if let earlier = firstSeen[key] {
                    if earlier.trip == trip {
                        parsed.repeated += 1
                    } else {
                        parsed.problems.append(
                            RowProblem(
                                line: record.line, column: header.index[.id] == nil ? nil : "id",
                                message:
                                    "the id \"\(trip.id)\" of \(trip.unit) is on line \(earlier.line) too, "
                                    + "with other data"
                            ))
                    }
                    continue
                }
                firstSeen[key] = (record.line, trip)
                parsed.trips.append((record.line, trip))
            case .failure(let problem): parsed.problems.append(problem)
            }
        }
        parsed.strayOccurrences = options.occurrences.keys.filter { !rowLines.contains($0) }.sorted()
        // Problems name the column as the file's header does, goald's name after it when they differ.
        for index in parsed.problems.indices {
            guard let column = parsed.problems[index].column,
                let named = header.headers.first(where: { $0.key.rawValue == column })?.value, named != column
            else { continue }
            parsed.problems[index].column = "\(named) [\(column)]"
        }
        return parsed
    }

    private static func trip(
        from record: ReferenceRecords.Record, header: TravelCSV.Header,
        options: TravelCSV.Options
    ) -> Result<Trip, RowProblem> {
        func field(_ column: TravelColumn) -> String? {
            guard let position = header.index[column], position < record.fields.count else { return nil }
            let value = record.fields[position].trimmingSpaces()
            return value.isEmpty ? nil : value
        }
        func fail(_ column: String, _ message: String) -> Result<Trip, RowProblem> {
            .failure(RowProblem(line: record.line, column: column, message: message))
        }
        let mil = header.index[.distanceMil] != nil
        let distanceName = mil ? "distance_mil" : "distance_km"

        let id = field(.id)
        if header.index[.id] != nil, id == nil { return fail("id", "is empty: every trip needs an id") }
        if let id, id.count > 200 { return fail("id", "is longer than 200 characters") }
        guard let dateText = field(.date) else { return fail("date", "is empty") }
        guard let date = CivilDate(dateText) ?? CivilDate(dateTime: dateText) else {
            return fail(
                "date",
                "\"\(dateText)\" is not a date: write YYYY-MM-DD, such as 2024-03-15 (a time of day "
                    + "after it, 2024-03-15 08:30, is left out)")
        }
        guard (options.earliestYear...2100).contains(date.year) else {
            return fail("date", "\(dateText) is outside \(options.earliestYear)–2100")
        }
        if let latest = options.latestDate, latest < date {
            return fail("date", "\(dateText) is after today (\(latest)): a trip is imported once it has been made")
        }
        var reported: Double?
        if let text = field(.co2eKg) {
            guard let kg = number(text), kg >= 0 else {
                return fail("co2e_kg", "\"\(text)\" is not a number of kg, 0 or more")
            }
            guard kg <= 1_000_000 else {
                return fail("co2e_kg", "\(text) kg is more than one trip can emit (at most 1000000 kg)")
            }
            reported = kg
        }
        var distance = 0.0
        if let distanceText = field(.distanceKm) ?? field(.distanceMil) {
            guard let given = number(distanceText) else {
                return fail(distanceName, "\"\(distanceText)\" is not a number")
            }
            distance = given * (mil ? 10 : 1)
            guard distance >= 0 else { return fail(distanceName, "must not be negative, found \(distanceText)") }
            guard distance <= 50_000 else {
                return fail(distanceName, "\(distanceText)\(mil ? " mil" : " km") is more than 50000 km for one trip")
            }
        } else if reported == nil {
            let hasDistance = header.index[.distanceKm] != nil || header.index[.distanceMil] != nil
            return fail(
                hasDistance ? distanceName : "co2e_kg", "is empty: a trip needs a distance or a supplier's kg CO2e")
        }
        guard let modeText = field(.mode) else { return fail("mode", "is empty") }
        guard let mode = TravelMode.parse(modeText, distanceKm: distance) else {
            return fail(
                "mode",
                "unknown mode \"\(modeText)\"; modes: flight, "
                    + TravelMode.allCases.map(\.rawValue).joined(separator: ", ")
                    + " (or flyg, tåg, buss, egen bil, …)"
            )
        }
        if !options.allowLong, distance > mode.plausibleKm, let distanceText = field(.distanceKm) ?? field(.distanceMil)
        {
            return fail(distanceName, TravelCSV.implausible(distanceText, km: distance, mode: mode, mil: mil))
        }
        var travellers = 1
        if let text = field(.travellers) {
            guard let count = Int(text), count >= 1, count <= 1000 else {
                return fail("travellers", "\"\(text)\" is not a whole number from 1 to 1000")
            }
            travellers = count
        }
        var cost: Double?
        if let text = field(.costSEK) {
            guard let sek = number(text), sek >= 0 else {
                return fail("cost_sek", "\"\(text)\" is not an amount, 0 or more")
            }
            guard sek <= 100_000_000 else {
                return fail("cost_sek", "\(text) kr is more than one trip can cost (at most 100000000 kr)")
            }
            cost = sek
        }
        guard let unit = field(.unit) ?? options.defaultUnit else { return fail("unit", TravelCSV.noUnit) }
        guard unit.count <= 200 else { return fail("unit", "is longer than 200 characters") }
        var trip = Trip(
            id: id ?? "", date: date, mode: mode, distanceKm: distance, travellers: travellers, unit: unit,
            reportedKgCO2e: reported, costSEK: cost)
        if id == nil { trip.id = trip.contentID }
        return .success(trip)
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
    /// `,`, `;` or a tab, chosen from the header.
    private(set) var delimiter: Unicode.Scalar = ","

    init(text: String, firstLine: Int) {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        self.scalars = scalars
        self.line = firstLine
        // The header decides the delimiter: the most frequent of tab, semicolon and comma outside quotes; a tie goes
        // to the tab, then the semicolon.
        var tabs = 0
        var semicolons = 0
        var commas = 0
        var inQuotes = false
        for scalar in scalars {
            if scalar == "\"" { inQuotes.toggle() }
            if inQuotes { continue }
            if scalar == "\n" || scalar == "\r" { break }
            if scalar == "\t" { tabs += 1 }
            if scalar == ";" { semicolons += 1 }
            if scalar == "," { commas += 1 }
        }
        let best = max(tabs, semicolons, commas)
        if best > 0, tabs == best { delimiter = "\t" } else if best > 0, semicolons == best { delimiter = ";" }
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
                    if scalar == "\n" || (scalar == "\r" && (position >= scalars.count || scalars[position] != "\n")) {
                        line += 1
                    }
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
            case "\n", "\r":
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
