"""Obstacles open at the period end and reported in the period."""

from __future__ import annotations

import datetime as dt

import pandas as pd


def obstacle_states(obstacles: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Obstacles with `open` (unresolved at the end) and `reported` (in the period) flags."""
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    reported_by_end = obstacles["reported_date"] <= hi
    unresolved = obstacles["status"].isin(("open", "in_progress")) | (
        obstacles["resolved_date"] > hi
    )
    return obstacles.assign(
        open=reported_by_end & unresolved,
        reported=obstacles["reported_date"].between(lo, hi),
    )


def obstacle_counts(
    obstacles: pd.DataFrame, start: dt.date, end: dt.date, by: str | None = None
) -> pd.DataFrame:
    """Counts of open and reported obstacles, overall or by a column."""
    states = obstacle_states(obstacles, start, end)
    keys = states[by] if by else pd.Series("all", index=states.index)
    out = states.groupby(keys, observed=True)[["open", "reported"]].sum().astype("int64")
    if by is None:
        out = out.reindex(["all"], fill_value=0)
    out.index.name = by or "scope"
    return out
