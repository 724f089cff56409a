/// Text for a spreadsheet's cell that no spreadsheet program takes for a formula (OWASP's advice on CSV injection):
/// a cell, or a line of it, that begins with `=`, `+`, `-`, `@`, a tab or a carriage return — or with their fullwidth
/// forms, which spreadsheets fold to them — gets a `'` before it. The first character is judged by Unicode scalar,
/// so that a combining mark after `=` hides nothing. A number (`-3,5`, `-250000`, `+12.5`) stays as it is.
package enum SpreadsheetText {
    static let formulaLeading: Set<Unicode.Scalar> = [
        "=", "+", "-", "@", "\t", "\r", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}",
    ]

    package static func neutralised(_ text: String) -> String {
        guard !isNumber(text) else { return text }
        guard text.unicodeScalars.contains(where: { formulaLeading.contains($0) }) else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            guard let first = line.unicodeScalars.first, formulaLeading.contains(first) else { return String(line) }
            return "'" + line
        }.joined(separator: "\n")
    }

    /// The text a neutralised cell stood for (its `'` taken away again): for a workbook, whose text cells are never
    /// read as formulas.
    package static func original(_ cell: String) -> String {
        guard cell.contains("'") else { return cell }
        return cell.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var scalars = line.unicodeScalars.makeIterator()
            guard scalars.next() == "'", let next = scalars.next(), formulaLeading.contains(next) else {
                return String(line)
            }
            return String(line.dropFirst())
        }.joined(separator: "\n")
    }

    /// A plain number as a spreadsheet reads one: a sign, digits (spaces between thousands allowed), a decimal
    /// comma or point with digits after it.
    static func isNumber(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars[...]
        if let sign = scalars.first, sign == "-" || sign == "+" { scalars = scalars.dropFirst() }
        guard let first = scalars.first, ("0"..."9").contains(first) else { return false }
        var separator = false
        var digitsAfter = true
        for scalar in scalars {
            switch scalar {
            case "0"..."9": digitsAfter = true
            case " " where !separator: continue
            case ",", ".":
                guard !separator else { return false }
                separator = true
                digitsAfter = false
            default: return false
            }
        }
        return digitsAfter
    }
}
