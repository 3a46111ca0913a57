"""`import`: validate spreadsheet files and upsert their good rows into a database.

The upsert is by primary key and transactional: importing the same files twice changes
nothing, and when any step fails nothing is written. Exit status as for `validate`.
"""

from __future__ import annotations

import argparse

from dashboard.commands.validate import add_upload_options, ingest_files, print_report


def register(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser("import", help="validate files and save them into a database")
    add_upload_options(command)
    command.add_argument(
        "--db", help="SQLAlchemy URL to write (default: [upload] database, else the demo file)"
    )


def run(args: argparse.Namespace) -> int:
    from dashboard.config import read_config
    from dashboard.sources.sql import redact
    from dashboard.sources.sql_import import canonical_frames, import_tables, save_target

    result = ingest_files(args)
    if result is None:
        return 2
    print_report(result)
    if result.data is None:
        print("nothing imported")
        return 2
    url = args.db or save_target(read_config())
    counts = import_tables(url, canonical_frames(result.data))
    print(f"\nimported into {redact(url)}:")
    for table, count in counts.items():
        print(
            f"  {table:<14} {count.added:>8,} added {count.updated:>8,} updated "
            f"{count.unchanged:>8,} unchanged"
        )
    return result.exit_code
