import GRDB

extension GoalStore {
    /// The schema's history. Migrations are append-only: a released one is never edited, only followed.
    package static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-follow-up") { db in
            try db.execute(sql: """
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
            try db.execute(sql: """
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
            try db.execute(sql: """
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
            try db.execute(sql: """
                ALTER TABLE target_change ADD COLUMN from_period TEXT;
                ALTER TABLE assessment ADD COLUMN indicator TEXT;
                """)
        }
        // Corrections: the batches of one import share its id (the first batch's sequence); removed trips are
        // recorded with the reason.
        migrator.registerMigration("v5-trip-corrections") { db in
            try db.execute(sql: """
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
        return migrator
    }
}
