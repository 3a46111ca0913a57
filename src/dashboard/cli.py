"""Command line: build the demo database and print the headline KPIs."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from dataclasses import replace

from dashboard.config import DEFAULT_DEMO_PATH, demo_url
from dashboard.model import Filters
from dashboard.period import default_period, months_back
from dashboard.sources.sql import SourceError, load_sql
from dashboard.validate import DataError


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in YYYY-MM-DD form") from exc


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="write the synthetic demo organisation")
    demo.add_argument("--out", default=str(DEFAULT_DEMO_PATH), help="SQLite file to write")
    demo.add_argument("--db", help="write into this SQLAlchemy database URL instead")
    demo.add_argument("--employees", type=int, default=1500)
    demo.add_argument("--seed", type=int, default=42)

    summary = commands.add_parser("summary", help="print the headline KPIs")
    summary.add_argument("--db", help="SQLAlchemy URL (default: the demo database)")
    summary.add_argument("--from", dest="start", type=_date, help="period start, YYYY-MM-DD")
    summary.add_argument("--to", dest="end", type=_date, help="period end, YYYY-MM-DD")
    summary.add_argument("--department", action="append", default=[], help="repeatable")
    summary.add_argument("--kind", choices=("coaching", "mentoring"), action="append", default=[])
    summary.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def _summary(args: argparse.Namespace) -> int:
    from dashboard.metrics.summary import KPI_KEYS, headline_with_previous

    url = args.db or demo_url(build=True)
    data, report = load_sql(url)
    default_start, default_end = default_period(data)
    end = args.end or default_end
    start = args.start or (months_back(end, 12) if args.end else default_start)
    filters = replace(
        Filters(start=start, end=end),
        departments=tuple(args.department),
        kinds=tuple(args.kind),
    )
    unknown = set(args.department) - set(data.department_names)
    if unknown:
        print(f"warning: no department named {', '.join(sorted(unknown))}", file=sys.stderr)
    if report.rows_rejected:
        print(f"warning: {report.rows_rejected} row(s) rejected by validation", file=sys.stderr)
    result = headline_with_previous(data, filters)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        width = max(len(k) for k in KPI_KEYS)
        for key in KPI_KEYS:
            print(f"{key:<{width}}  {result[key]}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from dashboard.sources.sql_write import build_demo_database

    target = args.db or args.out
    counts = build_demo_database(target, employees=args.employees, seed=args.seed)
    rows = ", ".join(f"{n} {t}" for t, n in counts.items())
    print(f"wrote the demo organisation to {target}: {rows}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "demo":
            return _demo(args)
        return _summary(args)
    except (SourceError, DataError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
