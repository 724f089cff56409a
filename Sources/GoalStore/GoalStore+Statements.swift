import Foundation
import GRDB
import GRDBSQLite
import GoalDomain

// Prepared statements stepped without copying their texts: the insert path of the import.

struct TripKey: Hashable {
    var unit: String
    var id: String
}

struct YearMode: Hashable {
    var year: Int
    var mode: TravelMode
}

/// SQLite's SQLITE_STATIC: the bound bytes are the caller's, valid until the statement is stepped and its bindings
/// cleared.
let staticText = unsafeBitCast(0, to: sqlite3_destructor_type.self)

/// A string's UTF-8 bytes as C characters, for binding without a copy (a native Swift string has them in place).
func withText<R>(_ text: String, _ body: (UnsafeBufferPointer<CChar>) -> R) -> R {
    var text = text
    return text.withUTF8 { bytes in
        bytes.withMemoryRebound(to: CChar.self) { characters in
            // An empty string has no storage: SQLite reads a NULL pointer with length 0 as NULL, not as "".
            guard characters.baseAddress != nil else {
                return "".withCString { body(UnsafeBufferPointer(start: $0, count: 0)) }
            }
            return body(characters)
        }
    }
}

/// Binds `texts` to the statement's first parameters without copying them, steps it once, and resets it with its
/// bindings cleared, so that no pointer into the texts outlives the call. Returns the step's result code.
func stepOnce(_ statement: OpaquePointer, binding texts: [UnsafeBufferPointer<CChar>]) -> Int32 {
    for (index, text) in texts.enumerated() {
        sqlite3_bind_text(statement, Int32(index + 1), text.baseAddress, Int32(text.count), staticText)
    }
    let code = sqlite3_step(statement)
    sqlite3_reset(statement)
    sqlite3_clear_bindings(statement)
    return code
}

extension CivilDate {
    /// The date as the store keeps it (`YYYY-MM-DD`, as `description`), made on the stack.
    func withISOText<R>(_ body: (UnsafeBufferPointer<CChar>) -> R) -> R {
        guard (1000...9999).contains(year), (1...12).contains(month), (1...31).contains(day) else {
            return withText(description, body)
        }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 10) { buffer in
            func put(_ value: Int, digits: Int, at offset: Int) {
                var value = value
                for place in stride(from: offset + digits - 1, through: offset, by: -1) {
                    buffer[place] = CChar(48 + value % 10)
                    value /= 10
                }
            }
            put(year, digits: 4, at: 0)
            buffer[4] = 45  // "-"
            put(month, digits: 2, at: 5)
            buffer[7] = 45
            put(day, digits: 2, at: 8)
            return body(UnsafeBufferPointer(buffer))
        }
    }
}
