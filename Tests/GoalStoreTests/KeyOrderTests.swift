import GRDB
import GoalDomain
import GoalStore
import GoalTestSupport
import Testing

/// A batch is inserted in the trip table's key order: the order `keyOrder` gives is SQLite's own for (unit, id),
/// byte by byte, whatever the text (long common prefixes, case, Swedish letters, composed and decomposed forms,
/// digits as text).
@Suite struct KeyOrderTests {
    @Test func theOrderIsSQLitesOrderOfTheKey() throws {
        var random = SeededRandom.forTest(seed: 26)
        let pieces = [
            "a", "A", "b", "å", "ä", "ö", "Ö", "e\u{301}", "é", "1", "10", "9", " ", "-", "Z", "z", "ß", "€",
        ]
        let queue = try DatabaseQueue()
        try queue.write { db in try db.execute(sql: "CREATE TABLE t (unit TEXT, id TEXT, position INTEGER)") }
        for round in 0..<40 {
            var trips: [Trip] = []
            var seen = Set<[String]>()
            while trips.count < 300 {
                let unit = (0..<Int(random.next() % 3)).map { _ in random.pick(pieces) }.joined()
                // Half the ids share their first 16 bytes and more (as derived ids share `row-` and hex digits).
                let id =
                    (random.chance(50) ? "row-0123456789ab" + (random.chance(50) ? "cd" : "") : "")
                    + (0..<Int(1 + random.next() % 5)).map { _ in random.pick(pieces) }.joined()
                guard seen.insert([unit, id]).inserted else { continue }
                trips.append(Trip(id: id, date: CivilDate("2024-01-01")!, mode: .rail, distanceKm: 1, unit: unit))
            }
            let expected = try queue.write { db -> [Int] in
                try db.execute(sql: "DELETE FROM t")
                for (position, trip) in trips.enumerated() {
                    try db.execute(
                        sql: "INSERT INTO t VALUES (?, ?, ?)", arguments: [trip.unit, trip.id, position])
                }
                return try Int.fetchAll(db, sql: "SELECT position FROM t ORDER BY unit, id")
            }
            #expect(GoalStore.keyOrder(trips) == expected, "round \(round); \(random.replay)")
        }
    }
}
