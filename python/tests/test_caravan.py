"""The caravan Python module on the bundled data, run by ctest with Debian's /usr/bin/python3."""
import json
import math
import unittest

import caravan

MONDAY = "2026-12-07T08:00Z"


class CaravanModule(unittest.TestCase):
    def test_places_are_plain_dicts(self):
        rows = caravan.places("Tashkent")
        self.assertEqual(rows[0]["id"], "UZ_TASHKENT")
        self.assertEqual(rows[0]["country"], "UZ")
        self.assertGreater(len(caravan.places()), 100)
        json.dumps(rows)  # plain Python structures all the way down

    def test_route_matches_the_cli_json_shape(self):
        r = caravan.route("Xian", "Tashkent", depart=MONDAY, optimize="time")
        self.assertEqual(len(r["itineraries"]), 1)
        self.assertIn("summary", r["itineraries"][0])
        with self.assertRaisesRegex(ValueError, "unknown place 'Atlantis'"):
            caravan.route("Atlantis", "Tashkent", depart=MONDAY)

    def test_route_plans_groupage(self):
        # 5 m3 of LCL Urumqi -> Tashkent (tests/scenarios/cargo_classes_test.cpp): fast via Almaty, cheap direct.
        r = caravan.route("Urumqi", "Tashkent", depart="2026-12-09T02:00Z", cargo="lcl", weight_kg=800, volume_m3=5)
        self.assertEqual([i["summary"]["cost_usd"] for i in r["itineraries"]], [750, 530])
        self.assertEqual(r["query"]["cargo"]["kind"], "lcl")
        with self.assertRaisesRegex(ValueError, "^volume_m3: is required for lcl cargo"):
            caravan.route("Urumqi", "Tashkent", cargo="lcl", weight_kg=800)

    def test_route_clears_pre_declared_cargo_in_the_green_lane(self):
        # tests/scenarios/green_lane_test.cpp: Khorgos road in 1 h instead of the published 51.4 h.
        r = caravan.route("Urumqi", "Almaty", depart=MONDAY, optimize="time", green_lane=True)
        crossings = [leg["crossing"] for leg in r["itineraries"][0]["legs"] if leg["crossing"]]
        self.assertEqual([(c["id"], c["green_lane"], c["processing_hours"]) for c in crossings],
                         [("khorgos-nurzholy", True, 1.0)])

    def test_route_plans_reefers_and_dangerous_goods(self):
        # tests/scenarios/reefer_dangerous_test.cpp: the reefer truck; class 3 kept out of Marmaray.
        r = caravan.route("Tashkent", "Moscow", depart="2026-07-06T04:00Z", reefer=True, fresh_produce=True)
        self.assertEqual(r["itineraries"][0]["summary"]["co2e_kg"], 7405.4)
        self.assertEqual(r["left_out"][0]["id"], "KZ_KYZYLORDA>KZ_AKTOBE")
        d = caravan.route("Ankara", "Kapikule", depart="2026-07-06T04:00Z", dangerous=3)
        self.assertEqual(d["query"]["cargo"], {"dangerous": 3, "kind": "fcl"})
        with self.assertRaisesRegex(ValueError, "^dangerous: '10' is not a UN dangerous goods class 1..9"):
            caravan.route("Ankara", "Kapikule", dangerous=10)

    def test_route_plans_a_parcel(self):
        # 20 kg Yiwu -> Almaty (tests/scenarios/parcels_test.cpp): the flight from Urumqi, or the express truck.
        r = caravan.route("Yiwu", "Almaty", depart="2026-12-07T00:00Z", cargo="parcel", weight_kg=20, value_usd=150)
        self.assertEqual([i["summary"]["cost_usd"] for i in r["itineraries"]], [112.85, 42])
        self.assertEqual([i["summary"]["usd_per_kg"] for i in r["itineraries"]], [5.64, 2.1])
        self.assertEqual(r["itineraries"][1]["summary"]["customs"][1]["outcome"], "within")
        with self.assertRaisesRegex(ValueError, "^weight_kg: is required for parcel cargo"):
            caravan.route("Yiwu", "Almaty", cargo="parcel")

    def test_matrix_has_one_row_per_pair(self):
        rows = caravan.matrix(["Xian", "Kashgar"], ["Tashkent", "Almaty"], depart=MONDAY)
        self.assertEqual([(r["from"], r["to"]) for r in rows],
                         [("CN_XIAN", "UZ_TASHKENT"), ("CN_XIAN", "KZ_ALMATY"),
                          ("CN_KASHGAR", "UZ_TASHKENT"), ("CN_KASHGAR", "KZ_ALMATY")])
        self.assertTrue(all(r["reachable"] and r["hours"] > 0 for r in rows))

    def test_a_first_mile_reaches_a_city_off_the_network(self):
        with self.assertRaisesRegex(ValueError, "from: 'Karakol' .* is not in the network"):
            caravan.route("Karakol", "Tashkent", depart=MONDAY)
        r = caravan.route("Karakol", "Tashkent", depart=MONDAY, optimize="time", first_mile=True)
        self.assertEqual(r["access"][0]["node"], "FIRST_MILE")
        self.assertEqual([p["place"] for p in r["access"][0]["reaches"]], ["KG_BALYKCHY", "KG_NARYN", "KG_TOKMOK"])
        self.assertEqual(r["itineraries"][0]["legs"][0]["from"]["id"], "FIRST_MILE")

    def test_simulate_brackets_the_closed_form(self):
        s = caravan.simulate(lambda_=0.8, mu=1.0, servers=1, hours=20000, replications=10, seed=7)
        self.assertAlmostEqual(s["wq_closed_form_hours"], 0.8 / (1.0 * (1.0 - 0.8)))
        self.assertEqual(len(s["wq_hours"]), 10)
        self.assertLess(abs(s["wq_mean_hours"] - s["wq_closed_form_hours"]), 4 * s["wq_ci95_half_width"] + 0.2)

    def test_compare_shows_the_cku_rail_shortcut(self):
        c = caravan.compare("cku-open", pairs=[("Kashgar", "Andijan")], depart=MONDAY, modes=["rail"])
        p = c["pairs"][0]
        self.assertTrue(p["route_changed"])
        self.assertEqual(p["scenario"]["corridor"], "CN-KG-UZ")
        self.assertLess(p["delta"]["hours"], -24)

    def test_capacity_of_gas_lines_a_to_d(self):
        now = caravan.capacity("TM,UZ,KZ", "CN", mode="pipeline", at=MONDAY)
        planned = caravan.capacity("TM,UZ,KZ", "CN", mode="pipeline", include_planned=True, at=MONDAY)
        self.assertEqual(now["max_flow"], 55.0)
        self.assertEqual(planned["max_flow"], 85.0)
        self.assertEqual(sorted(c["id"][-1] for c in planned["min_cut"]), ["A", "B", "C", "D"])

    def test_assign_returns_loads_and_pairs(self):
        demand = [
            {"origin": "Xian", "destination": "Duisburg", "teu_per_year": 300000, "cargo_class": "general"},
            {"origin": "Shanghai", "destination": "Rotterdam", "teu_per_year": 100000, "cargo_class": "bulk"},
        ]
        a = caravan.assign(demand, method="fw", at=MONDAY)
        self.assertEqual(len(a["pairs"]), 2)
        self.assertTrue(all(p["reachable"] for p in a["pairs"]))
        total = sum(l["teu_per_day"] for l in a["loads"] if l["kind"] == "crossing" and l["from"].startswith("CN_"))
        self.assertGreater(total, 0)
        self.assertTrue(math.isfinite(a["relative_gap"]))
        with self.assertRaisesRegex(ValueError, r"demand\[0\]: missing 'cargo_class'"):
            caravan.assign([{"origin": "Xian", "destination": "Duisburg", "teu_per_year": 1}])


if __name__ == "__main__":
    unittest.main()
