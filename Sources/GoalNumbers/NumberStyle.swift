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
    /// Plain-text English, for terminals: `1,250.5`, `-3.2`.
    package static let english = NumberStyle(decimalSeparator: ".", groupSeparator: ",", minus: "-")

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

    /// `text` with every number written in `source`'s style rewritten in this one (`4,2 %` → `4.2 %`,
    /// `820 000 kr` → `820,000 kr`), the rest as it was: a number is digits, in groups of three after `source`'s
    /// group separator when there are more than three, and a decimal part after its decimal separator; a run of four
    /// digits or more with no group separator (a year) is left as it is.
    package func restyled(_ text: String, from source: NumberStyle) -> String {
        let characters = Array(text)
        let group = Array(source.groupSeparator)
        let decimal = Array(source.decimalSeparator)
        func isDigit(_ index: Int) -> Bool {
            index < characters.count && characters[index].isASCII && characters[index].isNumber
        }
        func digits(from index: Int) -> Int {
            var end = index
            while isDigit(end) { end += 1 }
            return end - index
        }
        func matches(_ separator: [Character], at index: Int) -> Bool {
            !separator.isEmpty && index + separator.count <= characters.count
                && Array(characters[index..<(index + separator.count)]) == separator
        }
        var out = ""
        var index = 0
        while index < characters.count {
            // A number starts at a digit that does not continue a word or another number.
            guard isDigit(index), index == 0 || !(characters[index - 1].isLetter || characters[index - 1].isNumber)
            else {
                out.append(characters[index])
                index += 1
                continue
            }
            var count = digits(from: index)
            var whole = String(characters[index..<(index + count)])
            index += count
            if count <= 3 {
                // Groups of exactly three digits after the group separator.
                while matches(group, at: index), digits(from: index + group.count) == 3 {
                    let start = index + group.count
                    whole += String(characters[start..<(start + 3)])
                    index = start + 3
                }
            }
            // Four digits or more not grouped in the text (a year) stay as they are.
            out += count > 3 ? whole : grouped(Substring(whole))
            if matches(decimal, at: index), isDigit(index + decimal.count) {
                count = digits(from: index + decimal.count)
                let start = index + decimal.count
                out += decimalSeparator + String(characters[start..<(start + count)])
                index = start + count
            }
        }
        return out
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
