import ArgumentParser

/// The format a file is written in: `--format` when given, else the output file's extension, else the command's
/// default. A format that contradicts the extension is refused (exit 64), so that no `.pdf` or `.xlsx` ever holds
/// HTML or CSV.
enum FileFormat {
    /// What an extension says, in goalctl's format names.
    static let byExtension = [
        "html": "html", "htm": "html", "csv": "csv", "md": "md", "markdown": "md", "xlsx": "xlsx",
    ]

    /// `output` nil or `-` is standard output, which has no extension.
    static func choose(given: String?, output: String?, allowed: [String], fallback: String) throws -> String {
        let given = given?.lowercased()
        if let given, !allowed.contains(given) {
            throw ValidationError("--format must be \(list(allowed)), not \"\(given)\".")
        }
        guard let output, output != "-", let dot = output.lastIndex(of: "."), !output[dot...].contains("/") else {
            return given ?? fallback
        }
        let suffix = output[output.index(after: dot)...].lowercased()
        if suffix == "pdf" {
            throw ValidationError(
                "goalctl writes no PDF (\(output)): write the HTML report and print it to PDF in a "
                    + "browser, which lays it out on A4.")
        }
        guard let implied = byExtension[suffix] else { return given ?? fallback }
        if let given, given != implied {
            throw ValidationError(
                "--format \(given) does not fit \(output), a .\(suffix) file: give --format "
                    + "\(implied), or name the file .\(given == "md" ? "md" : given).")
        }
        guard allowed.contains(implied) else {
            throw ValidationError(
                "\(output) is a .\(suffix) file, which this command does not write: "
                    + "\(list(allowed)).")
        }
        return implied
    }

    private static func list(_ formats: [String]) -> String {
        formats.count > 1 ? formats.dropLast().joined(separator: ", ") + " or " + formats.last! : formats.joined()
    }
}

/// Rows of CSV text as goald writes it (RFC 4180 quoting, CRLF or LF, a byte-order mark first).
enum CSVText {
    static func rows(_ text: String, separator: Character) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var characters = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = characters.next()
        if pending == "\u{FEFF}" { pending = characters.next() }
        while let scalar = pending {
            pending = characters.next()
            if quoted {
                if scalar == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\"")
                        pending = characters.next()
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
            } else if scalar == "\"", field.isEmpty {
                quoted = true
            } else if Character(scalar) == separator {
                row.append(field)
                field = ""
            } else if scalar == "\r" {
                continue
            } else if scalar == "\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }
}
