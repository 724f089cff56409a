"""The committed man pages (docs/man) match the programs: regenerated from the built goalctl and goald and from
systemd/goald.conf, they come out the same, and groff reads them (UTF-8, through preconv as man does) without a
warning."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("GOALD_BIN_DIR", os.path.join(ROOT, ".build", "debug"))
PAGES = ["goalctl.1", "goald.8", "goald.conf.5"]


class ManPageTests(unittest.TestCase):
    def test_the_committed_pages_match_the_programs(self):
        out = tempfile.mkdtemp(prefix="goald-man.")
        try:
            subprocess.run([sys.executable, os.path.join(ROOT, "docs", "man", "generate-man-pages.py"), "--bin", BIN,
                            "--out", out], check=True)
            for page in PAGES:
                with open(os.path.join(out, page), encoding="utf-8") as f:
                    fresh = f.read()
                with open(os.path.join(ROOT, "docs", "man", page), encoding="utf-8") as f:
                    committed = f.read()
                self.assertEqual(committed, fresh, f"docs/man/{page} is out of date: run `make man`")
        finally:
            shutil.rmtree(out, ignore_errors=True)

    def test_every_command_is_in_goalctl_1(self):
        with open(os.path.join(ROOT, "docs", "man", "goalctl.1"), encoding="utf-8") as f:
            page = f.read()
        for command in ["status", "report", "target", "assess", "retract", "retract\\-assessment", "travel import",
                        "admin backup"]:
            self.assertIn(f'.SS "goalctl {command}"', page)
        self.assertIn("\\-\\-from", page)

    @unittest.skipUnless(shutil.which("groff"), "groff is not installed")
    def test_groff_reads_them_cleanly(self):
        for page in PAGES:
            done = subprocess.run(["groff", "-k", "-man", "-ww", "-z", os.path.join(ROOT, "docs", "man", page)],
                                  capture_output=True, text=True)
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertEqual(done.stderr, "", f"{page}: {done.stderr}")


if __name__ == "__main__":
    unittest.main(verbosity=2)
