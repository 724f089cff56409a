import GRDB

extension GoalStore {
    /// The schema's history. Migrations are append-only: a released one is never edited, only followed.
    static var migrator: DatabaseMigrator {
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
        return migrator
    }
}
