/// The encodings a travel file may come in: UTF-8 (with or without a byte-order mark), or Windows-1252, the code
/// page Excel writes a plain "CSV" in on a Swedish Windows.
enum TextEncoding: String, CaseIterable {
    case utf8 = "utf-8"
    case windows1252 = "windows-1252"

    /// Reads `utf-8`, `utf8`, `windows-1252`, `cp1252`, `latin1` (read as Windows-1252, its superset here).
    init?(name: String) {
        switch name.lowercased() {
        case "utf-8", "utf8": self = .utf8
        case "windows-1252", "cp1252", "windows1252", "latin1", "latin-1", "iso-8859-1", "ansi": self = .windows1252
        default: return nil
        }
    }

    /// Windows-1252 to text: Latin-1 but for 0x80–0x9F, which hold typographic marks (the WHATWG table; the five
    /// bytes it leaves unassigned stand for the C1 controls of the same number).
    static func windows1252(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        for byte in bytes {
            if byte >= 0x80, byte <= 0x9F {
                scalars.append(Unicode.Scalar(high[Int(byte - 0x80)])!)
            } else {
                scalars.append(Unicode.Scalar(byte))
            }
        }
        return String(scalars)
    }

    private static let high: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D,
        0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x009D, 0x017E, 0x0178,
    ]

}
