"""`summary`: the headline KPIs for a period and slice, and the verdict, as JSON or a table."""

from __future__ import annotations

import argparse
import json

from dashboard.commands.common import add_source_and_filters, filters_from, load


def register(commands: argparse._SubParsersAction) -> None:
    add_source_and_filters(commands.add_parser("summary", help="print the headline KPIs"))


def run(args: argparse.Namespace) -> int:
    from dashboard.access import load_policy
    from dashboard.config import config_path, read_config
    from dashboard.metrics import verdict
    from dashboard.metrics.capacity import (
        capacity_summary,
        coach_load,
        max_participants_per_coach,
    )
    from dashboard.metrics.organisation import organisation
    from dashboard.metrics.risks import idle_days_setting
    from dashboard.metrics.summary import KPI_KEYS, headline_with_previous
    from dashboard.metrics.targets import load_targets

    config = read_config()
    # The small-group threshold is the app's ([privacy] k), so no figure is finer here.
    k = load_policy(config).k
    loaded = load(args)
    data = loaded.data
    filters = filters_from(args, data, loaded.history_from)
    result = headline_with_previous(data, filters, k=k)
    narrower = bool(filters.departments or filters.managers)
    evidence = verdict.gather(
        data,
        filters,
        targets=load_targets(config_path()),
        k=k,
        idle_days=idle_days_setting(config),
        organisation=organisation(data, filters, k=k).kpis if narrower else None,
        scope=verdict.whose(data, filters),
    )
    decided = verdict.decide(evidence)
    # Counted as the Participation page counts it: each coach's load across the organisation.
    limit = max_participants_per_coach(config)
    capacity = capacity_summary(data, coach_load(data, filters), limit)
    coaches = {
        "limit": limit,
        "coaches": capacity["coaches"],
        "mean_participants": round(capacity["mean"], 1),
        "over_limit": capacity["over"],
    }
    if args.json:
        print(
            json.dumps(
                {**result, "coach_capacity": coaches, "verdict": decided.as_json()}, indent=2
            )
        )
    else:
        width = max(len(k) for k in KPI_KEYS)
        for key in KPI_KEYS:
            print(f"{key:<{width}}  {result[key]}")
        print(
            f"\ncoaches {coaches['coaches']}, {coaches['mean_participants']} participants each "
            f"on average, {coaches['over_limit']} carrying more than {limit}"
        )
        print(f"\n{decided.label}: {decided.sentence}")
        for i, action in enumerate(decided.actions, start=1):
            print(f"{i}. {action.title}: {action.evidence} ({action.link.url})")
    return 0
