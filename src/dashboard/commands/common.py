"""What several commands share: the --db/--from/--to/filter options and loading the data."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from dashboard.config import configured_url, demo_url
from dashboard.model import Filters, ProgrammeData
from dashboard.period import default_period, months_back
from dashboard.sources.base import SourceData, history_warning, misses_history
from dashboard.sources.sql_mapping import SqlSettings, sql_settings
from dashboard.sources.sql_read import SqlSource


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


def load(args: argparse.Namespace) -> SourceData:
    """The data named by --db (or the environment, or the demo), read as the app reads it
    (mapping and history window), warning of rejected rows."""
    url = args.db or configured_url() or demo_url(build=True)
    # The mapping and history window describe the configured database, not the demo.
    demo = url == demo_url()
    settings = SqlSettings() if demo else sql_settings()
    loaded = SqlSource(url, settings, kind="demo" if demo else "database").load()
    if loaded.report.rows_rejected:
        rejected = loaded.report.rows_rejected
        print(f"warning: {rejected} row(s) rejected by validation", file=sys.stderr)
    return loaded


def filters_from(
    args: argparse.Namespace, data: ProgrammeData, history_from: dt.date | None = None
) -> Filters:
    """The period (default: 12 months to the latest activity) and the filters given; warns
    when the period, or the one before it, reaches before the history loaded."""
    default_start, default_end = default_period(data)
    end = args.end or default_end
    start = args.start or (months_back(end, 12) if args.end else default_start)
    unknown = set(args.department) - set(data.department_names)
    if unknown:
        print(f"warning: no department named {', '.join(sorted(unknown))}", file=sys.stderr)
    filters = Filters(
        start=start, end=end, departments=tuple(args.department), kinds=tuple(args.kind)
    )
    if misses_history(history_from, filters):
        print(f"warning: {history_warning(history_from)}", file=sys.stderr)
    return filters
