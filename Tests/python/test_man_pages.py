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

    def test_every_setting_is_documented_in_goald_conf_with_its_default(self):
        """The settings are declared once, in goald; systemd/goald.conf documents each, `#key = default`."""
        import json
        done = subprocess.run([os.path.join(BIN, "goald"), "--experimental-dump-help"], capture_output=True,
                              text=True, check=True)
        command = json.loads(done.stdout)["command"]
        own = {"config", "check-model", "print-default-model", "check-config", "help", "version"}
        settings = {}
        for argument in command["arguments"]:
            names = [n["name"] for n in argument.get("names", []) if n["kind"] == "long"]
            if names and names[0] not in own:
                settings[names[0]] = argument.get("defaultValue")
        self.assertIn("max-units", settings)
        with open(os.path.join(ROOT, "systemd", "goald.conf"), encoding="utf-8") as f:
            documented = {}
            for line in f:
                if line.startswith("#") and not line.startswith("# ") and " = " in line:
                    key, value = line[1:].split("=", 1)
                    documented[key.strip()] = value.strip()
        profiles = {key for key in documented
                    if key.startswith("columns.") or key.startswith("writers.") or key.startswith("secretaries.")}
        self.assertEqual(set(documented) - profiles, set(settings), "goald.conf documents exactly goald's settings")
        for key, default in settings.items():
            if default is not None:
                self.assertEqual(documented[key], default, f"goald.conf's {key} is goald's default")

    @unittest.skipUnless(shutil.which("groff"), "groff is not installed")
    def test_groff_reads_them_cleanly(self):
        for page in PAGES:
            done = subprocess.run(["groff", "-k", "-man", "-ww", "-z", os.path.join(ROOT, "docs", "man", page)],
                                  capture_output=True, text=True)
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertEqual(done.stderr, "", f"{page}: {done.stderr}")


if __name__ == "__main__":
    unittest.main(verbosity=2)
