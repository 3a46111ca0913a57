"""Obstacles: open, reported and resolved, by department × category, severity and month; defined
in docs/METRICS.md#obstacles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import pandas as pd

from dashboard.filtering import select
from dashboard.metrics.participation import participation
from dashboard.model import Filters, ProgrammeData
from dashboard.people import display_names
from dashboard.schema import OBSTACLE_CATEGORIES, SEVERITIES

Which = Literal["open", "reported", "all"]
SEVERITY_ORDER = (*SEVERITIES, "unspecified")
# The log's columns: the free-text description is never among them.
LOG_COLUMNS = (
    "obstacle_id",
    "department",
    "category",
    "severity",
    "status",
    "reported_date",
    "resolved_date",
    "open",
    "days_open",
    "manager_id",
)
# The log's label for an obstacle recorded without a severity.
NOT_GIVEN = "not given"


def category_label(codes: pd.Series) -> pd.Series:
    """Plain-English labels for category codes ('lack_of_time' -> 'Lack of time')."""
    return codes.map(OBSTACLE_CATEGORIES).fillna(codes)


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
    obstacles: pd.DataFrame,
    start: dt.date,
    end: dt.date,
    by: str | Sequence[str] | None = "category",
) -> pd.DataFrame:
    """open (at the end), resolved (in the period) and median_days_to_resolve over those resolved
    in the period (NaN where none were), by one or more columns or (None) overall."""
    states = obstacle_states(obstacles, start, end)
    resolved = (states["status"] == "resolved") & states["resolved_date"].between(
        pd.Timestamp(start), pd.Timestamp(end)
    )
    days = (states["resolved_date"] - states["reported_date"]).dt.days.where(resolved)
    if by is None:
        keys = [pd.Series("all", index=states.index)]
    else:
        keys = [states[c] for c in ([by] if isinstance(by, str) else by)]
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
    out.index.names = ["scope"] if by is None else ([by] if isinstance(by, str) else list(by))
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


def department_category_summary(
    obstacles: pd.DataFrame, start: dt.date, end: dt.date
) -> pd.DataFrame:
    """department, category, open (at the end), reported and resolved (in the period) and
    median_days_to_resolve, for every pair with any of the three counts above zero."""
    keys = ["department", "category"]
    times = resolution_times(obstacles, start, end, by=keys)
    reported = department_category_matrix(obstacles, start, end, which="reported")
    out = times.join(reported.set_index(keys)["count"].rename("reported"), how="outer")
    counts = ["open", "reported", "resolved"]
    out[counts] = out[counts].fillna(0).astype("int64")
    out = out[[*counts, "median_days_to_resolve"]]
    return out.reset_index().sort_values(keys, ignore_index=True)


def department_category_grid(
    obstacles: pd.DataFrame,
    start: dt.date,
    end: dt.date,
    *,
    which: Which = "open",
    per_100: pd.Series | None = None,
) -> pd.DataFrame:
    """The full department × category grid of `department_category_matrix`, zeros included:
    departments and categories with any obstacle, each ordered by its total, largest first."""
    cells = department_category_matrix(obstacles, start, end, which=which, per_100=per_100)
    columns = ["department", "category", "count"] + (["per_100"] if per_100 is not None else [])
    if cells.empty:
        return cells[columns]
    order = {
        key: cells.groupby(key)["count"].sum().sort_values(ascending=False, kind="stable")
        for key in ("department", "category")
    }
    full = pd.MultiIndex.from_product(
        [order["department"].index, order["category"].index], names=["department", "category"]
    )
    out = cells.set_index(["department", "category"]).reindex(full)
    out["count"] = out["count"].fillna(0).astype("int64")
    if per_100 is not None:
        departments = out.index.get_level_values("department")
        headcount = pd.Series(departments.map(per_100), index=out.index, dtype="float64")
        out["per_100"] = 100 * out["count"] / headcount.where(headcount > 0)
    return out.reset_index()[columns]


def obstacle_log(
    obstacles: pd.DataFrame, start: dt.date, end: dt.date, *, which: Which = "all"
) -> pd.DataFrame:
    """The obstacles counted by `which`, newest first, with `open` at the end and days_open
    (reported to resolved, or to the period end if still open); never the description."""
    rows = _chosen(obstacles, start, end, which)
    until = rows["resolved_date"].where(~rows["open"], pd.Timestamp(end))
    out = rows.assign(days_open=(until - rows["reported_date"]).dt.days.astype("Int64"))
    out = out.reindex(columns=list(LOG_COLUMNS))
    return out.sort_values(
        ["reported_date", "obstacle_id"], ascending=[False, True], ignore_index=True
    )


QUADRANTS = {
    (True, True): "Low uptake, many obstacles",
    (True, False): "Low uptake, few obstacles",
    (False, True): "High uptake despite obstacles",
    (False, False): "High uptake, few obstacles",
}


@dataclass(frozen=True)
class UptakeAgainstObstacles:
    """Departments' uptake and open obstacles per 100 eligible, and the organisation's values."""

    departments: pd.DataFrame
    uptake: float
    per_100: float


def _uptake_and_open(data: ProgrammeData, filters: Filters) -> pd.DataFrame:
    sl = select(data, filters)
    if sl.obstacles is None:
        raise ValueError("uptake against obstacles needs an obstacles table")
    uptake = participation(sl, filters.start, filters.end, by="department")
    uptake = uptake[uptake["denominator"] > 0]
    counts = obstacle_counts(sl.obstacles, filters.start, filters.end, by="department")["open"]
    return pd.DataFrame(
        {
            "eligible": uptake["denominator"],
            "participants": uptake["numerator"],
            "uptake": uptake["rate"],
            "open_obstacles": counts.reindex(uptake.index, fill_value=0).astype("int64"),
        }
    )


def uptake_against_obstacles(data: ProgrammeData, filters: Filters) -> UptakeAgainstObstacles:
    """Each department's uptake and open obstacles per 100 eligible employees, with its quadrant
    against the organisation's pooled values (all departments and managers, other filters kept).
    Departments without eligible employees have no uptake and are left out."""
    out = _uptake_and_open(data, filters)
    out["open_per_100"] = 100 * out["open_obstacles"] / out["eligible"]
    whole = _uptake_and_open(data, replace(filters, departments=(), managers=()))
    eligible = whole["eligible"].sum()
    org_uptake = whole["participants"].sum() / eligible if eligible else float("nan")
    org_per_100 = 100 * whole["open_obstacles"].sum() / eligible if eligible else float("nan")
    low = out["uptake"] < org_uptake
    many = out["open_per_100"] > org_per_100
    out["quadrant"] = [QUADRANTS[key] for key in zip(low, many, strict=True)]
    out.index.name = "department"
    return UptakeAgainstObstacles(out.reset_index(), float(org_uptake), float(org_per_100))


# --- the Obstacles page's figures: fn(data, filters, ...) ----------------------------------------


def eligible_by_department(data: ProgrammeData, filters: Filters) -> pd.Series:
    """Eligible employees per department of the slice, the base of 'per 100'."""
    sl = select(data, filters)
    return participation(sl, filters.start, filters.end, by="department")["denominator"]


def labelled_grid(
    data: ProgrammeData, filters: Filters, which: Which, measure: Literal["count", "per_100"]
) -> pd.DataFrame:
    """The slice's `department_category_grid` (per 100 eligible if `measure` says so), with
    category_label."""
    obstacles = select(data, filters).obstacles
    per_100 = eligible_by_department(data, filters) if measure == "per_100" else None
    grid = department_category_grid(
        obstacles, filters.start, filters.end, which=which, per_100=per_100
    )
    return grid.assign(category_label=category_label(grid["category"]))


def labelled_log(data: ProgrammeData, filters: Filters, which: Which) -> pd.DataFrame:
    """The slice's `obstacle_log` with category_label, severity NOT_GIVEN where blank, and the
    reporting_manager named."""
    log = obstacle_log(select(data, filters).obstacles, filters.start, filters.end, which=which)
    return log.assign(
        category_label=category_label(log["category"]),
        severity=log["severity"].astype("string").fillna(NOT_GIVEN),
        reporting_manager=display_names(log["manager_id"], data.employees),
    )


def totals(data: ProgrammeData, filters: Filters) -> dict[str, float]:
    """Open at the end, reported and resolved in the period, median days, for one period."""
    return period_totals(select(data, filters).obstacles, filters.start, filters.end)


def period_totals(obstacles: pd.DataFrame, start: dt.date, end: dt.date) -> dict[str, float]:
    """`totals` of obstacle rows already selected."""
    counts = obstacle_counts(obstacles, start, end).loc["all"]
    times = resolution_times(obstacles, start, end, by=None).loc["all"]
    return {
        "open": int(counts["open"]),
        "reported": int(counts["reported"]),
        "resolved": int(times["resolved"]),
        "median_days": float(times["median_days_to_resolve"]),
    }


def totals_with_previous(data: ProgrammeData, filters: Filters) -> dict[str, dict[str, float]]:
    """`totals` for the period ("now") and for the one before it ("previous")."""
    return {"now": totals(data, filters), "previous": totals(data, filters.previous())}


def log_menus(data: ProgrammeData, filters: Filters, which: Which) -> dict[str, list[str]]:
    """The values the log's four pickers offer: those present in the log, in a sensible order."""
    rows = labelled_log(data, filters, which)
    present = {c: set(rows[c].dropna().unique()) for c in ("department", "category", "severity")}
    return {
        "departments": sorted(present["department"]),
        "categories": [c for c in OBSTACLE_CATEGORIES if c in present["category"]],
        "severities": [s for s in (*SEVERITIES, NOT_GIVEN) if s in present["severity"]],
        "statuses": sorted(rows["status"].dropna().unique()),
    }


def severity_by_department(data: ProgrammeData, filters: Filters, which: Which) -> pd.DataFrame:
    """The slice's `severity_mix` by department."""
    obstacles = select(data, filters).obstacles
    return severity_mix(obstacles, filters.start, filters.end, "department", which=which)


def labelled_monthly(data: ProgrammeData, filters: Filters) -> pd.DataFrame:
    """The slice's `monthly_reported` with category_label."""
    monthly = monthly_reported(select(data, filters).obstacles, filters.start, filters.end)
    return monthly.assign(category_label=category_label(monthly["category"]))


def labelled_resolution(data: ProgrammeData, filters: Filters, by: str) -> pd.DataFrame:
    """The slice's `resolution_times` by `by`; by category, indexed by the categories' labels."""
    obstacles = select(data, filters).obstacles
    times = resolution_times(obstacles, filters.start, filters.end, by=by)
    if by == "category":
        times.index = category_label(times.index.to_series()).to_numpy()
        times.index.name = "category"
    return times


def narrow_log(
    log: pd.DataFrame,
    *,
    cell: tuple[str, str] | None = None,
    departments: Sequence[str] = (),
    categories: Sequence[str] = (),
    severities: Sequence[str] = (),
    statuses: Sequence[str] = (),
) -> pd.DataFrame:
    """The log rows in the clicked cell (if any) and matching every chosen value (empty = all)."""
    keep = pd.Series(True, index=log.index)
    if cell is not None:
        keep &= (log["department"] == cell[0]) & (log["category"] == cell[1])
    for column, values in (
        ("department", departments),
        ("category", categories),
        ("severity", severities),
        ("status", statuses),
    ):
        if values:
            keep &= log[column].isin(values)
    return log[keep]


def largest_cells(grid: pd.DataFrame, top: int = 3) -> pd.DataFrame:
    """The `top` department × category cells by count (ties by per 100, then name)."""
    columns = ["count", "per_100"] if "per_100" in grid else ["count"]
    ranked = grid[grid["count"] > 0].sort_values(
        [*columns, "department", "category"],
        ascending=[False] * len(columns) + [True, True],
    )
    return ranked.head(top).reset_index(drop=True)
