import Foundation
import GRDB
import GRDBSQLite
import GoalDomain

// The stored trips page by page, for the export.

/// A stored trip with the import that brought it.
package struct StoredTrip: Sendable, Hashable {
    package var trip: Trip
    package var importID: Int64?
}

extension GoalStore {
    /// One year's trips (of one unit, or all), ordered by unit and id, after a key: a page of an export. Reads the
    /// trips table in its key order from `after`, so paging through a year reads each trip once.
    package func trips(
        year: Int, unit: String?, after: (unit: String, id: String)?,
        limit: Int
    ) throws(StoreError) -> [StoredTrip] {
        try read { db in
            var conditions = ["t.date BETWEEN ? AND ?", "t.batch NOT IN (\(Self.pendingBatches))"]
            var arguments: StatementArguments = [
                String(format: "%04d-01-01", year), String(format: "%04d-12-31", year),
            ]
            if let unit {
                conditions.append("t.unit = ?")
                arguments += [unit]
            }
            if let after {
                conditions.append("(t.unit, t.id) > (?, ?)")
                arguments += [after.unit, after.id]
            }
            arguments += [limit]
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT t.unit, t.id, t.date, t.mode, t.distance_km, t.travellers, t.co2e_kg, t.cost_sek,
                           COALESCE(b.import_id, b.seq) AS imp
                    FROM trip t LEFT JOIN import_batch b ON b.seq = t.batch
                    WHERE \(conditions.joined(separator: " AND ")) ORDER BY t.unit, t.id LIMIT ?
                    """, arguments: arguments)
            var trips: [StoredTrip] = []
            while let row = try rows.next() {
                guard let date = CivilDate(row["date"] as String), let mode = TravelMode(rawValue: row["mode"]) else {
                    continue
                }
                trips.append(
                    StoredTrip(
                        trip: Trip(
                            id: row["id"], date: date, mode: mode, distanceKm: row["distance_km"],
                            travellers: row["travellers"], unit: row["unit"],
                            reportedKgCO2e: row["co2e_kg"], costSEK: row["cost_sek"]),
                        importID: row["imp"]))
            }
            return trips
        }
    }
}
