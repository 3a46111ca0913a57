"""Obstacles: open and reported counts, department × category, severity, resolution, by month."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import pandas as pd

from dashboard.schema import SEVERITIES

Which = Literal["open", "reported", "all"]
SEVERITY_ORDER = (*SEVERITIES, "unspecified")


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


def _chosen(obstacles: pd.DataFrame, start: dt.date, end: dt.date, which: Which) -> pd.DataFrame:
    """Obstacles open at the end, reported in the period, or either ('all', each counted once)."""
    if which not in ("open", "reported", "all"):
        raise ValueError(f"which must be 'open', 'reported' or 'all', not {which!r}")
    states = obstacle_states(obstacles, start, end)
    keep = states["open"] | states["reported"] if which == "all" else states[which]
    return states[keep]


def department_category_matrix(
    obstacles: pd.DataFrame,
    start: dt.date,
    end: dt.date,
    *,
    which: Which = "open",
    per_100: pd.Series | None = None,
) -> pd.DataFrame:
    """department, category, count rows (non-zero cells only); `per_100` eligible headcounts
    by department add a per_100 column, NaN where a department has no headcount."""
    rows = _chosen(obstacles, start, end, which)
    out = (
        rows.groupby(["department", "category"], observed=True)
        .size()
        .rename("count")
        .astype("int64")
        .reset_index()
    )
    if per_100 is not None:
        headcount = out["department"].map(per_100).astype("float64")
        out["per_100"] = 100 * out["count"] / headcount.where(headcount > 0)
    return out


def severity_mix(
    obstacles: pd.DataFrame,
    start: dt.date,
    end: dt.date,
    by: str | None = None,
    *,
    which: Which = "open",
) -> pd.DataFrame:
    """Counts per severity (low, medium, high, unspecified columns), overall or by a column."""
    rows = _chosen(obstacles, start, end, which)
    # An all-blank severity column is read as float NaN, hence the cast to text first.
    severity = rows["severity"].astype("string").fillna("unspecified")
    keys = rows[by] if by else pd.Series("all", index=rows.index)
    out = (
        rows.groupby([keys, severity], observed=True)
        .size()
        .unstack(fill_value=0)
        .reindex(columns=list(SEVERITY_ORDER), fill_value=0)
        .astype("int64")
    )
    if by is None:
        out = out.reindex(["all"], fill_value=0)
    out.index.name = by or "scope"
    out.columns.name = None
    return out


def resolution_times(
    obstacles: pd.DataFrame, start: dt.date, end: dt.date, by: str | None = "category"
) -> pd.DataFrame:
    """open (at the end), resolved (in the period) and median_days_to_resolve over those resolved
    in the period (NaN where none were), by category, department or (None) overall."""
    states = obstacle_states(obstacles, start, end)
    resolved = (states["status"] == "resolved") & states["resolved_date"].between(
        pd.Timestamp(start), pd.Timestamp(end)
    )
    days = (states["resolved_date"] - states["reported_date"]).dt.days.where(resolved)
    keys = states[by] if by else pd.Series("all", index=states.index)
    grouped = states.assign(resolved=resolved, days=days).groupby(keys, observed=True)
    out = pd.DataFrame(
        {
            "open": grouped["open"].sum().astype("int64"),
            "resolved": grouped["resolved"].sum().astype("int64"),
            "median_days_to_resolve": grouped["days"].median().astype("float64"),
        }
    )
    if by is None:
        out = out.reindex(["all"]).fillna({"open": 0, "resolved": 0})
        out = out.astype({"open": "int64", "resolved": "int64"})
    else:
        # Obstacles long closed and not open now say nothing about this period.
        out = out[(out["open"] > 0) | (out["resolved"] > 0)]
    out.index.name = by or "scope"
    return out


def monthly_reported(obstacles: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """month, category, count of obstacles reported in the period: every month touching the
    period for every category reported in it, zeros included so a time axis has no gaps."""
    rows = _chosen(obstacles, start, end, "reported")
    months = pd.period_range(start, end, freq="M")
    counts = (
        rows.groupby([rows["reported_date"].dt.to_period("M"), rows["category"]], observed=True)
        .size()
        .unstack(fill_value=0)
        .reindex(months, fill_value=0)
    )
    counts.index = months.to_timestamp()
    counts.index.name = "month"
    counts.columns.name = "category"
    out = counts.stack().rename("count").astype("int64").reset_index()
    return out.sort_values(["month", "category"], ignore_index=True)
