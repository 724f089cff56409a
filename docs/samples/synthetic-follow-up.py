#!/usr/bin/env python3
"""Records a SYNTHETIC follow-up of the built-in plan for 2024 and 2025, through goalctl.

Every value, judgement and analysis below is made up, to show goald's status, comparison and report filled in:
none of it describes Region Värmland or anyone's work. Each value's source and each analysis begins with
"Syntetiskt exempel", and the report says at its top that it contains synthetic sample data.

The plan runs 2024-2026, so the sample covers 2024-interim, 2024-annual, 2025-interim and 2025-annual (2025
compares with 2024). It also sets the pending target of 5.6.4.1 (from 2025-interim) and the staff (FTE) of
"Regional utveckling" for kg per FTE, to go with synthetic-trips-2019-2025.csv.

    python3 docs/samples/synthetic-follow-up.py --goalctl .build/release/goalctl --socket .run/goald.sock
    python3 docs/samples/synthetic-follow-up.py --print      # the goalctl commands, one per line

With --if-empty it records nothing when goald already has a follow-up (what `make run` uses).
"""
import argparse
import json
import shlex
import subprocess
import sys

SOURCE = "Syntetiskt exempel (docs/samples)"
PERIODS = ["2024-interim", "2024-annual", "2025-interim", "2025-annual"]

# Per indicator: a value for each period (None: not measured that period).
VALUES = {
    "5.3.1.1": ["85", "92", "95", "100"],
    "5.3.1.2": ["80", "88", "90", "96"],
    "5.3.1.3": ["90", "100", "95", "100"],
    "5.3.1.4": ["52", "55", "58", "63"],
    "5.3.1.5": ["nej", "ja", "ja", "ja"],
    "5.3.1.6": ["nej", "nej", "ja", "ja"],
    "5.4.1.1": ["nej", "ja", "ja", "ja"],
    "5.4.2.1": ["Syntetiskt exempel: 18 företag har fått stöd under perioden.",
                "Syntetiskt exempel: 41 företag fick stöd; uppföljningen visar ökad omsättning hos två av tre.",
                "Syntetiskt exempel: 22 företag har fått stöd under perioden.",
                "Syntetiskt exempel: 47 företag fick stöd; fler i glesbygd än året innan."],
    "5.4.2.2": ["22", "27", "26", "31"],
    "5.4.2.3": ["41", "46", "48", "53"],
    "5.4.2.4": ["nej", "ja", "ja", "ja"],
    "5.5.1.1": ["ja", "ja", "ja", "ja"],
    "5.5.1.2": ["Syntetiskt exempel: två testbäddar i drift.",
                "Syntetiskt exempel: tre testbäddar i drift, en ny samverkan med kommunerna.",
                "Syntetiskt exempel: tre testbäddar i drift.",
                "Syntetiskt exempel: fyra testbäddar; satsningen utvärderas under 2026."],
    "5.6.1.1": ["-1200000", "350000", "-400000", "820000"],
    "5.6.2.1": [None, "78", None, "81"],
    "5.6.2.2": ["4,1", "8,7", "3,9", "9,4"],
    "5.6.3.1": ["4,2", "3,8", "3,6", "2,9"],
    "5.6.3.2": ["2,4", "2,6", "2,2", "2,1"],
    "5.6.3.3": ["60", "92", "70", "100"],
    "5.6.3.4": ["50", "85", "65", "95"],
}

# Women's and men's values beside the total, for two of the indicators split by gender (the total is its own figure:
# sick leave is weighted by hours, so it is not the mean of the two).
BY_GENDER = {
    "5.6.2.2": [("4,4", "3,6"), ("9,2", "8,0"), ("4,0", "3,7"), ("9,9", "8,6")],
    "5.6.3.1": [("4,9", "3,1"), ("4,5", "2,8"), ("4,2", "2,7"), ("3,4", "2,2")],
}

# The committee's judgement of each result goal, and of the qualitative indicators, per period.
ASSESSMENTS = {
    "5.3.1": ["delvis uppfyllt", "delvis uppfyllt", "delvis uppfyllt", "uppfyllt"],
    "5.4.1": ["ej uppfyllt", "uppfyllt", "uppfyllt", "uppfyllt"],
    "5.4.2": ["delvis uppfyllt", "delvis uppfyllt", "delvis uppfyllt", "uppfyllt"],
    "5.5.1": ["uppfyllt", "uppfyllt", "uppfyllt", "uppfyllt"],
    "5.6.1": ["ej uppfyllt", "uppfyllt", "ej uppfyllt", "uppfyllt"],
    "5.6.2": ["delvis uppfyllt", "delvis uppfyllt", "delvis uppfyllt", "uppfyllt"],
    "5.6.3": ["ej uppfyllt", "delvis uppfyllt", "delvis uppfyllt", "uppfyllt"],
    "5.6.4": ["delvis uppfyllt", "delvis uppfyllt", "uppfyllt", "uppfyllt"],
    "5.4.2.1": ["delvis uppfyllt", "uppfyllt", "delvis uppfyllt", "uppfyllt"],
    "5.5.1.2": ["uppfyllt", "uppfyllt", "uppfyllt", "uppfyllt"],
}

ANALYSIS = {
    "5.3.1": "fler aktörer deltar i årshjulets möten än förra året, men inte alla; samverkansavtalen kopplas nu till strategin.",
    "5.4.1": "målen och strukturerna för kompetensförsörjningen är fastställda efter det nya tillägget i förordningen.",
    "5.4.2": "medfinansieringen har ökat, men andelen i ERP-projekten ligger nära målet; färdplanerna är framtagna.",
    "5.5.1": "handlingsplanen för digital infrastruktur följs och satsningen på testbäddar har vuxit.",
    "5.6.1": "nämnden redovisar ett resultat i nivå med budget efter åtgärder under hösten.",
    "5.6.2": "medarbetarengagemanget har ökat; personalomsättningen ligger kring målvärdet.",
    "5.6.3": "sjukfrånvaron minskar och skyddsronderna genomförs i högre grad än tidigare.",
    "5.6.4": "resorna har flyttat från flyg och bil till tåg; utsläppen ligger under basåret 2020.",
    "5.4.2.1": "stödet har nått fler företag, även utanför de större orterna.",
    "5.5.1.2": "testbäddarna används av både företag och kommuner.",
}

# The plan left 5.6.4.1's target "Uppdateras"; the sample sets it from 2025-interim, a period that has closed when the
# sample is recorded, so it gives the decision as the reason (and the report says the target was changed afterwards).
TARGETS = [("5.6.4.1", "25", "2025-interim", "Syntetiskt exempel: målvärdet fastställt av nämnden 2025-02-18, § 12")]
STAFF = [("Regional utveckling", year, fte) for year, fte in
         [(2019, "171"), (2020, "176"), (2021, "180"), (2022, "184"), (2023, "190"), (2024, "195,5"), (2025, "198")]]


def commands():
    """Every goalctl command of the sample, in the order it is recorded."""
    for key, value, period, reason in TARGETS:
        yield ["target", key, value, "--from", period, "--reason", reason]
    for unit, year, fte in STAFF:
        yield ["travel", "staff", unit, str(year), fte]
    for index, period in enumerate(PERIODS):
        for key, values in VALUES.items():
            if values[index] is not None:
                split = BY_GENDER.get(key)
                gender = ["--women", split[index][0], "--men", split[index][1]] if split else []
                yield ["measure", key, values[index], "--period", period, "--source", SOURCE] + gender
        for subject, levels in ASSESSMENTS.items():
            kind = "delår" if period.endswith("interim") else "helår"
            text = f"Syntetiskt exempel ({kind} {period[:4]}): {ANALYSIS[subject]}"
            yield ["assess", subject, levels[index].replace(" ", "-"), "--period", period, "--text", text]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--goalctl", default="goalctl", help="the goalctl program")
    parser.add_argument("--socket", help="goald's socket (default: goalctl's)")
    parser.add_argument("--print", action="store_true", help="print the commands instead of running them")
    parser.add_argument("--if-empty", action="store_true", help="record nothing when goald has a follow-up already")
    args = parser.parse_args()
    base = [args.goalctl] + (["--socket", args.socket] if args.socket else [])
    if args.print:
        for command in commands():
            print(shlex.join(["goalctl"] + command))
        return 0
    if args.if_empty:
        status = subprocess.run(base + ["status", "--json"], capture_output=True, text=True)
        if status.returncode != 0:
            print(status.stderr.strip(), file=sys.stderr)
            return status.returncode
        if json.loads(status.stdout).get("periodChosen") != "current":
            print("goald has a follow-up already: the synthetic one is not recorded")
            return 0
    count = 0
    for command in commands():
        done = subprocess.run(base + command, capture_output=True, text=True)
        if done.returncode != 0:
            print(f"{shlex.join(command)}: {done.stderr.strip()}", file=sys.stderr)
            return done.returncode
        count += 1
    print(f"recorded the synthetic follow-up 2024-2025: {count} commands (values, judgements, a target, staff)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
