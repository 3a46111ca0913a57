"""`invitations`: eligible employees not enrolled, per line manager, to invite."""

from __future__ import annotations

import argparse
import json
from dataclasses import replace

from dashboard.commands.common import add_source_and_filters, filters_from, load


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "invitations", help="list eligible employees not enrolled, per line manager"
    )
    add_source_and_filters(parser)
    parser.add_argument("--manager", action="append", default=[], help="manager id; repeatable")
    parser.add_argument(
        "--counts-only",
        action="store_true",
        help="per-manager counts without the people (for sharing beyond those who may see names)",
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def run(args: argparse.Namespace) -> int:
    from dashboard.metrics.invitations import (
        invitation_totals,
        invitations_by_manager,
        invitees,
    )

    loaded = load(args)
    data = loaded.data
    filters = replace(filters_from(args, data, loaded.history_from), managers=tuple(args.manager))
    all_counts = invitations_by_manager(data, filters)
    counts = all_counts[all_counts["to_invite"] > 0]
    people = None if args.counts_only else invitees(data, filters)
    managers = []
    for row in counts.itertuples(index=False):
        entry = {
            "manager_id": _text(row.manager_id),
            "manager": row.manager,
            "eligible": int(row.eligible),
            "enrolled": int(row.enrolled),
            "leavers_left_out": int(row.leavers),
            "to_invite": int(row.to_invite),
        }
        if people is not None:
            team = people[people["manager"] == row.manager]
            entry["people"] = [
                {
                    "employee_id": p.employee_id,
                    "name": _text(p.name),
                    "department": _text(p.department),
                    "job_level": _text(p.job_level),
                    "withdrew": bool(p.withdrew),
                }
                for p in team.itertuples(index=False)
            ]
        managers.append(entry)
    sums = invitation_totals(all_counts).iloc[0]
    totals = {
        "to_invite": int(sums["to_invite"]),
        "managers": int(sums["managers"]),
        "leavers_left_out": int(sums["leavers"]),
    }
    if args.json:
        out = {
            "period": {"start": filters.start.isoformat(), "end": filters.end.isoformat()},
            **totals,
            "by_manager": managers,
        }
        print(json.dumps(out, indent=2))
        return 0
    plural = "" if totals["managers"] == 1 else "s"
    print(
        f"{filters.start} – {filters.end}: {totals['to_invite']} to invite under "
        f"{totals['managers']} line manager{plural}; {totals['leavers_left_out']} leavers left out"
    )
    for entry in managers:
        print(f"{entry['manager'][:32]:<32}  {entry['to_invite']:>4} of {entry['eligible']}")
        for person in entry.get("people", []):
            print(f"    {person['employee_id']}  {person['name'] or ''}")
    return 0
