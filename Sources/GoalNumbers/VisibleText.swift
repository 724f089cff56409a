/// Text as it may reach a terminal or a log line: every control character written out as an escape (`\u{1B}`), so
/// that a stored text cannot move the cursor, retitle the window, overwrite a line (CR) or reorder what is shown
/// (the bidirectional overrides). goald's log and goalctl's words for people use it.
package enum VisibleText {
    /// `text` with its control characters escaped; with `keepingLineBreaks`, `\n` and `\t` stay (a table's own
    /// lines and a help text's tabs) and a CR before `\n` is a line break too (dropped); any other CR is escaped.
    package static func escaped(_ text: String, keepingLineBreaks: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) && !(keepingLineBreaks && isKept($0)) }) else {
            return text
        }
        var out = ""
        var scalars = text.unicodeScalars.makeIterator()
        var next = scalars.next()
        while let scalar = next {
            next = scalars.next()
            if keepingLineBreaks, isKept(scalar) || (scalar == "\r" && next == "\n") {
                if scalar != "\r" { out.unicodeScalars.append(scalar) }
                continue
            }
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where isControl(scalar): out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func isKept(_ scalar: Unicode.Scalar) -> Bool { scalar == "\n" || scalar == "\t" }

    /// C0 and C1 controls, DEL, the line and paragraph separators, and the bidirectional embeddings, overrides and
    /// isolates.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}"
            || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }
}
