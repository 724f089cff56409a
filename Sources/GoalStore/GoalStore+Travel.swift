import Foundation
import GRDB
import GRDBSQLite
import GoalDomain

// The travel accounts as goald loads them at start (daily totals, staff numbers), and staff numbers recorded.

extension GoalStore {
    package func setStaff(unit: String, year: Int, fte: Double, at date: Date, by author: Author) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO staff (unit, year, fte, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (unit, year) DO UPDATE SET fte = excluded.fte, recorded_at = excluded.recorded_at,
                        recorded_by = excluded.recorded_by
                    """, arguments: [unit, year, fte, date.timeIntervalSince1970, author.name])
        }
    }

    /// Loads the travel aggregates and staff numbers into `accounts`: the daily totals, not the trips, so that
    /// start-up time does not grow with the number of trips. Returns the highest import sequence number.
    package func loadTravel(into accounts: inout TravelAccounts) throws(StoreError) -> Int64 {
        let path = self.path
        return try read { db in
            // The columns by name: a statement prepared before a migration added columns would not know them.
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT unit, date, mode, trips, activity, reported_kg, reported_trips, passenger_km, cost_sek,
                           reported_activity, reported_kg_with_activity FROM trip_day
                    """)
            while let row = try rows.next() {
                let dateText: String = row["date"]
                let modeText: String = row["mode"]
                guard let date = CivilDate(dateText), let mode = TravelMode(rawValue: modeText) else {
                    throw StoreError(
                        .unusable, "\(path): a travel total has an unreadable date or mode (\(dateText), \(modeText))")
                }
                accounts.add(
                    TravelTotals(
                        trips: row["trips"], activity: row["activity"], reportedKg: row["reported_kg"],
                        reportedTrips: row["reported_trips"], passengerKm: row["passenger_km"],
                        costSEK: row["cost_sek"], reportedActivity: row["reported_activity"],
                        reportedKgWithActivity: row["reported_kg_with_activity"]),
                    unit: row["unit"], date: date, mode: mode)
            }
            let staff = try Row.fetchCursor(db, sql: "SELECT unit, year, fte FROM staff")
            while let row = try staff.next() {
                accounts.setStaff(unit: row["unit"], year: row["year"], fte: row["fte"])
            }
            let exclusions = try Row.fetchCursor(
                db, sql: "SELECT unit, id, reason, recorded_at, recorded_by FROM trip_exclusion")
            while let row = try exclusions.next() {
                let key = TripExclusion.Key(unit: row["unit"], id: row["id"])
                accounts.exclude(
                    key,
                    TripExclusion(
                        key: key, reason: row["reason"],
                        recordedAt: Date(timeIntervalSince1970: row["recorded_at"]),
                        recordedBy: row["recorded_by"]))
            }
            for row in try Row.fetchAll(db, sql: "SELECT import_id, through FROM import_complete") {
                guard let through = CivilDate(row["through"] as String) else {
                    throw StoreError(.unusable, "\(path): an import's completeness has an unreadable date")
                }
                accounts.declareComplete(importID: row["import_id"], through: through)
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
                guard let date = CivilDate(row["date"] as String), let mode = TravelMode(rawValue: row["mode"]) else {
                    continue
                }
                trips.append(
                    Trip(
                        id: row["id"], date: date, mode: mode, distanceKm: row["distance_km"],
                        travellers: row["travellers"], unit: row["unit"], reportedKgCO2e: row["co2e_kg"],
                        costSEK: row["cost_sek"]))
            }
            return trips
        }
    }
}
