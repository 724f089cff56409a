"""The reference Python client against a live goald: every read method, a stream, errors, the example script.

Run by `make test` (Tests/python/run.sh) with GOALD_BIN_DIR naming the built binaries.
"""
import os
import subprocess
import sys
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "Protocol", "clients", "python"))
sys.path.insert(0, os.path.dirname(__file__))
from goald_client import GoaldClient, GoaldError  # noqa: E402
from live_goald import LiveGoald  # noqa: E402



class LiveGoaldTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.goald_process = LiveGoald("goald-py.")
        cls.dir, cls.sock = cls.goald_process.dir, cls.goald_process.sock

    @classmethod
    def tearDownClass(cls):
        cls.goald_process.stop()

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


class SchemaTests(LiveGoaldTests):
    """goald.v1.json as a standard JSON Schema validator (python-jsonschema) takes it, as it is: the envelopes, the
    error object, and each method's params and result, checked against the vectors and live answers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        import json
        from jsonschema import Draft202012Validator
        with open(os.path.join(ROOT, "Protocol", "goald.v1.json"), encoding="utf-8") as f:
            cls.doc = json.load(f)
        Draft202012Validator.check_schema(cls.doc)
        try:
            # python-jsonschema 4.18 and later resolve references through a registry,
            from referencing import Registry, Resource
            registry = Registry().with_resource(cls.doc["$id"], Resource.from_contents(cls.doc))

            def validator(pointer):
                return Draft202012Validator({"$ref": cls.doc["$id"] + "#" + pointer}, registry=registry)
        except ImportError:
            # earlier ones (Debian 12's 4.10) through a resolver that holds the document.
            from jsonschema import RefResolver
            resolver = RefResolver(base_uri=cls.doc["$id"], referrer=cls.doc, store={cls.doc["$id"]: cls.doc})

            def validator(pointer):
                return Draft202012Validator({"$ref": cls.doc["$id"] + "#" + pointer}, resolver=resolver)
        cls.validator = staticmethod(validator)
        cls.methods = {m["name"]: i for i, m in enumerate(cls.doc["methods"])}

    def errors(self, pointer, value):
        return [e.message for e in self.validator(pointer).iter_errors(value)]

    def test_the_document_validates_request_envelopes_as_it_is(self):
        from jsonschema import Draft202012Validator
        whole = Draft202012Validator(self.doc)
        self.assertTrue(whole.is_valid({"id": 1, "method": "goald.v1.Health/Check", "params": {}}))
        self.assertTrue(whole.is_valid({"cancel": 7}))
        for bad in [{"id": 1.5, "method": "goald.v1.Health/Check"}, {"id": 1, "method": "goald.v1.Health/Check",
                    "params": []}, {"id": 1, "method": "goald.v1.Health/Check", "cancel": 1},
                    {"id": 1, "method": "goald.v1.Health/Check", "timeoutMs": -5},
                    {"id": 1, "method": "goald.v1.Health/Check", "metadata": {"requestId": 7}}, {"method": "x"}]:
            self.assertFalse(whole.is_valid(bad), bad)

    def test_vectors_agree_with_the_envelope_schema(self):
        import json
        with open(os.path.join(ROOT, "Protocol", "vectors", "frames.json"), encoding="utf-8") as f:
            vectors = json.load(f)["vectors"]
        for vector in vectors:
            payload = bytes.fromhex(vector["hex"])[4:]
            try:
                frame = json.loads(payload)
            except ValueError:
                continue
            valid = not self.errors("/$defs/RequestEnvelope", frame)
            refused_by_envelope = vector["expect"].get("error") == "INVALID_ARGUMENT" and \
                not vector["expect"].get("field", "").startswith("params.")
            if vector["name"] == "duplicate-key":
                continue  # JSON Schema sees the parsed object, where the repeat is gone
            self.assertEqual(valid, not refused_by_envelope, vector["name"])

    def test_live_answers_match_their_schemas(self):
        calls = [
            ("goald.v1.Health/Check", {}), ("goald.v1.Goals/GetPlan", None),
            ("goald.v1.Goals/GetIndicator", {"key": "5.6.3.1"}),
            ("goald.v1.Goals/ListMeasurements", {"indicator": "5.6.3.1"}),
            ("goald.v1.Goals/GetStatus", {}), ("goald.v1.Travel/GetFootprint", {"year": 2024, "by": "mode"}),
            ("goald.v1.Travel/GetReduction", {"year": 2024}), ("goald.v1.Travel/ListFactorSets", None),
            ("goald.v1.Reflection/Describe", None),
        ]
        for method, params in calls:
            index = self.methods[method]
            if params is not None:
                self.assertEqual(self.errors(f"/methods/{index}/params", params), [], method)
            self.goald.send_frame({"id": 900 + index, "method": method, "params": params})
            answer = self.goald.read_frame()
            self.assertEqual(self.errors("/$defs/ResponseEnvelope", answer), [], method)
            self.assertIn("result", answer, method)
            self.assertEqual(self.errors(f"/methods/{index}/result", answer["result"]), [], method)
        for bad in [{"id": 77, "method": "goald.v1.Goals/GetIndicator", "params": {"key": "9.9"}},
                    {"id": 78, "method": "goald.v1.Nope/Nothing"}]:
            self.goald.send_frame(bad)
            answer = self.goald.read_frame()
            self.assertEqual(self.errors("/$defs/ResponseEnvelope", answer), [], bad)
            self.assertEqual(self.errors("/$defs/Error", answer["error"]), [], bad)


if __name__ == "__main__":
    unittest.main(verbosity=2)
