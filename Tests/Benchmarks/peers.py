"""What a script author would use instead of goald, measured beside it on the same trips: SQLite by hand at its limit
(`sqlite-limit`, C), and DuckDB from Python (installed from PyPI by the benchmark when missing; never by `make test`).

At each size: the load of the same CSV (DuckDB in memory and into a file, SQLite's limit in goald's batches and in one
transaction) against goald's import, and "how far has business-travel emission fallen since 2020?" answered by a
Python script over the DuckDB file against `goalctl travel reduction --json`, whole processes, interleaved, medians.
The script computes goald's like-for-like figure (the compared year's factor set for both years, flights banded by
distance, cars per vehicle-km), and its answer is checked against goald's, so that the two do the same work.
"""
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

LOAD = r"""
import duckdb, json, sys, time
target, files = sys.argv[1], json.loads(sys.argv[2])
started = time.perf_counter()
con = duckdb.connect(target)
con.execute("SET enable_progress_bar = false")
listed = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
con.execute(f"CREATE TABLE trip AS SELECT * FROM read_csv([{listed}], header = true)")
rows = con.execute("SELECT count(*) FROM trip").fetchone()[0]
con.close()
print(json.dumps({"rows": rows, "seconds": time.perf_counter() - started}))
"""

REDUCTION = r"""
import duckdb, json, sys, time
path, factors = sys.argv[1], json.loads(sys.argv[2])
con = duckdb.connect(path, read_only=True)
con.execute("SET enable_progress_bar = false")
values = ", ".join(f"('{mode}', {kg}, {str(vehicle).lower()})" for mode, (kg, vehicle) in factors.items())
started = time.perf_counter()
rows = dict(con.execute(f'''
    WITH t AS (
        SELECT year(date) AS y,
               CASE WHEN mode = 'flight' THEN CASE WHEN distance_km < 500 THEN 'flight_domestic'
                                                   WHEN distance_km > 3700 THEN 'flight_long_haul'
                                                   ELSE 'flight_short_haul' END
                    ELSE mode END AS m,
               distance_km, travellers
        FROM trip),
    f(m, kg, per_vehicle) AS (SELECT m, kg::DOUBLE, per_vehicle FROM (VALUES {values}) AS v(m, kg, per_vehicle)),
    latest AS (SELECT max(y) AS y FROM t)
    SELECT t.y, sum(CASE WHEN f.per_vehicle THEN distance_km ELSE distance_km * travellers END * f.kg)::DOUBLE
    FROM t JOIN f USING (m)
    WHERE t.y = 2020 OR t.y = (SELECT y FROM latest)
    GROUP BY t.y''').fetchall())
query = time.perf_counter() - started
latest = max(rows)
print(json.dumps({"year": latest, "reductionPercent": (rows[2020] - rows[latest]) / rows[2020] * 100,
                  "query_seconds": query}))
"""


def log(message):
    print(message, file=sys.stderr, flush=True)


def have_duckdb():
    """DuckDB for Python, installed from PyPI the first time; None when it cannot be had (the report says so)."""
    check = [sys.executable, "-c", "import duckdb"]
    if subprocess.run(check, capture_output=True).returncode == 0:
        return True
    log("  installing duckdb from PyPI for the comparison (pip install duckdb)")
    installed = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "duckdb"], capture_output=True, text=True)
    if installed.returncode != 0 or subprocess.run(check, capture_output=True).returncode != 0:
        log("  duckdb cannot be installed: the comparison with it is left out\n" + installed.stderr[-2000:])
        return False
    return True


def like_for_like_factors(year_set="desnz-2024"):
    """mode -> (kg CO2e per unit, per vehicle) of a shipped set, as goald reads it."""
    with open(os.path.join(ROOT, "Sources", "GoalDomain", "Resources", f"factors-{year_set}.json")) as f:
        document = json.load(f)
    return {mode: (factor["kgCO2ePerUnit"], factor["unit"] == "vehicle-km") for mode, factor in document["factors"].items()}


def median_of(runs):
    return statistics.median(runs)


class Peers:
    def __init__(self, bench):
        self.bench = bench
        self.duckdb = None if bench.smoke else have_duckdb()
        self.results = {}

    @staticmethod
    def goalctl_batch_rows(csv):
        """The rows of goalctl's first full batch of `csv`: at most 20 000 rows (its --batch-size), and under 2 MiB
        with the header (CSVBatches.maxBatchBytes), so that SQLite's transactions are the size of goald's."""
        limit_rows, limit_bytes = 20_000, 2 << 20
        with open(csv, "rb") as f:
            header = f.readline()
            rows, size = 0, len(header)
            for line in f:
                if rows >= limit_rows or size + len(line) >= limit_bytes:
                    break
                rows += 1
                size += len(line)
        return rows

    def sqlite_limit(self, csvs, batch, name):
        """SQLite's own rate for the last file of `csvs`, loaded after the ones before it into one fresh database."""
        db = os.path.join(self.bench.work, f"limit-{name}-{batch}.db")
        result = None
        for csv in csvs:
            run = subprocess.run([os.path.join(self.bench.tools, "sqlite-limit"), "--csv", csv, "--db", db,
                                  "--batch", str(batch)], capture_output=True, text=True)
            if run.returncode != 0:
                raise SystemExit("sqlite-limit failed:\n" + run.stderr)
            result = json.loads(run.stdout)
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.unlink(db + suffix)
        return result["rows_per_second"]

    def duckdb_load(self, csvs, target):
        run = subprocess.run([sys.executable, "-c", LOAD, target, json.dumps(csvs)], capture_output=True, text=True)
        if run.returncode != 0:
            raise SystemExit("the DuckDB load failed:\n" + run.stderr)
        result = json.loads(run.stdout.strip().splitlines()[-1])
        return result["rows"] / result["seconds"], result

    def compare(self, name, trips, csvs, goald_rate, sock, rounds):
        """The peers at one size: `csvs` hold the trips goald has stored (the last file is what goald's rate is of)."""
        entry = {"trips": trips, "goald_import": goald_rate}
        last_rows = sum(1 for _ in open(csvs[-1])) - 1
        entry["batch_rows"] = self.goalctl_batch_rows(csvs[-1])
        entry["sqlite_batches"] = self.sqlite_limit(csvs, entry["batch_rows"], name)
        entry["sqlite_one_transaction"] = self.sqlite_limit(csvs, 0, name)
        log(f"  {trips:>10,} trips: SQLite limit {entry['sqlite_batches']:,.0f} rows/s in goald's "
            f"{entry['batch_rows']:,}-row transactions, "
            f"{entry['sqlite_one_transaction']:,.0f} in one; goald {goald_rate:,.0f} trips/s ({last_rows:,} rows)")
        if self.duckdb:
            memory = [self.duckdb_load(csvs, ":memory:")[0] for _ in range(1 if trips > 2_000_000 else 3)]
            db = os.path.join(self.bench.work, f"peer-{name}.duckdb")
            files = []
            for _ in range(1 if trips > 2_000_000 else 3):
                if os.path.exists(db):
                    os.unlink(db)
                files.append(self.duckdb_load(csvs, db)[0])
            entry["duckdb_memory"] = median_of(memory)
            entry["duckdb_file"] = median_of(files)
            # The question, whole processes, interleaved.
            factors = json.dumps(like_for_like_factors())
            goalctl_ms, script_ms, query_ms = [], [], []
            for _ in range(rounds):
                started = time.perf_counter()
                answer = self.bench.goalctl(sock, "travel", "reduction", "--json")
                goalctl_ms.append((time.perf_counter() - started) * 1000)
                if answer.returncode != 0:
                    raise SystemExit("goalctl travel reduction failed:\n" + answer.stderr)
                started = time.perf_counter()
                script = subprocess.run([sys.executable, "-c", REDUCTION, db, factors], capture_output=True, text=True)
                script_ms.append((time.perf_counter() - started) * 1000)
                if script.returncode != 0:
                    raise SystemExit("the DuckDB script failed:\n" + script.stderr)
                theirs = json.loads(script.stdout.strip().splitlines()[-1])
                query_ms.append(theirs["query_seconds"] * 1000)
            ours = json.loads(answer.stdout)
            if abs(ours["likeForLike"]["reductionPercent"] - theirs["reductionPercent"]) > 1e-6 \
                    or ours["current"]["year"] != theirs["year"]:
                raise SystemExit(f"goald and the DuckDB script disagree: {ours['likeForLike']} against {theirs}")
            entry["goalctl_ms"] = median_of(goalctl_ms)
            entry["script_ms"] = median_of(script_ms)
            entry["query_ms"] = median_of(query_ms)
            entry["answer_percent"] = theirs["reductionPercent"]
            os.unlink(db)
            log(f"  {trips:>10,} trips: DuckDB load {entry['duckdb_file']:,.0f} rows/s into a file, "
                f"{entry['duckdb_memory']:,.0f} in memory; reduction vs 2020: goalctl {entry['goalctl_ms']:.1f} ms, "
                f"Python + DuckDB {entry['script_ms']:.1f} ms (the query alone {entry['query_ms']:.1f} ms), "
                f"both {entry['answer_percent']:.2f} %")
        self.results[name] = entry
        return entry
