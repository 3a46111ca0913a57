"""Early endings: the share of ended pairings that ended early; defined in
docs/METRICS.md#early-endings."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.metrics.rates import counts_by


def early_ending(
    relationships: pd.DataFrame, start: dt.date, end: dt.date, by: str | None = None
) -> pd.DataFrame:
    """ended_early / relationships that ended (completed or ended early) in the period."""
    ends = relationships["end_date"].between(pd.Timestamp(start), pd.Timestamp(end))
    ended = relationships[ends & relationships["status"].isin(("completed", "ended_early"))]
    return counts_by(ended.assign(early=ended["status"] == "ended_early"), by, "early")
