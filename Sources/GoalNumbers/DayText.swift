/// A day as people read it in goald's words: "20 nov 2026" in Swedish, "20 Nov 2026" in English. The report, goald's
/// notes and goalctl's tables write provisional days this one way.
package enum DayText {
    static let swedishMonths = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
    static let englishMonths = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `day month year` (the year left out with `withYear: false`); nil for a month outside 1–12.
    package static func short(year: Int, month: Int, day: Int, swedish: Bool, withYear: Bool = true) -> String? {
        guard (1...12).contains(month) else { return nil }
        let name = (swedish ? swedishMonths : englishMonths)[month - 1]
        return "\(day) \(name)" + (withYear ? " \(year)" : "")
    }
}
