"""Excel workbooks in and out: `goalctl travel import` reads an .xlsx as openpyxl (a spreadsheet library) writes it,
date cells and numbers as Excel stores them, and `goalctl travel export` writes what Excel reads back.
The per-mode figures are computed by hand from the rows written here."""
import datetime
import json
import os
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from live_goald import LiveGoald  # noqa: E402

try:
    import openpyxl
    from openpyxl.utils.datetime import CALENDAR_MAC_1904
except ImportError:  # make test installs python3-openpyxl; without it these tests cannot say anything
    sys.exit("error: python3-openpyxl is needed (make test-deps installs it)")

SSCONVERT = shutil.which("ssconvert")
HEADER = ["Datum", "Färdsätt", "Sträcka (mil)", "Antal resenärer", "Enhet", "Kostnad (kr)", "Kg CO2e"]
UNIT = "Regional utveckling"


def workbook_2024(path, epoch=None):
    """Two sheets as an office keeps them: 2024 first, 2020 second. Real date cells (one with a time of day),
    numbers as numbers, a supplier's kg without a distance, trailing cells left empty (Excel writes no cell)."""
    book = openpyxl.Workbook()
    if epoch is not None:
        book.epoch = epoch
    sheet = book.active
    sheet.title = "Resor 2024"
    sheet.append(HEADER)
    sheet.append([datetime.date(2024, 3, 4), "Tåg", 32.5, 2, UNIT, 1250.5, None])
    sheet.append([datetime.date(2024, 3, 5), "Hyrbil", 12, 1, UNIT, 900])
    sheet.append([datetime.date(2024, 5, 2), "Flyg inrikes", None, 1, UNIT, None, 86.4])
    sheet.append([datetime.datetime(2024, 6, 10, 8, 30), "Buss", 4.5, 3, None, 300])
    for row in sheet.iter_rows(min_row=2, max_col=1):
        row[0].number_format = "yyyy-mm-dd"
    older = book.create_sheet("Resor 2020")
    older.append(HEADER)
    older.append(["2020-02-03", "tåg", 50, 1, UNIT])
    book.save(path)


def raw_workbook(path, sheet_rows, shared=None, padding=0, zip64=True):
    """A workbook written part by part, as no spreadsheet program would: `sheet_rows` is the sheetData's XML,
    `shared` the shared strings, `padding` bytes of blank space inside sheetData (a zip bomb: it deflates to
    almost nothing)."""
    import zipfile
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>')
    workbook = ('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                '<sheet name="Resor" sheetId="1" r:id="rId1"/></sheets></workbook>')
    workbook_rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                     'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
                     '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("_rels/.rels", rels)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        if shared is not None:
            archive.writestr("xl/sharedStrings.xml",
                             '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                             + "".join(f"<si><t>{text}</t></si>" for text in shared) + "</sst>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=zip64) as sheet:
            sheet.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                        b'main"><sheetData>' + sheet_rows.encode())
            blank = b" " * (1 << 20)
            for _ in range(padding >> 20):
                sheet.write(blank)
            sheet.write(b"</sheetData></worksheet>")


HEADER_ROW = ('<row r="1"><c r="A1" t="inlineStr"><is><t>date</t></is></c><c r="B1" t="inlineStr"><is><t>mode</t></is>'
              '</c><c r="C1" t="inlineStr"><is><t>distance_km</t></is></c></row>')


def row(number, date="2024-03-01", extra=""):
    return (f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t>{date}</t></is></c>'
            f'<c r="B{number}" t="inlineStr"><is><t>rail</t></is></c><c r="C{number}"><v>{number}</v></c>{extra}</row>')


class WorkbookLimitTests(unittest.TestCase):
    """goal-xlsx bounds what it reads (WorkbookLimits): a zip bomb, a cell longer than Excel's, a shared string
    longer than a cell, a value in Excel's last column are each refused, exit 65, naming the limit; a cell that is
    formatting alone in the last column adds nothing."""

    def setUp(self):
        self.goald = LiveGoald("goald-xlsx-limits.", sample=False)

    def tearDown(self):
        self.goald.stop()

    def imported(self, path):
        return subprocess.run(self.goald.goalctl + ["travel", "import", "--unit", UNIT, path], capture_output=True,
                              text=True, timeout=300)

    def test_a_zip_bomb_is_refused_before_it_is_inflated(self):
        path = os.path.join(self.goald.dir, "bomb.xlsx")
        raw_workbook(path, HEADER_ROW + row(2), padding=(1 << 30) + (64 << 20))
        self.assertLess(os.path.getsize(path), 8 << 20, "a few MB that inflate past a GiB")
        refused = self.imported(path)
        self.assertEqual(refused.returncode, 65, refused.stderr)
        self.assertIn("too large to read: it inflates to more than 1024 MiB", refused.stderr)

    def test_a_zip_bomb_that_lies_about_its_size_is_stopped_as_it_inflates(self):
        import struct
        path = os.path.join(self.goald.dir, "liar.xlsx")
        raw_workbook(path, HEADER_ROW + row(2), padding=(1 << 30) + (64 << 20), zip64=False)
        with open(path, "r+b") as f:
            data = bytearray(f.read())
            name = b"xl/worksheets/sheet1.xml"
            local = next(i for i in range(len(data)) if data.startswith(b"PK\x03\x04", i)
                         and data[i + 30:i + 30 + len(name)] == name)
            struct.pack_into("<I", data, local + 22, 1000)  # the local header's uncompressed size
            central = next(i for i in range(len(data) - 46) if data.startswith(b"PK\x01\x02", i)
                           and data[i + 46:i + 46 + len(name)] == name)
            struct.pack_into("<I", data, central + 24, 1000)  # the central directory's
            f.seek(0)
            f.write(data)
        refused = self.imported(path)
        self.assertEqual(refused.returncode, 65, refused.stderr)
        self.assertIn("too large to read: it inflates to more than 1024 MiB", refused.stderr)

    def test_a_cell_or_string_longer_than_excel_allows_is_refused(self):
        long = "x" * 40_000
        path = os.path.join(self.goald.dir, "cell.xlsx")
        raw_workbook(path, HEADER_ROW + row(2, extra=f'<c r="D2" t="inlineStr"><is><t>{long}</t></is></c>'))
        refused = self.imported(path)
        self.assertEqual(refused.returncode, 65, refused.stderr)
        self.assertIn("row 2, column 4 is longer than a cell holds (32767 characters)", refused.stderr)
        shared = os.path.join(self.goald.dir, "shared.xlsx")
        raw_workbook(shared, HEADER_ROW + row(2, extra='<c r="D2" t="s"><v>0</v></c>'), shared=[long])
        refused = self.imported(shared)
        self.assertEqual(refused.returncode, 65, refused.stderr)
        self.assertIn("longer than a cell holds", refused.stderr)

    def test_a_value_in_the_last_column_is_refused_and_formatting_there_adds_nothing(self):
        path = os.path.join(self.goald.dir, "wide.xlsx")
        raw_workbook(path, HEADER_ROW + row(2, extra='<c r="XFD2" t="inlineStr"><is><t>far</t></is></c>'))
        refused = self.imported(path)
        self.assertEqual(refused.returncode, 65, refused.stderr)
        self.assertIn("has a value in column 16384, past the 1024 read", refused.stderr)
        styled = os.path.join(self.goald.dir, "styled.xlsx")
        raw_workbook(styled, HEADER_ROW + "".join(row(n, extra=f'<c r="XFD{n}" s="0"/>') for n in range(2, 200)))
        accepted = self.imported(styled)
        self.assertEqual(accepted.returncode, 0, accepted.stderr)
        self.assertIn("added 198", accepted.stdout)


class WorkbookImportTests(unittest.TestCase):
    def setUp(self):
        self.goald = LiveGoald("goald-xlsx.", sample=False)

    def tearDown(self):
        self.goald.stop()

    def goalctl(self, *args, stdin=None):
        return subprocess.run(self.goald.goalctl + list(args), capture_output=True, text=True, stdin=stdin)

    def by_mode(self, year):
        answer = self.goalctl("--json", "travel", "footprint", "--year", str(year), "--by", "mode")
        self.assertEqual(answer.returncode, 0, answer.stderr)
        footprint = json.loads(answer.stdout)
        return {group["key"]: group for group in footprint["groups"]}, footprint

    def test_the_first_sheet_with_dates_mil_and_no_id(self):
        path = os.path.join(self.goald.dir, "resor.xlsx")
        workbook_2024(path)
        imported = self.goalctl("travel", "import", "--unit", UNIT, path)
        self.assertEqual(imported.returncode, 0, imported.stderr)
        self.assertIn('read its sheet "Resor 2024"', imported.stderr)
        self.assertIn("added 4, already present 0, rejected 0", imported.stdout)
        again = self.goalctl("travel", "import", "--unit", UNIT, path)
        self.assertIn("added 0, already present 4", again.stdout, "the same workbook again adds nothing")

        modes, footprint = self.by_mode(2024)
        # By hand: rail 325 km × 2 travellers; the rental car 120 km; the bus 45 km × 3; the flight has the
        # supplier's 86,4 kg and no distance.
        self.assertEqual((modes["rail"]["trips"], modes["rail"]["passengerKm"]), (1, 650))
        self.assertEqual((modes["car_private"]["trips"], modes["car_private"]["passengerKm"]), (1, 120))
        self.assertEqual((modes["bus"]["trips"], modes["bus"]["passengerKm"]), (1, 135))
        self.assertEqual(modes["flight_domestic"]["trips"], 1)
        self.assertAlmostEqual(modes["flight_domestic"]["kgCO2e"], 86.4, places=6)
        self.assertAlmostEqual(footprint["total"]["costSek"], 2450.5, places=6)
        # The time of day on the bus trip's date cell does not move its day.
        june = self.goalctl("--json", "travel", "footprint", "--from", "2024-06-10", "--through", "2024-06-10")
        self.assertEqual(json.loads(june.stdout)["total"]["trips"], 1, june.stdout + june.stderr)

    def test_a_title_merged_above_the_header_on_row_4(self):
        """An office's sheet: a merged title in A1, the export date below it, a blank row, the header on row 4,
        empty formatted rows at the end. The header is found; rows are named by their sheet row."""
        path = os.path.join(self.goald.dir, "rapport.xlsx")
        book = openpyxl.Workbook()
        sheet = book.active
        sheet["A1"] = "Tjänsteresor Regional utveckling 2024"
        sheet.merge_cells("A1:G1")
        sheet["A2"] = "Uttag 2025-01-10"
        sheet.append([])
        sheet.append(HEADER)
        sheet.append([datetime.date(2024, 3, 4), "Tåg", 32.5, 2, UNIT, 1250.5, None])
        sheet.append([datetime.datetime(2024, 6, 10, 8, 30), "Buss", 4.5, 3, UNIT, 300])
        sheet.append([datetime.date(2024, 6, 11), "Buss", "fyra", 1, UNIT])
        for row in sheet.iter_rows(min_row=5, max_col=1):
            row[0].number_format = "yyyy-mm-dd"
        sheet["A12"].number_format = "yyyy-mm-dd"  # a formatted, empty cell further down
        book.save(path)
        refused = self.goalctl("travel", "import", "--unit", UNIT, path)
        self.assertEqual(refused.returncode, 65, refused.stderr)
        self.assertIn("the header is on row 4", refused.stderr)
        self.assertIn(":7: column Sträcka (mil) [distance_mil]: \"fyra\" is not a number", refused.stderr)
        self.assertIn("--skip-bad to add the 2 good rows", refused.stdout)
        imported = self.goalctl("travel", "import", "--unit", UNIT, path, "--skip-bad")
        self.assertEqual(imported.returncode, 0, imported.stderr)
        self.assertIn("added 2, already present 0, rejected 1", imported.stdout)
        modes, _ = self.by_mode(2024)
        # By hand: rail 325 km × 2 travellers = 650 passenger-km; bus 45 km × 3 = 135.
        self.assertEqual(modes["rail"]["passengerKm"], 650)
        self.assertEqual(modes["bus"]["passengerKm"], 135)

    def test_a_sheet_by_name_and_the_1904_date_system(self):
        path = os.path.join(self.goald.dir, "mac.xlsx")
        workbook_2024(path, epoch=CALENDAR_MAC_1904)
        missing = self.goalctl("travel", "import", "--unit", UNIT, "--sheet", "Resor 2019", path)
        self.assertEqual(missing.returncode, 65)
        self.assertIn('no sheet "Resor 2019"; its sheets: "Resor 2024", "Resor 2020"', missing.stderr)
        older = self.goalctl("travel", "import", "--unit", UNIT, "--sheet", "resor 2020", path)
        self.assertEqual(older.returncode, 0, older.stderr)
        self.assertIn("added 1", older.stdout)
        modes, _ = self.by_mode(2020)
        self.assertEqual((modes["rail"]["trips"], modes["rail"]["passengerKm"]), (1, 500))
        first = self.goalctl("travel", "import", "--unit", UNIT, path)
        self.assertEqual(first.returncode, 0, first.stderr)
        modes, _ = self.by_mode(2024)
        self.assertEqual(modes["rail"]["passengerKm"], 650, "1904 serial days read as the days they are")
        march = self.goalctl("--json", "travel", "footprint", "--from", "2024-03-04", "--through", "2024-03-05")
        self.assertEqual(json.loads(march.stdout)["total"]["trips"], 2, march.stdout)

    def test_standard_input_and_files_that_are_not_workbooks(self):
        path = os.path.join(self.goald.dir, "resor.xlsx")
        workbook_2024(path)
        with open(path, "rb") as f:
            piped = self.goalctl("travel", "import", "--unit", UNIT, "-", stdin=f)
        self.assertEqual(piped.returncode, 0, piped.stderr)
        self.assertIn("added 4", piped.stdout)
        broken = os.path.join(self.goald.dir, "broken.xlsx")
        with open(broken, "wb") as f:
            f.write(b"PK\x03\x04" + os.urandom(2000))
        refused = self.goalctl("travel", "import", "--unit", UNIT, broken)
        self.assertEqual(refused.returncode, 65, refused.stderr)
        self.assertIn("not an Excel workbook", refused.stderr)
        text = os.path.join(self.goald.dir, "text.csv")
        with open(text, "w", encoding="utf-8") as f:
            f.write("Datum;Färdsätt;Sträcka (km)\n2024-09-01;Tåg;10\n")
        sheet_on_text = self.goalctl("travel", "import", "--unit", UNIT, "--sheet", "x", text)
        self.assertEqual(sheet_on_text.returncode, 64)
        self.assertIn("--sheet is for an Excel workbook", sheet_on_text.stderr)
        with open(text, "rb") as f:
            piped_text = self.goalctl("travel", "import", "--unit", UNIT, "-", stdin=f)
        self.assertIn("added 1", piped_text.stdout, piped_text.stderr)
        # Nothing refused changed anything: the 4 trips and the one from standard input.
        _, footprint = self.by_mode(2024)
        self.assertEqual(footprint["total"]["trips"], 5)

    def test_a_line_break_in_a_cell_keeps_rows_and_lines_together(self):
        path = os.path.join(self.goald.dir, "breaks.xlsx")
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(HEADER)
        sheet.append([datetime.date(2024, 3, 4), "Tåg", 1, 1, "Regional\nutveckling"])
        sheet.append([datetime.date(2024, 3, 5), "Tåg", 1, 1, "Kultur; och bildning"])
        sheet.append([datetime.date(2024, 3, 6), "Raket", 1, 1, UNIT])
        book.save(path)
        refused = self.goalctl("travel", "import", "--unit", UNIT, path)
        self.assertEqual(refused.returncode, 65, refused.stderr)
        self.assertIn("breaks.xlsx:4:", refused.stderr, "the bad row is named by its sheet row")
        fixed = os.path.join(self.goald.dir, "fixed.xlsx")
        sheet.delete_rows(4)
        book.save(fixed)
        imported = self.goalctl("--json", "travel", "footprint", "--year", "2024", "--by", "unit")
        done = self.goalctl("travel", "import", "--unit", UNIT, fixed)
        self.assertEqual(done.returncode, 0, done.stderr)
        units = self.goalctl("--json", "travel", "footprint", "--year", "2024", "--by", "unit")
        keys = [group["key"] for group in json.loads(units.stdout)["groups"]]
        self.assertEqual(keys, ["Kultur; och bildning", "Regional utveckling"], imported.stdout)

    def test_an_export_in_mil_imports_again_adding_nothing(self):
        path = os.path.join(self.goald.dir, "mil.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("Datum;Färdsätt;Sträcka (mil);Kg CO2e;Kostnad (kr)\n")
            for i, mil in enumerate(["0,07", "3,3", "12,01", "0,29", "101,13", "7,77"]):
                f.write(f"2024-02-{10 + i:02d};tåg;{mil};;{i * 10 + 0.1:.1f}".replace(".", ",") + "\n")
            f.write("2024-02-20;flyg;;86,4;1250,5\n")
        self.assertEqual(self.goalctl("travel", "import", "--unit", UNIT, path).returncode, 0)
        exported = os.path.join(self.goald.dir, "mil-export.csv")
        written = self.goalctl("travel", "export", "--year", "2024", "--output", exported)
        self.assertEqual(written.returncode, 0, written.stderr)
        again = self.goalctl("travel", "import", "--unit", UNIT, exported)
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn("added 0, already present 7, rejected 0", again.stdout, again.stderr)


class ExportTests(unittest.TestCase):
    """`goalctl travel export` over the synthetic sample: CSV as a Swedish Excel opens it, and a workbook that
    openpyxl reads back; both add up to the footprint and import again adding nothing."""

    @classmethod
    def setUpClass(cls):
        cls.goald = LiveGoald("goald-export.")

    @classmethod
    def tearDownClass(cls):
        cls.goald.stop()

    def goalctl(self, *args):
        return subprocess.run(self.goald.goalctl + list(args), capture_output=True, text=True)

    def footprint(self, year):
        answer = self.goalctl("--json", "travel", "footprint", "--year", str(year))
        return json.loads(answer.stdout)["total"]

    def test_csv_for_a_swedish_excel(self):
        path = os.path.join(self.goald.dir, "resor-2024.csv")
        written = self.goalctl("travel", "export", "--year", "2024", "--output", path)
        self.assertEqual(written.returncode, 0, written.stderr)
        total = self.footprint(2024)
        self.assertIn(f"wrote {path}: {total['trips']} trips of 2024", written.stdout)
        with open(path, "rb") as f:
            raw = f.read()
        self.assertTrue(raw.startswith(b"\xef\xbb\xbf"), "a byte-order mark, so that Excel reads UTF-8")
        lines = raw[3:].decode("utf-8").split("\r\n")
        header = lines[0].split(";")
        self.assertEqual(header[:8], ["id", "date", "mode", "distance_km", "travellers", "unit", "co2e_kg", "cost_sek"])
        rows = [dict(zip(header, line.split(";"))) for line in lines[1:] if line and '"' not in line]
        self.assertGreater(len(rows), 0)
        # Every row quoted or not: the counted kg add up to the footprint (decimal commas read back).
        import csv
        import io
        every = list(csv.DictReader(io.StringIO(raw[3:].decode("utf-8")), delimiter=";"))
        self.assertEqual(len(every), total["trips"])
        counted = sum(float(row["kg_co2e_counted"].replace(",", ".")) for row in every)
        self.assertAlmostEqual(counted, total["kgCO2e"], delta=1e-3)
        supplier = [row for row in every if row["basis"] == "supplier"]
        self.assertEqual(len(supplier), total["reportedTrips"])
        self.assertTrue(all(row["co2e_kg"] and not row["factor_kg_per_unit"] for row in supplier))
        calculated = [row for row in every if row["basis"] == "calculated"]
        self.assertTrue(all(row["factor_set"] == "desnz-2024" and row["factor_kg_per_unit"] for row in calculated))
        again = self.goalctl("travel", "import", "--unit", UNIT, path)
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn(f"added 0, already present {total['trips']}", again.stdout)

    def test_a_workbook_excel_and_openpyxl_read(self):
        path = os.path.join(self.goald.dir, "resor-2023.xlsx")
        written = self.goalctl("travel", "export", "--year", "2023", "--format", "xlsx", "--output", path)
        self.assertEqual(written.returncode, 0, written.stderr)
        book = openpyxl.load_workbook(path)
        self.assertEqual(book.sheetnames, ["Resor 2023"])
        rows = list(book.active.iter_rows(values_only=True))
        header = list(rows[0])
        self.assertEqual(header[9], "kg_co2e_counted")
        total = self.footprint(2023)
        self.assertEqual(len(rows) - 1, total["trips"])
        self.assertTrue(all(isinstance(row[1], datetime.datetime) and row[1].year == 2023 for row in rows[1:]))
        self.assertTrue(all(isinstance(row[3], (int, float)) for row in rows[1:]))
        self.assertAlmostEqual(sum(row[9] for row in rows[1:]), total["kgCO2e"], delta=1e-6)
        again = self.goalctl("travel", "import", "--unit", UNIT, path)
        self.assertIn(f"added 0, already present {total['trips']}", again.stdout, again.stderr)
        # As a person opens it: the header frozen with a filter, every column as wide as its contents (a date
        # needs 10 characters, else Excel shows #####).
        sheet = book.active
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertEqual(sheet.auto_filter.ref, f"A1:P{len(rows)}")
        self.assertGreaterEqual(sheet.column_dimensions["B"].width, 11)
        self.assertGreaterEqual(sheet.column_dimensions["J"].width, len("kg_co2e_counted"))
        # A second spreadsheet program reads the same rows (Gnumeric's ssconvert, as make test installs it).
        if SSCONVERT:
            converted = os.path.join(self.goald.dir, "resor-2023-gnumeric.csv")
            done = subprocess.run([SSCONVERT, path, converted], capture_output=True, text=True)
            self.assertEqual(done.returncode, 0, done.stderr)
            with open(converted, encoding="utf-8") as f:
                lines = [line for line in f.read().splitlines() if line]
            self.assertEqual(len(lines), len(rows))
            self.assertIn("2023", lines[1].split(",")[1], "the date cell is a date of 2023: " + lines[1])

    def test_the_report_as_a_workbook_and_formats_by_extension(self):
        sys.path.insert(0, os.path.dirname(__file__))
        follow_up = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "samples", "synthetic-follow-up.py")
        subprocess.run([sys.executable, follow_up, "--goalctl", self.goald.goalctl[0], "--socket", self.goald.sock],
                       check=True, stdout=subprocess.DEVNULL)
        path = os.path.join(self.goald.dir, "indikatorer-2024.xlsx")
        written = self.goalctl("report", "--period", "2024-annual", "--output", path)
        self.assertEqual(written.returncode, 0, written.stderr)
        self.assertIn("the xlsx report of 2024-annual", written.stdout)
        book = openpyxl.load_workbook(path)
        sheet = book.active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0][:9],
                         ("period", "typ", "nummer", "titel", "utfall", "kvinnor", "män", "målvärde", "status"))
        self.assertEqual(len(rows), 1 + 2 * (8 + 21))
        sick = next(row for row in rows if row[0] == "2024-annual" and row[2] == "5.6.3.1")
        self.assertIsInstance(sick[4], float, "a value is a number, not text with a decimal comma")
        self.assertIn(sick[8], ("Uppnått", "Ej uppnått"))
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertEqual(sheet.auto_filter.ref, f"A1:S{len(rows)}", "a filter over every column")
        self.assertEqual(rows[0][18], "beslut")
        self.assertTrue(all(row[18] == "UTKAST" for row in rows[1:]), "no period is decided: every row a draft's")
        self.assertGreaterEqual(sheet.column_dimensions["D"].width, 30, "the title column as wide as its titles")
        self.assertGreaterEqual(sheet.column_dimensions["R"].width, len("preliminärt t.o.m."))
        # The format follows the extension; a clash, a PDF and a workbook on standard output are refused.
        csv_path = os.path.join(self.goald.dir, "indikatorer.csv")
        self.assertEqual(self.goalctl("report", "--period", "2024-annual", "--output", csv_path).returncode, 0)
        with open(csv_path, encoding="utf-8-sig") as f:
            self.assertTrue(f.readline().startswith("period;typ;nummer;"))
        clash = self.goalctl("report", "--format", "html", "--output", os.path.join(self.goald.dir, "x.xlsx"))
        self.assertEqual(clash.returncode, 64)
        self.assertIn("--format html does not fit", clash.stderr)
        pdf = self.goalctl("report", "--output", os.path.join(self.goald.dir, "x.pdf"))
        self.assertEqual(pdf.returncode, 64)
        self.assertIn("writes no PDF", pdf.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.goald.dir, "x.pdf")))
        stdout = self.goalctl("report", "--period", "2024-annual", "--format", "md", "--output", "-")
        self.assertEqual(stdout.returncode, 0)
        self.assertTrue(stdout.stdout.startswith("# Årsredovisning 2024"))
        self.assertFalse(os.path.exists("-"))
        export = self.goalctl("travel", "export", "--year", "2023", "--output", os.path.join(self.goald.dir, "t.xlsx"))
        self.assertEqual(export.returncode, 0, export.stderr)
        self.assertEqual(openpyxl.load_workbook(os.path.join(self.goald.dir, "t.xlsx")).sheetnames, ["Resor 2023"])

    def test_json_errors_of_goalctls_own(self):
        missing = self.goalctl("--json", "travel", "import", os.path.join(self.goald.dir, "none.csv"))
        self.assertEqual(missing.returncode, 66)
        error = json.loads(missing.stderr)["error"]
        self.assertEqual((error["code"], error["details"]["origin"], error["details"]["field"]), ("NOT_FOUND", "goalctl", "file"))
        unwritable = self.goalctl("--json", "travel", "export", "--year", "2023", "--output", "/nonexistent/dir/x.csv")
        self.assertEqual(unwritable.returncode, 73)
        self.assertEqual(json.loads(unwritable.stderr)["error"]["details"]["field"], "output")
        path = os.path.join(self.goald.dir, "book.xlsx")
        workbook_2024(path)
        sheet = self.goalctl("--json", "travel", "import", path, "--sheet", "Nope")
        self.assertEqual(sheet.returncode, 65)
        self.assertEqual(json.loads(sheet.stderr)["error"]["details"]["field"], "sheet", "one JSON object alone")
        # A workbook goalctl cannot write: one JSON object, the system's reason in it (not the helper's words beside).
        nowhere = self.goalctl("--json", "travel", "export", "--year", "2023", "--output", "/nonexistent/dir/t.xlsx")
        self.assertEqual(nowhere.returncode, 73, nowhere.stderr)
        self.assertEqual(json.loads(nowhere.stderr)["error"]["message"],
                         "cannot write /nonexistent/dir/t.xlsx: No such file or directory")

    def test_a_link_planted_where_a_file_is_written_is_never_followed(self):
        victim = os.path.join(self.goald.dir, "victim.txt")
        for name, extra in (("planted.csv", []), ("planted.xlsx", []), ("planted.md", None)):
            with open(victim, "w") as f:
                f.write("keep me\n")
            target = os.path.join(self.goald.dir, name)
            if os.path.lexists(target):
                os.unlink(target)
            os.symlink(victim, target)
            # The old name beside it, as goalctl once made it (PATH.part-PID), planted too.
            for pid in range(os.getpid(), os.getpid() + 50):
                part = f"{target}.part-{pid}"
                if not os.path.lexists(part):
                    os.symlink(victim, part)
            if extra is None:
                written = self.goalctl("report", "--period", "2024-annual", "--output", target)
            else:
                written = self.goalctl("travel", "export", "--year", "2023", "--output", target)
            self.assertEqual(written.returncode, 0, written.stderr)
            with open(victim) as f:
                self.assertEqual(f.read(), "keep me\n", name)
            self.assertFalse(os.path.islink(target), f"{name} is a file of its own now")
            self.assertGreater(os.path.getsize(target), 0)
            left = [n for n in os.listdir(self.goald.dir) if n.startswith(name + ".part-") and not os.path.islink(
                os.path.join(self.goald.dir, n))]
            self.assertEqual(left, [], "no temporary file or folder is left")

    def test_refusals(self):
        no_output = self.goalctl("travel", "export", "--year", "2024", "--format", "xlsx")
        self.assertEqual(no_output.returncode, 64)
        self.assertIn("--format xlsx needs --output", no_output.stderr)
        unknown = self.goalctl("travel", "export", "--year", "2024", "--unit", "Nowhere")
        self.assertNotEqual(unknown.returncode, 0)
        self.assertIn('no trips of "Nowhere"', unknown.stderr)
        bad_dir = self.goalctl("travel", "export", "--year", "2024", "--output", "/nonexistent/dir/x.csv")
        self.assertEqual(bad_dir.returncode, 73, bad_dir.stderr)
        # Paging by hand through the method: pages join to the year, in key order, without repeats.
        sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "Protocol", "clients", "python"))
        from goald_client import GoaldClient
        seen = []
        after = None
        with GoaldClient(self.goald.sock) as goald:
            while True:
                params = {"year": 2024, "limit": 97}
                if after:
                    params["after"] = after
                page = goald.call("goald.v1.Travel/ExportTrips", params)
                seen += [(trip["unit"], trip["id"]) for trip in page["trips"]]
                after = page.get("next")
                if not after:
                    break
        self.assertEqual(len(seen), self.footprint(2024)["trips"])
        self.assertEqual(seen, sorted(set(seen)))


if __name__ == "__main__":
    unittest.main(verbosity=2)
