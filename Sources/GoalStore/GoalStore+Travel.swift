import Foundation
import GoalDomain
import GRDB
import GRDBSQLite

// Trips, their daily aggregates, import batches and staff numbers.

/// What one batch of trips did to the store.
package struct TripBatchOutcome: Sendable, Hashable {
    /// The trips stored now (new ids).
    package var added: [Trip]
    /// How many were already stored (same unit and id) with the same data.
    package var alreadyPresent: Int
    /// The positions in the batch of trips whose unit and id are stored already with other data: left out, so
    /// that the stored trip stays as it was, and to be reported.
    package var conflicts: [Int] = []
}

extension GoalStore {
    /// Stores a batch of trips in one transaction: new trips, the daily aggregates they change, and a record of
    /// the batch. A trip whose unit and id are already stored is left as it is and counted as present.
    package func addTrips(_ trips: [Trip], source: String?, at date: Date,
                          by actor: Actor) throws(StoreError) -> TripBatchOutcome {
        var added: [Trip] = []
        var present = 0
        var conflicts: [Int] = []
        try write { db in
            let stored = try db.makeStatement(sql: """
                SELECT date, mode, distance_km, travellers, co2e_kg, cost_sek FROM trip WHERE unit = ? AND id = ?
                """)
            let sequence = (try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM import_batch") ?? 0) + 1
            let insert = try db.makeStatement(sql: """
                INSERT OR IGNORE INTO trip (unit, id, date, mode, distance_km, travellers, co2e_kg, cost_sek, batch)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            var days: [DayKey: TravelTotals] = [:]
            // Bound through SQLite's C interface: one prepared statement, values bound in place, no boxing.
            let statement = insert.sqliteStatement
            for (position, trip) in trips.enumerated() {
                sqlite3_reset(statement)
                Self.bind(trip.unit, to: statement, at: 1)
                Self.bind(trip.id, to: statement, at: 2)
                Self.bind(trip.date.description, to: statement, at: 3)
                Self.bind(trip.mode.rawValue, to: statement, at: 4)
                sqlite3_bind_double(statement, 5, trip.distanceKm)
                sqlite3_bind_int64(statement, 6, Int64(trip.travellers))
                if let kg = trip.reportedKgCO2e { sqlite3_bind_double(statement, 7, kg) } else { sqlite3_bind_null(statement, 7) }
                if let sek = trip.costSEK { sqlite3_bind_double(statement, 8, sek) } else { sqlite3_bind_null(statement, 8) }
                sqlite3_bind_int64(statement, 9, sequence)
                let code = sqlite3_step(statement)
                guard code == SQLITE_DONE else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                        message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                if sqlite3_changes(db.sqliteConnection) == 1 {
                    added.append(trip)
                    days[DayKey(unit: trip.unit, date: trip.date, mode: trip.mode), default: TravelTotals()]
                        += TravelTotals(trip)
                } else if try Self.storedDiffers(trip, statement: stored, db: db) {
                    conflicts.append(position)
                } else {
                    present += 1
                }
            }
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
            let upsert = try db.makeStatement(sql: """
                INSERT INTO trip_day (unit, date, mode, trips, activity, reported_kg, reported_trips, passenger_km, cost_sek)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (unit, date, mode) DO UPDATE SET
                    trips = trips + excluded.trips, activity = activity + excluded.activity,
                    reported_kg = reported_kg + excluded.reported_kg,
                    reported_trips = reported_trips + excluded.reported_trips,
                    passenger_km = passenger_km + excluded.passenger_km, cost_sek = cost_sek + excluded.cost_sek
                """)
            for (key, totals) in days {
                try upsert.execute(arguments: [key.unit, key.date.description, key.mode.rawValue, totals.trips, totals.activity,
                                               totals.reportedKg, totals.reportedTrips, totals.passengerKm,
                                               totals.costSEK])
            }
            try db.execute(sql: """
                INSERT INTO import_batch (seq, source, added, present, recorded_at, recorded_by, recorded_uid)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [sequence, source, added.count, present, date.timeIntervalSince1970, actor.name,
                                 actor.uid.map { Int64($0) }])
        }
        return TripBatchOutcome(added: added, alreadyPresent: present, conflicts: conflicts)
    }

    /// Whether the trip stored under this trip's unit and id has other data. Asked only when an insert found the
    /// id taken, so an import of new trips pays nothing for it.
    private static func storedDiffers(_ trip: Trip, statement: Statement, db: Database) throws -> Bool {
        let row = try Row.fetchOne(statement, arguments: [trip.unit, trip.id])
        guard let row else { return false }
        let reported: Double? = row["co2e_kg"]
        let cost: Double? = row["cost_sek"]
        return (row["date"] as String) != trip.date.description || (row["mode"] as String) != trip.mode.rawValue
            || (row["distance_km"] as Double) != trip.distanceKm || (row["travellers"] as Int) != trip.travellers
            || reported != trip.reportedKgCO2e || cost != trip.costSEK
    }

    /// How many of these trips are already stored, without changing anything (for a dry run).
    package func countPresent(_ trips: [Trip]) throws(StoreError) -> Int {
        try read { db in
            let select = try db.makeStatement(sql: "SELECT 1 FROM trip WHERE unit = ? AND id = ?")
            let statement = select.sqliteStatement
            var present = 0
            var seen = Set<TripKey>()
            seen.reserveCapacity(trips.count)
            for trip in trips {
                let duplicate = !seen.insert(TripKey(unit: trip.unit, id: trip.id)).inserted
                sqlite3_reset(statement)
                Self.bind(trip.unit, to: statement, at: 1)
                Self.bind(trip.id, to: statement, at: 2)
                let code = sqlite3_step(statement)
                guard code == SQLITE_ROW || code == SQLITE_DONE else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                        message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                if duplicate || code == SQLITE_ROW { present += 1 }
            }
            sqlite3_reset(statement)
            return present
        }
    }

    package func setStaff(unit: String, year: Int, fte: Double, at date: Date, by actor: Actor) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                INSERT INTO staff (unit, year, fte, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (unit, year) DO UPDATE SET fte = excluded.fte, recorded_at = excluded.recorded_at,
                    recorded_by = excluded.recorded_by
                """, arguments: [unit, year, fte, date.timeIntervalSince1970, actor.name])
        }
    }

    /// Loads the travel aggregates and staff numbers into `accounts`: the daily totals, not the trips, so that
    /// start-up time does not grow with the number of trips. Returns the highest import sequence number.
    package func loadTravel(into accounts: inout TravelAccounts) throws(StoreError) -> Int64 {
        let path = self.path
        return try read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM trip_day")
            while let row = try rows.next() {
                let dateText: String = row["date"]
                let modeText: String = row["mode"]
                guard let date = CivilDate(dateText), let mode = TravelMode(rawValue: modeText) else {
                    throw StoreError(.unusable, "\(path): a travel total has an unreadable date or mode (\(dateText), \(modeText))")
                }
                accounts.add(TravelTotals(trips: row["trips"], activity: row["activity"], reportedKg: row["reported_kg"],
                                          reportedTrips: row["reported_trips"], passengerKm: row["passenger_km"],
                                          costSEK: row["cost_sek"]),
                             unit: row["unit"], date: date, mode: mode)
            }
            let staff = try Row.fetchCursor(db, sql: "SELECT unit, year, fte FROM staff")
            while let row = try staff.next() {
                accounts.setStaff(unit: row["unit"], year: row["year"], fte: row["fte"])
            }
            return try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM import_batch") ?? 0
        }
    }

    /// Every stored trip, for checks that recompute the totals from scratch. Reads the whole table.
    package func allTrips() throws(StoreError) -> [Trip] {
        try read { db in
            var trips: [Trip] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM trip")
            while let row = try rows.next() {
                guard let date = CivilDate(row["date"] as String), let mode = TravelMode(rawValue: row["mode"]) else { continue }
                trips.append(Trip(id: row["id"], date: date, mode: mode, distanceKm: row["distance_km"],
                                  travellers: row["travellers"], unit: row["unit"], reportedKgCO2e: row["co2e_kg"],
                                  costSEK: row["cost_sek"]))
            }
            return trips
        }
    }
}

private struct TripKey: Hashable {
    var unit: String
    var id: String
}

private struct DayKey: Hashable {
    var unit: String
    var date: CivilDate
    var mode: TravelMode
}

extension GoalStore {
    /// Binds text that SQLite copies (SQLITE_TRANSIENT), so the Swift string need not outlive the call.
    fileprivate static func bind(_ text: String, to statement: OpaquePointer, at index: Int32) {
        var text = text
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        text.withUTF8 { bytes in
            if let base = bytes.baseAddress {
                _ = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { pointer in
                    sqlite3_bind_text(statement, index, pointer, Int32(bytes.count), transient)
                }
            } else {
                _ = sqlite3_bind_text(statement, index, "", 0, transient)
            }
        }
    }
}
