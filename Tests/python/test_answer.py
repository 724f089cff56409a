"""A committee's answer to the planning directive as the committee's staff get it: `goalctl answer render` writes
"Svar på planeringsdirektiv" from what goald holds, headless Chromium opens it and prints it to A4, and pdftotext
reads the pages back.

The built-in model is RUN's answer for 2024–2026 (the seed document). The page must hold, in the seed's order,
every result goal and indicator of the plan with its target as the document words it, the directive's sections
1–8 with their headings, the directive's deadlines generated from the model's dates, and say that the answer was
handed in preliminarily.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "Protocol", "clients", "python"))
sys.path.insert(0, os.path.dirname(__file__))
from goald_client import GoaldClient  # noqa: E402
from live_goald import LiveGoald  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOTEXT = shutil.which("pdftotext")
HEADINGS = [
    "1 Inledning", "2 Nämndens uppdrag", "3 För nämnden relevanta styrande dokument",
    "4 Nämndens omvärldsfaktorer: möjligheter och utmaningar", "5 Nämndens förslag till resultatmål och indikatorer",
    "5.1 Resultatmålens koppling till strategiområden inom Regional utveckling",
    "5.2 Resultatmålens koppling till Region Värmlands styrande dokument",
    "5.7 Plan för uppföljning och bedömningsgrunder för måluppfyllelse",
    "6 Nämndens budget och ev omprioriteringar på en övergripande nivå", "7 Nämndens förslag på nyinvesteringar",
    "8 Nämndens ev förändrade lokalbehov",
]


def flat(text):
    return " ".join(text.split())


@unittest.skipUnless(CHROMIUM and PDFTOTEXT, "chromium and pdftotext are not installed (make test installs them)")
class AnswerTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.goald = LiveGoald("goald-answer.", env={"TZ": "Europe/Stockholm"}, sample=False)
        goalctl = cls.goald.goalctl
        subprocess.run(goalctl + ["answer", "submit", "--plan", "2024-2026", "--date", "2023-04-17"], check=True,
                       stdout=subprocess.DEVNULL)
        cls.html = os.path.join(cls.goald.dir, "svar.html")
        cls.written = subprocess.run(goalctl + ["--committee", "RUN", "answer", "render", "--plan", "2024-2026",
                                                "--output", cls.html], check=True, capture_output=True,
                                     text=True).stdout
        with GoaldClient(cls.goald.sock) as client:
            cls.plan = client.call("goald.v1.Goals/GetPlan", {"committee": "RUN"})
        cls.dir = tempfile.mkdtemp(prefix="answer.", dir=cls.goald.dir)

    @classmethod
    def tearDownClass(cls):
        cls.goald.stop()

    def chromium(self, *arguments):
        profile = tempfile.mkdtemp(prefix="chromium.", dir=self.dir)
        return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                               f"--user-data-dir={profile}", *arguments, "file://" + self.html],
                              capture_output=True, text=True, timeout=120)

    def test_the_page_holds_every_result_goal_and_indicator_in_the_seeds_order(self):
        self.assertIn("wrote", self.written)
        dom = self.chromium("--dump-dom")
        self.assertEqual(dom.returncode, 0, dom.stderr[-2000:])
        page = dom.stdout
        expected_goals = [r["id"] for e in self.plan["effectGoals"] for r in e["resultGoals"]]
        expected_indicators = [i["id"] for e in self.plan["effectGoals"] for r in e["resultGoals"]
                               for i in r["indicators"]]
        self.assertEqual(len(expected_goals), 8)
        self.assertEqual(len(expected_indicators), 21)
        self.assertEqual(re.findall(r'data-result-goal="([^"]+)"', page), expected_goals)
        self.assertEqual(re.findall(r'data-indicator="([^"]+)"', page), expected_indicators)
        text = flat(re.sub(r"<[^>]+>", " ", page))
        for effect in self.plan["effectGoals"]:
            for result in effect["resultGoals"]:
                self.assertIn(f'{result["number"]} Resultatmål: {result["title"]}', text)
        # The targets as the document words them.
        for target in ("Nollresultat", "Uppdateras", "Kvalitativ text, ej numeriskt värde", "100 %", "60 %"):
            self.assertIn(target, text)
        positions = [text.find(heading) for heading in HEADINGS]
        self.assertTrue(all(p >= 0 for p in positions), dict(zip(HEADINGS, positions)))
        self.assertEqual(positions, sorted(positions), "the directive's sections in order")
        self.assertIn("Preliminärt svar på planeringsdirektiv ska av HSN, KBN, KTN och RUN lämnas in 18 april", text)
        self.assertIn("Beslutat svar på planeringsdirektiv ska av RS lämnas in 25 april", text)
        self.assertIn("Beslutat svar på planeringsdirektiv ska av PN och KSN lämnas in 11 maj", text)
        self.assertIn("Preliminärt svar, inlämnat 2023-04-17", text)
        self.assertIn("Bilaga 1 Förklarande texter till effektmålen", text)

    def test_it_prints_whole_on_a4(self):
        pdf = os.path.join(self.dir, "svar.pdf")
        printed = self.chromium(f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
        self.assertEqual(printed.returncode, 0, printed.stderr[-2000:])
        with open(pdf, "rb") as f:
            data = f.read()
        self.assertRegex(data, rb"/MediaBox\s*\[\s*0 0 59[45](\.\d+)? 84[12](\.\d+)?\s*\]")
        text = flat(subprocess.run([PDFTOTEXT, pdf, "-"], check=True, capture_output=True, text=True).stdout)
        for effect in self.plan["effectGoals"]:
            for result in effect["resultGoals"]:
                for indicator in result["indicators"]:
                    self.assertIn(flat(indicator["title"]), text, "an indicator cut or lost on the page")
        self.assertIn("Lag (2010:630) om regionalt utvecklingsansvar", text)


if __name__ == "__main__":
    unittest.main(verbosity=2)
