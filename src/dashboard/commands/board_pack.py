"""`board-pack` (alias `report`): the board pack as a PDF or XLSX (by the --out extension)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.commands.common import add_source_and_filters, filters_from, load

FORMATS = (".pdf", ".xlsx")
# The command's former name, still accepted so scheduled scripts that use it keep working.
ALIASES = ("report",)


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "board-pack",
        aliases=list(ALIASES),
        help="write the board pack as a PDF or XLSX (by the --out extension); `report` is an alias",
        description="Write the board pack as a PDF or XLSX, chosen by the --out extension. "
        "`report` is an alias of `board-pack`, its former name: scripts that use it keep "
        "working.",
    )
    add_source_and_filters(parser)
    parser.add_argument("--out", required=True, type=Path, help="board.pdf or board.xlsx")
    parser.add_argument("--config", type=Path, help="settings file with [targets] and [privacy]")


def run(args: argparse.Namespace) -> int:
    from dashboard.access import LOCAL_GRANT, load_policy, scope
    from dashboard.boardpack.content import build, scope_label
    from dashboard.boardpack.pdf import to_pdf
    from dashboard.boardpack.xlsx import to_workbook
    from dashboard.config import config_path, read_config
    from dashboard.metrics.capacity import max_participants_per_coach
    from dashboard.metrics.risks import idle_days_setting
    from dashboard.metrics.targets import load_targets

    suffix = args.out.suffix.lower()
    if suffix not in FORMATS:
        print(f"error: --out must end in .pdf or .xlsx, not '{args.out.name}'", file=sys.stderr)
        return 2
    settings = args.config or config_path()
    config = read_config(settings)
    policy = load_policy(config)
    loaded = load(args)
    data = scope(loaded.data, LOCAL_GRANT, policy)
    filters = filters_from(args, data, loaded.history_from)
    pack = build(
        data,
        filters,
        scope=scope_label(data),
        targets=load_targets(settings),
        k=policy.k,
        idle_days=idle_days_setting(config),
        coach_limit=max_participants_per_coach(config),
    )
    body = to_pdf(pack) if suffix == ".pdf" else to_workbook(pack)
    try:
        args.out.write_bytes(body)
    except OSError as exc:
        print(f"error: cannot write {args.out}: {exc.strerror}", file=sys.stderr)
        return 2
    print(f"wrote {args.out} ({len(pack.sections)} sections, {len(body):,} bytes)")
    return 0
