"""`managers`: each operational manager's team measures and funnel-plot flags."""

from __future__ import annotations

import argparse
import json
import math
from dataclasses import replace

from dashboard.commands.common import add_source_and_filters, filters_from, load
from dashboard.metrics.managers import BENCHMARKS, DEFAULT_MIN_N, TEAM_MEASURES


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "managers", help="flag under- and over-performing operational managers"
    )
    add_source_and_filters(parser)
    parser.add_argument(
        "--measure",
        choices=list(TEAM_MEASURES),
        action="append",
        default=[],
        help="repeatable; default: every measure the data allows",
    )
    parser.add_argument("--manager", action="append", default=[], help="manager id; repeatable")
    parser.add_argument(
        "--benchmark",
        choices=list(BENCHMARKS),
        default="organisation",
        help="judge against the organisation's rate or the selected managers' own",
    )
    parser.add_argument(
        "--min-n", type=int, default=DEFAULT_MIN_N, help="minimum team size to be judged"
    )
    parser.add_argument(
        "--overdispersion",
        choices=("auto", "none"),
        default="auto",
        help="auto widens the limits when managers vary more than chance",
    )


def _number(value: float) -> float | None:
    return None if value is None or math.isnan(value) else float(value)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def run(args: argparse.Namespace) -> int:
    from dashboard.metrics.managers import review

    loaded = load(args)
    data = loaded.data
    filters = replace(filters_from(args, data, loaded.history_from), managers=tuple(args.manager))
    result = review(
        data,
        filters,
        benchmark=args.benchmark,
        min_n=args.min_n,
        overdispersion=args.overdispersion,
    )
    missing = [m for m in args.measure if m not in result.measures]
    if missing:
        names = ", ".join(TEAM_MEASURES[m].lower() for m in missing)
        raise ValueError(f"the data has no sessions or goals to judge {names} on")
    measures = args.measure or result.measures
    rows = []
    for row in result.table.to_dict("records"):
        entry = {
            "manager_id": row["manager_id"],
            "name": row["name"],
            "department": _text(row["department"]),
            "division": _text(row["division"]),
            "team_size": int(row["team_size"]),
            "overall_status": row["status"],
        }
        for m in measures:
            entry[m] = {
                "x": int(row[f"{m}_x"]),
                "n": int(row[f"{m}_n"]),
                "rate": _number(row[f"{m}_rate"]),
                "shrunken_rate": _number(row[f"{m}_shrunken_rate"]),
                "p_value": _number(row[f"{m}_p_value"]),
                "flag": row[f"{m}_flag"],
            }
        rows.append(entry)
    if args.json:
        fits = {
            m: {
                "benchmark_rate": _number(result.fits[m].target),
                "phi": _number(result.fits[m].phi),
                "tau2": result.fits[m].tau2,
                "method": result.fits[m].method,
                "managers_in_estimate": result.fits[m].units,
            }
            for m in measures
        }
        out = {
            "period": {"start": filters.start.isoformat(), "end": filters.end.isoformat()},
            "benchmark": args.benchmark,
            "min_n": args.min_n,
            "measures": fits,
            "managers": rows,
        }
        print(json.dumps(out, indent=2))
        return 0
    print(f"{filters.start} – {filters.end}, against the {args.benchmark}'s rate")
    for m in measures:
        fit = result.fits[m]
        print(f"  {TEAM_MEASURES[m]}: {fit.target:.1%}, phi {fit.phi:.3f}, tau2 {fit.tau2:.5f}")
    for entry in rows:
        cells = "  ".join(
            f"{m} {entry[m]['x']}/{entry[m]['n']} {entry[m]['flag']}" for m in measures
        )
        department = (entry["department"] or "?")[:18]
        print(
            f"{entry['manager_id']}  {entry['name'][:24]:<24}  {department:<18}"
            f"  {entry['overall_status']:<10}  {cells}"
        )
    return 0
