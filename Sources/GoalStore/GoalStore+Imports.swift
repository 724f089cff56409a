import Foundation
import GRDB
import GRDBSQLite
import GoalDomain

// Import batches: trips stored batch by batch, pending imports committed or discarded, what each import added.

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
    package func addTrips(
        _ trips: [Trip], source: String?, importID: Int64? = nil, reportedColumn: String? = nil,
        pending: Bool = false, at date: Date, by author: Author
    ) throws(StoreError) -> TripBatchOutcome {
        try addTrips(
            TripBatch(trips), source: source, importID: importID, reportedColumn: reportedColumn,
            pending: pending, at: date, by: author)
    }

    /// `addTrips` for a batch whose units are numbered already (where it was parsed, off the writer).
    package func addTrips(
        _ trips: TripBatch, source: String?, importID: Int64? = nil, reportedColumn: String? = nil,
        pending: Bool = false, at date: Date, by author: Author
    ) throws(StoreError) -> TripBatchOutcome {
        var outcome = TripBatchOutcome(added: 0, alreadyPresent: 0)
        try write { db in
            if pending, let importID {
                try Self.requirePending(db, importID)
            }
            // A batch with a refused row is stored not at all: rolled back to before it.
            try db.inSavepoint {
                outcome = try Self.insertBatch(
                    db, trips, source: source, importID: importID,
                    reportedColumn: reportedColumn, pending: pending, at: date, by: author)
                return outcome.refusals.isEmpty ? .commit : .rollback
            }
            if !outcome.refusals.isEmpty {
                outcome = TripBatchOutcome(
                    added: 0, alreadyPresent: 0, importID: importID ?? 0,
                    refusals: outcome.refusals)
                return
            }
            if pending {
                try db.execute(
                    sql: """
                        INSERT INTO pending_import (import_id, updated_at) VALUES (?, ?)
                        ON CONFLICT (import_id) DO UPDATE SET updated_at = excluded.updated_at
                        """, arguments: [outcome.importID, date.timeIntervalSince1970])
            }
        }
        return outcome
    }

    /// Makes a pending import count, in one durable transaction: its day totals join the store's, and it is listed.
    /// Returns the day totals for the ledger and what the import added in all.
    package func commitImport(
        _ importID: Int64,
        completeThrough: CivilDate? = nil
    ) throws(StoreError) -> (days: [DayTotals], added: Int, present: Int) {
        var days: [DayTotals] = []
        var added = 0
        var present = 0
        try write { db in
            try Self.requirePending(db, importID)
            // Read with a cursor: an import of many units has many day rows, and they are not held twice.
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT unit, date, mode, trips, activity, reported_kg, reported_trips, passenger_km, cost_sek,
                           reported_activity, reported_kg_with_activity FROM pending_day WHERE import_id = ?
                    """, arguments: [importID])
            while let row = try rows.next() {
                guard let day = CivilDate(row["date"] as String), let mode = TravelMode(rawValue: row["mode"]) else {
                    continue
                }
                days.append(
                    DayTotals(
                        unit: row["unit"], date: day, mode: mode,
                        totals: TravelTotals(
                            trips: row["trips"], activity: row["activity"], reportedKg: row["reported_kg"],
                            reportedTrips: row["reported_trips"], passengerKm: row["passenger_km"],
                            costSEK: row["cost_sek"],
                            reportedActivity: row["reported_activity"],
                            reportedKgWithActivity: row["reported_kg_with_activity"])))
            }
            try db.execute(
                sql: """
                    INSERT INTO trip_day (unit, date, mode, trips, activity, reported_kg, reported_trips, \
                    passenger_km, cost_sek,
                                          reported_activity, reported_kg_with_activity)
                    SELECT unit, date, mode, trips, activity, reported_kg, reported_trips, passenger_km, cost_sek,
                           reported_activity, reported_kg_with_activity FROM pending_day WHERE import_id = ? AND true
                    ON CONFLICT (unit, date, mode) DO UPDATE SET
                        \(Self.addDayTotals);
                    DELETE FROM pending_day WHERE import_id = ?;
                    DELETE FROM pending_import WHERE import_id = ?;
                    """, arguments: [importID, importID, importID])
            let sums = try Row.fetchOne(
                db,
                sql: """
                    SELECT TOTAL(added) AS added, TOTAL(present) AS present FROM import_batch \
                    WHERE COALESCE(import_id, seq) = ?
                    """, arguments: [importID])
            added = Int(sums?["added"] as Double? ?? 0)
            present = Int(sums?["present"] as Double? ?? 0)
            if let completeThrough {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO import_complete (import_id, through) VALUES (?, ?)",
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
                units.formUnion(
                    try String.fetchAll(
                        db, sql: "SELECT DISTINCT unit FROM pending_day WHERE import_id = ?",
                        arguments: [pendingImport]))
            }
            if let stage {
                units.formUnion(
                    try String.fetchAll(
                        db, sql: "SELECT DISTINCT unit FROM trip_stage WHERE stage = ?",
                        arguments: [stage]))
            }
            return units
        }
    }

    /// Who started an import (the uid its first batch was stored by; nil when the peer had none).
    package func importOwner(_ importID: Int64) throws(StoreError) -> UInt32? {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT recorded_uid FROM import_batch WHERE seq = ?", arguments: [importID])
                .map { UInt32(truncatingIfNeeded: $0) }
        }
    }

    /// Whether an import is pending (being imported, not yet committed).
    package func isPending(_ importID: Int64) throws(StoreError) -> Bool {
        try read { db in try Self.pending(db, importID) }
    }

    static func pending(_ db: Database, _ importID: Int64) throws -> Bool {
        try Bool.fetchOne(
            db, sql: "SELECT EXISTS (SELECT 1 FROM pending_import WHERE import_id = ? AND state = 'pending')",
            arguments: [importID]) ?? false
    }

    /// Inside a write: the import must be pending (checked again under the writer, after the handler's check).
    static func requirePending(_ db: Database, _ importID: Int64) throws {
        guard try pending(db, importID) else {
            throw StoreError(.writeFailed, "import #\(importID) is not being imported")
        }
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
            let ids = try Int64.fetchAll(
                db,
                sql: """
                    SELECT import_id FROM pending_import WHERE state = 'pending' AND updated_at < ?
                    """, arguments: [before?.timeIntervalSince1970 ?? Double.greatestFiniteMagnitude])
            guard !ids.isEmpty else { return }
            // Their trips in one pass over the trip table, however many they are (a pass each took 999 imports
            // past systemd's start timeout over a million trips).
            let list = ids.map(String.init).joined(separator: ",")
            try db.execute(
                sql: """
                    DELETE FROM trip WHERE batch IN
                    (SELECT seq FROM import_batch WHERE COALESCE(import_id, seq) IN (\(list)))
                    """)
            for id in ids { try Self.forget(db, id) }
            count = ids.count
        }
        return count
    }

    /// How many imports a user has pending (being imported, not yet committed or taken back) that were added to
    /// since `since` (older ones are taken back by the next clean-up).
    package func pendingImports(uid: UInt32?, since: Date) throws(StoreError) -> Int {
        try read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM pending_import JOIN import_batch ON import_batch.seq = pending_import.import_id
                    WHERE pending_import.state = 'pending' AND import_batch.recorded_uid IS ?
                    AND pending_import.updated_at >= ?
                    """, arguments: [uid.map { Int64($0) }, since.timeIntervalSince1970]) ?? 0
        }
    }

    static func discard(_ db: Database, _ importID: Int64) throws -> Int {
        try requirePending(db, importID)
        try db.execute(sql: "DELETE FROM trip WHERE \(tripsOfImport)", arguments: [importID])
        let trips = db.changesCount
        try forget(db, importID)
        return trips
    }

    /// What a pending import kept besides its trips: its activity and waiting day totals go; the batch records stay,
    /// marked discarded and never listed (the import's id is not given again).
    static func forget(_ db: Database, _ importID: Int64) throws {
        try db.execute(
            sql: """
                DELETE FROM import_activity WHERE import_id = ?;
                DELETE FROM pending_day WHERE import_id = ?;
                UPDATE pending_import SET state = 'discarded' WHERE import_id = ?;
                """, arguments: [importID, importID, importID])
    }

    /// The upsert's SET clause that adds a row of day totals (`excluded`) to the one stored: trip_day and pending_day.
    static let addDayTotals = """
        trips = trips + excluded.trips, activity = activity + excluded.activity,
        reported_kg = reported_kg + excluded.reported_kg, reported_trips = reported_trips + excluded.reported_trips,
        passenger_km = passenger_km + excluded.passenger_km, cost_sek = cost_sek + excluded.cost_sek,
        reported_activity = reported_activity + excluded.reported_activity,
        reported_kg_with_activity = reported_kg_with_activity + excluded.reported_kg_with_activity
        """

    /// The trips of one import (its id the argument). A pass over the trip table: an index on the batch would make
    /// it the import's own rows, but cost every import a quarter of its speed (measured: 1 M trips in key order,
    /// 530 k → 390 k trips/s), so taking an import back waits for a layout that keeps pending batches apart.
    static let tripsOfImport = "batch IN (SELECT seq FROM import_batch WHERE COALESCE(import_id, seq) = ?)"

    /// The batches of pending imports, whose trips no read may see: `trip.batch NOT IN (…)`.
    static let pendingBatches = """
        SELECT seq FROM import_batch WHERE COALESCE(import_id, seq) IN (SELECT import_id FROM pending_import)
        """

    /// The positions of `trips` in the order of the trip table's key, (unit, id) as SQLite compares text: byte by byte.
    /// Sorted on small keys (the unit's rank among the batch's units, the id's first 16 bytes), the whole id compared
    /// only where those agree.
    package static func keyOrder(_ trips: [Trip]) -> [Int] {
        struct Key {
            var unit: Int32
            var high: UInt64
            var low: UInt64
            var position: Int32
        }
        func bytesPrecede(_ a: String, _ b: String) -> Bool {
            var a = a
            var b = b
            return a.withUTF8 { x in
                b.withUTF8 { y in
                    let common = min(x.count, y.count)
                    let order = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
                    return order != 0 ? order < 0 : x.count < y.count
                }
            }
        }
        // Units by their bytes (not by Swift's equality, which takes composed and decomposed letters as one).
        var units: [[UInt8]: Int32] = [:]
        var lastUnit: (text: String, rank: Int32)?
        var unitList: [String] = []
        var keys: [Key] = []
        keys.reserveCapacity(trips.count)
        for position in trips.indices {
            let unit = trips[position].unit
            let rank: Int32
            if let last = lastUnit, last.text.utf8.elementsEqual(unit.utf8) {
                rank = last.rank
            } else {
                let bytes = Array(unit.utf8)
                if let known = units[bytes] {
                    rank = known
                } else {
                    rank = Int32(unitList.count)
                    units[bytes] = rank
                    unitList.append(unit)
                }
                lastUnit = (unit, rank)
            }
            var high: UInt64 = 0
            var low: UInt64 = 0
            var index = 0
            for byte in trips[position].id.utf8 {
                if index < 8 {
                    high |= UInt64(byte) << (56 - 8 * index)
                } else if index < 16 {
                    low |= UInt64(byte) << (56 - 8 * (index - 8))
                } else {
                    break
                }
                index += 1
            }
            keys.append(Key(unit: rank, high: high, low: low, position: Int32(position)))
        }
        // The units' ranks in byte order.
        let unitOrder = unitList.indices.sorted { bytesPrecede(unitList[$0], unitList[$1]) }
        var rankInOrder = [Int32](repeating: 0, count: unitList.count)
        for (place, rank) in unitOrder.enumerated() { rankInOrder[rank] = Int32(place) }
        for index in keys.indices { keys[index].unit = rankInOrder[Int(keys[index].unit)] }
        func precedes(_ a: Key, _ b: Key) -> Bool {
            if a.unit != b.unit { return a.unit < b.unit }
            if a.high != b.high { return a.high < b.high }
            if a.low != b.low { return a.low < b.low }
            return bytesPrecede(trips[Int(a.position)].id, trips[Int(b.position)].id)
        }
        // A batch in key order already (ids in order, one unit) is taken as it is.
        if !zip(keys, keys.dropFirst()).allSatisfy({ precedes($0, $1) }) { keys.sort(by: precedes) }
        return keys.map { Int($0.position) }
    }

    /// The trips of a batch into the trips table, the daily aggregates, the import's activity and the batch record,
    /// inside the caller's transaction.
    static func insertBatch(
        _ db: Database, _ batch: TripBatch, source: String?, importID: Int64?,
        reportedColumn: String?, pending: Bool = false, at date: Date,
        by author: Author
    ) throws -> TripBatchOutcome {
        let trips = batch.trips
        var added = 0
        var present = 0
        var conflicts: [Int] = []
        var refusals: [TripBatchOutcome.Refusal] = []
        var dayTotals: [DayTotals] = []
        let stored = try db.makeStatement(
            sql: """
                SELECT t.date, t.mode, t.distance_km, t.travellers, t.co2e_kg, t.cost_sek,
                       COALESCE(b.import_id, b.seq) AS imp, EXISTS (SELECT 1 FROM pending_import p
                           WHERE p.import_id = COALESCE(b.import_id, b.seq) AND p.state = 'pending') AS pending
                FROM trip t LEFT JOIN import_batch b ON b.seq = t.batch WHERE t.unit = ? AND t.id = ?
                """)
        let sequence = (try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM import_batch") ?? 0) + 1
        let importOf = importID ?? sequence
        let insert = try db.makeStatement(
            sql: """
                INSERT OR IGNORE INTO trip (unit, id, date, mode, distance_km, travellers, co2e_kg, cost_sek, batch)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        // The day totals of the trips added, by the batch's (unit, day, mode) key: the first trip of each names it.
        var days: [Int: (first: Int, totals: TravelTotals)] = [:]
        // Bound through SQLite's C interface: one prepared statement, values bound in place, no boxing, and the text
        // not copied (SQLITE_STATIC: the bytes stay valid until the row is stepped and the bindings cleared).
        let statement = insert.sqliteStatement
        let connection = db.sqliteConnection
        // In the table's key order: consecutive rows then land on the same or the next leaf page, which a file sorted
        // by date (ids in random order) or with derived ids would otherwise scatter over the whole table (measured in
        // `make bench`'s import shapes). The answer still speaks of the rows by their place in the batch.
        for position in Self.keyOrder(trips) {
            let trip = trips[position]
            sqlite3_bind_double(statement, 5, trip.distanceKm)
            sqlite3_bind_int64(statement, 6, Int64(trip.travellers))
            if let kg = trip.reportedKgCO2e {
                sqlite3_bind_double(statement, 7, kg)
            } else {
                sqlite3_bind_null(statement, 7)
            }
            if let sek = trip.costSEK {
                sqlite3_bind_double(statement, 8, sek)
            } else {
                sqlite3_bind_null(statement, 8)
            }
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
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: code),
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
        conflicts.sort()
        refusals.sort { $0.position < $1.position }
        // A pending import's day totals wait apart until it is committed.
        let upsert = try db.makeStatement(
            sql: pending
                ? """
                INSERT INTO pending_day (unit, date, mode, trips, activity, reported_kg, reported_trips, passenger_km,
                                         cost_sek, reported_activity, reported_kg_with_activity, import_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, \(importOf))
                ON CONFLICT (import_id, unit, date, mode) DO UPDATE SET
                    \(Self.addDayTotals)
                """
                : """
                INSERT INTO trip_day (unit, date, mode, trips, activity, reported_kg, reported_trips, \
                passenger_km, cost_sek,
                                      reported_activity, reported_kg_with_activity)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (unit, date, mode) DO UPDATE SET
                    \(Self.addDayTotals)
                """)
        // What the import added, by year and mode, so that its kg can be told without reading its trips.
        var byYear: [YearMode: TravelTotals] = [:]
        // The ledger takes the day totals at once, or (pending) from the commit: then they are not kept here.
        if !pending { dayTotals.reserveCapacity(days.count) }
        // Bound through the C interface too: a file with dates on every day has thousands of (unit, day, mode)
        // totals in each batch.
        let upsertStatement = upsert.sqliteStatement
        for (first, totals) in days.values {
            let trip = trips[first]
            sqlite3_bind_int64(upsertStatement, 4, Int64(totals.trips))
            sqlite3_bind_double(upsertStatement, 5, totals.activity)
            sqlite3_bind_double(upsertStatement, 6, totals.reportedKg)
            sqlite3_bind_int64(upsertStatement, 7, Int64(totals.reportedTrips))
            sqlite3_bind_double(upsertStatement, 8, totals.passengerKm)
            sqlite3_bind_double(upsertStatement, 9, totals.costSEK)
            sqlite3_bind_double(upsertStatement, 10, totals.reportedActivity)
            sqlite3_bind_double(upsertStatement, 11, totals.reportedKgWithActivity)
            let code = withText(trip.unit) { unit in
                trip.date.withISOText { day in
                    withText(trip.mode.rawValue) { mode in stepOnce(upsertStatement, binding: [unit, day, mode]) }
                }
            }
            guard code == SQLITE_DONE else {
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: code),
                    message: String(cString: sqlite3_errmsg(connection)))
            }
            byYear[YearMode(year: trip.date.year, mode: trip.mode), default: TravelTotals()] += totals
            if !pending {
                dayTotals.append(DayTotals(unit: trip.unit, date: trip.date, mode: trip.mode, totals: totals))
            }
        }
        let activity = try db.makeStatement(
            sql: """
                INSERT INTO import_activity (import_id, year, mode, trips, activity, reported_kg) \
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (import_id, year, mode) DO UPDATE SET trips = trips + excluded.trips,
                    activity = activity + excluded.activity, reported_kg = reported_kg + excluded.reported_kg
                """)
        for (key, totals) in byYear {
            try activity.execute(arguments: [
                importOf, key.year, key.mode.rawValue, totals.trips, totals.activity,
                totals.reportedKg,
            ])
        }
        try db.execute(
            sql: """
                INSERT INTO import_batch (seq, source, added, present, recorded_at, recorded_by, recorded_uid, \
                import_id,
                                          reported_column)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                sequence, source, added, present, date.timeIntervalSince1970, author.name,
                author.uid.map { Int64($0) }, importOf, reportedColumn,
            ])
        return TripBatchOutcome(
            added: added, alreadyPresent: present, conflicts: conflicts, importID: importOf,
            days: dayTotals, refusals: refusals)
    }

    /// Whether an import is still in force: nil when it is, else why not (replaced by another import, or every trip
    /// it added removed), for a replacement to refuse.
    package func importNotInForce(_ id: Int64) throws(StoreError) -> String? {
        try read { db in
            let added =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COALESCE(SUM(added), 0) FROM import_batch WHERE COALESCE(import_id, seq) = ?
                        """, arguments: [id]) ?? 0
            let removal = try Row.fetchOne(
                db,
                sql: """
                    SELECT replaced_by, reason, recorded_at FROM trip_removal
                    WHERE import_id = ? AND unit IS NULL AND id IS NULL ORDER BY seq DESC LIMIT 1
                    """, arguments: [id])
            let day =
                (removal?["recorded_at"] as Double?).map {
                    CivilDate.local(Date(timeIntervalSince1970: $0)).description
                } ?? "?"
            if let replacedBy = removal?["replaced_by"] as Int64? {
                return "import #\(id) was replaced by import #\(replacedBy) on \(day); replace #\(replacedBy) instead"
            }
            let removed =
                try Int.fetchOne(
                    db, sql: "SELECT COALESCE(SUM(trips), 0) FROM trip_removal WHERE import_id = ?",
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
            try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS (SELECT 1 FROM import_batch WHERE COALESCE(import_id, seq) = ?)
                       AND NOT EXISTS (SELECT 1 FROM pending_import WHERE import_id = ?)
                    """, arguments: [id, id]) ?? false
        }
    }

    /// The imports after `after` (all from the first when nil), oldest first, at most `limit`, with what each
    /// added and what has been removed of it since.
    package func imports(after: Int64? = nil, limit: Int = Int(Int32.max)) throws(StoreError) -> [ImportRecord] {
        try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT COALESCE(import_id, seq) AS imp, MIN(recorded_at) AS at, MIN(recorded_by) AS by,
                           MIN(source) AS source, SUM(added) AS added, SUM(present) AS present,
                           MIN(reported_column) AS reported_column
                    FROM import_batch GROUP BY imp HAVING imp > ? AND imp NOT IN (SELECT import_id FROM pending_import)
                    ORDER BY imp LIMIT ?
                    """, arguments: [after ?? 0, limit])
            guard let first = rows.first?["imp"] as Int64?, let last = rows.last?["imp"] as Int64? else { return [] }
            let removed = try Row.fetchAll(
                db,
                sql: """
                    SELECT import_id, SUM(trips) AS trips FROM trip_removal \
                    WHERE import_id BETWEEN ? AND ? GROUP BY import_id
                    """, arguments: [first, last]
            ).reduce(into: [Int64: Int]()) { $0[$1["import_id"]] = $1["trips"] }
            var activity: [Int64: [ImportActivity]] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM import_activity WHERE import_id BETWEEN ? AND ? ORDER BY import_id, year, mode
                    """, arguments: [first, last])
            {
                guard let mode = TravelMode(rawValue: row["mode"]) else { continue }
                activity[row["import_id"], default: []].append(
                    ImportActivity(
                        year: row["year"], mode: mode, trips: row["trips"], activity: row["activity"],
                        reportedKg: row["reported_kg"]))
            }
            let complete = try Row.fetchAll(
                db,
                sql: """
                    SELECT import_id, through FROM import_complete WHERE import_id BETWEEN ? AND ?
                    """, arguments: [first, last]
            ).reduce(into: [Int64: CivilDate]()) { $0[$1["import_id"]] = CivilDate($1["through"] as String) }
            return rows.map { row in
                ImportRecord(
                    id: row["imp"], source: row["source"], added: row["added"], alreadyPresent: row["present"],
                    removed: removed[row["imp"]] ?? 0,
                    recordedAt: Date(timeIntervalSince1970: row["at"]), recordedBy: row["by"],
                    reportedColumn: row["reported_column"], activity: activity[row["imp"]] ?? [],
                    completeThrough: complete[row["imp"]])
            }
        }
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

    fileprivate static func compareStored(
        _ trip: Trip, statement: Statement,
        importing importID: Int64
    ) throws -> StoredComparison {
        guard let row = try Row.fetchOne(statement, arguments: [trip.unit, trip.id]) else { return .same }
        let holder: Int64? = row["imp"]
        let pending = row["pending"] as Bool? ?? false
        if pending, let holder, holder != importID { return .heldByPending(holder) }
        let reported: Double? = row["co2e_kg"]
        let cost: Double? = row["cost_sek"]
        let differs =
            (row["date"] as String) != trip.date.description || (row["mode"] as String) != trip.mode.rawValue
            || (row["distance_km"] as Double) != trip.distanceKm || (row["travellers"] as Int) != trip.travellers
            || reported != trip.reportedKgCO2e || cost != trip.costSEK
        if pending, differs { return .repeatedWithOtherData }
        return differs ? .differs : .same
    }

    /// How many of these trips are already stored, without changing anything (for a dry run); with
    /// `excludingImport`, as if that import's trips were gone (the dry run of a file that replaces it).
    package func countPresent(_ trips: [Trip], excludingImport replaced: Int64? = nil) throws(StoreError) -> Int {
        try read { db in
            // A trip of the import a file would replace goes with it: it is not present for that file.
            let select =
                if let replaced {
                    try db.makeStatement(
                        sql: """
                            SELECT 1 FROM trip WHERE unit = ? AND id = ? AND batch NOT IN
                            (SELECT seq FROM import_batch WHERE COALESCE(import_id, seq) = \(replaced))
                            """)
                } else {
                    try db.makeStatement(sql: "SELECT 1 FROM trip WHERE unit = ? AND id = ?")
                }
            let statement = select.sqliteStatement
            var present = 0
            var seen = Set<TripKey>()
            seen.reserveCapacity(trips.count)
            for trip in trips {
                let duplicate = !seen.insert(TripKey(unit: trip.unit, id: trip.id)).inserted
                let code = withText(trip.unit) { unit in
                    withText(trip.id) { id in stepOnce(statement, binding: [unit, id]) }
                }
                guard code == SQLITE_ROW || code == SQLITE_DONE else {
                    throw DatabaseError(
                        resultCode: ResultCode(rawValue: code),
                        message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                if duplicate || code == SQLITE_ROW { present += 1 }
            }
            return present
        }
    }
}
