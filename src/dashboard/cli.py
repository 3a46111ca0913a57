"""Command line entry: `python -m dashboard COMMAND`; each command lives in dashboard.commands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from types import ModuleType

from dashboard.commands import (
    at_risk,
    board_pack,
    demo,
    import_,
    invitations,
    obstacles,
    schema_doc,
    summary,
    template,
    validate,
)
from dashboard.commands import managers as managers_command
from dashboard.errors import DataError, SourceError

COMMANDS: dict[str, ModuleType] = {
    "demo": demo,
    "summary": summary,
    "schema-doc": schema_doc,
    "managers": managers_command,
    "obstacles": obstacles,
    "at-risk": at_risk,
    "invitations": invitations,
    "board-pack": board_pack,
    "template": template,
    "validate": validate,
    "import": import_,
}

# Other names a command answers to (a module's ALIASES), mapped to the command's own name.
ALIASES: dict[str, str] = {
    alias: name for name, module in COMMANDS.items() for alias in getattr(module, "ALIASES", ())
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for module in COMMANDS.values():
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; a problem with the data or source is a message and exit code 2."""
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[ALIASES.get(args.command, args.command)].run(args)
    except (SourceError, DataError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader (e.g. `| head`) stopped reading: not an error of ours.
        sys.stdout = None
        return 0
