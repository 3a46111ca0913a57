"""`import`: validate spreadsheet files and upsert their good rows into a database.

The upsert is by primary key and transactional: importing the same files twice changes
nothing, and when any step fails nothing is written. Columns the files do not have keep their
stored values. It never writes into the database the dashboard reads as its source
(DASHBOARD_DB_URL or [connections.programme]). Exit status as for `validate`; 1 also when some
rows could not be saved.
"""

from __future__ import annotations

import argparse
import sys

from dashboard.commands.validate import add_upload_options, ingest_files, print_report
from dashboard.errors import WriteRefused


def register(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser("import", help="validate files and save them into a database")
    add_upload_options(command)
    command.add_argument(
        "--db",
        help="SQLAlchemy URL to write (default: [upload] database, else data/uploads.db); "
        "never the dashboard's source database",
    )


def run(args: argparse.Namespace) -> int:
    from dashboard.access import COMMAND_LINE_GRANT
    from dashboard.config import configured_url, read_config
    from dashboard.sources.sql_import import canonical_frames, import_tables, supplied_columns
    from dashboard.sources.sql_target import refusal, save_target
    from dashboard.sources.sql_url import redact

    url = args.db or save_target(read_config())
    source = configured_url()
    read_only = [source] if source else []
    reason = refusal(COMMAND_LINE_GRANT, url, read_only)
    if reason is not None:
        print(f"error: {reason}", file=sys.stderr)
        return 2
    result = ingest_files(args)
    if result is None:
        return 2
    print_report(result)
    if result.data is None:
        print("nothing imported")
        return 2
    try:
        imported = import_tables(
            url,
            canonical_frames(result.data),
            grant=COMMAND_LINE_GRANT,
            read_only=read_only,
            supplied=supplied_columns(result),
        )
    except WriteRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"\nimported into {redact(url)}:")
    for table, count in imported.counts.items():
        print(
            f"  {table:<14} {count.added:>8,} added {count.updated:>8,} updated "
            f"{count.unchanged:>8,} unchanged"
            + (f" {count.skipped:>8,} not saved" if count.skipped else "")
        )
    for issue in imported.skipped:
        print(f"  NOT SAVED {issue.table} {issue.column} {issue.value!r}: {issue.reason}")
    return max(result.exit_code, 1 if imported.skipped else 0)
