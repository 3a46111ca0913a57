"""`at-risk`: relationships at risk at the period end, each with its reasons."""

from __future__ import annotations

import argparse
import json

from dashboard.commands.common import add_source_and_filters, filters_from, load


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of days") from exc
    if value < 1:
        raise argparse.ArgumentTypeError("idle days must be at least 1")
    return value


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("at-risk", help="list relationships at risk and why")
    add_source_and_filters(parser)
    parser.add_argument(
        "--idle-days",
        type=_days,
        help="days without a held session before an active pairing is at risk "
        "(default: [risks] idle_days in dashboard.toml, else 45)",
    )


def run(args: argparse.Namespace) -> int:
    import pandas as pd

    from dashboard.config import read_config
    from dashboard.filtering import select
    from dashboard.individual_feedback import may_see_individual_feedback
    from dashboard.metrics.risks import at_risk_relationships, idle_days_setting, reason_counts

    config = read_config()
    idle_days = args.idle_days or idle_days_setting(config)
    # No one is signed in here: only `individual_feedback = true` lets low scores count.
    individual_feedback = may_see_individual_feedback(config, None)
    loaded = load(args)
    data = loaded.data
    filters = filters_from(args, data, loaded.history_from)
    frame = at_risk_relationships(
        select(data, filters),
        filters.start,
        filters.end,
        idle_days=idle_days,
        individual_feedback=individual_feedback,
    )
    rows = [
        {
            "relationship_id": r.relationship_id,
            "reasons": list(r.reasons),
            "department": None if pd.isna(r.department) else r.department,
            "kind": r.kind,
            "days_since_held": None if pd.isna(r.days_since_held) else int(r.days_since_held),
        }
        for r in frame.itertuples(index=False)
    ]
    if args.json:
        counts = reason_counts(frame)
        out = {
            "period": {"start": filters.start.isoformat(), "end": filters.end.isoformat()},
            "idle_days": idle_days,
            "count": len(rows),
            "by_reason": dict(zip(counts["reason"], counts["relationships"].tolist(), strict=True)),
            "relationships": rows,
        }
        print(json.dumps(out, indent=2))
        return 0
    print(f"{len(rows)} relationships at risk on {filters.end} (idle after {idle_days} days)")
    for row in rows:
        department = row["department"] or "?"
        print(f"{row['relationship_id']}  {department[:18]:<18}  {'; '.join(row['reasons'])}")
    return 0
