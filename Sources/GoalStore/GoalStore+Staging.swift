import Foundation
import GRDB
import GRDBSQLite
import GoalDomain

// A corrected file staged, batch by batch, and put in the place of the import it replaces in one transaction.

/// A staged row whose unit and id an earlier row of the same file has.
package struct StagedRepeat: Sendable, Hashable {
    package var line: Int
    package var earlierLine: Int
    package var unit: String
    package var id: String
    /// True when the two rows agree in every field (counted once).
    package var same: Bool
}

/// What replacing an import did: the old import's trips removed, the staged file stored as a new import.
package struct ImportReplacement: Sendable, Hashable {
    package var removed: TripRemoval
    package var added: TripBatchOutcome
    /// The file line of each staged trip, in the order `added.conflicts` counts them.
    package var lines: [Int]
    package var trips: [Trip] = []
}

extension GoalStore {
    /// Stages a batch of a file that is to replace an import: its trips wait, durably, in a table of their own, and
    /// count nowhere until `replaceImport` swaps them in. The first batch makes the stage; returns its id and the
    /// number of trips staged (a row that repeats a staged trip's unit and id is staged once).
    package func stageTrips(
        _ trips: [(line: Int, trip: Trip)], stage: Int64?, replacing importID: Int64,
        source: String?, reportedColumn: String?, at date: Date,
        by author: Author
    ) throws(StoreError) -> (stage: Int64, staged: Int, repeats: [StagedRepeat]) {
        var id: Int64 = 0
        var staged = 0
        var repeats: [StagedRepeat] = []
        try write { db in
            if let stage {
                guard
                    try Int64.fetchOne(
                        db, sql: "SELECT replaces FROM import_stage WHERE stage = ?",
                        arguments: [stage]) == importID
                else {
                    throw StoreError(.writeFailed, "no staged replacement #\(stage) of import #\(importID)")
                }
                id = stage
            } else {
                // Stages left by a client that never finished are cleared after a day.
                try db.execute(
                    sql: """
                        DELETE FROM trip_stage WHERE stage IN (SELECT stage FROM import_stage WHERE created_at < ?);
                        DELETE FROM import_stage WHERE created_at < ?;
                        """, arguments: [date.timeIntervalSince1970 - 86_400, date.timeIntervalSince1970 - 86_400])
                try db.execute(
                    sql: """
                        INSERT INTO import_stage (replaces, source, reported_column, created_at, created_by)
                        VALUES (?, ?, ?, ?, ?)
                        """, arguments: [importID, source, reportedColumn, date.timeIntervalSince1970, author.name])
                id = db.lastInsertedRowID
            }
            let insert = try db.makeStatement(
                sql: """
                    INSERT OR IGNORE INTO trip_stage (stage, unit, id, date, mode, distance_km, travellers, co2e_kg,
                                                      cost_sek, line)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            let earlier = try db.makeStatement(
                sql: """
                    SELECT line, date, mode, distance_km, travellers, co2e_kg, cost_sek FROM trip_stage
                    WHERE stage = ? AND unit = ? AND id = ?
                    """)
            for (line, trip) in trips {
                try insert.execute(arguments: [
                    id, trip.unit, trip.id, trip.date.description, trip.mode.rawValue,
                    trip.distanceKm, trip.travellers, trip.reportedKgCO2e, trip.costSEK, line,
                ])
                if db.changesCount == 1 {
                    staged += 1
                    continue
                }
                // The id is staged already, from an earlier batch of the file: the same data counts once, other
                // data is a row error naming both lines.
                guard let row = try Row.fetchOne(earlier, arguments: [id, trip.unit, trip.id]) else { continue }
                let reported: Double? = row["co2e_kg"]
                let cost: Double? = row["cost_sek"]
                let same =
                    (row["date"] as String) == trip.date.description && (row["mode"] as String) == trip.mode.rawValue
                    && (row["distance_km"] as Double) == trip.distanceKm
                    && (row["travellers"] as Int) == trip.travellers
                    && reported == trip.reportedKgCO2e && cost == trip.costSEK
                repeats.append(
                    StagedRepeat(line: line, earlierLine: row["line"], unit: trip.unit, id: trip.id, same: same))
            }
        }
        return (id, staged, repeats)
    }

    /// Swaps an import for a staged file in one transaction: the import's trips are removed (recorded with the
    /// reason), the staged trips stored as a new import, the stage cleared. Nothing of it is seen half done.
    package func replaceImport(
        _ importID: Int64, stage: Int64, reason: String, at date: Date,
        by author: Author
    ) throws(StoreError) -> ImportReplacement {
        var replacement = ImportReplacement(
            removed: TripRemoval(trips: [], days: []),
            added: TripBatchOutcome(added: 0, alreadyPresent: 0), lines: [])
        try write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT replaces, source, reported_column FROM import_stage WHERE stage = ?",
                    arguments: [stage]), (row["replaces"] as Int64) == importID
            else {
                throw StoreError(.writeFailed, "no staged replacement #\(stage) of import #\(importID)")
            }
            replacement.removed = try Self.deleteTrips(
                db, predicate: Self.tripsOfImport,
                arguments: [importID], owner: importID, unit: nil, id: nil, reason: reason, at: date, by: author)
            let removalRecord = db.lastInsertedRowID
            try db.execute(sql: "DELETE FROM import_complete WHERE import_id = ?", arguments: [importID])
            var trips: [Trip] = []
            var lines: [Int] = []
            let staged = try Row.fetchCursor(
                db,
                sql: """
                    SELECT unit, id, date, mode, distance_km, travellers, co2e_kg, cost_sek, line FROM trip_stage
                    WHERE stage = ? ORDER BY line
                    """, arguments: [stage])
            while let row = try staged.next() {
                guard let day = CivilDate(row["date"] as String), let mode = TravelMode(rawValue: row["mode"]) else {
                    continue
                }
                trips.append(
                    Trip(
                        id: row["id"], date: day, mode: mode, distanceKm: row["distance_km"],
                        travellers: row["travellers"], unit: row["unit"], reportedKgCO2e: row["co2e_kg"],
                        costSEK: row["cost_sek"]))
                lines.append(row["line"])
            }
            replacement.added = try Self.insertBatch(
                db, TripBatch(trips), source: row["source"], importID: nil,
                reportedColumn: row["reported_column"], at: date, by: author)
            try db.execute(
                sql: "UPDATE trip_removal SET replaced_by = ? WHERE seq = ?",
                arguments: [replacement.added.importID, removalRecord])
            // A trip another import holds while pending is left out like one stored with other data, and said.
            replacement.added.conflicts += replacement.added.refusals.map(\.position)
            replacement.added.conflicts.sort()
            replacement.added.refusals = []
            replacement.lines = lines
            replacement.trips = trips
            try db.execute(
                sql: "DELETE FROM trip_stage WHERE stage = ?; DELETE FROM import_stage WHERE stage = ?",
                arguments: [stage, stage])
        }
        return replacement
    }

    /// The import a stage replaces; nil when there is no such stage.
    package func stageReplaces(_ stage: Int64) throws(StoreError) -> Int64? {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT replaces FROM import_stage WHERE stage = ?", arguments: [stage])
        }
    }

    /// Stages of clients that did not finish (goald stopped in between) count nowhere: cleared at start.
    package func clearStages() throws(StoreError) {
        try write { db in try db.execute(sql: "DELETE FROM trip_stage; DELETE FROM import_stage") }
    }
}
