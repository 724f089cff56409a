import Foundation
import GRDB
import GoalDomain

extension GoalStore {
    /// The schema's history. Migrations are append-only: a released one is never edited, only followed.
    package static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-follow-up") { db in
            try db.execute(
                sql: """
                    CREATE TABLE measurement (
                        seq          INTEGER PRIMARY KEY,
                        indicator    TEXT NOT NULL,
                        period       TEXT NOT NULL,
                        value_kind   TEXT NOT NULL CHECK (value_kind IN ('number', 'yesNo', 'text')),
                        number       REAL,
                        flag         INTEGER,
                        text         TEXT,
                        note         TEXT,
                        source       TEXT,
                        recorded_at  REAL NOT NULL,
                        recorded_by  TEXT NOT NULL,
                        recorded_uid INTEGER
                    );
                    CREATE TABLE assessment (
                        seq          INTEGER PRIMARY KEY,
                        result_goal  TEXT NOT NULL,
                        period       TEXT NOT NULL,
                        level        TEXT NOT NULL,
                        analysis     TEXT NOT NULL,
                        recorded_at  REAL NOT NULL,
                        recorded_by  TEXT NOT NULL,
                        recorded_uid INTEGER
                    );
                    CREATE TABLE target_change (
                        seq          INTEGER PRIMARY KEY,
                        indicator    TEXT NOT NULL,
                        target       TEXT NOT NULL,
                        previous     TEXT NOT NULL,
                        recorded_at  REAL NOT NULL,
                        recorded_by  TEXT NOT NULL,
                        recorded_uid INTEGER
                    );
                    """)
        }
        migrator.registerMigration("v2-travel") { db in
            try db.execute(
                sql: """
                    CREATE TABLE trip (
                        unit         TEXT NOT NULL,
                        id           TEXT NOT NULL,
                        date         TEXT NOT NULL,
                        mode         TEXT NOT NULL,
                        distance_km  REAL NOT NULL,
                        travellers   INTEGER NOT NULL,
                        co2e_kg      REAL,
                        cost_sek     REAL,
                        batch        INTEGER NOT NULL,
                        PRIMARY KEY (unit, id)
                    ) WITHOUT ROWID;
                    CREATE TABLE trip_day (
                        unit           TEXT NOT NULL,
                        date           TEXT NOT NULL,
                        mode           TEXT NOT NULL,
                        trips          INTEGER NOT NULL,
                        activity       REAL NOT NULL,
                        reported_kg    REAL NOT NULL,
                        reported_trips INTEGER NOT NULL,
                        passenger_km   REAL NOT NULL,
                        cost_sek       REAL NOT NULL,
                        PRIMARY KEY (unit, date, mode)
                    ) WITHOUT ROWID;
                    CREATE TABLE import_batch (
                        seq          INTEGER PRIMARY KEY,
                        source       TEXT,
                        added        INTEGER NOT NULL,
                        present      INTEGER NOT NULL,
                        recorded_at  REAL NOT NULL,
                        recorded_by  TEXT NOT NULL,
                        recorded_uid INTEGER
                    );
                    CREATE TABLE staff (
                        unit         TEXT NOT NULL,
                        year         INTEGER NOT NULL,
                        fte          REAL NOT NULL,
                        recorded_at  REAL NOT NULL,
                        recorded_by  TEXT NOT NULL,
                        PRIMARY KEY (unit, year)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v3-retraction") { db in
            try db.execute(
                sql: """
                    CREATE TABLE retraction (
                        seq          INTEGER PRIMARY KEY,
                        kind         TEXT NOT NULL CHECK (kind IN ('measurement', 'assessment')),
                        retracted    INTEGER NOT NULL UNIQUE,
                        subject      TEXT NOT NULL,
                        period       TEXT NOT NULL,
                        reason       TEXT NOT NULL,
                        recorded_at  REAL NOT NULL,
                        recorded_by  TEXT NOT NULL,
                        recorded_uid INTEGER
                    );
                    """)
        }
        // A target is in force from a period on; the targets of an older store stay in force from the plan's first
        // period (a NULL `from_period`). An assessment may judge a qualitative indicator.
        migrator.registerMigration("v4-target-from-period") { db in
            try db.execute(
                sql: """
                    ALTER TABLE target_change ADD COLUMN from_period TEXT;
                    ALTER TABLE assessment ADD COLUMN indicator TEXT;
                    """)
        }
        // Corrections: the batches of one import share its id (the first batch's sequence); removed trips are
        // recorded with the reason.
        migrator.registerMigration("v5-trip-corrections") { db in
            try db.execute(
                sql: """
                    ALTER TABLE import_batch ADD COLUMN import_id INTEGER;
                    CREATE TABLE trip_removal (
                        seq          INTEGER PRIMARY KEY,
                        import_id    INTEGER,
                        unit         TEXT,
                        id           TEXT,
                        trips        INTEGER NOT NULL,
                        reason       TEXT NOT NULL,
                        recorded_at  REAL NOT NULL,
                        recorded_by  TEXT NOT NULL,
                        recorded_uid INTEGER
                    );
                    """)
        }
        // Supplier figures: a reported trip with a distance keeps its activity apart (the like-for-like figure
        // computes it), and each import names the column its kg came from; what each import added by year and
        // mode; staged files that replace an import. A store of an older goald may hold
        // figures beyond what a real trip can meet (1e308 kg summed to infinity): those trips are removed, with a
        // removal record saying why, and the daily totals are computed again from the trips.
        migrator.registerMigration("v6-supplier-activity") { db in
            try db.execute(
                sql: """
                    ALTER TABLE trip_day ADD COLUMN reported_activity REAL NOT NULL DEFAULT 0;
                    ALTER TABLE trip_day ADD COLUMN reported_kg_with_activity REAL NOT NULL DEFAULT 0;
                    ALTER TABLE import_batch ADD COLUMN reported_column TEXT;
                    CREATE TABLE import_activity (
                        import_id    INTEGER NOT NULL,
                        year         INTEGER NOT NULL,
                        mode         TEXT NOT NULL,
                        trips        INTEGER NOT NULL,
                        activity     REAL NOT NULL,
                        reported_kg  REAL NOT NULL,
                        PRIMARY KEY (import_id, year, mode)
                    ) WITHOUT ROWID;
                    CREATE TABLE import_stage (
                        stage           INTEGER PRIMARY KEY,
                        replaces        INTEGER NOT NULL,
                        source          TEXT,
                        reported_column TEXT,
                        created_at      REAL NOT NULL,
                        created_by      TEXT NOT NULL
                    );
                    CREATE TABLE trip_stage (
                        stage        INTEGER NOT NULL,
                        unit         TEXT NOT NULL,
                        id           TEXT NOT NULL,
                        date         TEXT NOT NULL,
                        mode         TEXT NOT NULL,
                        distance_km  REAL NOT NULL,
                        travellers   INTEGER NOT NULL,
                        co2e_kg      REAL,
                        cost_sek     REAL,
                        line         INTEGER NOT NULL,
                        PRIMARY KEY (stage, unit, id)
                    ) WITHOUT ROWID;
                    """)
            try Self.removeTripsBeyondBounds(db)
            try Self.recomputeTripDays(db)
        }
        // One pass: an import's batches are stored as they come but count nowhere (no daily totals, not listed)
        // until the client commits the import; its day totals wait in pending_day. An import left pending (its
        // client gone, goald stopped) is discarded.
        migrator.registerMigration("v7-pending-imports") { db in
            try db.execute(
                sql: """
                    CREATE TABLE pending_import (
                        import_id    INTEGER PRIMARY KEY,
                        updated_at   REAL NOT NULL
                    );
                    CREATE TABLE pending_day (
                        import_id      INTEGER NOT NULL,
                        unit           TEXT NOT NULL,
                        date           TEXT NOT NULL,
                        mode           TEXT NOT NULL,
                        trips          INTEGER NOT NULL,
                        activity       REAL NOT NULL,
                        reported_kg    REAL NOT NULL,
                        reported_trips INTEGER NOT NULL,
                        passenger_km   REAL NOT NULL,
                        cost_sek       REAL NOT NULL,
                        reported_activity REAL NOT NULL,
                        reported_kg_with_activity REAL NOT NULL,
                        PRIMARY KEY (import_id, unit, date, mode)
                    ) WITHOUT ROWID;
                    """)
        }
        // A discarded import keeps its batch records, marked, never listed: an import's id is never given twice.
        migrator.registerMigration("v8-discarded-imports") { db in
            try db.execute(
                sql: """
                    ALTER TABLE pending_import ADD COLUMN state TEXT NOT NULL DEFAULT 'pending'
                        CHECK (state IN ('pending', 'discarded'));
                    """)
        }
        // An import may declare the travel data complete through a day: the figures of a period up to that day are
        // final, not provisional. Kept while the import is in force; removing or replacing the import drops it.
        migrator.registerMigration("v9-complete-through") { db in
            try db.execute(
                sql: """
                    CREATE TABLE import_complete (
                        import_id    INTEGER PRIMARY KEY,
                        through      TEXT NOT NULL
                    );
                    """)
        }
        // A target change may carry its reason (it must, from a closed period), and may be retracted: the retraction
        // table's kinds gain `target` (SQLite cannot change a CHECK: the table is made again, its rows kept).
        migrator.registerMigration("v10-target-reasons") { db in
            try db.execute(
                sql: """
                    ALTER TABLE target_change ADD COLUMN reason TEXT;
                    CREATE TABLE retraction_v10 (
                        seq          INTEGER PRIMARY KEY,
                        kind         TEXT NOT NULL CHECK (kind IN ('measurement', 'assessment', 'target')),
                        retracted    INTEGER NOT NULL UNIQUE,
                        subject      TEXT NOT NULL,
                        period       TEXT NOT NULL,
                        reason       TEXT NOT NULL,
                        recorded_at  REAL NOT NULL,
                        recorded_by  TEXT NOT NULL,
                        recorded_uid INTEGER
                    );
                    INSERT INTO retraction_v10 SELECT seq, kind, retracted, subject, period, reason, recorded_at, \
                    recorded_by,
                                                      recorded_uid FROM retraction;
                    DROP TABLE retraction;
                    ALTER TABLE retraction_v10 RENAME TO retraction;
                    """)
        }
        // Corrections that stay made: a replaced import's removal names the import that replaced it; a trip removed by
        // itself is kept out of later imports (until restored).
        migrator.registerMigration("v11-corrections") { db in
            try db.execute(
                sql: """
                    ALTER TABLE trip_removal ADD COLUMN replaced_by INTEGER;
                    CREATE TABLE trip_exclusion (
                        unit         TEXT NOT NULL,
                        id           TEXT NOT NULL,
                        reason       TEXT NOT NULL,
                        recorded_at  REAL NOT NULL,
                        recorded_by  TEXT NOT NULL,
                        PRIMARY KEY (unit, id)
                    ) WITHOUT ROWID;
                    """)
        }
        // The region model: a follow-up record names what it follows up by its stable id and the committee whose
        // follow-up it is. Rows written before name it by its number in the plan followed up then and have no
        // committee (NULL) until goald adopts them (`adoptStableIDs(of:)`).
        migrator.registerMigration("v12-committees-and-stable-ids") { db in
            try db.execute(
                sql: """
                    ALTER TABLE measurement ADD COLUMN committee TEXT;
                    ALTER TABLE assessment ADD COLUMN committee TEXT;
                    ALTER TABLE target_change ADD COLUMN committee TEXT;
                    ALTER TABLE retraction ADD COLUMN committee TEXT;
                    """)
        }
        // The region's own judgement of its effect goals (recorded by its board), and their retractions.
        migrator.registerMigration("v13-effect-goal-assessments") { db in
            try db.execute(
                sql: """
                    CREATE TABLE effect_goal_assessment (
                        seq          INTEGER PRIMARY KEY,
                        effect_goal  TEXT NOT NULL,
                        period       TEXT NOT NULL,
                        level        TEXT NOT NULL,
                        analysis     TEXT NOT NULL,
                        recorded_at  REAL NOT NULL,
                        recorded_by  TEXT NOT NULL,
                        recorded_uid INTEGER
                    );
                    CREATE TABLE effect_goal_retraction (
                        seq          INTEGER PRIMARY KEY,
                        retracted    INTEGER NOT NULL,
                        effect_goal  TEXT NOT NULL,
                        period       TEXT NOT NULL,
                        reason       TEXT NOT NULL,
                        board        TEXT NOT NULL,
                        recorded_at  REAL NOT NULL,
                        recorded_by  TEXT NOT NULL,
                        recorded_uid INTEGER
                    );
                    """)
        }
        // The state of a committee's follow-up of a period: marked ready, decided at a meeting, reopened.
        migrator.registerMigration("v14-follow-up-states") { db in
            try db.execute(
                sql: """
                    CREATE TABLE follow_up_state (
                        seq          INTEGER PRIMARY KEY,
                        committee    TEXT NOT NULL,
                        period       TEXT NOT NULL,
                        state        TEXT NOT NULL CHECK (state IN ('draft', 'ready', 'decided')),
                        decided_on   TEXT,
                        paragraph    TEXT,
                        reason       TEXT,
                        recorded_at  REAL NOT NULL,
                        recorded_by  TEXT NOT NULL,
                        recorded_uid INTEGER
                    );
                    """)
        }
        // The committees' answers to the planning directive: handed in preliminarily, decided at a meeting.
        migrator.registerMigration("v15-directive-answers") { db in
            try db.execute(
                sql: """
                    CREATE TABLE directive_answer (
                        seq          INTEGER PRIMARY KEY,
                        committee    TEXT NOT NULL,
                        plan_first   INTEGER NOT NULL,
                        plan_last    INTEGER NOT NULL,
                        state        TEXT NOT NULL CHECK (state IN ('preliminary', 'decided')),
                        on_day       TEXT NOT NULL,
                        paragraph    TEXT,
                        recorded_at  REAL NOT NULL,
                        recorded_by  TEXT NOT NULL,
                        recorded_uid INTEGER
                    );
                    """)
        }
        // A decision keeps the values goald derived for the period then, to tell a later change.
        migrator.registerMigration("v16-decided-values") { db in
            try db.execute(sql: "ALTER TABLE follow_up_state ADD COLUMN decided_values TEXT")
        }
        migrator.registerMigration("v17-women-and-men") { db in
            try db.execute(
                sql: """
                    ALTER TABLE measurement ADD COLUMN women REAL;
                    ALTER TABLE measurement ADD COLUMN men REAL;
                    """)
        }
        return migrator
    }

    /// The predicate of a trip no real trip meets: the import's own bounds, and figures that are not finite.
    static let beyondBounds = """
        NOT (distance_km BETWEEN 0 AND \(TravelCSV.maxTripKm)) OR NOT (travellers BETWEEN 1 AND 1000)
        OR (co2e_kg IS NOT NULL AND NOT (co2e_kg BETWEEN 0 AND \(TravelCSV.maxTripKg)))
        OR (cost_sek IS NOT NULL AND NOT (cost_sek BETWEEN 0 AND \(TravelCSV.maxTripCostSEK)))
        """

    static func removeTripsBeyondBounds(_ db: Database) throws {
        let owners = try Row.fetchAll(
            db,
            sql: """
                SELECT COALESCE(b.import_id, b.seq) AS imp, COUNT(*) AS trips FROM trip t
                JOIN import_batch b ON b.seq = t.batch WHERE \(beyondBounds) GROUP BY imp
                """)
        guard !owners.isEmpty else { return }
        try db.execute(sql: "DELETE FROM trip WHERE \(beyondBounds)")
        for owner in owners {
            try db.execute(
                sql: """
                    INSERT INTO trip_removal (import_id, unit, id, trips, reason, recorded_at, recorded_by, \
                    recorded_uid)
                    VALUES (?, NULL, NULL, ?, ?, ?, 'goald', NULL)
                    """,
                arguments: [
                    owner["imp"] as Int64, owner["trips"] as Int,
                    """
                    figures beyond what a real trip can meet (stored by an older goald): removed when the store \
                    was upgraded
                    """,
                    Date().timeIntervalSince1970,
                ])
        }
    }

    /// The daily totals again from the trips, as `TravelTotals(trip)` sums them.
    static func recomputeTripDays(_ db: Database) throws {
        let perVehicle = TravelMode.allCases.filter(\.isPerVehicle).map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let activity = "CASE WHEN mode IN (\(perVehicle)) THEN distance_km ELSE distance_km * travellers END"
        try db.execute(
            sql: """
                DELETE FROM trip_day;
                INSERT INTO trip_day (unit, date, mode, trips, activity, reported_kg, reported_trips, \
                passenger_km, cost_sek,
                                      reported_activity, reported_kg_with_activity)
                SELECT unit, date, mode, COUNT(*),
                       TOTAL(CASE WHEN co2e_kg IS NULL THEN \(activity) ELSE 0 END),
                       TOTAL(co2e_kg), COUNT(co2e_kg), TOTAL(distance_km * travellers), TOTAL(cost_sek),
                       TOTAL(CASE WHEN co2e_kg IS NOT NULL AND distance_km > 0 THEN \(activity) ELSE 0 END),
                       TOTAL(CASE WHEN co2e_kg IS NOT NULL AND distance_km > 0 THEN co2e_kg ELSE 0 END)
                FROM trip GROUP BY unit, date, mode;
                INSERT INTO import_activity (import_id, year, mode, trips, activity, reported_kg)
                SELECT COALESCE(b.import_id, b.seq), CAST(substr(t.date, 1, 4) AS INTEGER), t.mode, COUNT(*),
                       TOTAL(CASE WHEN t.co2e_kg IS NULL THEN \(activity) ELSE 0 END),
                       TOTAL(t.co2e_kg)
                FROM trip t JOIN import_batch b ON b.seq = t.batch GROUP BY 1, 2, 3;
                """)
    }
}
