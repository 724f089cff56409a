import Foundation
import GoalDomain
import GRDB
import GRDBSQLite

// Trips, their daily aggregates, import batches and staff numbers.

/// What one batch of trips did to the store.
package struct TripBatchOutcome: Sendable, Hashable {
    /// How many trips were stored now (new ids).
    package var added: Int
    /// How many were already stored (same unit and id) with the same data.
    package var alreadyPresent: Int
    /// The positions in the batch of trips whose unit and id are stored already with other data: left out, so
    /// that the stored trip stays as it was, and to be reported.
    package var conflicts: [Int] = []
    /// The import the batch belongs to: its first batch's sequence.
    package var importID: Int64 = 0
    /// The added trips summed by unit, day and mode: what the ledger takes (empty for a pending batch, whose
    /// totals the ledger takes from `commitImport`).
    package var days: [DayTotals] = []
    /// Rows that stop the batch (nothing of it is stored): an id another import holds while that import is still
    /// pending (`heldBy`), or an id an earlier batch of the same pending file has with other data (`heldBy` nil).
    package var refusals: [Refusal] = []

    package struct Refusal: Sendable, Hashable {
        package var position: Int
        package var heldBy: Int64?
    }
}

/// What a removal did: the trips gone, and their sums by unit, day and mode.
package struct TripRemoval: Sendable, Hashable {
    package var trips: [Trip]
    package var days: [DayTotals]
}

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

/// One import as `travel imports` lists it: its batches together.
package struct ImportRecord: Sendable, Hashable {
    package var id: Int64
    package var source: String?
    package var added: Int
    package var alreadyPresent: Int
    package var removed: Int
    package var recordedAt: Date
    package var recordedBy: String
    /// The file's column the suppliers' kg CO2e came from, when it had one.
    package var reportedColumn: String?
    /// What the import added, by year and mode (before any removal): activity and suppliers' kg.
    package var activity: [ImportActivity] = []
    /// The day through which the import declared the travel data complete, when it did.
    package var completeThrough: CivilDate?
}

/// One year and mode of what an import added.
package struct ImportActivity: Sendable, Hashable {
    package var year: Int
    package var mode: TravelMode
    package var trips: Int
    /// Passenger-km or vehicle-km of the trips without a supplier's figure.
    package var activity: Double
    package var reportedKg: Double
}

extension GoalStore {
    /// Stores a batch of trips in one transaction: new trips, the daily aggregates they change, and a record of
    /// the batch. A trip whose unit and id are already stored is left as it is and counted as present.
    /// With `pending`, the batch belongs to an import that counts nowhere until `commitImport` (its day totals
    /// wait apart, and its trips are hidden from every read); the first pending batch makes the import pending.
    package func addTrips(_ trips: [Trip], source: String?, importID: Int64? = nil, reportedColumn: String? = nil,
                          pending: Bool = false, at date: Date, by author: Author) throws(StoreError) -> TripBatchOutcome {
        try addTrips(TripBatch(trips), source: source, importID: importID, reportedColumn: reportedColumn,
                     pending: pending, at: date, by: author)
    }

    /// `addTrips` for a batch whose units are numbered already (where it was parsed, off the writer).
    package func addTrips(_ trips: TripBatch, source: String?, importID: Int64? = nil, reportedColumn: String? = nil,
                          pending: Bool = false, at date: Date, by author: Author) throws(StoreError) -> TripBatchOutcome {
        var outcome = TripBatchOutcome(added: 0, alreadyPresent: 0)
        try write { db in
            if pending, let importID {
                try Self.requirePending(db, importID)
            }
            // A batch with a refused row is stored not at all: rolled back to before it.
            try db.inSavepoint {
                outcome = try Self.insertBatch(db, trips, source: source, importID: importID,
                                               reportedColumn: reportedColumn, pending: pending, at: date, by: author)
                return outcome.refusals.isEmpty ? .commit : .rollback
            }
            if !outcome.refusals.isEmpty {
                outcome = TripBatchOutcome(added: 0, alreadyPresent: 0, importID: importID ?? 0,
                                           refusals: outcome.refusals)
                return
            }
            if pending {
                try db.execute(sql: """
                    INSERT INTO pending_import (import_id, updated_at) VALUES (?, ?)
                    ON CONFLICT (import_id) DO UPDATE SET updated_at = excluded.updated_at
                    """, arguments: [outcome.importID, date.timeIntervalSince1970])
            }
        }
        return outcome
    }

    /// Makes a pending import count, in one durable transaction: its day totals join the store's, and it is listed.
    /// Returns the day totals for the ledger and what the import added in all.
    package func commitImport(_ importID: Int64,
                              completeThrough: CivilDate? = nil) throws(StoreError) -> (days: [DayTotals], added: Int, present: Int) {
        var days: [DayTotals] = []
        var added = 0, present = 0
        try write { db in
            try Self.requirePending(db, importID)
            // Read with a cursor: an import of many units has many day rows, and they are not held twice.
            let rows = try Row.fetchCursor(db, sql: """
                SELECT unit, date, mode, trips, activity, reported_kg, reported_trips, passenger_km, cost_sek,
                       reported_activity, reported_kg_with_activity FROM pending_day WHERE import_id = ?
                """, arguments: [importID])
            while let row = try rows.next() {
                guard let day = CivilDate(row["date"] as String), let mode = TravelMode(rawValue: row["mode"]) else { continue }
                days.append(DayTotals(unit: row["unit"], date: day, mode: mode, totals: TravelTotals(
                    trips: row["trips"], activity: row["activity"], reportedKg: row["reported_kg"],
                    reportedTrips: row["reported_trips"], passengerKm: row["passenger_km"], costSEK: row["cost_sek"],
                    reportedActivity: row["reported_activity"], reportedKgWithActivity: row["reported_kg_with_activity"])))
            }
            try db.execute(sql: """
                INSERT INTO trip_day (unit, date, mode, trips, activity, reported_kg, reported_trips, passenger_km, cost_sek,
                                      reported_activity, reported_kg_with_activity)
                SELECT unit, date, mode, trips, activity, reported_kg, reported_trips, passenger_km, cost_sek,
                       reported_activity, reported_kg_with_activity FROM pending_day WHERE import_id = ? AND true
                ON CONFLICT (unit, date, mode) DO UPDATE SET
                    \(Self.addDayTotals);
                DELETE FROM pending_day WHERE import_id = ?;
                DELETE FROM pending_import WHERE import_id = ?;
                """, arguments: [importID, importID, importID])
            let sums = try Row.fetchOne(db, sql: """
                SELECT TOTAL(added) AS added, TOTAL(present) AS present FROM import_batch WHERE COALESCE(import_id, seq) = ?
                """, arguments: [importID])
            added = Int(sums?["added"] as Double? ?? 0)
            present = Int(sums?["present"] as Double? ?? 0)
            if let completeThrough {
                try db.execute(sql: "INSERT OR REPLACE INTO import_complete (import_id, through) VALUES (?, ?)",
                               arguments: [importID, completeThrough.description])
            }
        }
        return (days, added, present)
    }

    /// The units of a pending import's trips, or of a stage's: they take room under `max-units` before they count.
    package func waitingUnits(pendingImport: Int64? = nil, stage: Int64? = nil) throws(StoreError) -> Set<String> {
        try read { db in
            var units: Set<String> = []
            if let pendingImport {
                units.formUnion(try String.fetchAll(db, sql: "SELECT DISTINCT unit FROM pending_day WHERE import_id = ?",
                                                    arguments: [pendingImport]))
            }
            if let stage {
                units.formUnion(try String.fetchAll(db, sql: "SELECT DISTINCT unit FROM trip_stage WHERE stage = ?",
                                                    arguments: [stage]))
            }
            return units
        }
    }

    /// Whether an import is pending (being imported, not yet committed).
    package func isPending(_ importID: Int64) throws(StoreError) -> Bool {
        try read { db in try Self.pending(db, importID) }
    }

    private static func pending(_ db: Database, _ importID: Int64) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM pending_import WHERE import_id = ? AND state = 'pending')",
                          arguments: [importID]) ?? false
    }

    /// Inside a write: the import must be pending (checked again under the writer, after the handler's check).
    private static func requirePending(_ db: Database, _ importID: Int64) throws {
        guard try pending(db, importID) else { throw StoreError(.writeFailed, "import #\(importID) is not being imported") }
    }

    /// Takes back a pending import whole: its trips, batches and waiting totals. Returns how many trips it held.
    package func discardImport(_ importID: Int64) throws(StoreError) -> Int {
        var trips = 0
        try write { db in trips = try Self.discard(db, importID) }
        return trips
    }

    /// Discards the pending imports not added to since `before` (nil: all of them, as at start); returns how many.
    @discardableResult
    package func discardPendingImports(before: Date? = nil) throws(StoreError) -> Int {
        var count = 0
        try write { db in
            let ids = try Int64.fetchAll(db, sql: """
                SELECT import_id FROM pending_import WHERE state = 'pending' AND updated_at < ?
                """, arguments: [before?.timeIntervalSince1970 ?? Double.greatestFiniteMagnitude])
            for id in ids { _ = try Self.discard(db, id) }
            count = ids.count
        }
        return count
    }

    private static func discard(_ db: Database, _ importID: Int64) throws -> Int {
        try requirePending(db, importID)
        try db.execute(sql: """
            DELETE FROM trip WHERE batch IN (SELECT seq FROM import_batch WHERE COALESCE(import_id, seq) = ?)
            """, arguments: [importID])
        let trips = db.changesCount
        // The batch records stay, marked discarded and never listed: the import's id is not given again.
        try db.execute(sql: """
            DELETE FROM import_activity WHERE import_id = ?;
            DELETE FROM pending_day WHERE import_id = ?;
            UPDATE pending_import SET state = 'discarded' WHERE import_id = ?;
            """, arguments: [importID, importID, importID])
        return trips
    }

    /// The upsert's SET clause that adds a row of day totals (`excluded`) to the one stored: trip_day and pending_day.
    static let addDayTotals = """
        trips = trips + excluded.trips, activity = activity + excluded.activity,
        reported_kg = reported_kg + excluded.reported_kg, reported_trips = reported_trips + excluded.reported_trips,
        passenger_km = passenger_km + excluded.passenger_km, cost_sek = cost_sek + excluded.cost_sek,
        reported_activity = reported_activity + excluded.reported_activity,
        reported_kg_with_activity = reported_kg_with_activity + excluded.reported_kg_with_activity
        """

    /// The batches of pending imports, whose trips no read may see: `trip.batch NOT IN (…)`.
    static let pendingBatches = """
        SELECT seq FROM import_batch WHERE COALESCE(import_id, seq) IN (SELECT import_id FROM pending_import)
        """

    /// The trips of a batch into the trips table, the daily aggregates, the import's activity and the batch record,
    /// inside the caller's transaction.
    private static func insertBatch(_ db: Database, _ batch: TripBatch, source: String?, importID: Int64?,
                                    reportedColumn: String?, pending: Bool = false, at date: Date,
                                    by author: Author) throws -> TripBatchOutcome {
        let trips = batch.trips
        var added = 0
        var present = 0
        var conflicts: [Int] = []
        var refusals: [TripBatchOutcome.Refusal] = []
        var dayTotals: [DayTotals] = []
        let stored = try db.makeStatement(sql: """
            SELECT t.date, t.mode, t.distance_km, t.travellers, t.co2e_kg, t.cost_sek,
                   COALESCE(b.import_id, b.seq) AS imp, EXISTS (SELECT 1 FROM pending_import p
                       WHERE p.import_id = COALESCE(b.import_id, b.seq) AND p.state = 'pending') AS pending
            FROM trip t LEFT JOIN import_batch b ON b.seq = t.batch WHERE t.unit = ? AND t.id = ?
            """)
        let sequence = (try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM import_batch") ?? 0) + 1
        let importOf = importID ?? sequence
        let insert = try db.makeStatement(sql: """
            INSERT OR IGNORE INTO trip (unit, id, date, mode, distance_km, travellers, co2e_kg, cost_sek, batch)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        // The day totals of the trips added, by the batch's (unit, day, mode) key: the first trip of each names it.
        var days: [Int: (first: Int, totals: TravelTotals)] = [:]
        // Bound through SQLite's C interface: one prepared statement, values bound in place, no boxing, and the text
        // not copied (SQLITE_STATIC: the bytes stay valid until the row is stepped and the bindings cleared).
        let statement = insert.sqliteStatement
        let connection = db.sqliteConnection
        for (position, trip) in trips.enumerated() {
            sqlite3_bind_double(statement, 5, trip.distanceKm)
            sqlite3_bind_int64(statement, 6, Int64(trip.travellers))
            if let kg = trip.reportedKgCO2e { sqlite3_bind_double(statement, 7, kg) } else { sqlite3_bind_null(statement, 7) }
            if let sek = trip.costSEK { sqlite3_bind_double(statement, 8, sek) } else { sqlite3_bind_null(statement, 8) }
            sqlite3_bind_int64(statement, 9, sequence)
            let code = withText(trip.unit) { unit in
                withText(trip.id) { id in
                    trip.date.withISOText { day in
                        withText(trip.mode.rawValue) { mode in
                            stepOnce(statement, binding: [unit, id, day, mode])
                        }
                    }
                }
            }
            guard code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                    message: String(cString: sqlite3_errmsg(connection)))
            }
            if sqlite3_changes(connection) == 1 {
                added += 1
                let key = batch.dayKey(position)
                if let index = days.index(forKey: key) {
                    days.values[index].totals += TravelTotals(trip)
                } else {
                    days[key] = (position, TravelTotals(trip))
                }
            } else {
                switch try compareStored(trip, statement: stored, importing: importOf) {
                case .same: present += 1
                case .differs: conflicts.append(position)
                case .heldByPending(let other): refusals.append(.init(position: position, heldBy: other))
                case .repeatedWithOtherData: refusals.append(.init(position: position, heldBy: nil))
                }
            }
        }
        // A pending import's day totals wait apart until it is committed.
        let upsert = try db.makeStatement(sql: pending ? """
            INSERT INTO pending_day (unit, date, mode, trips, activity, reported_kg, reported_trips, passenger_km,
                                     cost_sek, reported_activity, reported_kg_with_activity, import_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, \(importOf))
            ON CONFLICT (import_id, unit, date, mode) DO UPDATE SET
                \(Self.addDayTotals)
            """ : """
            INSERT INTO trip_day (unit, date, mode, trips, activity, reported_kg, reported_trips, passenger_km, cost_sek,
                                  reported_activity, reported_kg_with_activity)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (unit, date, mode) DO UPDATE SET
                \(Self.addDayTotals)
            """)
        // What the import added, by year and mode, so that its kg can be told without reading its trips.
        var byYear: [YearMode: TravelTotals] = [:]
        // The ledger takes the day totals at once, or (pending) from the commit: then they are not kept here.
        if !pending { dayTotals.reserveCapacity(days.count) }
        for (first, totals) in days.values {
            let trip = trips[first]
            try upsert.execute(arguments: [trip.unit, trip.date.description, trip.mode.rawValue, totals.trips,
                                           totals.activity, totals.reportedKg, totals.reportedTrips, totals.passengerKm,
                                           totals.costSEK, totals.reportedActivity, totals.reportedKgWithActivity])
            byYear[YearMode(year: trip.date.year, mode: trip.mode), default: TravelTotals()] += totals
            if !pending { dayTotals.append(DayTotals(unit: trip.unit, date: trip.date, mode: trip.mode, totals: totals)) }
        }
        let activity = try db.makeStatement(sql: """
            INSERT INTO import_activity (import_id, year, mode, trips, activity, reported_kg) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (import_id, year, mode) DO UPDATE SET trips = trips + excluded.trips,
                activity = activity + excluded.activity, reported_kg = reported_kg + excluded.reported_kg
            """)
        for (key, totals) in byYear {
            try activity.execute(arguments: [importOf, key.year, key.mode.rawValue, totals.trips, totals.activity,
                                             totals.reportedKg])
        }
        try db.execute(sql: """
            INSERT INTO import_batch (seq, source, added, present, recorded_at, recorded_by, recorded_uid, import_id,
                                      reported_column)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [sequence, source, added, present, date.timeIntervalSince1970, author.name,
                             author.uid.map { Int64($0) }, importOf, reportedColumn])
        return TripBatchOutcome(added: added, alreadyPresent: present, conflicts: conflicts, importID: importOf,
                                days: dayTotals, refusals: refusals)
    }

    // MARK: - Replacing an import

    /// Stages a batch of a file that is to replace an import: its trips wait, durably, in a table of their own, and
    /// count nowhere until `replaceImport` swaps them in. The first batch makes the stage; returns its id and the
    /// number of trips staged (a row that repeats a staged trip's unit and id is staged once).
    package func stageTrips(_ trips: [(line: Int, trip: Trip)], stage: Int64?, replacing importID: Int64,
                            source: String?, reportedColumn: String?, at date: Date,
                            by author: Author) throws(StoreError) -> (stage: Int64, staged: Int, repeats: [StagedRepeat]) {
        var id: Int64 = 0
        var staged = 0
        var repeats: [StagedRepeat] = []
        try write { db in
            if let stage {
                guard try Int64.fetchOne(db, sql: "SELECT replaces FROM import_stage WHERE stage = ?",
                                         arguments: [stage]) == importID else {
                    throw StoreError(.writeFailed, "no staged replacement #\(stage) of import #\(importID)")
                }
                id = stage
            } else {
                // Stages left by a client that never finished are cleared after a day.
                try db.execute(sql: """
                    DELETE FROM trip_stage WHERE stage IN (SELECT stage FROM import_stage WHERE created_at < ?);
                    DELETE FROM import_stage WHERE created_at < ?;
                    """, arguments: [date.timeIntervalSince1970 - 86_400, date.timeIntervalSince1970 - 86_400])
                try db.execute(sql: """
                    INSERT INTO import_stage (replaces, source, reported_column, created_at, created_by)
                    VALUES (?, ?, ?, ?, ?)
                    """, arguments: [importID, source, reportedColumn, date.timeIntervalSince1970, author.name])
                id = db.lastInsertedRowID
            }
            let insert = try db.makeStatement(sql: """
                INSERT OR IGNORE INTO trip_stage (stage, unit, id, date, mode, distance_km, travellers, co2e_kg,
                                                  cost_sek, line)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let earlier = try db.makeStatement(sql: """
                SELECT line, date, mode, distance_km, travellers, co2e_kg, cost_sek FROM trip_stage
                WHERE stage = ? AND unit = ? AND id = ?
                """)
            for (line, trip) in trips {
                try insert.execute(arguments: [id, trip.unit, trip.id, trip.date.description, trip.mode.rawValue,
                                               trip.distanceKm, trip.travellers, trip.reportedKgCO2e, trip.costSEK, line])
                if db.changesCount == 1 {
                    staged += 1
                    continue
                }
                // The id is staged already, from an earlier batch of the file: the same data counts once, other
                // data is a row error naming both lines.
                guard let row = try Row.fetchOne(earlier, arguments: [id, trip.unit, trip.id]) else { continue }
                let reported: Double? = row["co2e_kg"]
                let cost: Double? = row["cost_sek"]
                let same = (row["date"] as String) == trip.date.description && (row["mode"] as String) == trip.mode.rawValue
                    && (row["distance_km"] as Double) == trip.distanceKm && (row["travellers"] as Int) == trip.travellers
                    && reported == trip.reportedKgCO2e && cost == trip.costSEK
                repeats.append(StagedRepeat(line: line, earlierLine: row["line"], unit: trip.unit, id: trip.id, same: same))
            }
        }
        return (id, staged, repeats)
    }

    /// Swaps an import for a staged file in one transaction: the import's trips are removed (recorded with the
    /// reason), the staged trips stored as a new import, the stage cleared. Nothing of it is seen half done.
    package func replaceImport(_ importID: Int64, stage: Int64, reason: String, at date: Date,
                               by author: Author) throws(StoreError) -> ImportReplacement {
        var replacement = ImportReplacement(removed: TripRemoval(trips: [], days: []),
                                            added: TripBatchOutcome(added: 0, alreadyPresent: 0), lines: [])
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT replaces, source, reported_column FROM import_stage WHERE stage = ?",
                                             arguments: [stage]), (row["replaces"] as Int64) == importID else {
                throw StoreError(.writeFailed, "no staged replacement #\(stage) of import #\(importID)")
            }
            replacement.removed = try Self.deleteTrips(
                db, predicate: "batch IN (SELECT seq FROM import_batch WHERE COALESCE(import_id, seq) = ?)",
                arguments: [importID], owner: importID, unit: nil, id: nil, reason: reason, at: date, by: author)
            let removalRecord = db.lastInsertedRowID
            try db.execute(sql: "DELETE FROM import_complete WHERE import_id = ?", arguments: [importID])
            var trips: [Trip] = []
            var lines: [Int] = []
            let staged = try Row.fetchCursor(db, sql: """
                SELECT unit, id, date, mode, distance_km, travellers, co2e_kg, cost_sek, line FROM trip_stage
                WHERE stage = ? ORDER BY line
                """, arguments: [stage])
            while let row = try staged.next() {
                guard let day = CivilDate(row["date"] as String), let mode = TravelMode(rawValue: row["mode"]) else { continue }
                trips.append(Trip(id: row["id"], date: day, mode: mode, distanceKm: row["distance_km"],
                                  travellers: row["travellers"], unit: row["unit"], reportedKgCO2e: row["co2e_kg"],
                                  costSEK: row["cost_sek"]))
                lines.append(row["line"])
            }
            replacement.added = try Self.insertBatch(db, TripBatch(trips), source: row["source"], importID: nil,
                                                     reportedColumn: row["reported_column"], at: date, by: author)
            try db.execute(sql: "UPDATE trip_removal SET replaced_by = ? WHERE seq = ?",
                           arguments: [replacement.added.importID, removalRecord])
            // A trip another import holds while pending is left out like one stored with other data, and said.
            replacement.added.conflicts += replacement.added.refusals.map(\.position)
            replacement.added.conflicts.sort()
            replacement.added.refusals = []
            replacement.lines = lines
            replacement.trips = trips
            try db.execute(sql: "DELETE FROM trip_stage WHERE stage = ?; DELETE FROM import_stage WHERE stage = ?",
                           arguments: [stage, stage])
        }
        return replacement
    }

    /// The import a stage replaces; nil when there is no such stage.
    package func stageReplaces(_ stage: Int64) throws(StoreError) -> Int64? {
        try read { db in try Int64.fetchOne(db, sql: "SELECT replaces FROM import_stage WHERE stage = ?", arguments: [stage]) }
    }

    /// Stages of clients that did not finish (goald stopped in between) count nowhere: cleared at start.
    package func clearStages() throws(StoreError) {
        try write { db in try db.execute(sql: "DELETE FROM trip_stage; DELETE FROM import_stage") }
    }

    /// Lets a removed trip into later imports again.
    package func restoreTrip(unit: String, id: String) throws(StoreError) {
        try write { db in
            try db.execute(sql: "DELETE FROM trip_exclusion WHERE unit = ? AND id = ?", arguments: [unit, id])
        }
    }

    /// Whether an import is still in force: nil when it is, else why not (replaced by another import, or every trip
    /// it added removed), for a replacement to refuse.
    package func importNotInForce(_ id: Int64) throws(StoreError) -> String? {
        try read { db in
            let added = try Int.fetchOne(db, sql: """
                SELECT COALESCE(SUM(added), 0) FROM import_batch WHERE COALESCE(import_id, seq) = ?
                """, arguments: [id]) ?? 0
            let removal = try Row.fetchOne(db, sql: """
                SELECT replaced_by, reason, recorded_at FROM trip_removal
                WHERE import_id = ? AND unit IS NULL AND id IS NULL ORDER BY seq DESC LIMIT 1
                """, arguments: [id])
            let day = (removal?["recorded_at"] as Double?).map {
                CivilDate.local(Date(timeIntervalSince1970: $0)).description
            } ?? "?"
            if let replacedBy = removal?["replaced_by"] as Int64? {
                return "import #\(id) was replaced by import #\(replacedBy) on \(day); replace #\(replacedBy) instead"
            }
            let removed = try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(trips), 0) FROM trip_removal WHERE import_id = ?",
                                           arguments: [id]) ?? 0
            if added > 0, removed >= added {
                let why = (removal?["reason"] as String?).map { " (\"\($0)\")" } ?? ""
                return "every trip of import #\(id) has been removed\(why): it is in force nowhere; import the file "
                    + "as a new import instead"
            }
            return nil
        }
    }

    /// Whether an import with this id exists.
    package func importExists(_ id: Int64) throws(StoreError) -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM import_batch WHERE COALESCE(import_id, seq) = ?)
                   AND NOT EXISTS (SELECT 1 FROM pending_import WHERE import_id = ?)
                """, arguments: [id, id]) ?? false
        }
    }

    /// The imports after `after` (all from the first when nil), oldest first, at most `limit`, with what each
    /// added and what has been removed of it since.
    package func imports(after: Int64? = nil, limit: Int = Int(Int32.max)) throws(StoreError) -> [ImportRecord] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT COALESCE(import_id, seq) AS imp, MIN(recorded_at) AS at, MIN(recorded_by) AS by,
                       MIN(source) AS source, SUM(added) AS added, SUM(present) AS present,
                       MIN(reported_column) AS reported_column
                FROM import_batch GROUP BY imp HAVING imp > ? AND imp NOT IN (SELECT import_id FROM pending_import)
                ORDER BY imp LIMIT ?
                """, arguments: [after ?? 0, limit])
            guard let first = rows.first?["imp"] as Int64?, let last = rows.last?["imp"] as Int64? else { return [] }
            let removed = try Row.fetchAll(db, sql: """
                SELECT import_id, SUM(trips) AS trips FROM trip_removal WHERE import_id BETWEEN ? AND ? GROUP BY import_id
                """, arguments: [first, last]).reduce(into: [Int64: Int]()) { $0[$1["import_id"]] = $1["trips"] }
            var activity: [Int64: [ImportActivity]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT * FROM import_activity WHERE import_id BETWEEN ? AND ? ORDER BY import_id, year, mode
                """, arguments: [first, last]) {
                guard let mode = TravelMode(rawValue: row["mode"]) else { continue }
                activity[row["import_id"], default: []].append(ImportActivity(
                    year: row["year"], mode: mode, trips: row["trips"], activity: row["activity"],
                    reportedKg: row["reported_kg"]))
            }
            let complete = try Row.fetchAll(db, sql: """
                SELECT import_id, through FROM import_complete WHERE import_id BETWEEN ? AND ?
                """, arguments: [first, last]).reduce(into: [Int64: CivilDate]()) { $0[$1["import_id"]] = CivilDate($1["through"] as String) }
            return rows.map { row in
                ImportRecord(id: row["imp"], source: row["source"], added: row["added"], alreadyPresent: row["present"],
                             removed: removed[row["imp"]] ?? 0,
                             recordedAt: Date(timeIntervalSince1970: row["at"]), recordedBy: row["by"],
                             reportedColumn: row["reported_column"], activity: activity[row["imp"]] ?? [],
                             completeThrough: complete[row["imp"]])
            }
        }
    }

    /// Removes the trips of an import, or one trip, in one transaction: the trips, their share of the daily
    /// aggregates, and a record of the removal with its reason. Returns the trips removed and their day sums.
    package func removeTrips(importID: Int64?, unit: String?, id: String?, reason: String, at date: Date,
                             by author: Author) throws(StoreError) -> TripRemoval {
        var removal = TripRemoval(trips: [], days: [])
        try write { db in
            let (predicate, arguments): (String, StatementArguments) = if let importID {
                ("batch IN (SELECT seq FROM import_batch WHERE COALESCE(import_id, seq) = ?)", [importID])
            } else {
                ("unit = ? AND id = ? AND batch NOT IN (\(Self.pendingBatches))", [unit ?? "", id ?? ""])
            }
            // A trip removed by itself is counted against the import that brought it: asked before it goes.
            let owner = try importID ?? Int64.fetchOne(db, sql: """
                SELECT COALESCE(b.import_id, b.seq) FROM trip t JOIN import_batch b ON b.seq = t.batch
                WHERE t.unit = ? AND t.id = ?
                """, arguments: [unit ?? "", id ?? ""])
            removal = try Self.deleteTrips(db, predicate: predicate, arguments: arguments, owner: owner, unit: unit,
                                           id: id, reason: reason, at: date, by: author)
            // A trip removed by itself stays out of later imports (a cumulative file brings it again).
            if let unit, let id, !removal.trips.isEmpty {
                try db.execute(sql: """
                    INSERT OR REPLACE INTO trip_exclusion (unit, id, reason, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?)
                    """, arguments: [unit, id, reason, date.timeIntervalSince1970, author.name])
            }
            // An import taken back no longer vouches for the data being complete.
            if let importID {
                try db.execute(sql: "DELETE FROM import_complete WHERE import_id = ?", arguments: [importID])
            }
        }
        return removal
    }

    /// Deletes the trips a predicate selects, inside the caller's transaction: their share of the daily
    /// aggregates, and a removal record (unless no single trip was found).
    private static func deleteTrips(_ db: Database, predicate: String, arguments: StatementArguments, owner: Int64?,
                                    unit: String?, id: String?, reason: String, at date: Date,
                                    by author: Author) throws -> TripRemoval {
        var removed: [Trip] = []
        // One pass: the rows go and come back for the day totals and the answer.
        let rows = try Row.fetchAll(db, sql: """
            DELETE FROM trip WHERE \(predicate)
            RETURNING unit, id, date, mode, distance_km, travellers, co2e_kg, cost_sek
            """, arguments: arguments)
        for row in rows {
            guard let day = CivilDate(row["date"] as String), let mode = TravelMode(rawValue: row["mode"]) else {
                continue
            }
            removed.append(Trip(id: row["id"], date: day, mode: mode, distanceKm: row["distance_km"],
                                travellers: row["travellers"], unit: row["unit"], reportedKgCO2e: row["co2e_kg"],
                                costSEK: row["cost_sek"]))
        }
        if rows.isEmpty, unit != nil { return TripRemoval(trips: [], days: []) }  // no such trip: nothing to record
        let dayTotals = DayTotals.of(removed)
        let update = try db.makeStatement(sql: """
            UPDATE trip_day SET trips = trips - ?, activity = MAX(0, activity - ?),
                reported_kg = MAX(0, reported_kg - ?), reported_trips = reported_trips - ?,
                passenger_km = MAX(0, passenger_km - ?), cost_sek = MAX(0, cost_sek - ?),
                reported_activity = MAX(0, reported_activity - ?),
                reported_kg_with_activity = MAX(0, reported_kg_with_activity - ?)
            WHERE unit = ? AND date = ? AND mode = ?
            """)
        for day in dayTotals {
            let totals = day.totals
            try update.execute(arguments: [totals.trips, totals.activity, totals.reportedKg, totals.reportedTrips,
                                           totals.passengerKm, totals.costSEK, totals.reportedActivity,
                                           totals.reportedKgWithActivity, day.unit, day.date.description,
                                           day.mode.rawValue])
        }
        try db.execute(sql: "DELETE FROM trip_day WHERE trips <= 0")
        try db.execute(sql: """
            INSERT INTO trip_removal (import_id, unit, id, trips, reason, recorded_at, recorded_by, recorded_uid)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [owner, unit, id, removed.count, reason, date.timeIntervalSince1970, author.name,
                             author.uid.map { Int64($0) }])
        return TripRemoval(trips: removed, days: dayTotals)
    }

    /// How a trip compares with the one stored under its unit and id. Asked only when an insert found the id taken,
    /// so an import of new trips pays nothing for it.
    fileprivate enum StoredComparison {
        case same, differs
        /// Another import holds it while that import is still pending: it may yet be taken back.
        case heldByPending(Int64)
        /// An earlier batch of the same pending file has it with other data.
        case repeatedWithOtherData
    }

    fileprivate static func compareStored(_ trip: Trip, statement: Statement,
                                          importing importID: Int64) throws -> StoredComparison {
        guard let row = try Row.fetchOne(statement, arguments: [trip.unit, trip.id]) else { return .same }
        let holder: Int64? = row["imp"]
        let pending = row["pending"] as Bool? ?? false
        if pending, let holder, holder != importID { return .heldByPending(holder) }
        let reported: Double? = row["co2e_kg"]
        let cost: Double? = row["cost_sek"]
        let differs = (row["date"] as String) != trip.date.description || (row["mode"] as String) != trip.mode.rawValue
            || (row["distance_km"] as Double) != trip.distanceKm || (row["travellers"] as Int) != trip.travellers
            || reported != trip.reportedKgCO2e || cost != trip.costSEK
        if pending, differs { return .repeatedWithOtherData }
        return differs ? .differs : .same
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
                let code = withText(trip.unit) { unit in withText(trip.id) { id in stepOnce(statement, binding: [unit, id]) } }
                guard code == SQLITE_ROW || code == SQLITE_DONE else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                        message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                if duplicate || code == SQLITE_ROW { present += 1 }
            }
            return present
        }
    }

    package func setStaff(unit: String, year: Int, fte: Double, at date: Date, by author: Author) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
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
            let rows = try Row.fetchCursor(db, sql: """
                SELECT unit, date, mode, trips, activity, reported_kg, reported_trips, passenger_km, cost_sek,
                       reported_activity, reported_kg_with_activity FROM trip_day
                """)
            while let row = try rows.next() {
                let dateText: String = row["date"]
                let modeText: String = row["mode"]
                guard let date = CivilDate(dateText), let mode = TravelMode(rawValue: modeText) else {
                    throw StoreError(.unusable, "\(path): a travel total has an unreadable date or mode (\(dateText), \(modeText))")
                }
                accounts.add(TravelTotals(trips: row["trips"], activity: row["activity"], reportedKg: row["reported_kg"],
                                          reportedTrips: row["reported_trips"], passengerKm: row["passenger_km"],
                                          costSEK: row["cost_sek"], reportedActivity: row["reported_activity"],
                                          reportedKgWithActivity: row["reported_kg_with_activity"]),
                             unit: row["unit"], date: date, mode: mode)
            }
            let staff = try Row.fetchCursor(db, sql: "SELECT unit, year, fte FROM staff")
            while let row = try staff.next() {
                accounts.setStaff(unit: row["unit"], year: row["year"], fte: row["fte"])
            }
            let exclusions = try Row.fetchCursor(db, sql: "SELECT unit, id, reason, recorded_at, recorded_by FROM trip_exclusion")
            while let row = try exclusions.next() {
                let key = TripExclusion.Key(unit: row["unit"], id: row["id"])
                accounts.exclude(key, TripExclusion(key: key, reason: row["reason"],
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

private struct YearMode: Hashable {
    var year: Int
    var mode: TravelMode
}

/// SQLite's SQLITE_STATIC: the bound bytes are the caller's, valid until the statement is stepped and its bindings
/// cleared.
private let staticText = unsafeBitCast(0, to: sqlite3_destructor_type.self)

/// A string's UTF-8 bytes as C characters, for binding without a copy (a native Swift string has them in place).
private func withText<R>(_ text: String, _ body: (UnsafeBufferPointer<CChar>) -> R) -> R {
    var text = text
    return text.withUTF8 { bytes in
        bytes.withMemoryRebound(to: CChar.self) { characters in
            // An empty string has no storage: SQLite reads a NULL pointer with length 0 as NULL, not as "".
            guard characters.baseAddress != nil else { return "".withCString { body(UnsafeBufferPointer(start: $0, count: 0)) } }
            return body(characters)
        }
    }
}

/// Binds `texts` to the statement's first parameters without copying them, steps it once, and resets it with its
/// bindings cleared, so that no pointer into the texts outlives the call. Returns the step's result code.
private func stepOnce(_ statement: OpaquePointer, binding texts: [UnsafeBufferPointer<CChar>]) -> Int32 {
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
    fileprivate func withISOText<R>(_ body: (UnsafeBufferPointer<CChar>) -> R) -> R {
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

/// A stored trip with the import that brought it.
package struct StoredTrip: Sendable, Hashable {
    package var trip: Trip
    package var importID: Int64?
}

extension GoalStore {
    /// One year's trips (of one unit, or all), ordered by unit and id, after a key: a page of an export. Reads the
    /// trips table in its key order from `after`, so paging through a year reads each trip once.
    package func trips(year: Int, unit: String?, after: (unit: String, id: String)?,
                       limit: Int) throws(StoreError) -> [StoredTrip] {
        try read { db in
            var conditions = ["t.date BETWEEN ? AND ?", "t.batch NOT IN (\(Self.pendingBatches))"]
            var arguments: StatementArguments = [String(format: "%04d-01-01", year), String(format: "%04d-12-31", year)]
            if let unit {
                conditions.append("t.unit = ?")
                arguments += [unit]
            }
            if let after {
                conditions.append("(t.unit, t.id) > (?, ?)")
                arguments += [after.unit, after.id]
            }
            arguments += [limit]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT t.unit, t.id, t.date, t.mode, t.distance_km, t.travellers, t.co2e_kg, t.cost_sek,
                       COALESCE(b.import_id, b.seq) AS imp
                FROM trip t LEFT JOIN import_batch b ON b.seq = t.batch
                WHERE \(conditions.joined(separator: " AND ")) ORDER BY t.unit, t.id LIMIT ?
                """, arguments: arguments)
            var trips: [StoredTrip] = []
            while let row = try rows.next() {
                guard let date = CivilDate(row["date"] as String), let mode = TravelMode(rawValue: row["mode"]) else { continue }
                trips.append(StoredTrip(trip: Trip(id: row["id"], date: date, mode: mode, distanceKm: row["distance_km"],
                                                   travellers: row["travellers"], unit: row["unit"],
                                                   reportedKgCO2e: row["co2e_kg"], costSEK: row["cost_sek"]),
                                        importID: row["imp"]))
            }
            return trips
        }
    }
}
