import Foundation
import Glibc

/// A calendar day, without time or zone, as a travel file writes it (`2024-02-29`).
package struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    package var year: Int
    package var month: Int
    package var day: Int

    package init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...CivilDate.daysIn(month: month, year: year)).contains(day) else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads `YYYY-MM-DD`; nil for anything else or a day the calendar lacks (2023-02-29).
    package init?(_ text: String) {
        let parts = text.trimmingSpaces().split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Reads a date with a time of day after it, as spreadsheets write a date-time cell: `2025-02-14 00:00`,
    /// `2025-02-14 08:30:15`, `2025-02-14T08:30`; the time is left out.
    package init?(dateTime text: String) {
        let trimmed = text.trimmingSpaces()
        guard trimmed.count > 10 else { return nil }
        let datePart = trimmed.prefix(10)
        let rest = trimmed.dropFirst(10)
        guard let separator = rest.first, separator == " " || separator == "T" else { return nil }
        let time = rest.dropFirst().drop { $0 == " " }
        let parts = time.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count),
            parts.enumerated().allSatisfy({ index, part in
                let digits = index == 2 ? part.split(separator: ".", maxSplits: 1).first ?? "" : part
                return (1...2).contains(digits.count) && digits.allSatisfy { $0.isASCII && $0.isNumber }
                    && (index < 2 || part.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") })
            }),
            let hour = Int(parts[0]), hour < 24, let minute = Int(parts[1]), minute < 60
        else { return nil }
        self.init(String(datePart))
    }

    /// Reads exactly `YYYY-MM-DD` from ASCII bytes; nil for anything else (as `init?(_:)` on the same text).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> CivilDate? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func digits(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = digits(0..<4), let month = digits(5..<7), let day = digits(8..<10) else { return nil }
        return CivilDate(year: year, month: month, day: day)
    }

    package var description: String {
        let m = month < 10 ? "0\(month)" : "\(month)"
        let d = day < 10 ? "0\(day)" : "\(day)"
        return "\(year)-\(m)-\(d)"
    }

    package static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    package static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    package static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The same month and day in another year; 29 February becomes 28 February in a year without it.
    package func inYear(_ other: Int) -> CivilDate {
        CivilDate(year: other, month: month, day: min(day, CivilDate.daysIn(month: month, year: other)))!
    }

    /// Days since 1970-01-01 (negative before it), by the proleptic Gregorian calendar.
    package var unixDay: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day an instant falls on where goald runs (its zone: `TZ`, else the system's), through the C library:
    /// Foundation's Calendar costs some microseconds a call, and GetReduction asks for the day on every call.
    /// Foundation's answer when the C library has none.
    package static func local(_ instant: Date) -> CivilDate {
        var seconds = time_t(instant.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil,
            let day = CivilDate(
                year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1,
                day: Int(parts.tm_mday))
        else { return on(instant, in: .current) }
        return day
    }

    /// The day an instant falls on in a time zone.
    package static func on(_ instant: Date, in zone: TimeZone) -> CivilDate {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: zone, from: instant)
        return CivilDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1) ?? firstOf(year: 1970)
    }

    package static func firstOf(year: Int) -> CivilDate { CivilDate(year: year, month: 1, day: 1)! }
    package static func lastOf(year: Int) -> CivilDate { CivilDate(year: year, month: 12, day: 31)! }
}
