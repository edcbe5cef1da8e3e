#!/usr/bin/python3
"""Corridor analysis from Python, notebook style: run it cell by cell, or whole.

Build the module first (Debian's /usr/bin/python3):
    cmake -S . -B build -G Ninja && cmake --build build --target caravan_python
    PYTHONPATH=build/python /usr/bin/python3 docs/analysis_example.py
Every function returns plain dicts and lists; pandas (python3-pandas) is used when installed.
"""
import caravan

try:
    import pandas as pd
except ImportError:  # the example still runs, printing plain rows
    pd = None

DEPART = "2026-12-07T08:00Z"


def show(rows, columns):
    if pd is not None:
        print(pd.DataFrame(rows)[columns].to_string(index=False))
    else:
        for row in rows:
            print({c: row.get(c) for c in columns})
    print()


# %% Places: every node of the network, ready for a DataFrame.
places = caravan.places()
print(len(places), "places;", caravan.places("Andijan")[0])

# %% One route, the same answer as `caravan route --format json`.
route = caravan.route("Xian", "Tashkent", depart=DEPART, optimize="time")
print("Xi'an → Tashkent:", route["itineraries"][0]["summary"]["duration_hours"], "h")

# %% A matrix of fastest itineraries.
show(caravan.matrix(["Xian", "Chongqing"], ["Tashkent", "Tehran", "Duisburg"], depart=DEPART),
     ["from", "to", "hours", "cost_usd", "corridor"])

# %% What the CKU railway changes for rail freight.
cku = caravan.compare("cku-open", pairs=[("Kashgar", "Andijan"), ("Kashgar", "Tashkent"), ("Xian", "Tehran")],
                      depart=DEPART, modes=["rail"])
rows = [{"from": p["from"], "to": p["to"], "days_saved": -p["delta"]["hours"] / 24,
         "km_saved": -p["delta"]["distance_km"], "corridor": p["scenario"]["corridor"]} for p in cku["pairs"]]
show(rows, ["from", "to", "days_saved", "km_saved", "corridor"])

# %% China → EU without Russia and Iran: the Caspian crossing binds.
cap = caravan.capacity("CN", "EU", avoid_countries=["RU", "IR"], modes=["rail", "road", "ferry"], at=DEPART)
print(f"max flow {cap['max_flow']:.1f} {cap['unit']}")
show(cap["min_cut"], ["kind", "id", "capacity"])

# %% Gas lines A–D into China.
for planned in (False, True):
    gas = caravan.capacity("TM,UZ,KZ", "CN", mode="pipeline", include_planned=planned, at=DEPART)
    print("with line D" if planned else "lines A-C", gas["max_flow"], gas["unit"])
print()

# %% Assign a demand table with the Red Sea closed; which crossings saturate?
demand = [
    {"origin": "Xian", "destination": "Duisburg", "teu_per_year": 150000, "cargo_class": "general"},
    {"origin": "Shanghai", "destination": "Rotterdam", "teu_per_year": 300000, "cargo_class": "general"},
    {"origin": "Shanghai", "destination": "Piraeus", "teu_per_year": 150000, "cargo_class": "general"},
]
flows = caravan.assign(demand, scenario="red-sea-closed", at=DEPART)
print("relative gap", flows["relative_gap"], "after", flows["iterations"], "iterations")
crossings = [l for l in flows["loads"] if l["kind"] == "crossing"]
show(crossings[:5], ["id", "teu_per_day", "capacity_teu_day", "utilisation", "wait_hours"])
show(flows["pairs"], ["from", "to", "hours", "corridor"])

# %% The border queue simulator beside its closed form.
sim = caravan.simulate(lambda_=0.8, mu=1.0, servers=1, hours=20000, replications=10)
print("M/M/1 wait: simulated", round(sim["wq_mean_hours"], 2), "±", round(sim["wq_ci95_half_width"], 2),
      "h; closed form", sim["wq_closed_form_hours"], "h")
