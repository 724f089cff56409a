"""goalctl's bash completion, as bash runs it: periods and indicator keys from the plan goald serves, assessment
levels, --by values."""
import os
import shlex
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from live_goald import LiveGoald  # noqa: E402


@unittest.skipUnless(shutil.which("bash"), "bash is not installed")
class BashCompletionTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.goald_process = LiveGoald("goald-completion.")
        cls.goalctl = cls.goald_process.goalctl[0]
        cls.script = os.path.join(cls.goald_process.dir, "goalctl.bash")
        with open(cls.script, "w", encoding="utf-8") as f:
            subprocess.run([cls.goalctl, "--generate-completion-script", "bash"], stdout=f, check=True)

    @classmethod
    def tearDownClass(cls):
        cls.goald_process.stop()

    def complete(self, *words):
        """What bash offers for the last word of `goalctl --socket S WORDS…`."""
        line = [self.goalctl, "--socket", self.goald_process.sock, *words]
        program = f"""
            source {shlex.quote(self.script)}
            COMP_WORDS=({' '.join(shlex.quote(w) for w in line)})
            COMP_CWORD={len(line) - 1}
            COMP_LINE={shlex.quote(' '.join(line))}
            COMP_POINT=${{#COMP_LINE}}
            _goalctl goalctl {shlex.quote(line[-1])} {shlex.quote(line[-2])}
            printf '%s\\n' "${{COMPREPLY[@]}}"
        """
        done = subprocess.run(["bash", "-c", program], capture_output=True, text=True, timeout=30)
        self.assertEqual(done.returncode, 0, done.stderr)
        return [word for word in done.stdout.split("\n") if word]

    def test_periods_come_from_the_plan(self):
        self.assertEqual(self.complete("status", "--period", "2025"), ["2025-interim", "2025-annual"])
        self.assertIn("2024-annual", self.complete("report", "--period", ""))
        self.assertEqual(self.complete("target", "5.6.2.1", "78", "--from", "2026-a"), ["2026-annual"])

    def test_indicator_keys_come_from_the_plan(self):
        self.assertEqual(self.complete("indicator", "5.6.3."), ["5.6.3.1", "5.6.3.2", "5.6.3.3", "5.6.3.4"])
        self.assertEqual(self.complete("measure", "5.6.4"), ["5.6.4.1"])

    def test_assessments_offer_result_goals_qualitative_indicators_and_levels(self):
        self.assertEqual(sorted(self.complete("assess", "5.4.")), ["5.4.1", "5.4.2", "5.4.2.1"])
        self.assertEqual(sorted(self.complete("assess", "5.6.3", "delvis")), ["delvis-uppfyllt", "delvis-uppnatt"])

    def test_committees_and_the_regions_effect_goals(self):
        self.assertEqual(self.complete("status", "--committee", "R"), ["RUN"], "committees with a plan")
        self.assertEqual(self.complete("--committee", "RUN", "status", "--period", "2026-i"), ["2026-interim"])
        self.assertEqual(self.complete("assess-effect-goal", "hall"), ["hallbar-organisation"])

    def test_fixed_lists(self):
        self.assertEqual(sorted(self.complete("travel", "footprint", "--by", "m")), ["mode", "month"])
        self.assertEqual(self.complete("report", "--format", "c"), ["csv"])
        self.assertEqual(self.complete("report", "--lang", "e"), ["en"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
