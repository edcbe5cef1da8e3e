"""The real answers of a running `caravan serve` against its own OpenAPI 3.1 document.

Every core endpoint is asked for successes and for each kind of error it documents (400, 404, 413,
503); the status must be the expected one and the body must validate, with jsonschema (Debian's
python3-jsonschema, JSON Schema 2020-12 as OpenAPI 3.1 uses it), against the schema the document
gives for that operation, status and media type, its `$ref`s resolved into `components`. The
check itself is shown to reject wrong answers, each at the JSON pointer where it goes wrong.

Usage: test_openapi_answers.py CARAVAN_BINARY
"""
import http.client
import json
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import jsonschema
from jsonschema import Draft202012Validator, RefResolver

CARAVAN = None  # set from the command line
ROUTE = '{"from":"Xian","to":"Tashkent","depart":"2026-12-07T08:00Z"}'


class Serve:
    """A `caravan serve` child on a free loopback port, in a directory of its own (it keeps its
    transit store under ./var), stopped with SIGTERM."""

    def __init__(self, *extra):
        self.directory = tempfile.TemporaryDirectory(prefix="caravan-openapi-")
        self.process = subprocess.Popen([CARAVAN, "serve", "--port", "0", *extra], cwd=self.directory.name,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.log = b""
        self.port = 0
        listening = re.compile(rb"listening on http://[0-9.]+:([0-9]+)/v1/")
        until = time.monotonic() + 60
        while self.port == 0 and time.monotonic() < until:
            ready, _, _ = select.select([self.process.stderr], [], [], 1)
            if ready:
                chunk = os.read(self.process.stderr.fileno(), 4096)
                if not chunk:
                    break
                self.log += chunk
                found = listening.search(self.log)
                if found:
                    self.port = int(found.group(1))
        if self.port == 0:
            self.process.kill()
            self.process.wait()
            raise RuntimeError("caravan serve did not start:\n" + self.log.decode(errors="replace"))

    def request(self, method, target, body=None):
        """(status, media type, parsed JSON body) of one request on a fresh connection."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            headers = {"Content-Type": "application/json"} if body is not None else {}
            connection.request(method.upper(), target, body=body, headers=headers)
            response = connection.getresponse()
            raw = response.read()
            media = (response.getheader("Content-Type") or "").split(";")[0]
            return response.status, media, json.loads(raw)
        finally:
            connection.close()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        self.process.stderr.close()
        self.directory.cleanup()
        return code


class Document:
    """The OpenAPI document: the schema of each documented answer, and the check of a value."""

    def __init__(self, document):
        self.document = document
        self.resolver = RefResolver.from_schema(document)

    def response_schema(self, method, path, status, media):
        responses = self.document["paths"][path][method]["responses"]
        key = str(status) if str(status) in responses else "default"
        if key not in responses:
            raise AssertionError(f"{method} {path}: status {status} is not documented")
        content = responses[key]["content"]
        if media not in content:
            raise AssertionError(f"{method} {path} {status}: media type {media} is not documented")
        return content[media]["schema"]

    def mismatches(self, schema, value):
        """Every place where `value` breaks `schema`, as "<JSON pointer>: <why>", in document order."""
        validator = Draft202012Validator(schema, resolver=self.resolver)
        found = []
        for error in validator.iter_errors(value):
            pointer = "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in error.absolute_path)
            found.append((list(error.absolute_path), f"{pointer or '(root)'}: {error.message}"))
        return [text for _, text in sorted(found, key=lambda f: [str(p) for p in f[0]])]


def ref(name):
    return {"$ref": "#/components/schemas/" + name}


class OpenApiAnswers(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Serve()
        # Budgets of 1 ms, which any of the searches sent to it below exceeds many times over.
        cls.exhausted = Serve("--route-budget-ms", "1", "--matrix-budget-ms", "1")
        status, _, document = cls.server.request("get", "/v1/openapi.json")
        assert status == 200, status
        cls.doc = Document(document)
        cls.health = cls.server.request("get", "/v1/health")[2]

    @classmethod
    def tearDownClass(cls):
        codes = (cls.server.stop(), cls.exhausted.stop())
        assert codes == (0, 0), f"caravan serve exit statuses {codes}"

    def conforms(self, method, target, body=None, status=200, server=None):
        """Sends the request, checks the status, and the body against the document; the body."""
        answer_status, media, value = (server or self.server).request(method, target, body)
        what = f"{method} {target} {(body or '')[:200]}"
        self.assertEqual(answer_status, status, f"{what}\n{json.dumps(value)[:500]}")
        schema = self.doc.response_schema(method, target.split("?")[0], answer_status, media)
        self.assertEqual(self.doc.mismatches(schema, value), [], f"{what}: {answer_status} does not match the document")
        return value

    def get(self, target, status=200):
        return self.conforms("get", target, status=status)

    def post(self, path, body, status=200, server=None):
        return self.conforms("post", path, body, status, server)

    def test_the_document_is_openapi_3_1_and_every_reference_resolves(self):
        document = self.doc.document
        self.assertEqual(document["openapi"], "3.1.0")
        references = []

        def walk(node):
            if isinstance(node, dict):
                if isinstance(node.get("$ref"), str):
                    references.append(node["$ref"])
                for child in node.values():
                    walk(child)
            elif isinstance(node, list):
                for child in node:
                    walk(child)

        walk(document)
        self.assertGreater(len(references), 50)
        for reference in sorted(set(references)):
            with self.subTest(reference=reference):
                self.doc.resolver.resolve(reference)
        for name, schema in document["components"]["schemas"].items():
            with self.subTest(schema=name):
                Draft202012Validator.check_schema(schema)

    def test_the_check_rejects_wrong_answers_at_their_pointer(self):
        route = ref("RouteResult")
        good = self.post("/v1/route", ROUTE)
        self.assertEqual(self.doc.mismatches(route, good), [])

        def changed(edit):
            value = json.loads(json.dumps(good))
            edit(value)
            return self.doc.mismatches(route, value)

        self.assertEqual(changed(lambda v: v["itineraries"][0]["legs"][0].pop("mode")),
                         ["/itineraries/0/legs/0: 'mode' is a required property"])
        self.assertEqual(changed(lambda v: v["itineraries"][0]["summary"].update(colour="red")),
                         ["/itineraries/0/summary: Additional properties are not allowed ('colour' was unexpected)"])
        wrong_mode = changed(lambda v: v["itineraries"][0]["legs"][0].update(mode="hovercraft"))
        self.assertEqual(len(wrong_mode), 1)
        self.assertTrue(wrong_mode[0].startswith("/itineraries/0/legs/0/mode: 'hovercraft' is not one of ['"), wrong_mode)
        self.assertEqual(changed(lambda v: v["query"].update({"from": 7})), ["/query/from: 7 is not of type 'string'"])
        self.assertEqual(changed(lambda v: v["itineraries"][0]["summary"].update(duration_hours=None)),
                         ["/itineraries/0/summary/duration_hours: None is not of type 'number'"])
        # Null where the document allows it (a leg's service), but not a number.
        self.assertEqual(changed(lambda v: v["itineraries"][0]["legs"][0].update(service=None)), [])
        self.assertEqual(changed(lambda v: v["itineraries"][0]["legs"][0].update(service=3)),
                         ["/itineraries/0/legs/0/service: 3 is not of type 'string', 'null'"])
        self.assertEqual(self.doc.mismatches(ref("Place"), {"type": "node"}),
                         ["(root): {'type': 'node'} is not valid under any of the given schemas"])
        # A reference to nothing is an error, not a pass.
        with self.assertRaises(jsonschema.exceptions.RefResolutionError):
            self.doc.mismatches(ref("NoSuchSchema"), {})

    def test_health_scenarios_and_the_document_itself(self):
        health = self.get("/v1/health")
        scenarios = self.get("/v1/scenarios")
        self.assertEqual(health["scenarios"], len(scenarios["scenarios"]))
        self.assertEqual(health["scenarios"], 8)
        self.get("/v1/openapi.json")

    def test_network_and_scenario_networks(self):
        self.assertEqual(len(self.get("/v1/network")["features"]),
                         self.health["nodes"] + self.health["links"] + self.health["crossings"])
        for scenario in self.get("/v1/scenarios")["scenarios"]:
            self.assertEqual(self.get("/v1/network?scenario=" + scenario["name"])["scenario"], scenario["name"])
        problem = self.get("/v1/network?scenario=atlantis", 400)
        self.assertEqual(problem["errors"][0]["parameter"], "scenario")

    def test_places_nodes_and_crossings(self):
        self.assertEqual(len(self.get("/v1/places")), self.health["nodes"] + self.health["crossings"])
        self.assertEqual(self.get("/v1/places?q=xian")[0]["id"], "CN_XIAN")
        self.get("/v1/places?q=Khorgos")
        self.assertEqual(self.get("/v1/places?q=zzzzzz"), [])
        self.get("/v1/places?q=xian&scenario=nowhere", 400)

    def test_route_answers(self):
        self.post("/v1/route", ROUTE)
        self.post("/v1/route", """{"from":"Xian","to":"Tashkent","via":["Almaty"],"depart":"2026-12-07T08:00Z",
            "objectives":["time","cost"],"eps":0.1,"max_results":3,"reliability":"p90","avoid_countries":["IR"],
            "avoid_chokepoints":["suez"],"modes":["rail","road"],"containers":2,"container":"20ft","gross_tonnes":30,
            "scenario":"cku-open"}""")
        self.post("/v1/route", '{"from":"Chongqing","to":"Duisburg","depart":"2026-12-07T08:00Z","eps":0,"max_results":0}')
        # A 45 ft box, costs also in EUR (a `cost` object in the summary and each leg) and an inline rate card.
        self.post("/v1/route", """{"from":"Xian","to":"Tashkent","depart":"2026-12-07T08:00Z","container":"45ft",
            "currency":"EUR","rates":[{"applies_to":"crossing","id":"khorgos-altynkol","container":"any","usd":350,
            "valid_from":"2026-01-01","valid_to":null}]}""")
        # A first mile from a city outside the network and a last mile to coordinates.
        access = self.post("/v1/route", """{"from":"Karakol","to":"41.0,64.0","first_mile":true,"last_mile":true,
            "depart":"2026-12-07T08:00Z","optimize":"time"}""")
        self.assertEqual([a["node"] for a in access["access"]], ["FIRST_MILE", "LAST_MILE"])
        self.assertEqual(access["itineraries"][0]["legs"][0]["from"]["id"], "FIRST_MILE")
        self.assertEqual(access["itineraries"][0]["legs"][-1]["to"]["id"], "LAST_MILE")
        # Groupage: 5 m3 through the consolidation hubs (query.cargo, revenue_tonnes and usd_per_wm on its legs).
        lcl = self.post("/v1/route", """{"from":"Urumqi","to":"Tashkent","depart":"2026-12-09T02:00Z",
            "cargo":{"kind":"lcl","weight_kg":800,"volume_m3":5,"pieces":12}}""")
        self.assertEqual([i["summary"]["cost_usd"] for i in lcl["itineraries"]], [750, 530])
        # A reefer (left_out stretches, summary.reefer) and class 3 kept out of Marmaray (restrictions).
        reefer = self.post("/v1/route", """{"from":"Tashkent","to":"Moscow","depart":"2026-07-06T04:00Z",
            "cargo":{"reefer":true,"fresh_produce":true}}""")
        self.assertEqual(reefer["left_out"][0]["id"], "KZ_KYZYLORDA>KZ_AKTOBE")
        self.assertEqual(reefer["query"]["cargo"], {"fresh_produce": True, "kind": "fcl", "reefer": True})
        marmaray = self.post("/v1/route", """{"from":"Ankara","to":"Kapikule","depart":"2026-07-06T04:00Z","modes":["rail"],
            "cargo":{"dangerous":"3"}}""")
        self.assertEqual([r["id"] for r in marmaray["restrictions"]], ["rail:TR_ANKARA:TR_ISTANBUL"])
        caspian = self.post("/v1/route", """{"from":"Aktau","to":"Baku","depart":"2026-12-07T06:00Z","cargo":{"dangerous":3}}""")
        self.assertIn("dangerous_goods", caspian["itineraries"][-1]["summary"])
        # A parcel: per chargeable kg by express truck and by air, with the customs rules on the way.
        parcel = self.post("/v1/route", """{"from":"Yiwu","to":"Almaty","depart":"2026-12-07T00:00Z",
            "cargo":{"kind":"parcel","weight_kg":20,"value_usd":150}}""")
        self.assertEqual(len(parcel["itineraries"]), 2)
        self.assertEqual([c["outcome"] for c in parcel["itineraries"][0]["summary"]["customs"]], ["within", "within"])
        none = self.post("/v1/route", '{"from":"Xian","to":"Tashkent","modes":["sea"],"depart":"2026-12-07T08:00Z"}')
        self.assertEqual(none["itineraries"], [])
        self.assertIn("no_route", none)

    def test_route_errors(self):
        self.assertEqual(self.post("/v1/route", '{"from":', 400)["errors"][0]["pointer"], "")
        self.assertEqual(self.post("/v1/route", "[]", 400)["errors"][0]["pointer"], "")
        place = self.post("/v1/route", '{"from":"Xia","to":"Tashkent"}', 400)
        self.assertEqual(place["type"], "urn:caravan:problem:unknown-place")
        self.assertEqual(place["errors"][0]["candidates"][0]["id"], "CN_XIAN")
        self.assertEqual(self.post("/v1/route", '{"from":"Xian","to":"Tashkent","scenario":"x"}', 400)
                         ["errors"][0]["candidates"][0], "caspian-storm")
        self.assertEqual(self.post("/v1/route", '{"from":"Xian","to":"Tashkent","eps":"big"}', 400)["errors"][0]["pointer"], "/eps")
        self.assertEqual(self.post("/v1/route", '{"to":"Tashkent"}', 400)["errors"][0]["pointer"], "/from")
        # Bad cargo: each problem at its pointer inside the cargo object.
        cargo = self.post("/v1/route", """{"from":"Urumqi","to":"Tashkent",
            "cargo":{"kind":"lcl","weight_kg":-5}}""", 400)
        self.assertEqual([(e["pointer"], e["detail"]) for e in cargo["errors"]],
                         [("/cargo/weight_kg", "-5 is not a weight in kg within (0, 1000000]"),
                          ("/cargo/volume_m3", "is required for lcl cargo (priced on the larger of weight and volume)")])
        self.assertEqual(self.post("/v1/route", '{"from":"Urumqi","to":"Tashkent","cargo":{"dangerous":10}}', 400)["errors"],
                         [{"pointer": "/cargo/dangerous", "detail": "'10' is not a UN dangerous goods class 1..9"}])
        self.assertEqual(self.post("/v1/route", '{"from":"Urumqi","to":"Tashkent","cargo":{"dangerous":[3]}}', 400)
                         ["errors"][0]["pointer"], "/cargo/dangerous")
        self.assertEqual(self.post("/v1/route", """{"from":"Urumqi","to":"Tashkent",
            "cargo":{"kind":"lcl","weight_kg":800,"volume_m3":5,"reefer":true}}""", 400)["errors"][0]["pointer"], "/cargo/reefer")
        parcel = self.post("/v1/route", '{"from":"Yiwu","to":"Almaty","cargo":{"kind":"parcel","value_usd":-1}}', 400)
        self.assertEqual([(e["pointer"], e["detail"]) for e in parcel["errors"]],
                         [("/cargo/value_usd", "-1 is not a value in USD within [0, 1000000000]"),
                          ("/cargo/weight_kg", "is required for parcel cargo (priced per chargeable kg)")])
        self.assertEqual(self.post("/v1/route", '{"from":"Urumqi","to":"Tashkent","cargo":{"colour":"red"}}', 400)
                         ["errors"][0]["pointer"], "/cargo/colour")
        self.assertEqual(self.post("/v1/route", '{"from":"Urumqi","to":"Tashkent","cargo":{"kind":"bulk"}}', 400)
                         ["errors"][0]["pointer"], "/cargo/kind")
        self.assertEqual(self.post("/v1/route", '{"from":"Urumqi","to":"Tashkent","cargo":"lcl"}', 400)
                         ["errors"][0]["detail"], "must be an object")
        self.assertEqual(self.post("/v1/route", '{"from":"Xian","to":"Xian"}', 400)["type"], "urn:caravan:problem:invalid-request")
        far = self.post("/v1/route", '{"from":"39.0,83.0","to":"Almaty","first_mile":true}', 400)
        self.assertEqual(far["errors"][0]["pointer"], "/from")
        self.assertEqual(self.post("/v1/route", '{"from":"Karakol","to":"Almaty","first_mile":"yes"}', 400)
                         ["errors"][0]["pointer"], "/first_mile")
        self.post("/v1/route", " " * 1100000, 413)
        busy = self.post("/v1/route", '{"from":"Xian","to":"Rotterdam","objectives":["time","cost","co2","risk"],"eps":0}',
                         503, self.exhausted)
        self.assertEqual(busy["type"], "urn:caravan:problem:route-budget-exhausted")

    def test_matrix_answers_and_errors(self):
        m = self.post("/v1/matrix", '{"from":["Xian","Urumqi"],"to":["Tashkent","Xian"],"depart":"2026-12-07T08:00Z"}')
        self.assertEqual(len(m["cells"]), 4)
        self.assertIsNone(m["cells"][1]["fastest"])  # Xian → Xian
        self.post("/v1/matrix", '{"from":["Baku"],"to":["GE_POTI"],"scenario":"caspian-storm","depart":"2026-12-07T08:00Z"}')
        place = self.post("/v1/matrix", '{"from":["Xian"],"to":["Tashkent","Tashkend"]}', 400)
        self.assertEqual(place["errors"][0]["pointer"], "/to/1")
        self.assertEqual(place["type"], "urn:caravan:problem:unknown-place")
        many = json.dumps({"from": ["Xian"] * 21, "to": ["Almaty"] * 20})
        limit = self.post("/v1/matrix", many, 400)
        self.assertEqual(limit["errors"][0]["pointer"], "/to")
        self.assertIn("matrix_max_cells", limit["detail"])
        self.assertEqual(self.post("/v1/matrix", '{"from":"Xian","to":["Almaty"]}', 400)["errors"][0]["pointer"], "/from")
        # Several departures per pair: each cell names its own.
        days = self.post("/v1/matrix", '{"from":["Aktau"],"to":["AZ_ALAT"],"depart":"2026-12-07T08:00Z","departures":3,"every_hours":24}')
        self.assertEqual(len(days["cells"]), 3)
        self.assertEqual(days["cells"][2]["depart"], "2026-12-09T08:00Z")
        self.assertEqual(self.post("/v1/matrix", '{"from":["Aktau"],"to":["AZ_ALAT"],"departures":40}', 400)
                         ["errors"][0]["pointer"], "/departures")
        self.assertEqual(self.post("/v1/matrix", '{"from":["Aktau"],"to":["AZ_ALAT"],"every_hours":-1}', 400)
                         ["errors"][0]["pointer"], "/every_hours")
        self.post("/v1/matrix", '{"from":["Xian"],"to":["Almaty"],"scenario":"x"}', 400)
        self.post("/v1/matrix", "nonsense", 400)
        self.post("/v1/matrix", " " * 1100000, 413)
        # Nine searches from China to the North Sea: far over 1 ms.
        busy = self.post("/v1/matrix", '{"from":["Xian","Chongqing","Urumqi"],"to":["Rotterdam","Duisburg","Hamburg"]}',
                         503, self.exhausted)
        self.assertEqual(busy["type"], "urn:caravan:problem:matrix-budget-exhausted")

    def test_unrouted_requests_are_problems(self):
        for method, target, body in (("get", "/v1/nothing", None), ("post", "/v1/health", "{}"), ("delete", "/v1/route", None)):
            with self.subTest(method=method, target=target):
                status, media, value = self.server.request(method, target, body)
                self.assertEqual(status, 404)
                self.assertEqual(media, "application/problem+json")
                self.assertEqual(self.doc.mismatches(ref("Problem"), value), [])


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    CARAVAN = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
