"""The region's coordinated report as the region's staff get it: `goalctl report --region` writes it, headless
Chromium opens it and prints it to A4, and pdftotext reads the pages back.

A goald serves the built-in region with a second committee's answer (Hälso- och sjukvårdsnämnden's, 2024–2026)
beside Regionala utvecklingsnämndens, RUN's synthetic follow-up and trips, a value and a judgement of HSN's, and
the region's own judgement of two of its four effect goals. The page must name every committee of the region (those
without a plan for the period too), open with *Sammanfattning måluppfyllelse* giving each effect goal the region's
judgement as goald answers it, and keep it all on A4 when printed.
"""
import html.parser
import json
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
from goald_client import GoaldClient, GoaldError  # noqa: E402
from live_goald import BIN, LiveGoald  # noqa: E402

FOLLOW_UP = os.path.join(ROOT, "docs", "samples", "synthetic-follow-up.py")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOTEXT = shutil.which("pdftotext")
LEVELS = {"uppfyllt": "Uppnått", "delvis uppfyllt": "Delvis uppnått", "ej uppfyllt": "Ej uppnått", None: "Ej bedömt"}


def region_with_hsn():
    """The built-in region (goald --print-default-model) with an answer of HSN's, one result goal under two
    effect goals each."""
    region = json.loads(subprocess.run([os.path.join(BIN, "goald"), "--print-default-model"], check=True,
                                       capture_output=True, text=True).stdout)
    region["plans"].append({
        "id": "hsn-2024-2026", "committee": "HSN", "title": "Svar på planeringsdirektiv 2024–2026",
        "firstYear": 2024, "lastYear": 2026,
        "effectGoals": [
            {"effectGoal": "god-jamlik-och-jamstalld-halsa", "number": "5.1", "resultGoals": [
                {"id": "hsn-fler-vardplatser", "number": "5.1.1", "title": "Fler vårdplatser", "indicators": [
                    {"id": "hsn-vardplatser", "number": "5.1.1.1", "title": "Antal vårdplatser",
                     "target": {"kind": "index", "value": 800, "direction": "atLeast"}}]}]},
            {"effectGoal": "hallbar-organisation", "number": "5.2", "resultGoals": [
                {"id": "hallbar-arbetsmiljo", "number": "5.2.1", "title": "Hållbar arbetsmiljö", "indicators": [
                    {"regionIndicator": "sjukfranvarokvot", "number": "5.2.1.1"}]}]}]})
    return region


class Summary(html.parser.HTMLParser):
    """The rows of the attainment table (effect goal id → the judgement shown) and every committee named."""

    def __init__(self):
        super().__init__()
        self.rows, self.committees = {}, set()
        self.row, self.in_badge = None, False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "tr" and "data-effect-goal" in attributes:
            self.row = attributes["data-effect-goal"]
        if "data-committee" in attributes:
            self.committees.add(attributes["data-committee"])
        self.in_badge = self.row is not None and tag == "span" and "badge" in (attributes.get("class") or "")

    def handle_endtag(self, tag):
        if tag == "tr":
            self.row = None
        self.in_badge = False

    def handle_data(self, data):
        if self.in_badge and self.row:
            self.rows[self.row] = data.strip()


@unittest.skipUnless(CHROMIUM and PDFTOTEXT, "chromium and pdftotext are not installed (make test installs them)")
class RegionReportTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="goald-region-report.", dir="/tmp")
        model = os.path.join(cls.dir, "region.json")
        with open(model, "w", encoding="utf-8") as f:
            json.dump(region_with_hsn(), f, ensure_ascii=False)
        cls.goald = LiveGoald("goald-region.", env={"TZ": "Europe/Stockholm"}, args=("--model", model))
        goalctl = cls.goald.goalctl
        subprocess.run([sys.executable, FOLLOW_UP, "--goalctl", goalctl[0], "--socket", cls.goald.sock],
                       check=True, stdout=subprocess.DEVNULL)
        for command in (
            ["--committee", "HSN", "measure", "5.1.1.1", "812", "--period", "2025-annual"],
            # The region's shared sick leave: HSN's (its 5.2.1.1) two years, and the region's own value.
            ["--committee", "HSN", "measure", "5.2.1.1", "7,8", "--period", "2024-annual"],
            ["--committee", "HSN", "measure", "5.2.1.1", "7,25", "--women", "8,05", "--men", "4,5", "--period",
             "2025-annual"],
            ["measure", "sjukfranvarokvot", "6,1", "--women", "6,9", "--men", "4,2", "--period", "2025-annual",
             "--region"],
            ["--committee", "HSN", "assess", "5.1.1", "uppfyllt", "--period", "2025-annual", "--text",
             "Vårdplatserna har ökat till 812."],
            ["assess-effect-goal", "attraktivt-och-hallbart-varmland", "delvis-uppfyllt", "--period",
             "2025-annual", "--text", "Tjänsteresornas utsläpp minskar, pendlingen ökar."],
            ["assess-effect-goal", "god-jamlik-och-jamstalld-halsa", "uppfyllt", "--period", "2025-annual",
             "--text", "Fler vårdplatser."],
            # HSN's committee has decided its annual follow-up; RUN's is still a draft.
            ["--committee", "HSN", "ready", "--period", "2025-annual"],
            ["--committee", "HSN", "decide", "--period", "2025-annual", "--date", "2026-02-19", "--paragraph", "12"],
        ):
            subprocess.run(goalctl + command, check=True, stdout=subprocess.DEVNULL)
        cls.html = os.path.join(cls.dir, "region-2025.html")
        cls.written = subprocess.run(goalctl + ["report", "--region", "--period", "2025-annual", "--output", cls.html],
                                     check=True, capture_output=True, text=True).stdout
        with GoaldClient(cls.goald.sock) as client:
            cls.committees = client.call("goald.v1.Region/ListCommittees")["committees"]
            cls.status = client.call("goald.v1.Region/GetStatus", {"period": "2025-annual"})

    @classmethod
    def tearDownClass(cls):
        cls.goald.stop()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def chromium(self, *arguments):
        profile = tempfile.mkdtemp(prefix="chromium.", dir=self.dir)
        return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                               f"--user-data-dir={profile}", *arguments, "file://" + self.html],
                              capture_output=True, text=True, timeout=120)

    def test_the_page_names_every_committee_and_the_regions_judgements(self):
        self.assertIn("wrote", self.written)
        dom = self.chromium("--dump-dom")
        self.assertEqual(dom.returncode, 0, dom.stderr[-2000:])
        summary = Summary()
        summary.feed(dom.stdout)
        self.assertEqual(len(self.committees), 8)
        self.assertEqual(summary.committees, {c["abbreviation"] for c in self.committees},
                         "every committee of the region is on the page")
        for committee in self.committees:
            self.assertIn(f"{committee['name']} ({committee['abbreviation']})", dom.stdout)
        self.assertIn("Sammanfattning måluppfyllelse", dom.stdout)
        for effect in self.status["effectGoals"]:
            level = (effect.get("assessment") or {}).get("level")
            self.assertEqual(summary.rows[effect["id"]], LEVELS[level], effect["id"])
        self.assertEqual(sum(1 for e in self.status["effectGoals"] if e.get("assessment")), 2)

    def test_it_names_the_committees_whose_follow_up_is_a_draft(self):
        dom = self.chromium("--dump-dom")
        self.assertEqual(dom.returncode, 0, dom.stderr[-2000:])
        undecided = re.search(r'<ul class="undecided">(.*?)</ul>', dom.stdout, re.S)
        self.assertIsNotNone(undecided, "the draft's list of committees")
        self.assertEqual(set(re.findall(r'data-committee="([A-Z]+)"', undecided.group(1))), {"RUN"},
                         "RUN is a draft, HSN decided")
        self.assertIn("Utkast, ännu ej beslutat av nämnden", undecided.group(1))
        self.assertIn("Beslutad av Hälso- och sjukvårdsnämnden 2026-02-19, § 12", dom.stdout,
                      "HSN's own part says its decision")

    def test_it_prints_to_a4_with_every_committee_and_effect_goal_on_the_pages(self):
        pdf = os.path.join(self.dir, "region.pdf")
        printed = self.chromium(f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
        self.assertEqual(printed.returncode, 0, printed.stderr[-2000:])
        with open(pdf, "rb") as f:
            data = f.read()
        self.assertRegex(data, rb"/MediaBox\s*\[\s*0 0 59[45](\.\d+)? 84[12](\.\d+)?\s*\]")
        pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
        self.assertTrue(3 <= pages <= 14, f"{pages} pages")
        text = subprocess.run([PDFTOTEXT, "-layout", pdf, "-"], check=True, capture_output=True,
                              text=True).stdout
        flat = " ".join(text.split())
        for committee in self.committees:
            self.assertIn(f"{committee['name']} ({committee['abbreviation']})", flat)
        for effect in self.status["effectGoals"]:
            self.assertIn(effect["title"], flat)
        # The committees' own judgements and values, whole: HSN's 812 against its target, RUN's travel indicator.
        self.assertRegex(flat, r"5\.1\.1\.1 Antal vårdplatser 812 ≥ 800")
        self.assertIn("Delvis uppnått", flat)
        # Not decided by every committee: UTKAST in the top margin of every page.
        for page in range(1, pages + 1):
            one = subprocess.run([PDFTOTEXT, "-f", str(page), "-l", str(page), pdf, "-"], check=True,
                                 capture_output=True, text=True).stdout
            self.assertIn("UTKAST", one, f"page {page}")

    def test_the_shared_indicator_is_shown_for_every_committee_and_the_region_on_the_printed_page(self):
        """Sjukfrånvarokvot across the region: a row per committee whose plan has it (HSN, RUN), the region's own
        value last, each value, women's and men's whole on the A4 page."""
        with GoaldClient(self.goald.sock) as client:
            across = client.call("goald.v1.Region/GetIndicator",
                                 {"indicator": "sjukfranvarokvot", "period": "2025-annual"})
        self.assertEqual([row["committee"] for row in across["committees"]][0], "RUN",
                         "RUN's lower sick leave first (at most)")
        self.assertEqual(across["region"]["standing"]["value"], 6.1)
        hsn = next(row for row in across["committees"] if row["committee"] == "HSN")
        self.assertEqual(hsn["standing"]["trend"], "better")
        pdf = os.path.join(self.dir, "region-shared.pdf")
        printed = self.chromium(f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
        self.assertEqual(printed.returncode, 0, printed.stderr[-2000:])
        text = subprocess.run([PDFTOTEXT, "-layout", pdf, "-"], check=True, capture_output=True,
                              text=True).stdout
        flat = " ".join(text.split())
        self.assertIn("Regiongemensamma indikatorer per nämnd", flat)
        self.assertRegex(flat, r"Hälso- och sjukvårdsnämnden \(HSN\) 5\.2\.1\.1 7,25 % 8,05 % 4,5 % ≤ ?3 ?% Ej uppnått ↑ 7,8 %")
        self.assertRegex(flat, r"Region Värmland, hela regionen 6,1 % 6,9 % 4,2 % ≤ ?3 ?% Ej uppnått")
        # A committee without a plan for the period is said once, at the end, not under each indicator.
        section = flat[flat.index("Regiongemensamma indikatorer per nämnd"):flat.index("Nämnder utan plan för perioden")]
        self.assertNotIn("Patientnämnden", section)

    def test_a_region_report_is_html_and_names_no_committee(self):
        goalctl = self.goald.goalctl
        csv = subprocess.run(goalctl + ["report", "--region", "--format", "csv"], capture_output=True, text=True)
        self.assertEqual(csv.returncode, 64, csv.stderr)
        self.assertIn("--region writes HTML", csv.stderr)
        both = subprocess.run(goalctl + ["report", "--region", "--committee", "HSN"], capture_output=True, text=True)
        self.assertEqual(both.returncode, 64, both.stderr)
        with GoaldClient(self.goald.sock) as client:
            with self.assertRaises(GoaldError) as refused:
                client.call("goald.v1.Reports/Render", {"region": True, "format": "md"})
            self.assertEqual(refused.exception.code, "INVALID_ARGUMENT")
            self.assertEqual(refused.exception.details.get("field"), "params.format")


if __name__ == "__main__":
    unittest.main(verbosity=2)
