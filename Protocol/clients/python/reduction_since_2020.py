#!/usr/bin/env python3
"""How far has business-travel emission fallen since 2020? Asks goald and prints the answer.

    reduction_since_2020.py [--socket PATH] [--unit UNIT] [--year YEAR]

Exit status: 0 with an answer, 1 when goald answers with an error, 69 when goald cannot be reached.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from goald_client import GoaldClient, GoaldError  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--socket", default=os.environ.get("GOALD_SOCKET", "/run/goald/goald.sock"))
    parser.add_argument("--unit", default=None, help="only this unit's trips")
    parser.add_argument("--year", type=int, default=None, help="the year compared (default: the latest with trips)")
    args = parser.parse_args()
    params = {"baseline": 2020}
    if args.unit:
        params["unit"] = args.unit
    if args.year:
        params["year"] = args.year
    try:
        with GoaldClient(args.socket) as goald:
            answer = goald.call("goald.v1.Travel/GetReduction", params)
    except (FileNotFoundError, ConnectionRefusedError) as error:
        print(f"goald is not running on {args.socket}: {error}", file=sys.stderr)
        return 69
    except GoaldError as error:
        print(f"goald: {error}", file=sys.stderr)
        return 1
    base, current = answer["baseline"], answer["current"]
    like, reported = answer["likeForLike"], answer["asReported"]
    who = answer.get("unit") or "all units"
    print(f"Business-travel emissions, {who}: {current['year']} against {base['year']}")
    if answer.get("provisionalThrough"):
        # The year's trips are not all in: both years are compared over the same days, and the figure can change.
        print(f"  PROVISIONAL: trips known through {answer['provisionalThrough']}; both years compared "
              f"{current['from']} to {current['through']} and {base['from']} to {base['through']}")
    for name, figure in (("like for like", like), ("as reported", reported)):
        pct = figure.get("reductionPercent")
        text = "no baseline emissions" if pct is None else (f"fell {pct:.1f} %" if pct >= 0 else f"rose {-pct:.1f} %")
        print(f"  {name:14} {figure['baselineKgCO2e']:10.1f} kg -> {figure['currentKgCO2e']:10.1f} kg  {text}")
    print(f"  like-for-like factor set: {like.get('factorSet')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
