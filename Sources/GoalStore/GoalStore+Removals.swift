import Foundation
import GRDB
import GRDBSQLite
import GoalDomain

// Trips removed with a reason (an import's, or one trip kept out of later imports), and restored.

/// What a removal did: the trips gone, and their sums by unit, day and mode.
package struct TripRemoval: Sendable, Hashable {
    package var trips: [Trip]
    package var days: [DayTotals]
}

extension GoalStore {
    /// Lets a removed trip into later imports again.
    package func restoreTrip(unit: String, id: String) throws(StoreError) {
        try write { db in
            try db.execute(sql: "DELETE FROM trip_exclusion WHERE unit = ? AND id = ?", arguments: [unit, id])
        }
    }

    /// Removes the trips of an import, or one trip, in one transaction: the trips, their share of the daily
    /// aggregates, and a record of the removal with its reason. Returns the trips removed and their day sums.
    package func removeTrips(
        importID: Int64?, unit: String?, id: String?, reason: String, at date: Date,
        by author: Author
    ) throws(StoreError) -> TripRemoval {
        var removal = TripRemoval(trips: [], days: [])
        try write { db in
            let (predicate, arguments): (String, StatementArguments) =
                if let importID {
                    (Self.tripsOfImport, [importID])
                } else {
                    ("unit = ? AND id = ? AND batch NOT IN (\(Self.pendingBatches))", [unit ?? "", id ?? ""])
                }
            // A trip removed by itself is counted against the import that brought it: asked before it goes.
            let owner =
                try importID
                ?? Int64.fetchOne(
                    db,
                    sql: """
                        SELECT COALESCE(b.import_id, b.seq) FROM trip t JOIN import_batch b ON b.seq = t.batch
                        WHERE t.unit = ? AND t.id = ?
                        """, arguments: [unit ?? "", id ?? ""])
            removal = try Self.deleteTrips(
                db, predicate: predicate, arguments: arguments, owner: owner, unit: unit,
                id: id, reason: reason, at: date, by: author)
            // A trip removed by itself stays out of later imports (a cumulative file brings it again).
            if let unit, let id, !removal.trips.isEmpty {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO trip_exclusion (unit, id, reason, recorded_at, recorded_by) \
                        VALUES (?, ?, ?, ?, ?)
                        """, arguments: [unit, id, reason, date.timeIntervalSince1970, author.name])
            }
            // An import taken back no longer vouches for the data being complete.
            if let importID {
                try db.execute(sql: "DELETE FROM import_complete WHERE import_id = ?", arguments: [importID])
            }
        }
        return removal
    }

    /// A day's totals that a removal emptied go; found by its key, so that a removal looks at the days it touched,
    /// not at every day.
    package static let deleteEmptiedDay = "DELETE FROM trip_day WHERE unit = ? AND date = ? AND mode = ? AND trips <= 0"

    /// Deletes the trips a predicate selects, inside the caller's transaction: their share of the daily
    /// aggregates, and a removal record (unless no single trip was found).
    static func deleteTrips(
        _ db: Database, predicate: String, arguments: StatementArguments, owner: Int64?,
        unit: String?, id: String?, reason: String, at date: Date,
        by author: Author
    ) throws -> TripRemoval {
        var removed: [Trip] = []
        // One pass: the rows go and come back for the day totals and the answer.
        let rows = try Row.fetchAll(
            db,
            sql: """
                DELETE FROM trip WHERE \(predicate)
                RETURNING unit, id, date, mode, distance_km, travellers, co2e_kg, cost_sek
                """, arguments: arguments)
        for row in rows {
            guard let day = CivilDate(row["date"] as String), let mode = TravelMode(rawValue: row["mode"]) else {
                continue
            }
            removed.append(
                Trip(
                    id: row["id"], date: day, mode: mode, distanceKm: row["distance_km"],
                    travellers: row["travellers"], unit: row["unit"], reportedKgCO2e: row["co2e_kg"],
                    costSEK: row["cost_sek"]))
        }
        if rows.isEmpty, unit != nil { return TripRemoval(trips: [], days: []) }  // no such trip: nothing to record
        let dayTotals = DayTotals.of(removed)
        let update = try db.makeStatement(
            sql: """
                UPDATE trip_day SET trips = trips - ?, activity = MAX(0, activity - ?),
                    reported_kg = MAX(0, reported_kg - ?), reported_trips = reported_trips - ?,
                    passenger_km = MAX(0, passenger_km - ?), cost_sek = MAX(0, cost_sek - ?),
                    reported_activity = MAX(0, reported_activity - ?),
                    reported_kg_with_activity = MAX(0, reported_kg_with_activity - ?)
                WHERE unit = ? AND date = ? AND mode = ?
                """)
        let emptied = try db.makeStatement(sql: Self.deleteEmptiedDay)
        for day in dayTotals {
            let totals = day.totals
            try update.execute(arguments: [
                totals.trips, totals.activity, totals.reportedKg, totals.reportedTrips,
                totals.passengerKm, totals.costSEK, totals.reportedActivity,
                totals.reportedKgWithActivity, day.unit, day.date.description,
                day.mode.rawValue,
            ])
            try emptied.execute(arguments: [day.unit, day.date.description, day.mode.rawValue])
        }
        try db.execute(
            sql: """
                INSERT INTO trip_removal (import_id, unit, id, trips, reason, recorded_at, recorded_by, recorded_uid)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                owner, unit, id, removed.count, reason, date.timeIntervalSince1970, author.name,
                author.uid.map { Int64($0) },
            ])
        return TripRemoval(trips: removed, days: dayTotals)
    }
}
