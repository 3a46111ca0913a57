"""`obstacles`: open, reported and resolved obstacles by department and category, with the median
days to resolve."""

from __future__ import annotations

import argparse
import json
import math

from dashboard.commands.common import add_source_and_filters, filters_from, load


def register(commands: argparse._SubParsersAction) -> None:
    add_source_and_filters(
        commands.add_parser(
            "obstacles", help="print obstacles by department and category, open and resolved"
        )
    )


def _days(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _counts(row: dict) -> dict:
    return {
        "open": int(row["open"]),
        "resolved": int(row["resolved"]),
        "median_days_to_resolve": _days(row["median_days_to_resolve"]),
    }


def run(args: argparse.Namespace) -> int:
    from dashboard.filtering import select
    from dashboard.metrics import obstacles
    from dashboard.schema import OBSTACLE_CATEGORIES

    loaded = load(args)
    data = loaded.data
    if data.obstacles is None:
        raise ValueError("the data has no obstacles table: add one to report obstacles")
    filters = filters_from(args, data, loaded.history_from)
    rows = select(data, filters).obstacles
    start, end = filters.start, filters.end
    cells = obstacles.department_category_summary(rows, start, end)
    # The Obstacles page's headline figures.
    totals = obstacles.period_totals(rows, start, end)
    total = {
        "open": totals["open"],
        "resolved": totals["resolved"],
        "median_days_to_resolve": _days(totals["median_days"]),
    }
    if args.json:
        out = {
            "period": {"start": start.isoformat(), "end": end.isoformat()},
            "total": {**total, "reported": totals["reported"]},
            "cells": [
                {
                    "department": r["department"],
                    "category": r["category"],
                    "category_label": OBSTACLE_CATEGORIES.get(r["category"], r["category"]),
                    "reported": int(r["reported"]),
                    **_counts(r),
                }
                for r in cells.to_dict("records")
            ],
            "by_department": {
                name: _counts(r)
                for name, r in obstacles.resolution_times(rows, start, end, by="department")
                .to_dict("index")
                .items()
            },
            "by_category": {
                name: _counts(r)
                for name, r in obstacles.resolution_times(rows, start, end, by="category")
                .to_dict("index")
                .items()
            },
        }
        print(json.dumps(out, indent=2))
        return 0
    print(
        f"{start} – {end}: {total['open']} open at the end, {totals['reported']} reported, "
        f"{total['resolved']} resolved"
    )
    print(f"{'department':<20}  {'category':<28}  open  reported  resolved  median days")
    for r in cells.sort_values(["open", "reported"], ascending=False).to_dict("records"):
        median = r["median_days_to_resolve"]
        label = OBSTACLE_CATEGORIES.get(r["category"], r["category"])
        print(
            f"{r['department'][:20]:<20}  {label[:28]:<28}  {r['open']:>4}  {r['reported']:>8}"
            f"  {r['resolved']:>8}  {'' if math.isnan(median) else f'{median:>11.0f}'}"
        )
    return 0
