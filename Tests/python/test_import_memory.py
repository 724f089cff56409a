"""goalctl reads a travel file in chunks: its memory stays bounded whatever the file's size."""
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

if __name__ == "__main__":
    unittest.main(verbosity=2)
