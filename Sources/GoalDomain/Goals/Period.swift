import Foundation

/// A follow-up period: the interim period of a year (1 January to 31 August, the interim report) or the
/// whole year (the annual report). Written `2024-interim` or `2024-annual`.
package struct Period: Sendable, Hashable, Comparable, CustomStringConvertible {
    package enum Kind: String, Sendable, Hashable, CaseIterable {
        /// January to August: the interim report (delårsrapport).
        case interim
        /// The whole year: the annual report (årsredovisning).
        case annual
    }

    package var year: Int
    package var kind: Kind

    package init(year: Int, kind: Kind) {
        self.year = year
        self.kind = kind
    }

    /// Reads `2024-interim` or `2024-annual`, or in Swedish `2024-delår` or `2024-helår` (any case, with or without
    /// the ring); nil for anything else.
    package init?(_ text: String) {
        // The stored and wire forms first, from their bytes: a store holds thousands of periods, read at start.
        if let period = Self.stored(text) {
            self = period
        } else if let period = Period(reading: text) {
            self = period
        } else {
            return nil
        }
    }

    /// The stored and wire forms alone (`2024-annual`, `2024-interim`), read from the text's UTF-8 bytes; nil for
    /// anything else, which `init(reading:)` then reads. Held to it by a test.
    package static func stored(_ text: String) -> Period? {
        var text = text
        return text.withUTF8 { bytes -> Period? in
            guard bytes.count == 11 || bytes.count == 12, bytes[4] == UInt8(ascii: "-") else { return nil }
            var year = 0
            for byte in bytes[0..<4] {
                let digit = byte &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                year = year * 10 + Int(digit)
            }
            let word = bytes[5...]
            if word.elementsEqual("annual".utf8) { return Period(year: year, kind: .annual) }
            if word.elementsEqual("interim".utf8) { return Period(year: year, kind: .interim) }
            return nil
        }
    }

    /// Every written form: the stored ones and the Swedish words, in any case, with or without the ring.
    package init?(reading text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[0].allSatisfy({ $0.isASCII && $0.isNumber }),
            let year = Int(parts[0])
        else { return nil }
        switch parts[1] {
        case "annual":
            self.init(year: year, kind: .annual)
            return
        case "interim":
            self.init(year: year, kind: .interim)
            return
        default: break
        }
        let word = String(parts[1]).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        switch word {
        case "interim", "delar": self.init(year: year, kind: .interim)
        case "annual", "helar": self.init(year: year, kind: .annual)
        default: return nil
        }
    }

    package var description: String { "\(year)-\(kind.rawValue)" }

    /// The last month the period covers: August for the interim period, December for the year.
    package var lastMonth: Int { kind == .interim ? 8 : 12 }

    /// The last day the period covers: 31 August or 31 December.
    package var lastDay: CivilDate { CivilDate(year: year, month: lastMonth, day: 31)! }

    /// Whether the period is over on `today`: closed periods are reported, and a new target does not reach them
    /// unless asked to.
    package func isClosed(on today: CivilDate) -> Bool { lastDay < today }

    /// The same kind of period a year earlier: what a report compares with.
    package var yearEarlier: Period { Period(year: year - 1, kind: kind) }

    /// Interim before annual within a year.
    package static func < (lhs: Period, rhs: Period) -> Bool {
        (lhs.year, lhs.kind == .interim ? 0 : 1) < (rhs.year, rhs.kind == .interim ? 0 : 1)
    }
}

extension Plan {
    /// Every follow-up period of the plan, in order.
    package var periods: [Period] {
        (firstYear...lastYear).flatMap { year in Period.Kind.allCases.map { Period(year: year, kind: $0) } }
    }
}
