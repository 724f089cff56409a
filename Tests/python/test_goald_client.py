"""The reference Python client against a live goald: every read method, a stream, errors, the example script.

Run by `make test` (Tests/python/run.sh) with GOALD_BIN_DIR naming the built binaries.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "Protocol", "clients", "python"))
from goald_client import GoaldClient, GoaldError  # noqa: E402

BIN = os.environ.get("GOALD_BIN_DIR", os.path.join(ROOT, ".build", "debug"))
SAMPLE = os.path.join(ROOT, "docs", "samples", "synthetic-trips-2019-2025.csv")


class LiveGoaldTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="goald-py.", dir="/tmp")
        cls.sock = os.path.join(cls.dir, "goald.sock")
        cls.proc = subprocess.Popen([os.path.join(BIN, "goald"), "--socket", cls.sock, "--state-dir",
                                     os.path.join(cls.dir, "state")], stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                with GoaldClient(cls.sock) as goald:
                    goald.call("goald.v1.Health/Check")
                break
            except OSError:
                time.sleep(0.05)
        subprocess.run([os.path.join(BIN, "goalctl"), "--socket", cls.sock, "travel", "import", SAMPLE],
                       check=True, stdout=subprocess.DEVNULL)

    @classmethod
    def tearDownClass(cls):
        cls.proc.terminate()
        cls.proc.wait(timeout=10)
        shutil.rmtree(cls.dir, ignore_errors=True)

    def setUp(self):
        self.goald = GoaldClient(self.sock)

    def tearDown(self):
        self.goald.close()

    def test_health(self):
        self.assertEqual(self.goald.call("goald.v1.Health/Check")["status"], "SERVING")
        self.assertEqual(self.goald.call("goald.v1.Health/Check", {"service": "goald.v1.Travel"})["status"], "SERVING")

    def test_plan_and_indicator(self):
        plan = self.goald.call("goald.v1.Goals/GetPlan")
        indicators = [i for e in plan["effectGoals"] for r in e["resultGoals"] for i in r["indicators"]]
        self.assertEqual(len(plan["effectGoals"]), 4)
        self.assertEqual(len(indicators), 21)
        detail = self.goald.call("goald.v1.Goals/GetIndicator", {"key": "5.6.3.1"})
        self.assertEqual(detail["indicator"]["target"]["display"], "≤ 3 %")
        self.assertEqual(detail["resultGoal"]["number"], "5.6.3")

    def test_follow_up_reads(self):
        history = self.goald.call("goald.v1.Goals/ListMeasurements", {"indicator": "5.6.3.2"})
        self.assertEqual(history["measurements"], [])
        status = self.goald.call("goald.v1.Goals/GetStatus", {"period": "2024-annual"})
        self.assertEqual(status["tally"]["total"], 21)
        derived = [i for e in status["effectGoals"] for r in e["resultGoals"] for i in r["indicators"]
                   if i["number"] == "5.6.4.1"][0]
        self.assertTrue(derived["derived"])

    def test_travel_reads(self):
        footprint = self.goald.call("goald.v1.Travel/GetFootprint", {"year": 2024, "by": "mode"})
        self.assertEqual(footprint["total"]["trips"], 650)
        self.assertAlmostEqual(sum(g["kgCO2e"] for g in footprint["groups"]), footprint["total"]["kgCO2e"], places=6)
        reduction = self.goald.call("goald.v1.Travel/GetReduction", {"year": 2024, "baseline": 2020})
        like = reduction["likeForLike"]
        expected = (like["baselineKgCO2e"] - like["currentKgCO2e"]) / like["baselineKgCO2e"] * 100
        self.assertAlmostEqual(like["reductionPercent"], expected, places=9)
        sets = self.goald.call("goald.v1.Travel/ListFactorSets")
        self.assertIn("desnz-2023", [s["name"] for s in sets["sets"]])

    def test_describe_matches_the_protocol_file(self):
        import json
        with open(os.path.join(ROOT, "Protocol", "goald.v1.json"), encoding="utf-8") as f:
            document = json.load(f)
        self.assertEqual(self.goald.call("goald.v1.Reflection/Describe"), document)

    def test_errors_carry_grpc_codes(self):
        with self.assertRaises(GoaldError) as raised:
            self.goald.call("goald.v1.Goals/GetIndicator", {"key": "9.9"})
        self.assertEqual(raised.exception.code, "NOT_FOUND")
        with self.assertRaises(GoaldError) as raised:
            self.goald.call("goald.v1.Goals/GetIndicator", {"key": 5})
        self.assertEqual(raised.exception.code, "INVALID_ARGUMENT")
        self.assertEqual(raised.exception.details.get("field"), "params.key")
        with self.assertRaises(GoaldError) as raised:
            self.goald.call("goald.v1.Nothing/Here")
        self.assertEqual(raised.exception.code, "UNIMPLEMENTED")

    def test_streams(self):
        watch = self.goald.stream("goald.v1.Goals/Watch", {"period": "2024-annual"})
        self.assertEqual(next(watch)["period"], "2024-annual")
        watch.close()  # sends a cancel frame
        health = self.goald.stream("goald.v1.Health/Watch")
        self.assertEqual(next(health)["status"], "SERVING")
        health.close()
        # The connection still serves after both cancels.
        self.assertEqual(self.goald.call("goald.v1.Health/Check")["status"], "SERVING")

    def test_example_script(self):
        script = os.path.join(ROOT, "Protocol", "clients", "python", "reduction_since_2020.py")
        out = subprocess.run([sys.executable, script, "--socket", self.sock, "--year", "2024"],
                             capture_output=True, text=True, check=True).stdout
        self.assertIn("2024 against 2020", out)
        self.assertIn("like for like", out)
        missing = subprocess.run([sys.executable, script, "--socket", os.path.join(self.dir, "none.sock")],
                                 capture_output=True, text=True)
        self.assertEqual(missing.returncode, 69)



class VectorTests(LiveGoaldTests):
    """Protocol/vectors/frames.json from Python: the exact bytes, the described answers."""

    def test_vectors(self):
        import json
        import socket
        import struct
        with open(os.path.join(ROOT, "Protocol", "vectors", "frames.json"), encoding="utf-8") as f:
            vectors = json.load(f)["vectors"]
        sock_path = self.sock

        def connect():
            s = socket.socket(socket.AF_UNIX)
            s.connect(sock_path)
            s.settimeout(5)
            return s

        def read(s):
            def exact(n):
                data = b""
                while len(data) < n:
                    chunk = s.recv(n - len(data))
                    if not chunk:
                        raise ConnectionError("closed")
                    data += chunk
                return data
            (length,) = struct.unpack(">I", exact(4))
            return json.loads(exact(length))

        main = connect()
        for vector in vectors:
            expect = vector["expect"]
            s = connect() if expect.get("closes") else main
            s.sendall(bytes.fromhex(vector["hex"]))
            if expect.get("none"):
                payload = b'{"id":4242,"method":"goald.v1.Health/Check"}'
                s.sendall(struct.pack(">I", len(payload)) + payload)
                self.assertEqual(read(s)["id"], 4242, vector["name"])
                continue
            answer = read(s)
            self.assertEqual(answer["id"], expect["id"], vector["name"])
            if "error" in expect:
                self.assertEqual(answer["error"]["code"], expect["error"], vector["name"])
            if "field" in expect:
                self.assertEqual(answer["error"]["details"]["field"], expect["field"], vector["name"])
            for key in expect.get("result", []):
                self.assertIn(key, answer["result"], vector["name"])
            if expect.get("closes"):
                self.assertEqual(s.recv(1), b"", vector["name"])
                s.close()
        main.close()


if __name__ == "__main__":
    unittest.main(verbosity=2)
