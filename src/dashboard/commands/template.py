"""`template`: write the upload template workbook (README sheet plus one sheet per table)."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(commands: argparse._SubParsersAction) -> None:
    template = commands.add_parser("template", help="write the upload template workbook")
    template.add_argument("--out", default="template.xlsx", help="file to write (.xlsx)")


def run(args: argparse.Namespace) -> int:
    from dashboard.template import template_workbook

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise ValueError(f"--out {out} must end in .xlsx")
    out.write_bytes(template_workbook())
    print(f"wrote the upload template to {out}")
    return 0
