import GoalDomain
import Testing

/// The stored forms of a period are read from their bytes at start (`Period.stored`); every text reads the same
/// through it as through the general reader (`Period(reading:)`), or it is left to the general reader.
@Suite struct PeriodTests {
    static let pieces = [
        "2024", "1999", "0000", "9999", "202", "20245", "２０２４", "٢٠٢٤", "2O24", " 2024", "-", "--", "",
        "annual", "interim", "Annual", "INTERIM", "annuaL", "annual ", "interi", "interimm", "delår", "helår",
        "Delar", "HELÅR", "a\u{0300}nnual", "annual\u{0301}", "\u{00A0}", "é", "\u{0}", "x",
    ]

    @Test func theStoredFormsReadFromTheirBytesAsTheGeneralReaderReadsThem() {
        for year in [0, 1, 999, 1990, 2024, 2100, 9999] {
            for kind in Period.Kind.allCases {
                let period = Period(year: year, kind: kind)
                let text = String(repeating: "0", count: 4 - min(4, "\(year)".count)) + "\(year)-\(kind.rawValue)"
                #expect(Period.stored(text) == period, "\(text)")
                #expect(Period(reading: text) == period, "\(text)")
                #expect(Period(text) == period, "\(text)")
            }
        }
    }

    @Test func randomTextsReadAlikeOrAreLeftToTheGeneralReader() {
        var generator = SystemRandomNumberGenerator()
        var storedHits = 0
        for _ in 0..<20_000 {
            let count = Int.random(in: 1...4, using: &generator)
            let text = (0..<count).map { _ in Self.pieces.randomElement(using: &generator)! }.joined(
                separator: Bool.random(using: &generator) ? "-" : "")
            let general = Period(reading: text)
            if let stored = Period.stored(text) {
                storedHits += 1
                #expect(stored == general, "\(text)")
            }
            #expect(Period(text) == general, "\(text)")
        }
        #expect(storedHits > 0, "some random texts are stored forms")
    }

    @Test func swedishWordsAndOtherCasesStillRead() {
        #expect(Period.stored("2025-delår") == nil)
        #expect(Period("2025-delår") == Period(year: 2025, kind: .interim))
        #expect(Period("2025-HELAR") == Period(year: 2025, kind: .annual))
        #expect(Period("2025-Annual") == Period(year: 2025, kind: .annual))
        #expect(Period("2025-annual ") == nil)
        #expect(Period("+025-annual") == nil)
        #expect(Period("２０２５-annual") == nil)
    }
}
