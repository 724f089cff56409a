"""goalctl reads a travel file in chunks: its memory stays bounded whatever the file's size; and what a unit costs
goald."""
import json
import os
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from live_goald import LiveGoald  # noqa: E402


class ImportMemoryTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.goald_process = LiveGoald("goald-memory.")
        cls.path = os.path.join(cls.goald_process.dir, "big.csv")
        row = "{i},2024-{m:02d}-{d:02d},rail,123.5,2,Regional utveckling,,450\n"
        with open(cls.path, "w", encoding="utf-8") as f:
            f.write("id,date,mode,distance_km,travellers,unit,co2e_kg,cost_sek\n")
            for i in range(900_000):
                f.write(row.format(i=f"BIG-{i:07d}", m=1 + i % 12, d=1 + i % 28))

    @classmethod
    def tearDownClass(cls):
        cls.goald_process.stop()

    def test_a_file_far_larger_than_goalctls_memory(self):
        size = os.path.getsize(self.path)
        self.assertGreater(size, 48 << 20)
        process = subprocess.Popen(self.goald_process.goalctl + ["--timeout", "300", "travel", "import", "--dry-run",
                                                                 self.path], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        peak = 0
        while process.poll() is None:
            try:
                with open(f"/proc/{process.pid}/status", encoding="ascii") as f:
                    fields = dict(line.split(":", 1) for line in f.read().splitlines() if ":" in line)
                peak = max(peak, int(fields["VmHWM"].split()[0]) * 1024)
            except (OSError, KeyError, ValueError):
                pass
            time.sleep(0.05)
        out, err = process.communicate()
        self.assertEqual(process.returncode, 0, err.decode())
        self.assertIn("would add 900000", out.decode())
        self.assertGreater(peak, 0)
        self.assertLess(peak, 40 << 20, f"goalctl peaked at {peak >> 20} MiB for a {size >> 20} MiB file")

def resident(pid):
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        fields = dict(line.split(":", 1) for line in f.read().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) * 1024


class MemoryPerUnitTests(unittest.TestCase):
    """What a unit costs goald: 50 000 trips in one unit, then 50 000 trips in a unit each, over the same days.
    The second import pays what the first paid (parsing, batches, SQLite's cache) plus what the units hold."""
    UNITS = 50_000

    def test_a_unit_costs_less_than_a_kibibyte(self):
        goald = LiveGoald("goald-units.", args=("--max-units", str(self.UNITS + 10)), sample=False)
        try:
            def write(path, unit_of):
                with open(path, "w", encoding="utf-8") as f:
                    f.write("id,date,mode,distance_km,unit\n")
                    for i in range(self.UNITS):
                        f.write(f"U{i},2024-{1 + i % 12:02d}-{1 + i % 28:02d},rail,10,{unit_of(i)}\n")
            one = os.path.join(goald.dir, "one-unit.csv")
            many = os.path.join(goald.dir, "many-units.csv")
            write(one, lambda i: "Ett och samma")
            write(many, lambda i: f"Enhet {i:05d}")
            for path in (one, many):
                done = subprocess.run(goald.goalctl + ["--timeout", "300", "travel", "import", path], capture_output=True,
                                      text=True)
                self.assertEqual(done.returncode, 0, done.stderr)
                self.assertIn(f"added {self.UNITS}", done.stdout)
                if path == one:
                    before = resident(goald.proc.pid)
            after = resident(goald.proc.pid)
            per_unit = (after - before) / self.UNITS
            print(f"memory per unit (one trip each): {per_unit:.0f} bytes")
            self.assertLess(per_unit, 1024, f"a unit costs {per_unit:.0f} bytes")
            units = subprocess.run(goald.goalctl + ["--json", "travel", "footprint", "--year", "2024", "--by", "unit"],
                                   capture_output=True, text=True)
            self.assertEqual(units.returncode, 0, units.stderr)
            # A footprint by unit comes in pages, each far under the frame limit.
            page = json.loads(units.stdout)
            self.assertEqual((len(page["groups"]), page["groupCount"], page["nextOffset"]), (1000, self.UNITS + 1, 1000))
            last = subprocess.run(goald.goalctl + ["--json", "travel", "footprint", "--year", "2024", "--by", "unit",
                                                   "--offset", str(self.UNITS)], capture_output=True, text=True)
            page = json.loads(last.stdout)
            self.assertEqual(len(page["groups"]), 1)
            self.assertNotIn("nextOffset", page)
            self.assertEqual(page["total"]["trips"], 2 * self.UNITS)
        finally:
            goald.stop()


if __name__ == "__main__":
    unittest.main(verbosity=2)
