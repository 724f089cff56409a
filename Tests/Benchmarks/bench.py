#!/usr/bin/env python3
"""goald's benchmarks, run by `make bench`: goald against the protocol's limit on this machine, and at scale.

RPC: one load generator (goald-loadgen, C) drives three targets in interleaved rounds: goald-echo (a C epoll
server that echoes frames: the limit of this framing here), goald's Health/Check and goald's Travel/GetReduction.
Shapes: 1 connection x 1 call in flight, 1 connection x 64 in flight, 8 connections x 1. The medians of the
rounds are reported, with server CPU per call from /proc.

Travel at scale: synthetic trips imported through `goalctl travel import` (durable: each batch is committed
before it is answered); goald's resident memory, GetReduction latency and the time from start to READY=1 with
0, 10 k, 1 M and 10 M trips stored.

The import by the shape of the file (`shapes.py`): files as offices send them (ids in order or not, dates on every
day, no id column, a Swedish Windows-1252 file in mil), 1 M trips each into an empty store (10 M for the shapes
whose keys arrive in order), each beside SQLite's own limit for the same keys in the same order and DuckDB's load of
the same file.

The region: a model of 8 committees with 3 rolling plans of 30 indicators each and 10 years of follow-up in the
store; READY, resident memory against the single-committee goald, Region/GetStatus against the C limit, and the
region's report.

Writes a Markdown report (docs/benchmarks.md by default) and prints every figure as it is measured.
  bench.py --bin DIR --tools DIR [--out FILE] [--smoke]
--smoke runs every step at a tiny scale (seconds, thousands of trips) so that the code keeps working in the tests.
"""
import argparse
import datetime
import json
import os
import platform
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HEALTH = ("goald.v1.Health/Check", "{}")
REDUCTION = ("goald.v1.Travel/GetReduction", '{"year":2024}')
# A write answered later, with a deadline: parsed on the writer's preparer, checked on the writer (a dry run stores
# nothing, so the disk's flush is not what is measured), its deadline a timer on the connection's loop.
DRY_RUN = ("goald.v1.Travel/AddTrips",
           '{"csv":"id,date,mode,distance_km,unit\\nb1,2024-03-01,rail,120,Regional utveckling\\n","dryRun":true}',
           5000)
SHAPES = [("1 conn x 1 in flight", 1, 1), ("1 conn x 64 in flight", 1, 64), ("8 conns x 1", 8, 1)]


def log(message):
    print(message, flush=True)


class Bench:
    def __init__(self, args):
        self.bin = args.bin
        self.tools = args.tools
        self.smoke = args.smoke
        self.work = tempfile.mkdtemp(prefix="goald-bench-")
        self.results = {}

    # --- processes -------------------------------------------------------------------------------------------

    @staticmethod
    def await_listener(path, seconds=5):
        """Waits until a Unix socket accepts a connection (its file appears at bind, before it listens)."""
        deadline = time.monotonic() + seconds
        while True:
            probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                probe.connect(path)
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
            finally:
                probe.close()

    def start_goald(self, state, name="goald", level="warning", args=()):
        """Starts goald on a fresh socket; returns (process, socket, seconds to READY=1)."""
        sock = os.path.join(self.work, name + ".sock")
        notify = os.path.join(self.work, name + ".notify")
        for path in (sock, notify):
            if os.path.exists(path):
                os.unlink(path)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        listener.bind(notify)
        listener.settimeout(120)
        env = dict(os.environ, NOTIFY_SOCKET=notify)
        started = time.perf_counter()
        process = subprocess.Popen(
            [os.path.join(self.bin, "goald"), "--socket", sock, "--state-dir", state, "--log-level", level,
             "--log-target", "stderr", *args],
            env=env, stdout=subprocess.DEVNULL, stderr=open(os.path.join(self.work, name + ".log"), "ab"))
        try:
            while True:
                datagram = listener.recv(4096).decode()
                if any(line == "READY=1" for line in datagram.split("\n")):
                    ready = time.perf_counter() - started
                    break
        except socket.timeout:
            process.kill()
            raise SystemExit("goald did not send READY=1 within 120 s; see " + os.path.join(self.work, name + ".log"))
        finally:
            listener.close()
        return process, sock, ready

    @staticmethod
    def stop(process):
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    @staticmethod
    def rss_bytes(pid):
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        return 0

    def loadgen(self, sock, pid, connections, depth, call, seconds, warmup=0.3):
        command = [os.path.join(self.tools, "goald-loadgen"), "--socket", sock, "--connections", str(connections),
                   "--depth", str(depth), "--seconds", str(seconds), "--warmup", str(warmup),
                   "--method", call[0], "--params", call[1], "--server-pid", str(pid)]
        if len(call) > 2:
            command += ["--timeout-ms", str(call[2])]
        run = subprocess.run(command, capture_output=True, text=True)
        if run.returncode != 0:
            raise SystemExit(f"goald-loadgen failed ({' '.join(command)}):\n{run.stderr}")
        return json.loads(run.stdout)

    def goalctl(self, sock, *arguments):
        return subprocess.run([os.path.join(self.bin, "goalctl"), "--socket", sock, *arguments],
                              capture_output=True, text=True)

    # --- trips -----------------------------------------------------------------------------------------------

    def write_trips(self, path, count, prefix):
        """Synthetic trips, the same on every run: every mode, years 2019-2025, two units."""
        modes = ["flight", "rail", "rail", "rail", "car_private", "bus", "taxi", "car_electric", "ferry"]
        units = ["Regional utveckling", "Kultur och bildning"]
        rng = random.Random(count)
        with open(path, "w") as out:
            out.write("id,date,mode,distance_km,travellers,unit\n")
            rows = []
            for n in range(count):
                year = 2019 + n % 7
                mode = modes[rng.randrange(len(modes))]
                distance = rng.randrange(20, 2500) if mode == "flight" else rng.randrange(5, 400)
                rows.append(f"{prefix}{n},{year}-{1 + n % 12:02d}-{1 + n % 28:02d},{mode},{distance},"
                            f"{1 + n % 3},{units[n % 2]}\n")
                if len(rows) == 100_000:
                    out.write("".join(rows))
                    rows.clear()
            out.write("".join(rows))

    def import_trips(self, sock, path, count):
        started = time.perf_counter()
        run = self.goalctl(sock, "--timeout", "600", "travel", "import", "--json", path)
        elapsed = time.perf_counter() - started
        if run.returncode != 0:
            raise SystemExit(f"goalctl travel import failed:\n{run.stderr}")
        answer = json.loads(run.stdout)
        if answer.get("added") != count:
            raise SystemExit(f"goalctl travel import added {answer.get('added')} of {count} trips:\n{run.stdout}")
        return count / elapsed, elapsed

    # --- measurements ----------------------------------------------------------------------------------------

    def machine(self):
        cpu = "unknown CPU"
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as info:
            memory = int(info.readline().split()[1]) * 1024
        return {"cores": os.cpu_count(), "cpu": cpu, "memory_gib": memory / 2**30, "kernel": platform.release(),
                "system": platform.platform(), "date": datetime.datetime.now(datetime.timezone.utc)
                .strftime("%Y-%m-%d %H:%M UTC")}

    def rpc(self):
        rounds, seconds = (1, 0.3) if self.smoke else (5, 1.5)
        state = os.path.join(self.work, "rpc-state")
        goald, sock, _ = self.start_goald(state)
        echo_sock = os.path.join(self.work, "echo.sock")
        echo = subprocess.Popen([os.path.join(self.tools, "goald-echo"), echo_sock])
        try:
            sample = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../docs/samples",
                                  "synthetic-trips-2019-2025.csv")
            if self.goalctl(sock, "travel", "import", sample).returncode != 0:
                raise SystemExit("cannot import the sample trips")
            self.await_listener(echo_sock)
            targets = [("C echo (limit)", echo_sock, echo.pid, HEALTH),
                       ("goald Health/Check", sock, goald.pid, HEALTH),
                       ("goald Travel/GetReduction", sock, goald.pid, REDUCTION),
                       ("goald AddTrips dry run, deadline", sock, goald.pid, DRY_RUN)]
            samples = {(t[0], s[0]): [] for t in targets for s in SHAPES}
            for round_number in range(rounds):
                for shape, connections, depth in SHAPES:
                    for name, path, pid, call in targets:
                        result = self.loadgen(path, pid, connections, depth, call, seconds)
                        samples[(name, shape)].append(result)
                        log(f"  round {round_number + 1} {shape:<22} {name:<26} {result['calls_per_second']:>10,.0f}/s"
                            f"  p50 {result['p50_us']:>7.1f} us  p99 {result['p99_us']:>8.1f} us"
                            f"  server {result['server_cpu_us_per_call']:>6.2f} us/call")
            medians = {}
            for key, runs in samples.items():
                medians[key] = {field: statistics.median(r[field] for r in runs)
                                for field in ("calls_per_second", "p50_us", "p99_us", "server_cpu_us_per_call")}
                medians[key]["request_bytes"] = runs[0]["request_bytes"]
            self.results["rpc"] = {"rounds": rounds, "seconds": seconds, "targets": [t[0] for t in targets],
                                   "medians": medians}
            self.results["goalctl"] = self.goalctl_start(sock)
        finally:
            echo.send_signal(signal.SIGTERM)
            echo.wait()
            self.stop(goald)

    def goalctl_start(self, sock):
        runs = 5 if self.smoke else 30
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            run = self.goalctl(sock, "health", "--json")
            times.append((time.perf_counter() - started) * 1000)
            if run.returncode != 0:
                raise SystemExit("goalctl health failed: " + run.stderr)
        result = {"median_ms": statistics.median(times), "min_ms": min(times), "runs": runs}
        log(f"  goalctl health, process start to exit: median {result['median_ms']:.1f} ms")
        return result

    def handler_time(self, state, name):
        """The median time goald spends on a GetReduction call, from the frame read to the answer written (its own
        `served` log lines, at debug level, which give each call's duration)."""
        process, sock, _ = self.start_goald(state, name + "-debug", level="debug")
        try:
            self.loadgen(sock, process.pid, 1, 1, REDUCTION, 0.3 if self.smoke else 1, warmup=0.1)
        finally:
            self.stop(process)
        durations = []
        with open(os.path.join(self.work, name + "-debug.log"), errors="replace") as text:
            for line in text:
                if "served" in line and "GetReduction" in line:
                    for field in line.split():
                        if field.startswith("duration_us="):
                            durations.append(int(field.split("=", 1)[1]))
        if not durations:
            raise SystemExit("goald logged no served GetReduction call at debug level")
        return statistics.median(durations[len(durations) // 10:])  # the first calls warm caches

    def reduction_latency(self, sock, pid):
        seconds = 0.3 if self.smoke else 2
        return self.loadgen(sock, pid, 1, 1, REDUCTION, seconds)

    def scale(self):
        small, large, huge = (1_000, 5_000, 20_000) if self.smoke else (10_000, 1_000_000, 10_000_000)
        scale = {"sizes": {"small": small, "large": large, "huge": huge}, "levels": {}}
        self.results["scale"] = scale

        def level(name, trips, state, import_rate=None):
            process, sock, ready = self.start_goald(state, name)
            try:
                time.sleep(0.2)
                entry = {"trips": trips, "ready_s": ready, "rss_bytes": self.rss_bytes(process.pid)}
                if trips:
                    entry["reduction"] = self.reduction_latency(sock, process.pid)
                if import_rate:
                    entry["import"] = import_rate
                scale["levels"][name] = entry
            finally:
                self.stop(process)
            if trips:
                entry["handler_us"] = self.handler_time(state, name)
            line = f"  {trips:>10,} trips: READY in {ready * 1000:,.0f} ms, RSS {entry['rss_bytes'] / 2**20:,.1f} MiB"
            if trips:
                r = entry["reduction"]
                line += (f", GetReduction p50 {r['p50_us']:.1f} us p99 {r['p99_us']:.1f} us,"
                         f" server {r['server_cpu_us_per_call']:.1f} us/call, in the handler {entry['handler_us']:.1f} us")
            log(line)

        # No trips: READY on the default plan, and the memory of an empty goald.
        empty = os.path.join(self.work, "empty-state")
        level("empty", 0, empty)

        from peers import Peers  # beside this file
        peers = Peers(self)
        self.results["peers"] = peers.results
        rounds = 3 if self.smoke else 11

        # 10 k trips.
        state = os.path.join(self.work, "small-state")
        csv = os.path.join(self.work, "small.csv")
        self.write_trips(csv, small, "S")
        process, sock, _ = self.start_goald(state, "import")
        try:
            small_rate, _ = self.import_trips(sock, csv, small)
            peers.compare("small", small, [csv], small_rate, sock, rounds)
        finally:
            self.stop(process)
        os.unlink(csv)
        level("small", small, state)

        # 1 M trips, imported through goalctl: the import rate.
        state = os.path.join(self.work, "large-state")
        csv = os.path.join(self.work, "large.csv")
        self.write_trips(csv, large, "L")
        process, sock, _ = self.start_goald(state, "import")
        try:
            rate, elapsed = self.import_trips(sock, csv, large)
            import_rss = self.rss_bytes(process.pid)
            peers.compare("large", large, [csv], rate, sock, rounds)
        finally:
            self.stop(process)
        large_csv = csv
        log(f"  import of {large:,} trips through goalctl: {elapsed:.1f} s, {rate:,.0f} trips/s")
        level("large", large, state, {"trips": large, "seconds": elapsed, "trips_per_second": rate,
                                      "rss_after_import_bytes": import_rss})

        # 10 M trips: the 1 M store and 9 M more, imported the same way.
        more = huge - large
        csv = os.path.join(self.work, "huge.csv")
        self.write_trips(csv, more, "H")
        process, sock, _ = self.start_goald(state, "import")
        try:
            rate, elapsed = self.import_trips(sock, csv, more)
            peers.compare("huge", huge, [large_csv, csv], rate, sock, rounds)
        finally:
            self.stop(process)
        os.unlink(csv)
        os.unlink(large_csv)
        log(f"  import of {more:,} more trips through goalctl: {elapsed:.1f} s, {rate:,.0f} trips/s")
        level("huge", huge, state, {"trips": more, "seconds": elapsed, "trips_per_second": rate})
        scale["store_bytes"] = sum(os.path.getsize(os.path.join(state, f)) for f in os.listdir(state))

    # --- report ----------------------------------------------------------------------------------------------

    def report(self, path, started):
        from report import render  # the Markdown lives beside this file
        text = render(self.results, time.perf_counter() - started, self.smoke)
        with open(path, "w") as out:
            out.write(text)
        log(f"wrote {path}")

    def cleanup(self):
        shutil.rmtree(self.work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", required=True, help="where goald and goalctl are (a release build)")
    parser.add_argument("--tools", required=True, help="where goald-loadgen and goald-echo are")
    parser.add_argument("--out", default="docs/benchmarks.md", help="the report to write")
    parser.add_argument("--smoke", action="store_true", help="a tiny run that checks the benchmark code works")
    args = parser.parse_args()
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    started = time.perf_counter()
    bench = Bench(args)
    try:
        bench.results["machine"] = bench.machine()
        log("machine: {cores} cores, {memory_gib:.1f} GiB, kernel {kernel}, {cpu}".format(**bench.results["machine"]))
        log("RPC, medians of interleaved rounds:")
        bench.rpc()
        log("travel at scale:")
        bench.scale()
        log("the import by the shape of the file (each beside SQLite's limit for the same rows in the same order):")
        from peers import Peers  # beside this file
        from shapes import LOCAL_AT_10M, SHAPES, Shapes
        shapes = Shapes(bench, Peers(bench))
        bench.results["import_shapes"] = shapes.run((2_000,) if bench.smoke else (1_000_000,), SHAPES)
        if not bench.smoke:
            # At 10 M the shapes whose keys arrive in order; those with random keys take 10-20 minutes each there
            # (goald and SQLite alike: the layout's cost, see the analysis), so they are measured alone:
            # `shapes.py --sizes 10000000`.
            shapes.run((10_000_000,), LOCAL_AT_10M)
        log("the region (8 committees x 3 plans x 30 indicators, 10 years of follow-up):")
        from region_bench import RegionBench  # beside this file
        RegionBench(bench).run()
        bench.report(args.out, started)
    finally:
        bench.cleanup()


if __name__ == "__main__":
    main()
