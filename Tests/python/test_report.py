"""The follow-up report as people get it: goalctl report writes it, headless Chromium opens it and prints it.

A goald is started with the synthetic trips and the synthetic follow-up of docs/samples; the report of
2024-annual is written through goalctl; Chromium (Debian's `chromium`) reads its DOM, takes a screenshot and
prints it to PDF. The numbers on the page are checked against goald's RPC answers.

PrintedReportTests prints the 2025-interim and 2025-annual reports, in Swedish and English, to A4 and reads the
pages back with `pdftotext` (Debian's poppler-utils): every indicator's value, target, status and difference must
be on the page whole. LayoutTests lays the same reports out at 360, 1280 and 1920 px and asks the browser whether
any text runs out of its cell or off the screen.
"""
import html as html_module
import html.parser
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "Protocol", "clients", "python"))
sys.path.insert(0, os.path.dirname(__file__))
from goald_client import GoaldClient  # noqa: E402
from live_goald import LiveGoald  # noqa: E402

FOLLOW_UP = os.path.join(ROOT, "docs", "samples", "synthetic-follow-up.py")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOTEXT = shutil.which("pdftotext")


def chromium(directory, page, *arguments):
    """Headless Chromium on a file, with a profile of its own."""
    profile = tempfile.mkdtemp(prefix="chromium.", dir=directory)
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           f"--user-data-dir={profile}", *arguments, "file://" + page],
                          capture_output=True, text=True, timeout=120)


def flat(text):
    """Text with no-break spaces as spaces and every run of white space one space."""
    return " ".join(text.replace("\u00a0", " ").split())


def number(text):
    """A figure as the report prints it (1 250,5 · −250 000 · 37,9 %) as a float."""
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace("\u2212", "-").replace(",", ".")
    match = re.match(r"^[-+]?[0-9]+(\.[0-9]+)?", cleaned)
    return float(match.group(0)) if match else None


class Cells(html.parser.HTMLParser):
    """The text of each cell of the rows that carry data-indicator, and of td.figure cells."""

    def __init__(self):
        super().__init__()
        self.rows, self.figures, self.svgs = {}, [], []
        self.row, self.cell, self.figure = None, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and "data-indicator" in attrs:
            self.row = attrs["data-indicator"]
            self.rows[self.row] = {"status": attrs.get("data-status"), "cells": []}
        elif tag == "td" and self.row:
            self.cell = ""
        elif tag == "td" and attrs.get("class") == "figure":
            self.figure, self.cell = True, ""
        elif tag == "svg":
            self.svgs.append(attrs.get("class"))

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            if self.figure:
                self.figures.append(self.cell)
                self.figure = False
            elif self.row:
                self.rows[self.row]["cells"].append(self.cell)
            self.cell = None
        elif tag == "tr":
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


@unittest.skipUnless(CHROMIUM, "chromium is not installed (make test installs it)")
class ReportInChromiumTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.goald_process = LiveGoald("goald-report.", env={"TZ": "Europe/Stockholm"})
        cls.dir, cls.sock, cls.goalctl = cls.goald_process.dir, cls.goald_process.sock, cls.goald_process.goalctl
        subprocess.run([sys.executable, FOLLOW_UP, "--goalctl", cls.goalctl[0], "--socket", cls.sock, "--if-empty"],
                       check=True, stdout=subprocess.DEVNULL)
        cls.html = os.path.join(cls.dir, "uppfoljning-2024-annual.html")
        written = subprocess.run(cls.goalctl + ["report", "--period", "2024-annual", "--output", cls.html],
                                 check=True, capture_output=True, text=True)
        cls.written = written.stdout

    @classmethod
    def tearDownClass(cls):
        cls.goald_process.stop()

    def chromium(self, *arguments):
        return chromium(self.dir, self.html, *arguments)

    def test_the_dom_has_every_indicator_and_the_numbers_of_the_rpc_answers(self):
        self.assertIn("wrote", self.written)
        dom = self.chromium("--dump-dom")
        self.assertEqual(dom.returncode, 0, dom.stderr[-2000:])
        cells = Cells()
        cells.feed(dom.stdout)
        with GoaldClient(self.sock) as goald:
            plan = goald.call("goald.v1.Goals/GetPlan")
            status = goald.call("goald.v1.Goals/GetStatus", {"period": "2024-annual"})
            reduction = goald.call("goald.v1.Travel/GetReduction", {"year": 2024, "unit": "Regional utveckling"})
        keys = [i["number"] for e in plan["effectGoals"] for r in e["resultGoals"] for i in r["indicators"]]
        self.assertEqual(sorted(cells.rows), sorted(keys), "every indicator of the plan is on the page")
        for effect in status["effectGoals"]:
            for result in effect["resultGoals"]:
                for indicator in result["indicators"]:
                    row = cells.rows[indicator["number"]]
                    self.assertEqual(row["status"], indicator["status"], indicator["number"])
                    value = indicator.get("value")
                    if isinstance(value, (int, float)) and not isinstance(value, bool):
                        self.assertAlmostEqual(number(row["cells"][1]), value, places=2, msg=indicator["number"])
        # Both reduction figures, as the RPC answers them, to the report's one decimal.
        wanted = [round(reduction["asReported"]["reductionPercent"], 1),
                  round(reduction["likeForLike"]["reductionPercent"], 1)]
        # "minskat 10,9 %" is a fall of 10,9; "ökat 3,7 %" a rise, a fall of −3,7.
        shown = [(-1 if text.split()[0] in ("ökat", "rose") else 1) * number(text.split(maxsplit=1)[1])
                 for text in cells.figures]
        self.assertEqual(shown, wanted)
        self.assertIn("travel-chart", cells.svgs)
        self.assertEqual(cells.svgs.count("spark"), len(keys), "a small chart per indicator")
        self.assertIn("syntetiska exempeldata", dom.stdout, "the synthetic sample says so")

    def test_nothing_is_fetched(self):
        with open(self.html, encoding="utf-8") as f:
            page = f.read()
        self.assertIn("default-src 'none'", page)
        for external in ("http:", "https:", "src=", "url(", "@import", "<script", "<link"):
            self.assertNotIn(external, page)
        # Chromium opens the page with every request sent to a proxy that records them. Its own service calls
        # (Google's update and time servers) are not the page's; anything else would be.
        control = os.path.join(self.dir, "control.html")
        with open(control, "w", encoding="utf-8") as f:
            f.write('<!DOCTYPE html><img src="http://goald-report-test.invalid/x.png">')
        self.assertIn("goald-report-test.invalid", " ".join(self.requests_of(control)), "the proxy sees a fetch")
        self.assertEqual(self.requests_of(self.html), [], "the report fetches nothing")

    CHROMIUM_OWN = re.compile(r"\b(google\.com|googleapis\.com|gvt1\.com|gstatic\.com)\b")

    def requests_of(self, page):
        """The requests Chromium makes for a page, through a recording proxy, less its own service calls."""
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        seen = []

        def accept():
            while True:
                try:
                    client, _ = server.accept()
                except OSError:
                    return
                client.settimeout(2)
                try:
                    seen.append(client.recv(4096).split(b"\r\n")[0].decode("latin-1"))
                except OSError:
                    pass
                client.close()

        threading.Thread(target=accept, daemon=True).start()
        profile = tempfile.mkdtemp(prefix="chromium.", dir=self.dir)
        subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        f"--user-data-dir={profile}", f"--proxy-server=http://127.0.0.1:{server.getsockname()[1]}",
                        "--proxy-bypass-list=<-loopback>", "--disable-background-networking",
                        "--disable-component-update", "--dump-dom", "file://" + page],
                       capture_output=True, timeout=120)
        server.close()
        return [line for line in seen if not self.CHROMIUM_OWN.search(line)]

    def test_it_prints_to_a_sane_number_of_a4_pages(self):
        pdf = os.path.join(self.dir, "report.pdf")
        printed = self.chromium(f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
        self.assertEqual(printed.returncode, 0, printed.stderr[-2000:])
        with open(pdf, "rb") as f:
            data = f.read()
        self.assertTrue(data.startswith(b"%PDF"))
        pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
        self.assertTrue(3 <= pages <= 10, f"{pages} pages")
        # A4 portrait: 595 × 842 points.
        self.assertRegex(data, rb"/MediaBox\s*\[\s*0 0 59[45](\.\d+)? 84[12](\.\d+)?\s*\]")

    def test_a_screenshot_is_drawn(self):
        png = os.path.join(self.dir, "report.png")
        shot = self.chromium(f"--screenshot={png}", "--window-size=1100,1600", "--hide-scrollbars")
        self.assertEqual(shot.returncode, 0, shot.stderr[-2000:])
        with open(png, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
        self.assertGreater(os.path.getsize(png), 20_000, "a page, not a blank")

    def test_csv_and_markdown(self):
        csv = subprocess.run(self.goalctl + ["report", "--period", "2024-annual", "--format", "csv"],
                             check=True, capture_output=True).stdout.decode("utf-8")
        lines = csv.lstrip("\ufeff").strip("\r\n").split("\r\n")
        self.assertEqual(len(lines), 1 + 2 * (8 + 21), "2024-interim and 2024-annual, every result goal and indicator")
        self.assertTrue(lines[0].startswith("period;typ;nummer;titel;utfall;kvinnor;män;målvärde;status;bedömning;"))
        markdown = subprocess.run(self.goalctl + ["report", "--period", "2024-annual", "--format", "md", "--lang", "en"],
                                  check=True, capture_output=True, text=True).stdout
        self.assertTrue(markdown.startswith("# Annual report 2024"))
        bad = subprocess.run(self.goalctl + ["report", "--period", "2031-annual"], capture_output=True, text=True)
        self.assertEqual(bad.returncode, 1)
        self.assertIn("period", bad.stderr)
        unwritable = subprocess.run(self.goalctl + ["report", "--output", "/nonexistent/dir/r.html"],
                                    capture_output=True, text=True)
        self.assertEqual(unwritable.returncode, 73, unwritable.stderr)

    def test_running_the_sample_again_records_nothing(self):
        again = subprocess.run([sys.executable, FOLLOW_UP, "--goalctl", self.goalctl[0], "--socket", self.sock,
                                "--if-empty"], capture_output=True, text=True)
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn("has a follow-up already", again.stdout)


# Runs in the page (a copy of the report whose policy lets this one script run): every text that runs out of its
# table cell or off the screen, and every element cut with an ellipsis or hidden overflow; the answer is written
# into the body's data-layout attribute, which --dump-dom prints.
LAYOUT_PROBE = """
<script>
(function () {
  var problems = [], width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width + 1) {
    problems.push("the page scrolls sideways: " + document.documentElement.scrollWidth + " > " + width);
  }
  var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    var node = walker.currentNode, element = node.parentElement;
    if (!node.data.trim() || element.closest("svg, script")) { continue; }
    var range = document.createRange();
    range.selectNodeContents(node);
    var box = range.getBoundingClientRect(), cell = element.closest("td, th");
    var what = node.data.trim().slice(0, 40);
    if (box.right > width + 0.5 || box.left < -0.5) { problems.push("off the screen: " + what); }
    if (cell) {
      var edge = cell.getBoundingClientRect();
      if (box.right > edge.right + 0.5 || box.left < edge.left - 0.5) { problems.push("out of its cell: " + what); }
    }
    var style = getComputedStyle(element);
    if (style.textOverflow === "ellipsis" || (style.overflowX === "hidden" && element.scrollWidth > element.clientWidth)) {
      problems.push("cut: " + what);
    }
  }
  document.body.setAttribute("data-layout", JSON.stringify(problems));
})();
</script>
"""


@unittest.skipUnless(CHROMIUM and PDFTOTEXT, "chromium or pdftotext is not installed (make test installs them)")
class PrintedReportTests(unittest.TestCase):
    """The 2025 reports as the committee prints and reads them: A4, on screens from a phone to a wide monitor."""

    PERIODS = ("2025-interim", "2025-annual")

    @classmethod
    def setUpClass(cls):
        cls.goald_process = LiveGoald("goald-print.", env={"TZ": "Europe/Stockholm"})
        cls.dir, cls.sock, cls.goalctl = cls.goald_process.dir, cls.goald_process.sock, cls.goald_process.goalctl
        subprocess.run([sys.executable, FOLLOW_UP, "--goalctl", cls.goalctl[0], "--socket", cls.sock],
                       check=True, stdout=subprocess.DEVNULL)
        cls.pages = {}
        for period in cls.PERIODS:
            for lang in ("sv", "en"):
                page = os.path.join(cls.dir, f"{period}-{lang}.html")
                subprocess.run(cls.goalctl + ["report", "--period", period, "--lang", lang, "--output", page],
                               check=True, capture_output=True)
                cls.pages[(period, lang)] = page

    @classmethod
    def tearDownClass(cls):
        cls.goald_process.stop()

    def rows(self, page):
        """The indicator rows as the browser has them: key → the text of each cell."""
        dom = chromium(self.dir, page, "--dump-dom")
        self.assertEqual(dom.returncode, 0, dom.stderr[-2000:])
        cells = Cells()
        cells.feed(dom.stdout)
        return {key: [flat(cell) for cell in row["cells"]] for key, row in cells.rows.items()}

    def test_a_report_not_decided_says_draft_on_every_printed_page(self):
        for (period, lang), page in self.pages.items():
            with self.subTest(period=period, lang=lang):
                pdf = page[:-5] + "-draft.pdf"
                printed = chromium(self.dir, page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
                self.assertEqual(printed.returncode, 0, printed.stderr[-2000:])
                with open(pdf, "rb") as f:
                    pages = len(re.findall(rb"/Type\s*/Page[^s]", f.read()))
                mark = "UTKAST" if lang == "sv" else "DRAFT"
                for number in range(1, pages + 1):
                    text = subprocess.run([PDFTOTEXT, "-f", str(number), "-l", str(number), pdf, "-"], check=True,
                                          capture_output=True, text=True).stdout
                    self.assertIn(mark, text, f"page {number}")
                whole = flat(subprocess.run([PDFTOTEXT, pdf, "-"], check=True, capture_output=True, text=True).stdout)
                forecast = "Prognos helår" if lang == "sv" else "Forecast for the year"
                # The sample judges result goals at both periods: a forecast at the interim one alone.
                self.assertEqual(forecast in whole, period.endswith("interim"), whole[:400])

    def test_every_value_target_status_and_difference_survives_the_print(self):
        for (period, lang), page in self.pages.items():
            with self.subTest(period=period, lang=lang):
                pdf = page[:-5] + ".pdf"
                printed = chromium(self.dir, page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
                self.assertEqual(printed.returncode, 0, printed.stderr[-2000:])
                text = subprocess.run([PDFTOTEXT, "-layout", pdf, "-"], check=True, capture_output=True,
                                      text=True).stdout
                self.assertNotIn("…", text, "nothing is cut with an ellipsis")
                pages = text.split("\f")
                self.assertLessEqual(len([p for p in pages if p.strip()]), 9, "the goals run on from page to page")
                lines = [flat(line) for line in text.splitlines()]
                rows = self.rows(page)
                self.assertEqual(len(rows), 21)
                for key, cells in rows.items():
                    # The row's first line on paper: the key, then the value, target, status and difference cells
                    # (each kept on one line), whole and in that order.
                    at = next((i for i, line in enumerate(lines) if re.search(r"(^| )" + re.escape(key) + r" ", line)), None)
                    self.assertIsNotNone(at, f"{key} is printed")
                    first = lines[at]
                    value, target, status, difference = cells[1], cells[2], cells[3], cells[4]
                    # Women's and men's values sit under the total, each on its own line of the cell.
                    split = re.search(r"(kvinnor|women) ", value)
                    gender = re.findall(r"\b(?:kvinnor|women|män|men) \S+(?: %)?", value[split.start():]) if split else []
                    if split:
                        value = value[:split.start()]
                        self.assertEqual(len(gender), 2, f"{key}: {cells[1]!r}")
                        below = lines[at + 1:at + 4]
                        for part in gender:
                            self.assertTrue(any(part in line for line in below), f"{key}: {part!r} in {below!r}")
                    qualitative = target in ("Kvalitativ bedömning", "Qualitative judgement")
                    wanted = [value] + ([] if qualitative else [target]) + [status] + ([difference] if difference else [])
                    position = 0
                    for part in wanted:
                        found = first.find(part, position)
                        self.assertGreaterEqual(found, 0, f"{key}: {part!r} whole in {first!r}")
                        position = found + len(part)
                    if qualitative:  # "Kvalitativ bedömning" may wrap in its cell: its words on the row's lines
                        block = " ".join(lines[at:at + 4])
                        self.assertTrue(all(word in block for word in target.split()), f"{key}: {target!r} in {block!r}")
                # A result goal's heading is never the last thing on its page: its first indicator follows on it.
                plan = self.plan()
                for result in (r for e in plan["effectGoals"] for r in e["resultGoals"]):
                    heading = flat(result["number"] + " " + result["title"])[:30]
                    first_key = result["indicators"][0]["number"]
                    on = [i for i, p in enumerate(pages) if heading in flat(p)]
                    self.assertTrue(on, f"{result['number']}: heading printed")
                    self.assertRegex(flat(pages[on[0]]), r"(^| )" + re.escape(first_key) + r" ",
                                     f"{result['number']}: heading and first indicator on one page")

    def plan(self):
        with GoaldClient(self.sock) as goald:
            return goald.call("goald.v1.Goals/GetPlan")

    def test_nothing_runs_out_of_its_cell_from_a_phone_to_a_wide_screen(self):
        for (period, lang), page in self.pages.items():
            with open(page, encoding="utf-8") as f:
                html = f.read()
            probe = os.path.join(self.dir, f"probe-{period}-{lang}.html")
            with open(probe, "w", encoding="utf-8") as f:
                f.write(html.replace("default-src 'none';", "default-src 'none'; script-src 'unsafe-inline';")
                        .replace("</body>", LAYOUT_PROBE + "</body>"))
            for width in (360, 1280, 1920):
                with self.subTest(period=period, lang=lang, width=width):
                    dom = chromium(self.dir, probe, "--dump-dom", f"--window-size={width},1200")
                    found = re.search(r'data-layout="([^"]*)"', dom.stdout)
                    self.assertIsNotNone(found, "the probe ran")
                    problems = json.loads(html_module.unescape(found.group(1)))
                    self.assertEqual(problems, [], f"{len(problems)} problems at {width} px")

    def test_screenshots_at_360_and_1280_px(self):
        page = self.pages[("2025-annual", "sv")]
        for width in (360, 1280):
            png = os.path.join(self.dir, f"report-{width}.png")
            shot = chromium(self.dir, page, f"--screenshot={png}", f"--window-size={width},2400", "--hide-scrollbars")
            self.assertEqual(shot.returncode, 0, shot.stderr[-2000:])
            with open(png, "rb") as f:
                header = f.read(24)
            self.assertEqual(header[:8], b"\x89PNG\r\n\x1a\n")
            self.assertEqual(int.from_bytes(header[16:20], "big"), width, "drawn at the width asked")


if __name__ == "__main__":
    unittest.main(verbosity=2)
