/// How a number is written for people: the one number formatting goald's report, its domain texts and goalctl's
/// tables share. Swedish writes a decimal comma and a space between thousands (1 250,5); English a decimal point
/// and commas (1,250.5).
package struct NumberStyle: Sendable, Hashable {
    package var decimalSeparator: String
    package var groupSeparator: String
    /// The sign of a negative number: `-` in plain text, `−` (U+2212) where the text is typeset.
    package var minus: String

    package init(decimalSeparator: String, groupSeparator: String, minus: String) {
        self.decimalSeparator = decimalSeparator
        self.groupSeparator = groupSeparator
        self.minus = minus
    }

    /// Plain-text Swedish, for terminals and messages: `1 250,5`, `-3,2`.
    package static let swedish = NumberStyle(decimalSeparator: ",", groupSeparator: " ", minus: "-")
    /// Typeset Swedish, for the report: a no-break space between thousands and a true minus sign.
    package static let swedishTypeset = NumberStyle(decimalSeparator: ",", groupSeparator: "\u{00A0}", minus: "−")
    /// Typeset English.
    package static let englishTypeset = NumberStyle(decimalSeparator: ".", groupSeparator: ",", minus: "−")

    /// With a fixed count of decimals, rounded half to even, grouped by thousands; "–" for a number that is not
    /// finite. A value that rounds to zero has no sign.
    package func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "–" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrEven)
        guard scaled < 1e17 else { return shortest(value) }
        let digits = String(UInt64(scaled))
        let padded = String(repeating: "0", count: max(0, decimals + 1 - digits.count)) + digits
        let sign = value < 0 && scaled > 0 ? minus : ""
        let whole = grouped(padded.dropLast(decimals))
        return sign + whole + (decimals > 0 ? decimalSeparator + padded.suffix(decimals) : "")
    }

    /// With as many decimals as it needs to read back the same (Swift's shortest form), grouped by thousands:
    /// 3,4 · 1 250 · 0,125.
    package func shortest(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        let plain = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        guard !plain.contains("e") else {
            return plain.replacingDecimalPoint(with: decimalSeparator).replacingMinus(with: minus)
        }
        let sign = plain.hasPrefix("-") ? minus : ""
        let parts = plain.drop { $0 == "-" }.split(separator: ".", maxSplits: 1)
        let whole = grouped(parts.first ?? "0")
        return sign + whole + (parts.count > 1 ? decimalSeparator + parts[1] : "")
    }

    private func grouped(_ digits: Substring) -> String {
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text += groupSeparator }
            text.append(digit)
        }
        return text
    }
}

extension String {
    fileprivate func replacingDecimalPoint(with separator: String) -> String {
        split(separator: ".", omittingEmptySubsequences: false).joined(separator: separator)
    }

    fileprivate func replacingMinus(with minus: String) -> String {
        hasPrefix("-") ? minus + dropFirst() : self
    }
}
