/*
 * sqlite-limit: how fast SQLite itself stores goald's trips, the limit `make bench` holds goald's import to.
 *
 *   sqlite-limit --csv FILE --db PATH [--batch ROWS] [--layout without-rowid|rowid] [--page-size BYTES]
 *                [--index batch] [--dedupe ignore|lookup]
 *
 * Reads the benchmark's synthetic travel file (id,date,mode,distance_km,travellers,unit, no quoting) and inserts
 * every row into goald's `trip` table (the same columns, WITHOUT ROWID, primary key (unit, id)) with goald's
 * settings: WAL, synchronous=FULL, a 32 MiB page cache, 16 KiB pages (a new goald store's). One prepared statement,
 * values bound in place, one transaction per batch (default 20 000 rows, goalctl's most; `make bench` gives the rows
 * of goalctl's batches of the file, which also stay under 2 MiB; 0 = the whole file in one). What it does not do
 * that goald does: check each row, derive ids, sum the daily totals and keep the import's records. It prints one
 * JSON object: rows, seconds, rows_per_second. --layout and --page-size try other layouts of the same table: a rowid
 * table with a unique index on (unit, id) instead of the key as the table's order, another page size (for a new
 * file; 0 = SQLite's default, 4 KiB). --index batch adds an index on the trip's batch (what would make taking an
 * import back a look-up rather than a scan); --dedupe lookup looks each row's key up before a plain INSERT, instead
 * of letting the key refuse a row already stored (INSERT OR IGNORE, goald's way).
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void die(sqlite3 *db, const char *what) {
    fprintf(stderr, "sqlite-limit: %s: %s\n", what, db ? sqlite3_errmsg(db) : "");
    exit(1);
}

static void exec(sqlite3 *db, const char *sql) {
    char *error = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &error) != SQLITE_OK) {
        fprintf(stderr, "sqlite-limit: %s: %s\n", sql, error);
        exit(1);
    }
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Splits a line at commas in place; returns the number of fields (at most max). */
static int split(char *line, char **fields, int max) {
    int count = 0;
    fields[count++] = line;
    for (char *p = line; *p && count < max; p++) {
        if (*p == ',') {
            *p = '\0';
            fields[count++] = p + 1;
        }
    }
    return count;
}

int main(int argc, char **argv) {
    const char *csv = NULL, *path = NULL;
    long batch = 20000;
    const char *layout = "without-rowid";
    long pageSize = 16384;
    const char *index = NULL;
    const char *dedupe = "ignore";
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--csv") == 0) csv = argv[i + 1];
        else if (strcmp(argv[i], "--db") == 0) path = argv[i + 1];
        else if (strcmp(argv[i], "--batch") == 0) batch = atol(argv[i + 1]);
        else if (strcmp(argv[i], "--layout") == 0) layout = argv[i + 1];
        else if (strcmp(argv[i], "--page-size") == 0) pageSize = atol(argv[i + 1]);
        else if (strcmp(argv[i], "--index") == 0) index = argv[i + 1];
        else if (strcmp(argv[i], "--dedupe") == 0) dedupe = argv[i + 1];
        else { fprintf(stderr, "sqlite-limit: unknown option %s\n", argv[i]); return 64; }
    }
    if (!csv || !path) {
        fprintf(stderr, "usage: sqlite-limit --csv FILE --db PATH [--batch ROWS]\n");
        return 64;
    }
    FILE *in = fopen(csv, "r");
    if (!in) { perror(csv); return 66; }
    sqlite3 *db = NULL;
    if (sqlite3_open(path, &db) != SQLITE_OK) die(db, "open");
    if (pageSize > 0) {
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA page_size = %ld", pageSize);
        exec(db, pragma);
    }
    exec(db, "PRAGMA journal_mode = WAL");
    exec(db, "PRAGMA synchronous = FULL");
    exec(db, "PRAGMA cache_size = -32768");
    exec(db, "PRAGMA wal_autocheckpoint = 8192");
    if (strcmp(layout, "rowid") == 0) {
        exec(db, "CREATE TABLE IF NOT EXISTS trip (unit TEXT NOT NULL, id TEXT NOT NULL, date TEXT NOT NULL, "
                 "mode TEXT NOT NULL, distance_km REAL NOT NULL, travellers INTEGER NOT NULL, co2e_kg REAL, "
                 "cost_sek REAL, batch INTEGER NOT NULL, UNIQUE (unit, id))");
    } else if (strcmp(layout, "without-rowid") == 0) {
        exec(db, "CREATE TABLE IF NOT EXISTS trip (unit TEXT NOT NULL, id TEXT NOT NULL, date TEXT NOT NULL, "
                 "mode TEXT NOT NULL, distance_km REAL NOT NULL, travellers INTEGER NOT NULL, co2e_kg REAL, "
                 "cost_sek REAL, batch INTEGER NOT NULL, PRIMARY KEY (unit, id)) WITHOUT ROWID");
    } else {
        fprintf(stderr, "sqlite-limit: --layout is without-rowid or rowid, not %s\n", layout);
        return 64;
    }
    if (index && strcmp(index, "batch") == 0) {
        exec(db, "CREATE INDEX IF NOT EXISTS trip_batch ON trip (batch)");
    } else if (index) {
        fprintf(stderr, "sqlite-limit: --index is batch, not %s\n", index);
        return 64;
    }
    int lookup = strcmp(dedupe, "lookup") == 0;
    if (!lookup && strcmp(dedupe, "ignore") != 0) {
        fprintf(stderr, "sqlite-limit: --dedupe is ignore or lookup, not %s\n", dedupe);
        return 64;
    }
    sqlite3_stmt *insert = NULL, *find = NULL;
    if (sqlite3_prepare_v2(db, lookup ? "INSERT INTO trip (unit, id, date, mode, distance_km, travellers, co2e_kg, "
                                        "cost_sek, batch) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?)"
                                      : "INSERT OR IGNORE INTO trip (unit, id, date, mode, distance_km, travellers, co2e_kg, "
                                        "cost_sek, batch) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?)", -1, &insert, NULL) != SQLITE_OK)
        die(db, "prepare");
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM trip WHERE unit = ? AND id = ?", -1, &find, NULL) != SQLITE_OK)
        die(db, "prepare");
    char *line = NULL;
    size_t capacity = 0;
    ssize_t length;
    long rows = 0, inBatch = 0, batches = 1;
    double started = now();
    if (getline(&line, &capacity, in) < 0) { fprintf(stderr, "sqlite-limit: %s is empty\n", csv); return 65; }
    exec(db, "BEGIN");
    while ((length = getline(&line, &capacity, in)) > 0) {
        if (line[length - 1] == '\n') line[--length] = '\0';
        if (length == 0) continue;
        char *fields[6];
        if (split(line, fields, 6) != 6) { fprintf(stderr, "sqlite-limit: a row without 6 fields\n"); return 65; }
        if (lookup) {
            sqlite3_reset(find);
            sqlite3_bind_text(find, 1, fields[5], -1, SQLITE_STATIC);
            sqlite3_bind_text(find, 2, fields[0], -1, SQLITE_STATIC);
            int found = sqlite3_step(find);
            if (found == SQLITE_ROW) { rows++; continue; }
            if (found != SQLITE_DONE) die(db, "look-up");
        }
        sqlite3_reset(insert);
        sqlite3_bind_text(insert, 1, fields[5], -1, SQLITE_STATIC);
        sqlite3_bind_text(insert, 2, fields[0], -1, SQLITE_STATIC);
        sqlite3_bind_text(insert, 3, fields[1], -1, SQLITE_STATIC);
        sqlite3_bind_text(insert, 4, fields[2], -1, SQLITE_STATIC);
        sqlite3_bind_double(insert, 5, atof(fields[3]));
        sqlite3_bind_int64(insert, 6, atol(fields[4]));
        sqlite3_bind_int64(insert, 7, batches);
        if (sqlite3_step(insert) != SQLITE_DONE) die(db, "insert");
        rows++;
        if (batch > 0 && ++inBatch == batch) {
            exec(db, "COMMIT");
            exec(db, "BEGIN");
            inBatch = 0;
            batches++;
        }
    }
    exec(db, "COMMIT");
    double seconds = now() - started;
    sqlite3_finalize(insert);
    sqlite3_finalize(find);
    if (sqlite3_close(db) != SQLITE_OK) die(db, "close");
    fclose(in);
    free(line);
    printf("{\"rows\": %ld, \"seconds\": %.6f, \"rows_per_second\": %.0f, \"batch\": %ld, \"layout\": \"%s\", "
           "\"page_size\": %ld, \"index\": \"%s\", \"dedupe\": \"%s\"}\n", rows, seconds, seconds > 0 ? rows / seconds : 0.0,
           batch, layout, pageSize, index ? index : "none", dedupe);
    return 0;
}
