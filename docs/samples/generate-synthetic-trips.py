#!/usr/bin/env python3
"""Writes synthetic-trips-2019-2025.csv: made-up business trips for trying goald.

The trips are SYNTHETIC. They follow a plausible shape (a pandemic dip in 2020-2021, travel resuming in 2022,
a slow shift from flights and cars to rail afterwards) but describe no real person, trip or organisation.
The output is the same on every run (fixed random seed).
"""
import calendar
import csv
import random
import sys

random.seed(20240831)

# trips per year, and the mode mix (weights) per year
YEARS = {
    2019: (1500, {"flight": 18, "rail": 40, "car_private": 25, "bus": 8, "taxi": 5, "car_electric": 2, "ferry": 2}),
    2020: (700, {"flight": 12, "rail": 42, "car_private": 30, "bus": 8, "taxi": 4, "car_electric": 3, "ferry": 1}),
    2021: (450, {"flight": 8, "rail": 44, "car_private": 32, "bus": 8, "taxi": 3, "car_electric": 4, "ferry": 1}),
    2022: (750, {"flight": 14, "rail": 44, "car_private": 26, "bus": 7, "taxi": 4, "car_electric": 4, "ferry": 1}),
    2023: (750, {"flight": 11, "rail": 50, "car_private": 22, "bus": 7, "taxi": 3, "car_electric": 6, "ferry": 1}),
    2024: (650, {"flight": 8, "rail": 56, "car_private": 18, "bus": 8, "taxi": 2, "car_electric": 7, "ferry": 1}),
    2025: (600, {"flight": 6, "rail": 60, "car_private": 15, "bus": 9, "taxi": 2, "car_electric": 7, "ferry": 1}),
}
UNITS = [("Regional utveckling", 7), ("Kultur och bildning", 3)]
# distance ranges in km per traveller
DISTANCES = {
    "flight": [(300, 700, 6), (900, 2500, 3), (5000, 9000, 1)],
    "rail": [(60, 380, 1)],
    "car_private": [(20, 250, 1)],
    "bus": [(15, 120, 1)],
    "taxi": [(3, 25, 1)],
    "car_electric": [(20, 250, 1)],
    "ferry": [(20, 200, 1)],
}
COST_PER_KM = {"flight": 2.2, "rail": 1.1, "car_private": 2.5, "bus": 0.9, "taxi": 15.0, "car_electric": 2.5, "ferry": 1.5}


def pick(weights):
    names = list(weights)
    return random.choices(names, weights=[weights[n] for n in names])[0]


def trip_date(year):
    # 2020: travel stops after mid-March
    while True:
        month = random.randint(1, 12)
        if month == 7 and random.random() < 0.7:
            continue  # little travel in July
        if year == 2020 and (month > 3 or month == 3) and random.random() < 0.8:
            continue
        day = random.randint(1, calendar.monthrange(year, month)[1])
        return f"{year}-{month:02d}-{day:02d}"


def main(path):
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["id", "date", "mode", "distance_km", "travellers", "unit", "co2e_kg", "cost_sek"])
        for year, (count, mix) in YEARS.items():
            for n in range(1, count + 1):
                mode = pick(mix)
                low, high, _ = random.choices(DISTANCES[mode], weights=[w for _, _, w in DISTANCES[mode]])[0]
                distance = round(random.uniform(low, high), 1)
                travellers = 1 if mode in ("flight", "taxi") else random.choices([1, 2, 3], weights=[7, 2, 1])[0]
                unit = random.choices([u for u, _ in UNITS], weights=[w for _, w in UNITS])[0]
                reported = ""
                if mode == "flight" and random.random() < 0.15:
                    reported = f"{distance * travellers * random.uniform(0.12, 0.2):.1f}"
                cost = round(distance * travellers * COST_PER_KM[mode] * random.uniform(0.8, 1.3))
                writer.writerow([f"SYN-{year}-{n:05d}", trip_date(year), mode, distance, travellers, unit, reported, cost])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "synthetic-trips-2019-2025.csv")
