"""`schema-doc`: print the data model as Markdown (docs/DATA-MODEL.md)."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction) -> None:
    commands.add_parser("schema-doc", help="print the data model as Markdown")


def run(args: argparse.Namespace) -> int:
    from dashboard.schema_doc import schema_markdown

    print(schema_markdown(), end="")
    return 0
