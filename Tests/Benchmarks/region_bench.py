"""The region at the size the region asks for: 8 committees, each with 3 rolling plans of 30 indicators (10 result
goals under the region's 4 effect goals), and 10 years of follow-up recorded through the wire (every indicator's
value in every period, every result goal judged each year, the region's judgement of its effect goals).

Measured against the single-committee goald (the built-in model, an empty store): the time to READY=1, resident
memory, `Region/GetStatus` at 1 connection x 1 in flight against the C echo limit of the RPC section, and the
region's coordinated report (`Reports/Render` with `region`), start to end of the call.
"""
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Protocol", "clients",
                                "python"))
from goald_client import GoaldClient  # noqa: E402

FIRST_YEAR = 2017


class RegionBench:
    def __init__(self, bench):
        self.bench = bench
        smoke = bench.smoke
        self.committees = 2 if smoke else 8
        self.indicators_per_result = 3
        self.results_per_plan = 2 if smoke else 10
        self.years = 4 if smoke else 10
        self.plan_years = [(FIRST_YEAR, FIRST_YEAR + 3), (FIRST_YEAR + 3, FIRST_YEAR + 6),
                           (FIRST_YEAR + 6, FIRST_YEAR + 9)]
        if smoke:
            self.plan_years = [(FIRST_YEAR, FIRST_YEAR + 1), (FIRST_YEAR + 1, FIRST_YEAR + 3),
                               (FIRST_YEAR + 2, FIRST_YEAR + 3)]
        self.last_year = FIRST_YEAR + self.years - 1

    def model(self):
        """The built-in region's effect goals and committees, and every committee's three plans: the same ids in
        each, the second renumbering two indicators, the third dropping one and adding one."""
        built_in = json.loads(subprocess.run([os.path.join(self.bench.bin, "goald"), "--print-default-model"],
                                             check=True, capture_output=True, text=True).stdout)
        effects = [goal["id"] for goal in built_in["effectGoals"]]
        committees = [c["abbreviation"] for c in built_in["committees"]][:self.committees]
        plans = []
        for committee in committees:
            prefix = committee.lower()
            for index, (first, last) in enumerate(self.plan_years):
                parts = {effect: [] for effect in effects}
                for r in range(self.results_per_plan):
                    effect = effects[r % len(effects)]
                    e = effects.index(effect) + 1
                    number = f"5.{e}.{len(parts[effect]) + 1}"
                    indicators = []
                    for i in range(self.indicators_per_result):
                        key = f"{prefix}-i{r}-{i}"
                        if index == 2 and r == 0 and i == 0:
                            key = f"{prefix}-i-new"  # dropped in the third plan, another in its place
                        position = i + 1 if index != 1 or r != 1 else self.indicators_per_result - i
                        indicators.append({
                            "id": key, "number": f"{number}.{position}", "title": f"Indikator {r}.{i} ({committee})",
                            "target": {"kind": "index", "value": 50, "direction": "atLeast"}})
                    indicators.sort(key=lambda item: item["number"])
                    parts[effect].append({"id": f"{prefix}-r{r}", "number": number,
                                          "title": f"Resultatmål {r} ({committee})", "indicators": indicators})
                plans.append({
                    "id": f"{prefix}-{first}-{last}", "committee": committee,
                    "title": f"Svar på planeringsdirektiv {first}–{last}", "firstYear": first, "lastYear": last,
                    "effectGoals": [{"effectGoal": effect, "number": f"5.{n + 1}", "resultGoals": parts[effect]}
                                    for n, effect in enumerate(effects) if parts[effect]]})
        region = dict(built_in)
        region["mandatePeriod"] = {"firstYear": FIRST_YEAR, "lastYear": self.last_year}
        region["plans"] = plans
        region["defaultCommittee"] = committees[0]
        return region, committees

    def record(self, sock, region, committees):
        """Every indicator's value in every period, every result goal judged each year, the region's judgements:
        through the wire, as clients write them."""
        writes = 0
        started = time.perf_counter()
        with GoaldClient(sock) as client:
            for committee in committees:
                for year in range(FIRST_YEAR, self.last_year + 1):
                    plan = [p for p in region["plans"] if p["committee"] == committee
                            and p["firstYear"] <= year <= p["lastYear"]][-1]
                    results = [r for part in plan["effectGoals"] for r in part["resultGoals"]]
                    for kind in ("interim", "annual"):
                        period = f"{year}-{kind}"
                        for result in results:
                            for n, indicator in enumerate(result["indicators"]):
                                client.call("goald.v1.Goals/RecordMeasurement", {
                                    "committee": committee, "indicator": indicator["id"], "period": period,
                                    "value": 40 + (year * 7 + n * 13) % 25})
                                writes += 1
                    for result in results:
                        client.call("goald.v1.Goals/RecordAssessment", {
                            "committee": committee, "resultGoal": result["id"], "period": f"{year}-annual",
                            "level": ["uppfyllt", "delvis uppfyllt", "ej uppfyllt"][year % 3],
                            "analysis": f"Analys av {result['title']} {year}."})
                        writes += 1
            for year in range(FIRST_YEAR, self.last_year + 1):
                for goal in region["effectGoals"]:
                    client.call("goald.v1.Region/RecordAssessment", {
                        "effectGoal": goal["id"], "period": f"{year}-annual", "level": "delvis uppfyllt",
                        "analysis": f"Regionens bedömning {year}."})
                    writes += 1
        return writes, time.perf_counter() - started

    def follow_up_file(self, region, committees, shift):
        """HR's file for every committee: each indicator of the last year's plan, both periods, values moved by
        `shift` so that each file records every row anew."""
        lines = ["period;nämnd;indikator;totalt;källa"]
        for committee in committees:
            plan = [p for p in region["plans"] if p["committee"] == committee
                    and p["firstYear"] <= self.last_year <= p["lastYear"]][-1]
            for kind in ("interim", "annual"):
                for part in plan["effectGoals"]:
                    for result in part["resultGoals"]:
                        for n, indicator in enumerate(result["indicators"]):
                            value = 40 + (self.last_year * 7 + n * 13 + shift) % 25
                            lines.append(f"{self.last_year}-{kind};{committee};{indicator['id']};{value},5;Heroma")
        return "\r\n".join(lines) + "\r\n", len(lines) - 1

    def import_files(self, sock, region, committees):
        """`goalctl followup import` of the whole file, process start to exit: median over runs that each record
        every row, and over runs of the same file again (nothing to record)."""
        goalctl = os.path.join(self.bench.bin, "goalctl")
        times, again = [], []
        rows = 0
        for run in range(3 if self.bench.smoke else 9):
            text, rows = self.follow_up_file(region, committees, run + 1)
            path = os.path.join(self.bench.work, f"hr-{run}.csv")
            with open(path, "w", encoding="utf-8") as out:
                out.write(text)
            for bucket in (times, again):
                started = time.perf_counter()
                done = subprocess.run([goalctl, "--socket", sock, "--json", "followup", "import", path],
                                      capture_output=True, text=True)
                bucket.append((time.perf_counter() - started) * 1000)
                if done.returncode != 0:
                    raise RuntimeError(f"followup import: {done.stderr.strip()}")
                answer = json.loads(done.stdout)
                expected = rows if bucket is times else 0
                if answer["recorded"] != expected:
                    raise RuntimeError(f"followup import recorded {answer['recorded']}, expected {expected}")
        return {"rows": rows, "import_ms": statistics.median(times), "unchanged_ms": statistics.median(again)}

    def history_file(self, region, committees, shift):
        """Every committee's every indicator in every period of every year, values moved by `shift`: one
        correction of the whole history, as a re-delivery of HR's figures records it."""
        lines = ["period;nämnd;indikator;totalt"]
        for committee in committees:
            for year in range(FIRST_YEAR, self.last_year + 1):
                plan = [p for p in region["plans"] if p["committee"] == committee
                        and p["firstYear"] <= year <= p["lastYear"]][-1]
                for kind in ("interim", "annual"):
                    for part in plan["effectGoals"]:
                        for result in part["resultGoals"]:
                            for n, indicator in enumerate(result["indicators"]):
                                value = 40 + (year * 7 + n * 13 + shift) % 25
                                lines.append(f"{year}-{kind};{committee};{indicator['id']};{value},{shift % 10}")
        return "\n".join(lines) + "\n"

    def grow_history(self, sock, region, committees, target):
        """Corrections of the whole history through `goalctl followup import` until the store holds `target`
        measurement rows; returns how many it holds."""
        goalctl = os.path.join(self.bench.bin, "goalctl")
        rows = self.measurement_rows
        shift = 100
        while rows < target:
            shift += 1
            path = os.path.join(self.bench.work, "history.csv")
            with open(path, "w", encoding="utf-8") as out:
                out.write(self.history_file(region, committees, shift))
            done = subprocess.run([goalctl, "--socket", sock, "--json", "--timeout", "120", "followup", "import",
                                   path], capture_output=True, text=True)
            if done.returncode != 0:
                raise RuntimeError(f"followup import of the history: {done.stderr.strip()}")
            recorded = json.loads(done.stdout)["recorded"]
            if recorded == 0:
                raise RuntimeError("a correction of the history recorded nothing")
            rows += recorded
        self.measurement_rows = rows
        return rows

    def target_changes(self, sock, region, committee, count):
        """`count` target changes of one committee's indicators through the wire (`Goals/SetTarget`, each durable
        before its answer), from the last annual period, with a reason so that a closed period takes them too.
        Start-up replays every change: #24 measured it quadratic (32 000 changes: 57 s) before it was made linear."""
        plan = [p for p in region["plans"] if p["committee"] == committee
                and p["firstYear"] <= self.last_year <= p["lastYear"]][-1]
        indicators = [i["id"] for part in plan["effectGoals"] for r in part["resultGoals"] for i in r["indicators"]]
        started = time.perf_counter()
        with GoaldClient(sock) as client:
            for n in range(count):
                client.call("goald.v1.Goals/SetTarget", {
                    "committee": committee, "indicator": indicators[n % len(indicators)], "value": 40 + n % 17,
                    "from": f"{self.last_year}-annual", "reason": f"Bänkens ändring {n + 1}"})
        return time.perf_counter() - started

    def assessments_and_retractions(self, sock, region, committee, count):
        """`count` judgements of one committee's result goals and `count` retractions of values (each value
        recorded and then retracted), through the wire, each durable before its answer: with the target changes, the
        records start-up replays. Returns the seconds taken, and the trios (judgement, value, retraction) a second
        in the first and in the last tenth: equal when a write costs the same however many came before (it was
        quadratic: each retraction copied every earlier one)."""
        plan = [p for p in region["plans"] if p["committee"] == committee
                and p["firstYear"] <= self.last_year <= p["lastYear"]][-1]
        results = [r for part in plan["effectGoals"] for r in part["resultGoals"]]
        indicators = [i["id"] for r in results for i in r["indicators"]]
        started = time.perf_counter()
        tenth = max(1, count // 10)
        marks = []
        with GoaldClient(sock) as client:
            for n in range(count):
                if n % tenth == 0:
                    marks.append(time.perf_counter())
                client.call("goald.v1.Goals/RecordAssessment", {
                    "committee": committee, "resultGoal": results[n % len(results)]["id"],
                    "period": f"{self.last_year}-annual", "level": ["uppfyllt", "delvis uppfyllt", "ej uppfyllt"][n % 3],
                    "analysis": f"Bänkens bedömning {n + 1}."})
                indicator = indicators[n % len(indicators)]
                client.call("goald.v1.Goals/RecordMeasurement", {
                    "committee": committee, "indicator": indicator, "period": f"{self.last_year}-interim",
                    "value": 30 + n % 40})
                client.call("goald.v1.Goals/RetractMeasurement", {
                    "committee": committee, "indicator": indicator, "period": f"{self.last_year}-interim",
                    "reason": f"Bänkens tillbakadragande {n + 1}"})
        ended = time.perf_counter()
        marks.append(ended)
        first = tenth / (marks[1] - marks[0]) if len(marks) > 2 else 0
        last = (count - tenth * (len(marks) - 2)) / (marks[-1] - marks[-2]) if len(marks) > 2 else 0
        return ended - started, first, last

    def committee_status(self, sock, pid, committee, period):
        """`Goals/GetStatus` of one committee's period at 1 connection x 1 in flight (every indicator evaluated)."""
        rounds, seconds = (1, 0.3) if self.bench.smoke else (5, 1.5)
        calls = [self.bench.loadgen(sock, pid, 1, 1, ("goald.v1.Goals/GetStatus",
                                                      json.dumps({"committee": committee, "period": period})),
                                    seconds) for _ in range(rounds)]
        return {field: statistics.median(c[field] for c in calls)
                for field in ("calls_per_second", "p50_us", "p99_us", "server_cpu_us_per_call")}

    def status_beside_echo(self, sock, pid, period):
        """`Region/GetStatus` at 1 connection x 1 in flight, its rounds interleaved with rounds of the C echo (the
        RPC section's limit, measured again beside it): the machine's pace drifts over the minutes between the
        sections, and a ratio is only fair within the same minute."""
        bench = self.bench
        rounds, seconds = (1, 0.3) if bench.smoke else (5, 1.5)
        echo_sock = os.path.join(bench.work, "region-echo.sock")
        echo = subprocess.Popen([os.path.join(bench.tools, "goald-echo"), echo_sock])
        try:
            bench.await_listener(echo_sock)
            calls, echoes = [], []
            for _ in range(rounds):
                echoes.append(bench.loadgen(echo_sock, echo.pid, 1, 1, ("goald.v1.Health/Check", "{}"), seconds))
                calls.append(bench.loadgen(sock, pid, 1, 1,
                                           ("goald.v1.Region/GetStatus", json.dumps({"period": period})), seconds))
            return calls, echoes
        finally:
            echo.terminate()
            echo.wait()

    def run(self):
        bench = self.bench
        work = bench.work
        region, committees = self.model()
        path = os.path.join(work, "region.json")
        with open(path, "w") as out:
            json.dump(region, out, ensure_ascii=False)
        indicators = sum(len(r["indicators"]) for part in region["plans"][0]["effectGoals"]
                         for r in part["resultGoals"])
        result = {"committees": len(committees), "plans": len(region["plans"]), "indicators_per_plan": indicators,
                  "years": self.years}

        # The single-committee goald: the built-in model, an empty store.
        single_state = os.path.join(work, "single-state")
        process, sock, ready = bench.start_goald(single_state, "single")
        try:
            with GoaldClient(sock) as client:
                client.call("goald.v1.Goals/GetStatus")
            time.sleep(0.2)
            result["single"] = {"ready_s": ready, "rss_bytes": bench.rss_bytes(process.pid)}
        finally:
            bench.stop(process)

        state = os.path.join(work, "region-state")
        process, sock, _ = bench.start_goald(state, "region-write", args=("--model", path))
        try:
            writes, seconds = self.record(sock, region, committees)
        finally:
            bench.stop(process)
        result["records"] = writes
        result["record_seconds"] = seconds
        # Measurements among the records: every indicator of every committee, both periods, every year.
        self.measurement_rows = sum(
            2 * sum(len(r["indicators"]) for part in [p for p in region["plans"] if p["committee"] == committee
                                                      and p["firstYear"] <= year <= p["lastYear"]][-1]["effectGoals"]
                    for r in part["resultGoals"])
            for committee in committees for year in range(FIRST_YEAR, self.last_year + 1))
        print(f"  {writes:,} records written through the wire in {seconds:.1f} s", flush=True)

        period = f"{self.last_year}-annual"
        process, sock, ready = bench.start_goald(state, "region", args=("--model", path))
        try:
            renders = []
            with GoaldClient(sock) as client:
                status = client.call("goald.v1.Region/GetStatus", {"period": period})
                status_bytes = len(json.dumps(status, ensure_ascii=False, separators=(",", ":")).encode())
                judged = sum(1 for goal in status["effectGoals"] if goal.get("assessment"))
                shown = sum(len(c["resultGoals"]) for goal in status["effectGoals"] for c in goal["committees"])
                for _ in range(5 if bench.smoke else 30):
                    started = time.perf_counter()
                    report = client.call("goald.v1.Reports/Render", {"region": True, "period": period})
                    renders.append((time.perf_counter() - started) * 1000)
            time.sleep(0.2)
            rss = bench.rss_bytes(process.pid)
            imported = self.import_files(sock, region, committees)
            calls, echoes = self.status_beside_echo(sock, process.pid, period)
            self.measurement_rows += imported["rows"] * (3 if bench.smoke else 9)
            committee_status = self.committee_status(sock, process.pid, committees[0], period)
            rows_before = self.measurement_rows
        finally:
            bench.stop(process)

        # The same region with 100 000 rows of history: corrections of every year's values, as re-deliveries
        # record them; then goald started again on it.
        target = 20_000 if bench.smoke else 100_000
        process, sock, _ = bench.start_goald(state, "region-history", args=("--model", path))
        try:
            started = time.perf_counter()
            rows = self.grow_history(sock, region, committees, target)
            grown_seconds = time.perf_counter() - started
        finally:
            bench.stop(process)
        process, sock, history_ready = bench.start_goald(state, "region-history", args=("--model", path))
        try:
            history_status = self.committee_status(sock, process.pid, committees[0], period)
            time.sleep(0.2)
            history_rss = bench.rss_bytes(process.pid)
        finally:
            bench.stop(process)
        # Then as many target changes as #24 measured quadratic (32 000: 57 s), and goald started again on them all;
        # then as many judgements and retractions besides, and started again on the three kinds.
        changes = 500 if bench.smoke else 100_000
        process, sock, _ = bench.start_goald(state, "region-targets", args=("--model", path))
        try:
            changes_seconds = self.target_changes(sock, region, committees[0], changes)
        finally:
            bench.stop(process)
        process, sock, targets_ready = bench.start_goald(state, "region-targets", args=("--model", path))
        try:
            others_seconds, first_tenth, last_tenth = self.assessments_and_retractions(
                sock, region, committees[0], changes)
        finally:
            bench.stop(process)
        process, sock, all_ready = bench.start_goald(state, "region-targets", args=("--model", path))
        bench.stop(process)
        print(f"  {changes:,} target changes written in {changes_seconds:.1f} s; READY then in "
              f"{targets_ready * 1000:,.0f} ms; {changes:,} judgements and {changes:,} retracted values more in "
              f"{others_seconds:.1f} s ({first_tenth:,.0f} trios/s in the first tenth, {last_tenth:,.0f} in the "
              f"last); READY then in {all_ready * 1000:,.0f} ms", flush=True)
        print(f"  Goals/GetStatus of {committees[0]} {period}: {committee_status['calls_per_second']:,.0f}/s with "
              f"{rows_before:,} measurement rows, {history_status['calls_per_second']:,.0f}/s with {rows:,} "
              f"(history grown in {grown_seconds:.1f} s; READY in {history_ready * 1000:,.0f} ms)", flush=True)
        result["region"] = {
            "ready_s": ready, "rss_bytes": rss, "result_goals_shown": shown, "effect_goals_judged": judged,
            "follow_up_import": imported,
            "report_ms": statistics.median(renders), "report_bytes": len(report["content"].encode()),
            "committee_status": {"measurement_rows": rows_before, **committee_status},
            "history": {"measurement_rows": rows, "grown_seconds": grown_seconds, "ready_s": history_ready,
                        "rss_bytes": history_rss, "committee_status": history_status},
            "target_changes": {"count": changes, "written_seconds": changes_seconds, "ready_s": targets_ready,
                               "others_seconds": others_seconds, "others_first_tenth_per_s": first_tenth,
                               "others_last_tenth_per_s": last_tenth, "all_ready_s": all_ready},
            "get_status": {**{field: statistics.median(c[field] for c in calls)
                              for field in ("calls_per_second", "p50_us", "p99_us", "server_cpu_us_per_call")},
                           "echo_calls_per_second": statistics.median(e["calls_per_second"] for e in echoes),
                           "answer_bytes": status_bytes}}
        r = result["region"]
        print(f"  READY in {ready * 1000:,.0f} ms (single committee {result['single']['ready_s'] * 1000:,.0f} ms), "
              f"RSS {rss / 2**20:,.1f} MiB (single committee {result['single']['rss_bytes'] / 2**20:,.1f} MiB), "
              f"Region/GetStatus {r['get_status']['calls_per_second']:,.0f}/s at 1x1 "
              f"(server {r['get_status']['server_cpu_us_per_call']:.1f} us/call), region report "
              f"{r['report_ms']:.1f} ms ({r['report_bytes']:,} bytes); goalctl followup import of "
              f"{imported['rows']} rows {imported['import_ms']:.1f} ms (again, unchanged: "
              f"{imported['unchanged_ms']:.1f} ms)", flush=True)
        bench.results["region"] = result
