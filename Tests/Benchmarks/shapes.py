#!/usr/bin/env python3
"""The import measured on the shapes of file offices send, each beside SQLite's own limit for the same rows in the same
order and DuckDB's load of the same file (run by `make bench`; also alone:
`shapes.py --bin DIR --tools DIR [--sizes 1000000,10000000] [--shapes every-day,no-id]`, which prints JSON).

The shapes (rows are a function of their position, so a file is the same on every run):
  generator   the former benchmark file: ids in order, 84 distinct days, two units, whole km
  every-day   ids in order; dates on every day of 2019-2025; decimal distances; one unit
  by-date     the rows of every-day sorted by date: the ids then arrive in random order
  no-id       no id column (goald derives each trip's id from its content), every day in date order, 40 units
  swedish-mil what a Swedish office's Excel saves: Windows-1252, `;` between fields, Swedish headers and mode names,
              distances in mil and costs in kronor with a decimal comma, no id column, 40 units, in date order

For each file a key file is written beside it: the same rows in the same order as `sqlite-limit` reads them
(id,date,mode,distance_km,travellers,unit in UTF-8), with the ids goald stores: the file's own, or for a file without
ids the ones goald derives (FNV-1a of the row's fields, the k-th of identical rows with `-k` after it). The bench
checks goald's stored ids against them, so SQLite is fed the very keys goald inserted.
"""
import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

SHAPES = ["generator", "every-day", "by-date", "no-id", "swedish-mil"]
# The shapes whose keys arrive in order, which `make bench` also runs at 10 M.
LOCAL_AT_10M = ["generator", "every-day"]
DESCRIPTIONS = {
    "generator": "ids in order, 84 distinct days, 2 units (the former benchmark file)",
    "every-day": "ids in order, every day of 2019-2025, decimal km, 1 unit",
    "by-date": "the same rows sorted by date: ids in random order",
    "no-id": "no id column (derived ids), every day in date order, 40 units",
    "swedish-mil": "Windows-1252, `;`, Swedish headers, mil with decimal comma, no id, 40 units",
}
FIRST_DAY = datetime.date(2019, 1, 1)
DAYS = (datetime.date(2025, 12, 31) - FIRST_DAY).days + 1
DATES = [(FIRST_DAY + datetime.timedelta(days=d)).isoformat() for d in range(DAYS)]
# (goald's mode, its Swedish name in an export, lowest and highest km); "flight" is banded by distance in goald.
MODES = [("flight", "Flyg", 20, 2500), ("rail", "Tåg", 5, 600), ("rail", "Tåg", 5, 600), ("rail", "Tåg", 5, 600),
         ("car_private", "Egen bil", 5, 400), ("bus", "Buss", 5, 300), ("taxi", "Taxi", 2, 60),
         ("car_electric", "Elbil", 5, 400), ("ferry", "Färja", 5, 200)]
UNITS = ["Regional utveckling"] + [f"{name} {n}" for n in range(1, 5) for name in (
    "Kultur och bildning", "Näringsliv", "Kompetensförsörjning", "Infrastruktur och kollektivtrafik",
    "Folkhälsa", "Ekonomi och styrning", "Kommunikation", "Miljö och klimat", "Fastigheter", "Förvaltningsstöd")][:39]
PERMUTE = 2_654_435_761  # a prime: the rows of every-day in by-date's order are a permutation of its positions


def mix(k):
    """64 pseudo-random bits of a row's position."""
    h = (k + 0x9E3779B97F4A7C15) * 0xBF58476D1CE4E5B9 & 0xFFFFFFFFFFFFFFFF
    h = (h ^ (h >> 31)) * 0x94D049BB133111EB & 0xFFFFFFFFFFFFFFFF
    return h ^ (h >> 29)


def goald_mode(mode, km):
    if mode != "flight":
        return mode
    return "flight_domestic" if km < 500 else ("flight_long_haul" if km > 3700 else "flight_short_haul")


def derived_id(date, mode, km, travellers, unit, cost):
    """goald's id of a row without one (Trip.contentID): FNV-1a over the fields as Swift writes them."""
    text = "\x1f".join([date, mode, repr(km), str(travellers), unit, "", "" if cost is None else repr(cost)])
    h = 0xCBF29CE484222325
    for byte in text.encode():
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"row-{h:016x}"


def row(k, count, spread_units):
    """The row at position k of a date-ordered file of `count` rows: (day, mode index, tenths of km, travellers,
    unit, cost in öre)."""
    h = mix(k)
    mode = h % len(MODES)
    low, high = MODES[mode][2], MODES[mode][3]
    tenths = low * 10 + (h >> 8) % ((high - low) * 10)
    unit = UNITS[(h >> 32) % 40] if spread_units else UNITS[0]
    return (k * DAYS // count, mode, tenths, 1 + (h >> 40) % 3, unit, 5000 + (h >> 44) % 500000)


def write(shape, path, keys_path, count, bench=None):
    """Writes the file and its key file; returns the file's bytes."""
    if shape == "generator":  # the benchmark's former file, which is its own key file
        bench.write_trips(path, count, "g")
        shutil.copyfile(path, keys_path)
        return os.path.getsize(path)
    chunk = 100_000
    encoding = "cp1252" if shape == "swedish-mil" else "utf-8"
    with open(path, "w", encoding=encoding, newline="") as out, open(keys_path, "w") as keys:
        if shape == "swedish-mil":
            out.write("Datum;Färdsätt;Sträcka (mil);Antal resenärer;Enhet;Kostnad (kr)\r\n")
        elif shape == "no-id":
            out.write("date,mode,distance_km,travellers,unit\n")
        else:
            out.write("id,date,mode,distance_km,travellers,unit\n")
        keys.write("id,date,mode,distance_km,travellers,unit\n")
        inverse = pow(PERMUTE, -1, count) if shape == "every-day" else 0
        occurrences = {}
        day_of_counts = -1
        for start in range(0, count, chunk):
            lines, key_lines = [], []
            for position in range(start, min(count, start + chunk)):
                if shape == "every-day":
                    k = position * inverse % count  # the by-date position of the row with id `position`
                    ident = position
                else:
                    k = position
                    ident = position * PERMUTE % count
                day, mode, tenths, travellers, unit, ore = row(k, count, shape in ("no-id", "swedish-mil"))
                name, swedish = MODES[mode][0], MODES[mode][1]
                date = DATES[day]
                if shape in ("every-day", "by-date"):
                    km = f"{tenths // 10}.{tenths % 10}"
                    lines.append(f"t{ident},{date},{name},{km},{travellers},{unit}")
                    key_lines.append(lines[-1])
                    continue
                if day != day_of_counts:  # identical rows share their day: occurrences are counted per day
                    occurrences.clear()
                    day_of_counts = day
                if shape == "no-id":
                    km_text = f"{tenths // 10}.{tenths % 10}"
                    km = float(km_text)
                    cost = None
                    lines.append(f"{date},{name},{km_text},{travellers},{unit}")
                else:
                    mil_text = f"{tenths // 100},{tenths % 100:02d}"
                    km = float(mil_text.replace(",", ".")) * 10
                    cost = float(f"{ore // 100}.{ore % 100:02d}")
                    lines.append(f"{date};{swedish};{mil_text};{travellers};{unit};{ore // 100},{ore % 100:02d}")
                stored_mode = goald_mode(name, km)
                ident = derived_id(date, stored_mode, km, travellers, unit, cost)
                seen = occurrences.get(ident, 0) + 1
                occurrences[ident] = seen
                if seen > 1:
                    ident += f"-{seen}"
                key_lines.append(f"{ident},{date},{stored_mode},{km!r},{travellers},{unit}")
            newline = "\r\n" if shape == "swedish-mil" else "\n"
            out.write(newline.join(lines) + newline)
            keys.write("\n".join(key_lines) + "\n")
    return os.path.getsize(path)


def log(message):
    print(message, file=sys.stderr, flush=True)


class Shapes:
    """Runs the shapes at each size. `bench` gives goald's processes (start_goald, stop, goalctl, work, tools)."""

    def __init__(self, bench, peers):
        self.bench = bench
        self.peers = peers
        self.results = {"shapes": {}, "descriptions": DESCRIPTIONS}
        # A goald before identical rows of a file without ids were told apart counts them once: measuring it.
        self.tolerant = False

    def batch_rows(self, keys_path):
        return self.peers.goalctl_batch_rows(keys_path)

    def duckdb(self, shape, path):
        """DuckDB's load of the file into memory, rows/s (None without DuckDB)."""
        if not self.peers.duckdb:
            return None
        options = ("delim = ';', decimal_separator = ',', encoding = 'latin-1', header = true"
                   if shape == "swedish-mil" else "header = true")
        script = (
            "import duckdb, json, sys, time\n"
            "started = time.perf_counter()\n"
            "con = duckdb.connect(':memory:')\n"
            "con.execute('SET enable_progress_bar = false')\n"
            f"con.execute(\"CREATE TABLE trip AS SELECT * FROM read_csv('{path}', {options})\")\n"
            "rows = con.execute('SELECT count(*) FROM trip').fetchone()[0]\n"
            "print(json.dumps({'rows': rows, 'seconds': time.perf_counter() - started}))\n")
        run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
        if run.returncode != 0:
            raise SystemExit(f"the DuckDB load of {shape} failed:\n{run.stderr}")
        result = json.loads(run.stdout.strip().splitlines()[-1])
        return result["rows"] / result["seconds"]

    def check_ids(self, sock, keys_path, count):
        """goald stored exactly the key file's ids (so SQLite was fed goald's keys)."""
        exported = os.path.join(self.bench.work, "shape-export.csv")
        stored = set()
        for year in range(FIRST_DAY.year, 2026):
            run = self.bench.goalctl(sock, "--timeout", "600", "travel", "export", "--year", str(year),
                                     "--output", exported)
            if run.returncode != 0:
                raise SystemExit("goalctl travel export failed:\n" + run.stderr)
            with open(exported, encoding="utf-8-sig") as f:  # as Excel opens it: a byte-order mark, `;`
                header = f.readline().rstrip("\r\n").split(";")
                at_id, at_unit = header.index("id"), header.index("unit")
                for line in f:
                    fields = line.rstrip("\r\n").split(";")
                    stored.add((fields[at_unit], fields[at_id]))
            os.unlink(exported)
        with open(keys_path) as f:
            f.readline()
            expected = set()
            for line in f:
                fields = line.rstrip("\n").split(",")
                expected.add((fields[5], fields[0]))
        if stored != expected:
            missing = sorted(expected - stored)[:3]
            extra = sorted(stored - expected)[:3]
            raise SystemExit(f"goald's ids are not the key file's: {len(expected - stored)} missing (e.g. {missing}), "
                             f"{len(stored - expected)} others (e.g. {extra})")

    def run(self, sizes, shapes, check=True):
        for size in sizes:
            for shape in shapes:
                self.one(shape, size, check)
        return self.results

    def one(self, shape, count, check):
        work = self.bench.work
        path = os.path.join(work, f"shape-{shape}-{count}.csv")
        keys_path = path + ".keys"
        started = time.perf_counter()
        size = write(shape, path, keys_path, count, self.bench)
        log(f"  {shape} x {count:,}: file of {size / 2**20:,.0f} MiB written in {time.perf_counter() - started:.0f} s")
        state = os.path.join(work, f"shape-state-{shape}-{count}")
        process, sock, _ = self.bench.start_goald(state, "shape")
        try:
            started = time.perf_counter()
            run = self.bench.goalctl(sock, "--timeout", "900", "travel", "import", "--json", path)
            elapsed = time.perf_counter() - started
            if run.returncode != 0:
                raise SystemExit(f"goalctl travel import of {shape} failed:\n{run.stderr[-3000:]}")
            answer = json.loads(run.stdout)
            taken = answer.get("added", 0) + (answer.get("repeated") or 0) + answer.get("alreadyPresent", 0)
            if answer.get("added") != count and not (self.tolerant and taken == count):
                raise SystemExit(f"goalctl travel import of {shape} added {answer.get('added')} of {count} trips "
                                 f"(alreadyPresent {answer.get('alreadyPresent')}, repeated {answer.get('repeated')})")
            if check and count <= 1_000_000:
                self.check_ids(sock, keys_path, count)
        finally:
            self.bench.stop(process)
        shutil.rmtree(state, ignore_errors=True)
        rate = count / elapsed
        batch = self.batch_rows(path)
        limit = self.peers.sqlite_limit([keys_path], batch, f"shape-{shape}")
        duck = self.duckdb(shape, path)
        os.unlink(path)
        os.unlink(keys_path)
        entry = {"trips": count, "bytes": size, "goald": rate, "seconds": elapsed, "sqlite_limit": limit,
                 "batch_rows": batch, "duckdb_memory": duck}
        self.results["shapes"].setdefault(shape, {})[str(count)] = entry
        log(f"  {shape} x {count:,}: goald {rate:,.0f} trips/s ({elapsed:.1f} s), SQLite's limit {limit:,.0f} rows/s "
            f"in {batch:,}-row transactions ({rate / limit:.2f}x)"
            + (f", DuckDB {duck:,.0f} rows/s" if duck else ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", required=True)
    parser.add_argument("--tools", required=True)
    parser.add_argument("--sizes", default="1000000")
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--no-check", action="store_true")
    parser.add_argument("--tolerant", action="store_true", help="a goald that counts identical rows once")
    args = parser.parse_args()
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from bench import Bench
    from peers import Peers
    bench = Bench(argparse.Namespace(bin=args.bin, tools=args.tools, smoke=False))
    peers = Peers(bench)
    shapes = Shapes(bench, peers)
    shapes.tolerant = args.tolerant
    result = shapes.run([int(s) for s in args.sizes.split(",")], args.shapes.split(","), check=not args.no_check)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
