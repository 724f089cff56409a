import GoalProtocol

/// Awkward strings, keys and numbers for randomized tests of JSON writers: escapes, non-ASCII, control
/// characters, numbers of every magnitude.
package enum RandomJSON {
    package static let pieces = [
        "a", "Z", "é", "/", "\\", "\"", "\n", "\t", "\u{01}", "\u{1F}", "\u{7F}", "ö", "😀", " ",
        "0", "9", "_", "-", "\r", "\u{08}", "\u{0C}", "\u{2028}", "</", "ﬁ",
    ]
    package static let keyPieces = [
        "a", "b", "B", "A", "z", "Z", "1", "10", "9", "_", "-", "kg", "KG", "co2e", "CO2e", "x.y", " ",
        // Outside ASCII: unit names (Näringsliv), a decomposed é, one past the BMP and the BMP's last.
        "ä", "Ä", "ö", "å", "é", "e\u{301}", "😀", "\u{FFFF}", "ﬁ",
    ]

    package static func string(_ random: inout SeededRandom, pieces: [String]) -> String {
        (0..<random.below(6)).map { _ in pieces[random.below(pieces.count)] }.joined()
    }

    package static func number(_ random: inout SeededRandom) -> Double {
        switch random.below(8) {
        case 0: return Double(random.below(2_000_000)) - 1_000_000
        case 1: return Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF)  // finite, any magnitude
        case 2: return Double(random.below(1_000_000)) / 1000
        case 3: return Double(random.below(100)) * 1e-7
        case 4: return Double(random.below(100)) * 1e17
        case 5: return -Double(random.next() % 1_000_000_000) / 7
        case 6: return 0.1 + 0.2
        default: return Double(random.next() >> 11) * 0x1p-53 * 100_000
        }
    }

    package static func value(_ random: inout SeededRandom, depth: Int) -> JSONValue {
        switch random.below(depth > 3 ? 4 : 6) {
        case 0: return .null
        case 1: return .bool(random.below(2) == 0)
        case 2: return .number(number(&random))
        case 3: return .string(string(&random, pieces: pieces))
        case 4: return .array((0..<random.below(5)).map { _ in value(&random, depth: depth + 1) })
        default:
            var object: [String: JSONValue] = [:]
            for _ in 0..<random.below(7) {
                object[string(&random, pieces: keyPieces)] = value(&random, depth: depth + 1)
            }
            return .object(object)
        }
    }
}
