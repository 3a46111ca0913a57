"""`summary`: the headline KPIs for a period and slice, as JSON or a table."""

from __future__ import annotations

import argparse
import json

from dashboard.commands.common import add_source_and_filters, filters_from, load


def register(commands: argparse._SubParsersAction) -> None:
    add_source_and_filters(commands.add_parser("summary", help="print the headline KPIs"))


def run(args: argparse.Namespace) -> int:
    from dashboard.access import load_policy
    from dashboard.config import read_config
    from dashboard.metrics.summary import KPI_KEYS, headline_with_previous

    # The small-group threshold is the app's ([privacy] k), so no figure is finer here.
    k = load_policy(read_config()).k
    data = load(args)
    result = headline_with_previous(data, filters_from(args, data), k=k)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        width = max(len(k) for k in KPI_KEYS)
        for key in KPI_KEYS:
            print(f"{key:<{width}}  {result[key]}")
    return 0
