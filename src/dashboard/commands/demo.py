"""`demo`: write the synthetic demo organisation into SQLite or any database."""

from __future__ import annotations

import argparse

from dashboard.config import DEFAULT_DEMO_PATH
from dashboard.errors import SourceError

SCALES = {"demo": 1_500, "enterprise": 100_000}


def register(commands: argparse._SubParsersAction) -> None:
    demo = commands.add_parser("demo", help="write the synthetic demo organisation")
    demo.add_argument("--out", default=str(DEFAULT_DEMO_PATH), help="SQLite file to write")
    demo.add_argument("--db", help="write into this SQLAlchemy database URL instead")
    demo.add_argument(
        "--scale",
        choices=tuple(SCALES),
        help="demo: 1,500 employees; enterprise: 100,000 (~1.4M rows, for benchmarks)",
    )
    demo.add_argument("--employees", type=int, help="number of employees (default 1,500)")
    demo.add_argument("--seed", type=int, default=42)
    demo.add_argument("--xlsx", help="also write the organisation as an .xlsx, a sheet a table")


def run(args: argparse.Namespace) -> int:
    import sqlalchemy as sa

    from dashboard.sources.sql_url import explain_failure, redact
    from dashboard.sources.sql_write import build_demo_database

    target = args.db or args.out
    employees = args.employees or SCALES[args.scale or "demo"]
    try:
        counts = build_demo_database(target, employees=employees, seed=args.seed)
    except sa.exc.DBAPIError as exc:
        what = f"the demo organisation into {redact(target)}"
        raise SourceError(explain_failure(exc, target, what, writing=True)) from exc
    rows = ", ".join(f"{n} {t}" for t, n in counts.items())
    print(f"wrote the demo organisation to {target}: {rows}")
    if args.xlsx:
        from dashboard.sources.demo import generate
        from dashboard.sources.workbook import write_workbook

        write_workbook(generate(employees=employees, seed=args.seed), args.xlsx)
        print(f"wrote the same organisation as a workbook to {args.xlsx}")
    return 0
