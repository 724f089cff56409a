import FoundationEssentials
import GoalProtocol

/// A value on goalctl's command line that does not fit the indicator: a usage error (exit 64).
struct ValueError: Error {
    var message: String
}

/// Turns command-line text into the JSON value an indicator's kind takes.
enum ValueParsing {
    /// Reads "4,2", "4.2", "4,2 %", "-1 200" as numbers; "ja"/"nej"/"yes"/"no"/"true"/"false" as yes/no.
    static func value(_ text: String, for indicator: IndicatorMessage, what: String = "value") throws -> JSONValue {
        let kind = indicator.target.kind
        switch kind {
        case "qualitative":
            return .string(text)
        case "yesNo":
            guard let flag = yesNo(text) else {
                throw ValueError(
                    message: "\(indicator.number) is a yes/no question: give ja or nej (yes/no), not \"\(text)\"")
            }
            return .bool(flag)
        default:
            guard let number = number(text) else {
                throw ValueError(
                    message: "\(indicator.number) takes \(Self.article(kind)) \(kind): give a number such as 4,2 or "
                        + "4.2, not \"\(text)\"")
            }
            return .number(number)
        }
    }

    static func number(_ text: String) -> Double? {
        var cleaned = text.trimmingBlanks()
        if cleaned.hasSuffix("%") { cleaned.removeLast() }
        cleaned = cleaned.filter { $0 != " " && $0 != "\u{00A0}" && $0 != "\u{202F}" }
        cleaned = cleaned.replacing(",", with: ".").replacing("−", with: "-")
        guard let number = Double(cleaned), number.isFinite else { return nil }
        return number
    }

    /// "a" or "an" before a word.
    static func article(_ word: String) -> String {
        guard let first = word.lowercased().first else { return "a" }
        return "aeiou".contains(first) ? "an" : "a"
    }

    static func yesNo(_ text: String) -> Bool? {
        switch text.trimmingBlanks().lowercased() {
        case "ja", "yes", "true", "j", "y": true
        case "nej", "no", "false", "n": false
        default: nil
        }
    }
}

extension String {
    /// Without the spaces and tabs at either end (line ends are kept, as `.whitespaces` keeps them).
    func trimmingBlanks() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace, !first.isNewline { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace, !last.isNewline { slice.removeLast() }
        return String(slice)
    }
}
