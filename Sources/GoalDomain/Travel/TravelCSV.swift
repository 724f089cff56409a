/// Reads travel files: a header naming the columns, then one trip a row. The columns are goald's own names
/// (`id,date,mode,distance_km,travellers,unit,co2e_kg,cost_sek`) or the Swedish and English ones offices use
/// (`Datum;Färdsätt;Sträcka (km);Antal resenärer;Enhet;Kostnad (kr)`, `TravelColumn.names`), in any order, or any
/// header through a mapping. A date, a mode, and a distance (km or mil) or a supplier's kg CO2e are needed; without
/// an id column each trip gets an id made from its content and its occurrence among identical rows, so that the
/// same file imported again adds nothing and two identical journeys are two trips.
///
/// Accepts a UTF-8 byte-order mark, CRLF, LF or CR line ends, quoted fields (with `""` for a quote and line breaks
/// inside), a comma, a semicolon (as Swedish spreadsheets export) or a tab between fields, and a decimal comma.
package enum TravelCSV {
    package static let requiredColumns = ["date", "mode"]
    package static let optionalColumns = [
        "id", "distance_km", "distance_mil", "travellers", "unit", "co2e_kg", "cost_sek",
    ]

    /// The most a supplier may report for one trip: more than any real trip emits (a first-class return flight
    /// around the world is some 10 t), small enough that no sum of trips can overflow.
    package static let maxTripKg = 1_000_000.0
    /// The most one trip may cost.
    package static let maxTripCostSEK = 100_000_000.0
    /// The longest trip, per traveller.
    package static let maxTripKm = 50_000.0

    /// What the rows are checked against besides their own fields.
    package struct Options: Sendable {
        /// goald's column names to the file's headers, for headers goald does not recognise.
        package var columns: [TravelColumn: String] = [:]
        /// The last day a trip may be dated: today, where goald runs.
        package var latestDate: CivilDate?
        /// The first year a trip may be dated.
        package var earliestYear = 1990
        /// Accept trips longer than their mode plausibly makes (`TravelMode.plausibleKm`).
        package var allowLong = false
        /// The unit of a row whose unit is empty (or of every row, without a unit column); nil: such a row is a row
        /// error, so that no trip silently counts for a unit it was not made for.
        package var defaultUnit: String?
        /// For a file without ids sent in parts: the file line of a row to its occurrence among identical rows of
        /// the whole file (2 for the second …), given by the client that saw the earlier parts. A row not listed is
        /// numbered among the identical rows of this part.
        package var occurrences: [Int: Int] = [:]

        package init(
            columns: [TravelColumn: String] = [:], latestDate: CivilDate? = nil, earliestYear: Int = 1990,
            allowLong: Bool = false, defaultUnit: String? = Trip.defaultUnit, occurrences: [Int: Int] = [:]
        ) {
            self.occurrences = occurrences
            self.columns = columns
            self.latestDate = latestDate
            self.earliestYear = earliestYear
            self.allowLong = allowLong
            self.defaultUnit = defaultUnit
        }
    }

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
        /// Rows that repeat an earlier row of the file exactly (same id, same data): counted once. Without an id
        /// column identical rows are not repeats but trips of their own (each has its occurrence in its id).
        package var repeated = 0
        /// The lines `Options.occurrences` lists that start no row of the text (a client's mistake), in order.
        package var strayOccurrences: [Int] = []
        /// True when the file has no id column and each trip's id was made from its content.
        package var derivedIDs = false
        /// The header named the columns needed, so the rows were read.
        package var headerRead = false
        /// The file's header of the column with the suppliers' kg CO2e, when it has one.
        package var reportedColumn: String?

        package init() {}
    }

    /// Parses CSV text whose first record is the header. `firstLine` is the file line of the header, so that
    /// a file sent in parts still reports the lines of the whole file.
    ///
    /// Works on the text's UTF-8 bytes: every byte that matters to CSV (quote, delimiter, line end) is ASCII
    /// and never part of a multi-byte character, and the common field shapes (plain dates, numbers, mode
    /// names) are read without making strings. Anything unusual goes the slow, general way.
    package static func parse(_ text: String, firstLine: Int = 1, options: Options = Options()) -> Parsed {
        var text = text
        return text.withUTF8 { bytes in parse(bytes: bytes, firstLine: firstLine, options: options) }
    }

    private static func parse(bytes: UnsafeBufferPointer<UInt8>, firstLine: Int, options: Options) -> Parsed {
        var parsed = Parsed()
        var records = Records(bytes: bytes, firstLine: firstLine)
        guard records.next() else {
            parsed.problems.append(
                RowProblem(line: firstLine, column: nil, message: "the file is empty: a header line is required"))
            return parsed
        }
        if let problem = records.problem {
            parsed.problems.append(RowProblem(line: records.recordLine, column: nil, message: problem))
            return parsed
        }
        let headerLine = records.recordLine
        let headerCount = records.fieldCount
        let header = Header(cells: (0..<headerCount).map { records.string($0) }, line: headerLine, options: options)
        parsed.problems = header.problems
        parsed.ignoredColumns = header.ignored
        let index = header.index
        let headers = header.headers
        guard parsed.problems.isEmpty else { return parsed }
        let columns = Columns(index: index)
        parsed.headerRead = true
        parsed.derivedIDs = columns.id == nil
        parsed.reportedColumn = headers[.co2eKg]
        var rows = RowReader(
            options: options, distanceColumn: headers[.distanceMil] != nil ? "distance_mil" : "distance_km")
        // Each trip's unit and id, by a 64-bit hash of them, to the position of its first row in `parsed.trips`
        // (cheaper per row than a dictionary of strings); ids whose hash another id has are kept by name.
        var firstSeen: [UInt64: Int] = [:]
        var collided: [TripKey: Int] = [:]
        // Without ids: the rows so far of each content (by its hash), for the occurrence in the next one's id.
        var contents: [UInt64: Int] = [:]
        var listedRows = Set<Int>()
        parsed.trips.reserveCapacity(bytes.count / 48)
        firstSeen.reserveCapacity(bytes.count / 48)
        while records.next() {
            if let problem = records.problem {
                parsed.problems.append(RowProblem(line: records.recordLine, column: nil, message: problem))
                continue
            }
            // A blank line, or a row of nothing but separators or empty cells (the `;;;;` rows a spreadsheet leaves
            // at the end of a sheet): skipped, whatever its number of fields.
            if (0..<records.fieldCount).allSatisfy({ records.isBlank($0) }) { continue }
            if !options.occurrences.isEmpty, options.occurrences[records.recordLine] != nil {
                listedRows.insert(records.recordLine)
            }
            // Empty fields beyond the header's (the trailing `;` a spreadsheet adds) are not fields of the row. Not
            // with a comma between fields: an unquoted decimal comma shifts a row right, and its last, empty field past
            // the header would hide that.
            if records.fieldCount > headerCount, records.delimiter != UInt8(ascii: ","),
                (headerCount..<records.fieldCount).allSatisfy({ records.isBlank($0) })
            {
                // read as the header's columns: the extra ones are never looked at
            } else if records.fieldCount != headerCount {
                let cause =
                    records.fieldCount > headerCount && records.delimiter == UInt8(ascii: ",")
                    ? " (a decimal comma must be quoted: \"12,5\")" : ""
                parsed.problems.append(
                    RowProblem(
                        line: records.recordLine, column: nil,
                        message: "\(records.fieldCount) fields, the header has \(headerCount)\(cause)"))
                continue
            }
            switch rows.trip(from: records, columns: columns) {
            case .success(var trip):
                if parsed.derivedIDs {
                    let hash = trip.contentHash
                    var occurrence = contents[hash, default: 0] + 1
                    contents[hash] = occurrence
                    if let given = options.occurrences[records.recordLine] { occurrence = given }
                    trip.id = Trip.derivedID(hash: hash, occurrence: occurrence)
                }
                let position = parsed.trips.count
                let hash = Self.keyHash(unit: trip.unit, id: trip.id)
                var earlier: Int?
                if let first = firstSeen[hash] {
                    let other = parsed.trips[first].trip
                    if other.unit == trip.unit, other.id == trip.id {
                        earlier = first
                    } else if let known = collided[TripKey(unit: trip.unit, id: trip.id)] {
                        earlier = known
                    } else {
                        collided[TripKey(unit: trip.unit, id: trip.id)] = position
                    }
                } else {
                    firstSeen[hash] = position
                }
                if let earlier {
                    if parsed.trips[earlier].trip == trip {
                        parsed.repeated += 1
                    } else {
                        parsed.problems.append(
                            RowProblem(
                                line: records.recordLine, column: columns.id == nil ? nil : "id",
                                message:
                                    "the id \"\(trip.id)\" of \(trip.unit) is on line \(parsed.trips[earlier].line) "
                                    + "too, with other data"))
                    }
                    continue
                }
                parsed.trips.append((records.recordLine, trip))
            case .failure(let problem): parsed.problems.append(problem)
            }
        }
        parsed.strayOccurrences = options.occurrences.keys.filter { !listedRows.contains($0) }.sorted()
        // A problem names the column as the file's header does, with goald's name after it when they differ.
        let shown = Dictionary(
            uniqueKeysWithValues: headers.compactMap { column, header in
                header == column.rawValue ? nil : (column.rawValue, "\(header) [\(column.rawValue)]")
            })
        if !shown.isEmpty {
            for index in parsed.problems.indices {
                if let column = parsed.problems[index].column, let named = shown[column] {
                    parsed.problems[index].column = named
                }
            }
        }
        return parsed
    }

    /// Why a row without a unit is not a trip.
    package static let noUnit =
        "is empty: name the trip's unit, or give the import a default unit (--unit NAME, or "
        + "default_unit=NAME in its column profile)"

    /// Why a distance is more than its mode plausibly makes.
    package static func implausible(_ text: String, km: Double, mode: TravelMode, mil: Bool) -> String {
        let given = mil ? "\(text) mil (\(Int(km.rounded())) km)" : "\(text) km"
        return "\(given) by \(mode.rawValue) is more than such a trip plausibly is (\(Int(mode.plausibleKm)) km)"
            + (mil ? "; a distance in km in the mil column?" : "") + ": check the row, or import with --allow-long"
    }

    /// The most rows looked at for the header: a title, a date and notes above it are common in office exports;
    /// a file whose header is further down names it with --header-row.
    package static let headerSearchRows = 50

    /// The file line of the header: the first record within `headerSearchRows` whose cells name the columns goald
    /// needs (a title row, notes or blank rows above it are passed over). Without one, the problems of the first
    /// record that has anything in it, as a header there would have them.
    package static func findHeader(
        _ text: String, firstLine: Int = 1,
        options: Options = Options()
    ) -> Result<Int, RowProblem> {
        var text = text
        return text.withUTF8 { bytes in
            var records = Records(bytes: bytes, firstLine: firstLine)
            var firstProblems: [RowProblem]?
            var looked = 0
            while looked < headerSearchRows, records.next() {
                looked += 1
                if let problem = records.problem {
                    return .failure(RowProblem(line: records.recordLine, column: nil, message: problem))
                }
                if (0..<records.fieldCount).allSatisfy({ records.isBlank($0) }) { continue }
                let header = Header(
                    cells: (0..<records.fieldCount).map { records.string($0) },
                    line: records.recordLine, options: options)
                if header.problems.isEmpty { return .success(records.recordLine) }
                if firstProblems == nil { firstProblems = header.problems }
            }
            guard let first = firstProblems?.first else {
                return .failure(
                    RowProblem(line: firstLine, column: nil, message: "the file is empty: a header line is required"))
            }
            let more = looked >= headerSearchRows ? "the first \(headerSearchRows) rows" : "no row"
            return .failure(
                RowProblem(
                    line: first.line, column: first.column,
                    message: first.message
                        + " (\(more) named the columns; give the header's row with --header-row)"))
        }
    }

    /// The column a folded header names by itself: goald's own name or a known one, unless the mapping gives the
    /// column to another header.
    static func recognised(_ folded: String, _ options: Options) -> TravelColumn? {
        guard let column = TravelColumn.recognise(folded), options.columns[column] == nil else { return nil }
        return column
    }

    /// FNV-1a over a trip's unit and id, with a separator byte that neither holds.
    static func keyHash(unit: String, id: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in unit.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        hash = (hash ^ 0xFF) &* 0x0000_0100_0000_01B3
        for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    package struct TripKey: Hashable {
        package var unit: String
        package var id: String

        package init(unit: String, id: String) {
            self.unit = unit
            self.id = id
        }
    }

    /// What a header says: where each column goald reads sits, and what is wrong with it. Shared by every reader
    /// of travel files (the byte-level one here and the reference in the tests).
    package struct Header {
        package var index: [TravelColumn: Int] = [:]
        package var headers: [TravelColumn: String] = [:]
        package var problems: [RowProblem] = []
        package var ignored: [String] = []

        package init(cells: [String], line headerLine: Int, options: Options) {
            let mapped = Dictionary(options.columns.map { (TravelColumn.fold($0.value), $0.key) }) { first, _ in first }
            var seen: Set<String> = []
            for (position, cell) in cells.enumerated() {
                let header = cell.trimmingSpaces()
                let folded = TravelColumn.fold(header)
                if folded.isEmpty { continue }
                if !seen.insert(folded).inserted {
                    problems.append(RowProblem(line: headerLine, column: header, message: "the column appears twice"))
                    continue
                }
                guard let column = mapped[folded] ?? TravelCSV.recognised(folded, options) else {
                    ignored.append(header)
                    continue
                }
                if let other = headers[column] {
                    problems.append(
                        RowProblem(
                            line: headerLine, column: header,
                            message: "\"\(other)\" and "
                                + "\"\(header)\" both give \(column.rawValue); name the one to use with --columns "
                                + "\(column.rawValue)=HEADER"))
                    continue
                }
                index[column] = position
                headers[column] = header
            }
            for (column, header) in options.columns.sorted(by: { $0.key.rawValue < $1.key.rawValue })
            where index[column] == nil {
                problems.append(
                    RowProblem(
                        line: headerLine, column: column.rawValue,
                        message: "the mapping names \"\(header)\", which the header does not have"))
            }
            var missing: [String] = []
            if index[.date] == nil { missing.append("a date (date, Datum, Avresedatum …)") }
            if index[.mode] == nil { missing.append("a mode (mode, Färdsätt, Färdmedel …)") }
            if index[.distanceKm] == nil, index[.distanceMil] == nil, index[.co2eKg] == nil {
                missing.append(
                    "a distance (distance_km, Sträcka (km), distance_mil, Sträcka (mil) …) or a supplier's "
                        + "kg CO2e (co2e_kg, Kg CO2e …)")
            }
            if let km = headers[.distanceKm], let mil = headers[.distanceMil] {
                problems.append(
                    RowProblem(
                        line: headerLine, column: nil,
                        message: "the header has a distance in km "
                            + "(\(km)) and one in mil (\(mil)); map one with --columns"))
            }
            if !missing.isEmpty {
                let found =
                    headers.isEmpty
                    ? "no column goald knows"
                    : "found "
                        + TravelColumn.allCases.compactMap { column in
                            headers[column].map { "\($0) as \(column.rawValue)" }
                        }.joined(separator: ", ")
                problems.append(
                    RowProblem(
                        line: headerLine, column: nil,
                        message: "the header lacks " + missing.joined(separator: "; ")
                            + " (\(found)); name other headers "
                            + "with --columns, such as date=Avresa,mode=Typ,distance_mil=Längd"))
            }
        }
    }

    /// Where each column the parser reads sits in a row.
    private struct Columns {
        let date: Int, mode: Int
        let id: Int?, distance: Int?, travellers: Int?, unit: Int?, co2e: Int?, cost: Int?
        /// km per unit of the distance column: 1, or 10 for mil.
        let kmPerUnit: Double

        init(index: [TravelColumn: Int]) {
            date = index[.date]!
            mode = index[.mode]!
            id = index[.id]
            distance = index[.distanceKm] ?? index[.distanceMil]
            kmPerUnit = index[.distanceMil] != nil ? 10 : 1
            travellers = index[.travellers]
            unit = index[.unit]
            co2e = index[.co2eKg]
            cost = index[.costSEK]
        }
    }

    /// Turns records into trips; remembers the last few units' names, so that a file makes one string per unit.
    private struct RowReader {
        private var recentUnits: [(bytes: [UInt8], name: String)] = []
        let options: Options
        /// The name of the distance column, for the words of a problem.
        let distanceColumn: String

        init(options: Options, distanceColumn: String) {
            self.options = options
            self.distanceColumn = distanceColumn
        }

        mutating func trip(from record: Records, columns: Columns) -> Result<Trip, RowProblem> {
            let line = record.recordLine
            func fail(_ column: String, _ message: String) -> Result<Trip, RowProblem> {
                .failure(RowProblem(line: line, column: column, message: message))
            }
            func text(_ position: Int?) -> String? {
                guard let position else { return nil }
                return record.trimmedString(position)
            }

            let givenID = text(columns.id)
            if columns.id != nil, givenID == nil { return fail("id", "is empty: every trip needs an id") }
            if let givenID, !(givenID.utf8.count <= 200 || givenID.count <= 200) {
                return fail("id", "is longer than 200 characters")
            }

            let date: CivilDate
            if let fast = record.withTrimmed(columns.date, { CivilDate.parse($0) }) ?? nil {
                date = fast
            } else {
                guard let dateText = text(columns.date) else { return fail("date", "is empty") }
                guard let parsed = CivilDate(dateText) ?? CivilDate(dateTime: dateText) else {
                    return fail(
                        "date",
                        "\"\(dateText)\" is not a date: write YYYY-MM-DD, such as 2024-03-15 (a time "
                            + "of day after it, 2024-03-15 08:30, is left out)")
                }
                date = parsed
            }
            guard date.year >= options.earliestYear, date.year <= 2100 else {
                return fail("date", "\(date) is outside \(options.earliestYear)–2100")
            }
            if let latest = options.latestDate, latest < date {
                return fail("date", "\(date) is after today (\(latest)): a trip is imported once it has been made")
            }

            var reported: Double?
            if let position = columns.co2e, !record.isBlank(position) {
                let kg = (record.withTrimmed(position, { TravelCSV.fastNumber($0) }) ?? nil) ?? number(text(position)!)
                guard let kg, kg >= 0 else {
                    return fail("co2e_kg", "\"\(text(position)!)\" is not a number of kg, 0 or more")
                }
                guard kg <= TravelCSV.maxTripKg else {
                    return fail("co2e_kg", "\(text(position)!) kg is more than one trip can emit (at most 1000000 kg)")
                }
                reported = kg
            }

            var distance = 0.0
            if let position = columns.distance, !record.isBlank(position) {
                let given: Double
                if let fast = record.withTrimmed(position, { TravelCSV.fastNumber($0) }) ?? nil {
                    given = fast
                } else {
                    let distanceText = text(position)!
                    guard let value = number(distanceText) else {
                        return fail(distanceColumn, "\"\(distanceText)\" is not a number")
                    }
                    given = value
                }
                distance = given * columns.kmPerUnit
                guard distance >= 0 else {
                    return fail(distanceColumn, "must not be negative, found \(text(position)!)")
                }
                guard distance <= TravelCSV.maxTripKm else {
                    return fail(
                        distanceColumn,
                        "\(text(position)!)\(columns.kmPerUnit == 10 ? " mil" : " km") is more "
                            + "than 50000 km for one trip")
                }
            } else if reported == nil {
                return fail(
                    columns.distance == nil ? "co2e_kg" : distanceColumn,
                    "is empty: a trip needs a distance or a supplier's kg CO2e")
            }

            let mode: TravelMode
            if let fast = record.withTrimmed(columns.mode, { TravelMode.parseFast($0, distanceKm: distance) }) ?? nil {
                mode = fast
            } else {
                guard let modeText = text(columns.mode) else { return fail("mode", "is empty") }
                guard let parsed = TravelMode.parse(modeText, distanceKm: distance) else {
                    return fail(
                        "mode",
                        "unknown mode \"\(modeText)\"; modes: flight, "
                            + TravelMode.allCases.map(\.rawValue).joined(separator: ", ")
                            + " (or flyg, tåg, buss, egen bil, …)")
                }
                mode = parsed
            }
            if !options.allowLong, distance > mode.plausibleKm {
                return fail(
                    distanceColumn,
                    TravelCSV.implausible(
                        text(columns.distance)!, km: distance, mode: mode,
                        mil: columns.kmPerUnit == 10))
            }

            var travellers = 1
            if let position = columns.travellers, !record.isBlank(position) {
                if let count = record.withTrimmed(position, { TravelCSV.smallInteger($0) }) ?? nil, count >= 1,
                    count <= 1000
                {
                    travellers = count
                } else {
                    let text = text(position)!
                    guard let count = Int(text), count >= 1, count <= 1000 else {
                        return fail("travellers", "\"\(text)\" is not a whole number from 1 to 1000")
                    }
                    travellers = count
                }
            }
            var cost: Double?
            if let position = columns.cost, !record.isBlank(position) {
                let sek = (record.withTrimmed(position, { TravelCSV.fastNumber($0) }) ?? nil) ?? number(text(position)!)
                guard let sek, sek >= 0 else {
                    return fail("cost_sek", "\"\(text(position)!)\" is not an amount, 0 or more")
                }
                guard sek <= TravelCSV.maxTripCostSEK else {
                    return fail(
                        "cost_sek", "\(text(position)!) kr is more than one trip can cost (at most 100000000 kr)")
                }
                cost = sek
            }
            var unit: String
            if let position = columns.unit, !record.isBlank(position) {
                let known =
                    record.withTrimmed(position) { bytes in
                        recentUnits.firstIndex { $0.bytes.elementsEqual(bytes) }
                    } ?? nil
                if let known {
                    unit = recentUnits[known].name
                } else {
                    unit = record.trimmedString(position)!
                    if recentUnits.count == 8 { recentUnits.removeFirst() }
                    recentUnits.append((Array(unit.utf8), unit))
                }
            } else if let fallback = options.defaultUnit {
                unit = fallback
            } else {
                return fail("unit", TravelCSV.noUnit)
            }
            guard unit.utf8.count <= 200 || unit.count <= 200 else {
                return fail("unit", "is longer than 200 characters")
            }
            let trip = Trip(
                id: givenID ?? "", date: date, mode: mode, distanceKm: distance, travellers: travellers,
                unit: unit, reportedKgCO2e: reported, costSEK: cost)
            return .success(trip)
        }
    }

    /// Reads a plain decimal (`1234`, `-12.5`, or with a decimal comma `12,5`) exactly as `number(_:)` (and so
    /// `Double(_:)`) would, or nil for anything else (the general reader then takes it). Exact because the digits fit
    /// a Double's 53-bit significand and 10^k (k ≤ 22) is exact, so the one division rounds correctly (Clinger's fast
    /// path).
    package static func fastNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
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
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: ","), !seenDot {
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
        guard !cleaned.isEmpty,
            cleaned.allSatisfy({
                $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-" || $0 == "+" || $0 == "e" || $0 == "E")
            }),
            let value = Double(cleaned), value.isFinite
        else { return nil }
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
    /// `,`, `;` or a tab, chosen from the header.
    let delimiter: UInt8

    init(bytes: UnsafeBufferPointer<UInt8>, firstLine: Int) {
        self.bytes = bytes
        self.line = firstLine
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
        // The header decides the delimiter: the most frequent of tab, semicolon and comma outside quotes (a tie
        // goes to the tab, then the semicolon: a Swedish header may hold a comma in a quoted name).
        var counts = [0, 0, 0]  // tab, semicolon, comma
        var scan = position
        var inQuotes = false
        while scan < bytes.count {
            let byte = bytes[scan]
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            if !inQuotes {
                if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
                if byte == 0x09 { counts[0] += 1 }
                if byte == UInt8(ascii: ";") { counts[1] += 1 }
                if byte == UInt8(ascii: ",") { counts[2] += 1 }
            }
            scan += 1
        }
        let best = counts.max() ?? 0
        delimiter =
            best == 0 || counts[2] == best && counts[0] < best && counts[1] < best
            ? UInt8(ascii: ",")
            : counts[0] == best ? 0x09 : UInt8(ascii: ";")
    }

    var fieldCount: Int { fields.count }
    /// The bytes of the input read so far.
    var consumed: Int { position }
    /// The line the next record starts on.
    var nextLine: Int { line }

    /// Reads the next record; false at the end of the input.
    mutating func next() -> Bool {
        guard position < bytes.count else { return false }
        recordLine = line
        problem = nil
        fields.removeAll(keepingCapacity: true)
        scratch.removeAll(keepingCapacity: true)
        let quote = UInt8(ascii: "\"")
        let newline = UInt8(ascii: "\n")
        let carriageReturn = UInt8(ascii: "\r")
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
                    if byte == newline
                        || (byte == carriageReturn && (position >= bytes.count || bytes[position] != newline))
                    {
                        line += 1
                    }
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
            } else if byte == newline || byte == carriageReturn {
                // LF, CRLF (the CR was skipped above), or a lone CR (old Mac line ends).
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
