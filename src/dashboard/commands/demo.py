"""`demo`: write the synthetic demo organisation into SQLite or any database."""

from __future__ import annotations

import argparse

from dashboard.config import DEFAULT_DEMO_PATH


def register(commands: argparse._SubParsersAction) -> None:
    demo = commands.add_parser("demo", help="write the synthetic demo organisation")
    demo.add_argument("--out", default=str(DEFAULT_DEMO_PATH), help="SQLite file to write")
    demo.add_argument("--db", help="write into this SQLAlchemy database URL instead")
    demo.add_argument("--employees", type=int, default=1500)
    demo.add_argument("--seed", type=int, default=42)


def run(args: argparse.Namespace) -> int:
    from dashboard.sources.sql_write import build_demo_database

    target = args.db or args.out
    counts = build_demo_database(target, employees=args.employees, seed=args.seed)
    rows = ", ".join(f"{n} {t}" for t, n in counts.items())
    print(f"wrote the demo organisation to {target}: {rows}")
    return 0
