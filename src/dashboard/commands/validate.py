"""`validate`: read spreadsheet files as an upload would and print the validation report.

Exit status: 0 when every row loads, 1 when some rows (or files) were rejected, 2 when nothing
usable was found.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.errors import MappingError
from dashboard.sources.mapping import Mapping
from dashboard.sources.upload import UploadedFile, UploadResult

SHOWN_ISSUES = 50


def add_upload_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help=".xlsx .xlsm .xls .ods .csv")
    parser.add_argument("--mapping", help="mapping file (JSON) saved from the Data page")
    parser.add_argument(
        "--dates",
        choices=("dayfirst", "monthfirst"),
        default="dayfirst",
        help="how to read dates like 03/04/2025 when a column does not show it (default: dayfirst)",
    )


def register(commands: argparse._SubParsersAction) -> None:
    validate = commands.add_parser("validate", help="check spreadsheet files; print the report")
    add_upload_options(validate)
    validate.add_argument("--report", metavar="OUT.xlsx", help="also write the report here")
    validate.add_argument("--all", action="store_true", help="print every issue")


def ingest_files(args: argparse.Namespace) -> UploadResult | None:
    """Read, map and validate the files named on the command line; None (after saying why)
    when a file, the mapping file or the settings cannot be used."""
    from dashboard.config import read_config
    from dashboard.sources.spreadsheet import Limits
    from dashboard.sources.upload_source import UploadSource

    missing = [f for f in args.files if not Path(f).is_file()]
    if missing:
        print(f"error: no such file: {', '.join(missing)}", file=sys.stderr)
        return None
    try:
        mapping = _mapping(args.mapping)
        limits = Limits.from_config(read_config())
        files = tuple(UploadedFile(Path(f).name, Path(f).read_bytes()) for f in args.files)
    except (OSError, MappingError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None
    return UploadSource(files, mapping, limits, args.dates).result()


def _mapping(path: str | None) -> Mapping | None:
    """The --mapping file, or None; OSError or MappingError say what is wrong with it."""
    if path is None:
        return None
    if not Path(path).is_file():
        raise OSError(f"no such mapping file: {path}")
    try:
        return Mapping.from_json(Path(path).read_bytes())
    except MappingError as exc:
        raise MappingError(f"mapping file {path}: {exc}") from exc


def print_report(result: UploadResult, *, show_all: bool = False) -> None:
    """Sheets found, rows per table, then the issues (the first SHOWN_ISSUES unless all)."""
    if result.plan.sheets:
        print("Sheets:")
    for sheet in result.plan.sheets:
        print(
            f"  {sheet.grid.label}: {sheet.table or '—'} ({sheet.how}), {len(sheet.data.rows)} rows"
        )
    counts = result.report.counts_frame()
    if not counts.empty:
        print()
        print(counts.to_string(index=False))
    issues = sorted(result.report.issues, key=lambda i: i.severity != "error")
    errors = sum(i.severity == "error" for i in issues)
    print(f"\n{errors} error(s), {len(issues) - errors} warning(s)")
    shown = issues if show_all else issues[:SHOWN_ISSUES]
    for issue in shown:
        place = " › ".join(p for p in (issue.file, issue.sheet) if p)
        cell = ", ".join(
            p
            for p in (
                f"row {issue.row}" if issue.row is not None else None,
                issue.column,
                repr(issue.value) if issue.value is not None else None,
            )
            if p
        )
        where = f" [{place}]" if place else ""
        cell = f" {cell}" if cell else ""
        print(f"  {issue.severity.upper():<7} {issue.table}{where}{cell}: {issue.reason}")
    if len(issues) > len(shown):
        print(f"  … {len(issues) - len(shown)} more (--all prints them, --report writes them)")
    if result.message:
        print(f"\nNothing usable: {result.message}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from dashboard.sources.upload import report_xlsx

    result = ingest_files(args)
    if result is None:
        return 2
    print_report(result, show_all=args.all)
    if args.report:
        Path(args.report).write_bytes(report_xlsx(result.report))
        print(f"wrote the report to {args.report}")
    return result.exit_code
