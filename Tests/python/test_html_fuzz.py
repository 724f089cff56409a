"""No element or attribute from input, ever: random text in every text field goald shows, rendered in every HTML
report, parsed back with an HTML parser.

The text is built from pieces of every Grapheme_Cluster_Break class (a Prepend mark before `<` once made one
"character" that an escaper working by character let through), the markup an attacker would try (tags, attribute
breaks, comments, CDATA, `javascript:` links, already escaped entities) and plain Swedish words. It goes into the
model's titles, notes and follow-up text, and through the wire into notes, sources, analyses, the region's
judgements, target reasons and retraction reasons. Every HTML page goald renders of it (the committee's report in
Swedish and English, the region's report, the answer to the directive, the live pages and `/report` from the HTTP
door) is parsed with Python's `html.parser`: no
tag may be one of the input's, no attribute may be an event handler or one of the input's, no link may run script,
and the input's words must be there as text (so the test sees the fields it fills). The Markdown report must hold
no raw tag of the input. The seed is printed; GOALD_FUZZ_SEED repeats a run.
"""
import html.parser
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import unittest
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "Protocol", "clients", "python"))
sys.path.insert(0, os.path.dirname(__file__))
from goald_client import GoaldClient, GoaldError  # noqa: E402
from live_goald import BIN, LiveGoald, free_port  # noqa: E402

# One or more characters of each Grapheme_Cluster_Break class.
GRAPHEME_CLASSES = {
    "Prepend": ["\u0600", "\u0605", "\u06DD", "\U000110BD", "\u0D4E"],
    "CR": ["\r"],
    "LF": ["\n"],
    "Control": ["\u0085", "\u200B", "\u2028", "\u00AD"],
    "Extend": ["\u0300", "\u0301", "\u200C", "\uFE0F", "\U0001F3FB"],
    "ZWJ": ["\u200D"],
    "Regional_Indicator": ["\U0001F1F8", "\U0001F1EA"],
    "SpacingMark": ["\u0903", "\u093E", "\u0E33"],
    "L": ["\u1100", "\uA960"],
    "V": ["\u1161", "\uD7B0"],
    "T": ["\u11A8", "\uD7CB"],
    "LV": ["\uAC00"],
    "LVT": ["\uAC01"],
    "Extended_Pictographic": ["\U0001F600", "\u2764", "\u00A9"],
}
MARKUP = [
    "<x-inj data-inj=1 onerror=alert(1)>", "</x-inj>", "<x-inj/>", "\"><x-inj onload=alert(1)>", "'><x-inj ",
    "<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "</script>", "<style>", "<!--", "-->", "<![CDATA[",
    "]]>", "<a href=\"javascript:alert(1)\">", "javascript:alert(1)", "&lt;x-inj&gt;", "&#60;x-inj&#62;", "&amp;",
    "&", "<", ">", "\"", "'", "`", "=", "/", "\\", " onmouseover=alert(1) ", "<x-inj", "x-inj>",
]
ATTACKS = ["<x-inj data-inj=1 onerror=alert(1)>", "<img src=x onerror=alert(1)>", "<script>alert(1)</script>",
           "\"><x-inj onload=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>", "[x](javascript:alert(1))"]
WORDS = ["Analys", "måluppfyllelse", "Värmland", "resor", "delår", "x-injord"]
INJECTED_TAGS = ("x-inj", "img")
# Elements goald writes itself (its stylesheet): as many in a page of fuzzed text as in one of plain text.
OWN_TAGS = ("script", "style", "a", "iframe", "object", "embed", "form", "svg", "math")


def fuzz_text(rng, length):
    pieces = []
    for _ in range(length):
        pick = rng.random()
        if pick < 0.4:
            pieces.append(rng.choice(rng.choice(list(GRAPHEME_CLASSES.values()))))
        elif pick < 0.8:
            pieces.append(rng.choice(MARKUP))
        else:
            pieces.append(rng.choice(WORDS))
    # Every text carries one whole attack, after a character that joins what follows it into one grapheme.
    attack = rng.choice(GRAPHEME_CLASSES["Prepend"] + ["\u0300", "\u200D", ""]) + rng.choice(ATTACKS)
    pieces.insert(rng.randrange(len(pieces) + 1), attack)
    # A marker word of plain letters, so that the test can see the text arrived as text.
    return "x-injord " + "".join(pieces)


class Elements(html.parser.HTMLParser):
    """Every element and attribute of a page, and its text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes, self.links, self.text = {}, set(), [], []

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        for name, value in attrs:
            self.attributes.add(name)
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                self.links.append(value or "")

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def elements(page):
    parser = Elements()
    parser.feed(page)
    parser.close()
    return parser


class HTMLFuzzTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        seed = int(os.environ.get("GOALD_FUZZ_SEED", random.SystemRandom().randrange(2**32)))
        print(f"test_html_fuzz: seed {seed} (GOALD_FUZZ_SEED={seed} repeats it)", file=sys.stderr)
        cls.rng = random.Random(seed)
        cls.model = cls.fuzzed_model(cls.rng)

    @staticmethod
    def fuzzed_model(rng):
        """The built-in region with random text in the titles, notes and follow-up text of RUN's plan."""
        region = json.loads(subprocess.run([os.path.join(BIN, "goald"), "--print-default-model"], check=True,
                                           capture_output=True, text=True).stdout)
        for plan in region["plans"]:
            plan["title"] = fuzz_text(rng, 6)
            if "followUp" in plan:
                plan["followUp"] = fuzz_text(rng, 12)
            for part in plan["effectGoals"]:
                for result in part["resultGoals"]:
                    result["title"] = fuzz_text(rng, 8)
                    for indicator in result["indicators"]:
                        if "title" in indicator:
                            indicator["title"] = fuzz_text(rng, 8)
                        if "note" in indicator:
                            indicator["note"] = fuzz_text(rng, 8)
        return region

    def pages(self, client, port):
        """Every HTML page goald renders of the follow-up: name → text. The live pages come from the HTTP door."""
        shown = {}
        # The door's secret, as goalctl http-login gives it.
        secret = {"Authorization": "Bearer " + client.call("goald.v1.Reports/GetHTTPLogin", {})["token"]}
        for path in ("/", "/?period=2025-annual", "/region?period=2025-annual", "/report?period=2025-annual"):
            page = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=secret)
            with urllib.request.urlopen(page, timeout=30) as answer:
                shown[f"http {path}"] = answer.read().decode()
        for period in ("2025-annual", "2026-interim"):
            for language in ("sv", "en"):
                shown[f"report {period} {language}"] = client.call(
                    "goald.v1.Reports/Render", {"period": period, "language": language})["content"]
            shown[f"region {period}"] = client.call(
                "goald.v1.Reports/Render", {"region": True, "period": period})["content"]
        shown["answer"] = client.call("goald.v1.Reports/RenderAnswer", {})["content"]
        return shown

    def write_fuzz(self, client, plan):
        """Random text through every write that takes text; returns how many were accepted."""
        rng = self.rng
        indicators = [i for part in plan["effectGoals"] for r in part["resultGoals"] for i in r["indicators"]]
        results = [r for part in plan["effectGoals"] for r in part["resultGoals"]]
        accepted = 0

        def call(method, params):
            nonlocal accepted
            try:
                client.call(method, params)
                accepted += 1
            except GoaldError:
                pass  # refused with a clear error: nothing stored, nothing shown

        for period in ("2025-annual", "2026-interim"):
            for indicator in indicators:
                kind = indicator.get("target", {}).get("kind")
                key = indicator.get("id") or indicator.get("number")
                if kind == "qualitative":
                    value = fuzz_text(rng, 6)
                elif kind == "yesNo":
                    value = True
                else:
                    value = round(rng.uniform(0, 90), 1)
                call("goald.v1.Goals/RecordMeasurement", {
                    "indicator": key, "period": period, "value": value, "note": fuzz_text(rng, 6),
                    "source": fuzz_text(rng, 4)})
            for result in results:
                call("goald.v1.Goals/RecordAssessment", {
                    "resultGoal": result["id"], "period": period, "level": "delvis uppfyllt",
                    "analysis": fuzz_text(rng, 10)})
        numeric = [i for i in indicators if i.get("target", {}).get("kind") in ("percentage", "index", "amount")]
        for indicator in numeric[:4]:
            key = indicator.get("id") or indicator.get("number")
            call("goald.v1.Goals/SetTarget", {"indicator": key, "value": 12, "from": "2026-interim",
                                              "reason": fuzz_text(rng, 6)})
            call("goald.v1.Goals/RetractMeasurement", {"indicator": key, "period": "2025-annual",
                                                       "reason": fuzz_text(rng, 6)})
        for goal in ("trygga-och-nojda-invanare", "hallbar-organisation"):
            call("goald.v1.Region/RecordAssessment", {"effectGoal": goal, "period": "2025-annual",
                                                      "level": "uppfyllt", "analysis": fuzz_text(rng, 8)})
        return accepted

    def test_no_element_or_attribute_from_input_ever(self):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as out:
            json.dump(self.model, out, ensure_ascii=False)
            model_path = out.name
        # What goald writes of its own, in pages of plain text: the built-in model, no fuzzed writes.
        port = free_port()
        plain = LiveGoald("goald-html-plain-", args=("--http", f"127.0.0.1:{port}"))
        try:
            with GoaldClient(plain.sock) as client:
                baseline = {name: {tag: elements(page).tags.get(tag, 0) for tag in OWN_TAGS}
                            for name, page in self.pages(client, port).items()}
        finally:
            plain.stop()
        port = free_port()
        goald = LiveGoald("goald-html-fuzz-", args=("--model", model_path, "--http", f"127.0.0.1:{port}"))
        try:
            plan = [p for p in self.model["plans"] if p["committee"] == "RUN"][0]
            with GoaldClient(goald.sock) as client:
                for round_number in range(3):
                    accepted = self.write_fuzz(client, plan)
                    self.assertGreater(accepted, 20, "most fuzzed writes are accepted")
                    for name, page in self.pages(client, port).items():
                        with self.subTest(round=round_number, page=name):
                            found = elements(page)
                            for tag in found.tags:
                                self.assertFalse(tag.startswith(INJECTED_TAGS), f"{name}: a <{tag}> element")
                            for tag in OWN_TAGS:
                                self.assertLessEqual(found.tags.get(tag, 0), baseline[name][tag],
                                                     f"{name}: more <{tag}> elements than goald writes")
                            for attribute in found.attributes:
                                self.assertFalse(attribute.startswith("on"), f"{name}: an {attribute} attribute")
                                self.assertNotIn("inj", attribute, f"{name}: an {attribute} attribute")
                            for link in found.links:
                                self.assertFalse(link.strip().lower().startswith(("javascript:", "data:")),
                                                 f"{name}: a link to {link[:40]}")
                            self.assertIn("x-injord", "".join(found.text), f"{name}: the fuzzed text is shown")
                    markdown = client.call("goald.v1.Reports/Render", {"period": "2025-annual", "format": "md"})
                    text = markdown["content"]
                    self.assertIn("x-injord", text)
                    # A tag of the input is written `\\<x-inj` (an odd number of backslashes before it): text in
                    # every Markdown renderer.
                    for found in re.finditer(r"<(x-inj|img|script|a |/x-inj|!--)|\]\((javascript|data):", text):
                        before = len(text[:found.start()]) - len(text[:found.start()].rstrip("\\"))
                        self.assertEqual(before % 2, 1, "Markdown report: raw markup "
                                         f"{text[max(0, found.start() - 20):found.end() + 20]!r}")
        finally:
            goald.stop()
            os.unlink(model_path)


if __name__ == "__main__":
    unittest.main()
