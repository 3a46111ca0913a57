"""What several commands share: the --db/--from/--to/filter options and loading the data."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from dashboard.config import configured_url, demo_url
from dashboard.model import Filters, ProgrammeData
from dashboard.period import default_period, months_back
from dashboard.sources.sql import load_sql


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in YYYY-MM-DD form") from exc


def add_source_and_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="SQLAlchemy URL (default: DASHBOARD_DB_URL, else the demo)")
    parser.add_argument("--from", dest="start", type=iso_date, help="period start, YYYY-MM-DD")
    parser.add_argument("--to", dest="end", type=iso_date, help="period end, YYYY-MM-DD")
    parser.add_argument("--department", action="append", default=[], help="repeatable")
    parser.add_argument(
        "--kind", choices=("coaching", "mentoring"), action="append", default=[], help="repeatable"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")


def load(args: argparse.Namespace) -> ProgrammeData:
    """The data named by --db (or the environment, or the demo), warning of rejected rows."""
    url = args.db or configured_url() or demo_url(build=True)
    data, report = load_sql(url)
    if report.rows_rejected:
        print(f"warning: {report.rows_rejected} row(s) rejected by validation", file=sys.stderr)
    return data


def filters_from(args: argparse.Namespace, data: ProgrammeData) -> Filters:
    """The period (default: 12 months to the latest activity) and the filters given."""
    default_start, default_end = default_period(data)
    end = args.end or default_end
    start = args.start or (months_back(end, 12) if args.end else default_start)
    unknown = set(args.department) - set(data.department_names)
    if unknown:
        print(f"warning: no department named {', '.join(sorted(unknown))}", file=sys.stderr)
    return Filters(start=start, end=end, departments=tuple(args.department), kinds=tuple(args.kind))
