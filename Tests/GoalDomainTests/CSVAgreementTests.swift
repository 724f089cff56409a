import Foundation
import GoalDomain
import GoalTestSupport
import Testing

/// The byte-level travel-file parser gives the same trips and the same problems, with the same lines and
/// messages, as the reference parser that reads characters, on random files built from tricky pieces.
@Suite struct CSVAgreementTests {
    static let ids = ["A1", "trip-7", "\"q,1\"", "  B2 ", "", "\"multi\nline\"", "Å-ö", "\"a\"\"b\"", "x\"y"]
    static let dates = [
        "2024-03-15", "2020-02-29", "2023-02-29", " 2021-12-01 ", "2024-3-5", "15/03/2024", "",
        "\u{00A0}2022-06-30", "1989-12-31", "2101-01-01", "２０２４-01-01", "2024-13-01",
    ]
    static let modes = [
        "rail", "flight", "Flight", "FLYG", "tåg", "egen bil", "car_private", "car-electric", "taxi",
        "bus ", "unknown", "", "Färja", "hvo", "flight_long_haul", "\"rail\"", "HVO bil",
    ]
    static let numbers = [
        "100", "12.5", "\"12,5\"", "1 200", "-3", "0", "", "abc", "1e3", "0.000001", "50000",
        "50001", "7.", ".5", "1234567890123456789", "\u{2212}4", "+5", " 42 ", "00012.50",
        "3.14159265358979", "\u{00A0}8",
    ]
    static let travellers = ["1", "2", "", "0", "1001", "x", " 3 ", "+2", "0004"]
    static let units = [
        "Regional utveckling", "Kultur och bildning", "", " Kultur ", "\"Unit; with, marks\"",
        "Enhet\u{00A0}", String(repeating: "u", count: 201),
    ]
    static let headers = [
        "id,date,mode,distance_km", "id,date,mode,distance_km,travellers,unit,co2e_kg,cost_sek",
        "\u{FEFF}Date,ID,Mode,Distance_km,Unit,extra", "id;date;mode;distance_km;co2e_kg",
        "id,date,mode", "id,id,date,mode,distance_km", "\"id\",date,\"mode\",distance_km,travellers",
        "Datum;Färdsätt;Sträcka (km);Antal resenärer;Enhet;Kostnad (kr)",
        "date\tmode\tdistance_mil\tid", "date,mode,co2e_kg,unit", "Avresedatum;Färdmedel;Sträcka (mil);Kg CO2e",
        "date,mode,distance_km,sträcka (mil)",
    ]

    static func randomFile(_ random: inout SeededRandom) -> String {
        var header = random.pick(headers)
        if random.chance(5) { header = "\"id,date" }
        let delimiter: Character = header.contains("\t") ? "\t" : header.contains(";") ? ";" : ","
        let columns = header.replacingOccurrences(of: "\u{FEFF}", with: "").lowercased()
            .split(separator: delimiter, omittingEmptySubsequences: false).map(String.init)
        let lineEnd = random.chance(30) ? "\r\n" : random.chance(10) ? "\r" : "\n"
        var text = header + lineEnd
        var previous: String?
        for _ in 0..<Int(random.next() % 12) {
            if random.chance(5) {
                text += lineEnd
                continue
            }
            // Identical rows: without ids, each is a trip with its occurrence in its id.
            if let previous, random.chance(4) {
                text += previous + lineEnd
                continue
            }
            var fields: [String] = []
            for column in columns {
                switch column.replacingOccurrences(of: "\"", with: "") {
                case "id": fields.append(random.pick(ids))
                case "date", "datum", "avresedatum": fields.append(random.pick(dates))
                case "mode", "färdsätt", "färdmedel": fields.append(random.pick(modes))
                case "distance_km", "co2e_kg", "cost_sek", "sträcka (km)", "kostnad (kr)", "distance_mil",
                    "sträcka (mil)",
                    "kg co2e":
                    fields.append(random.pick(numbers))
                case "travellers", "antal resenärer": fields.append(random.pick(travellers))
                case "unit", "enhet": fields.append(random.pick(units))
                default: fields.append("x")
                }
            }
            if random.chance(5) { fields.removeLast() }
            if random.chance(5) { fields.append("extra") }
            var row = fields.joined(separator: String(delimiter))
            if random.chance(3) { row += "\"unclosed" }
            if random.chance(3) { row += "\r" }
            text += row + lineEnd
            previous = row
        }
        if random.chance(30) { text.removeLast() }
        return text
    }

    static func same(_ a: TravelCSV.Parsed, _ b: TravelCSV.Parsed) -> Bool {
        a.problems == b.problems && a.ignoredColumns == b.ignoredColumns && a.trips.count == b.trips.count
            && a.repeated == b.repeated && a.derivedIDs == b.derivedIDs && a.strayOccurrences == b.strayOccurrences
            && zip(a.trips, b.trips).allSatisfy { $0.line == $1.line && $0.trip == $1.trip }
    }

    @Test func agreesWithTheReferenceOnRandomFiles() {
        var random = SeededRandom.forTest(seed: 20_261_127)
        var trips = 0
        var problems = 0
        var numbered = 0  // identical rows without ids: the second and later, with their occurrence
        for round in 0..<20_000 {
            let text = Self.randomFile(&random)
            let firstLine = round % 3 == 0 ? 1 : Int(random.next() % 5000) + 1
            // Some parts carry the occurrences a client counted in the file's earlier parts, for random lines.
            var options = TravelCSV.Options()
            if round % 4 == 1 {
                for _ in 0..<Int(random.next() % 4) {
                    options.occurrences[firstLine + 1 + Int(random.next() % 12)] = 1 + Int(random.next() % 4)
                }
            }
            let fast = TravelCSV.parse(text, firstLine: firstLine, options: options)
            let reference = ReferenceCSV.parse(text, firstLine: firstLine, options: options)
            trips += fast.trips.count
            problems += fast.problems.count
            if fast.derivedIDs { numbered += fast.trips.filter { $0.trip.id.split(separator: "-").count == 3 }.count }
            if !Self.same(fast, reference) {
                Issue.record(
                    """
                    round \(round) differs (\(random.replay)) for \(String(reflecting: text)):
                    fast: \(fast.trips.map { ($0.line, $0.trip) }) \(fast.problems) \(fast.ignoredColumns) \
                    \(fast.strayOccurrences)
                    reference: \(reference.trips.map { ($0.line, $0.trip) }) \(reference.problems) \
                    \(reference.ignoredColumns) \(reference.strayOccurrences)
                    """)
                return
            }
        }
        // The generator reaches both sides: many trips read and many rows refused.
        #expect(trips > 5_000)
        #expect(problems > 10_000)
        #expect(numbered > 100, "\(numbered) identical rows numbered")
    }

    @Test func plainNumbersReadExactlyAsDoubleDoes() {
        var random = SeededRandom.forTest(seed: 7)
        for _ in 0..<100_000 {
            let integer = random.next() % 1_000_000
            let fraction = random.next() % 1_000_000_000
            let digits = Int(random.next() % 10)
            var text = "\(integer)"
            if digits > 0 {
                let padded = String(String(fraction).prefix(digits))
                text += "." + String(repeating: "0", count: max(0, digits - padded.count)) + padded
            }
            if random.chance(20) { text = "-" + text }
            let fast = Array(text.utf8).withUnsafeBufferPointer { TravelCSV.fastNumber($0) }
            if let fast {
                #expect(fast.bitPattern == Double(text)!.bitPattern, "\(text); \(random.replay)")
            }
            // With a decimal comma, as Swedish files write it: what the general reader makes of it.
            let comma = text.replacingOccurrences(of: ".", with: ",")
            let fastComma = Array(comma.utf8).withUnsafeBufferPointer { TravelCSV.fastNumber($0) }
            #expect(fastComma?.bitPattern == fast?.bitPattern, "\(comma); \(random.replay)")
            if let fastComma {
                #expect(fastComma.bitPattern == TravelCSV.number(comma)!.bitPattern, "\(comma); \(random.replay)")
            }
        }
    }

    /// The byte-level mode reader gives `TravelMode.parse`'s answer for every name goald knows, in any case and with
    /// dashes or underscores for spaces, and for random names of ASCII, Latin-1 letters and other UTF-8; where it
    /// gives none the general reader answers.
    @Test func modesReadFromBytesAsParseReadsThem() {
        func fast(_ text: String, _ km: Double) -> TravelMode? {
            Array(text.utf8).withUnsafeBufferPointer { TravelMode.parseFast($0, distanceKm: km) }
        }
        var names = Array(TravelMode.flightNames) + TravelMode.allCases.map(\.rawValue) + Array(TravelMode.aliases.keys)
        names +=
            names.map { $0.uppercased() } + names.map { $0.capitalized }
            + names.map { $0.replacingOccurrences(of: " ", with: "-") }
        for name in names {
            for km in [100.0, 1000, 5000] {
                #expect(fast(name, km) != nil, "\(name) is read from its bytes")
                #expect(fast(name, km) == TravelMode.parse(name, distanceKm: km), "\(name) at \(km) km")
            }
        }
        var random = SeededRandom.forTest(seed: 31)
        let pieces = [
            "t", "å", "Å", "g", "ä", "Ä", "ö", "Ö", "é", "É", "×", "÷", "ß", "ÿ", "İ", "ǅ", "Σ", "-",
            "_", " ", "bil", "BIL", "flyg", "\u{0301}", "\u{00A0}", "Egen", "Färja", "FÄRJA", "tåg", "TÅG",
        ]
        for _ in 0..<50_000 {
            let name = (0..<Int(1 + random.next() % 4)).map { _ in random.pick(pieces) }.joined()
            if let mode = fast(name, 300) {
                #expect(mode == TravelMode.parse(name, distanceKm: 300), "\(name); \(random.replay)")
            }
        }
    }

    @Test func modeOrdinalsFollowAllCases() {
        for (index, mode) in TravelMode.allCases.enumerated() {
            #expect(mode.ordinal == index)
        }
        #expect(TravelMode.count == TravelMode.allCases.count)
    }
}
