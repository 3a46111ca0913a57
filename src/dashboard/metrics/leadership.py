"""Visible leadership support: programme sponsors and senior leaders who coach; defined in
docs/METRICS.md#visible-leadership-support."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd

from dashboard.filtering import select
from dashboard.metrics.participation import overlapping
from dashboard.model import Filters, ProgrammeData

DEFAULT_SENIOR_LEVELS = ("Executive", "Director", "Senior Manager")
SPONSOR_COLUMNS = (
    "programme_id",
    "programme_name",
    "sponsor_id",
    "sponsor_name",
    "sponsor_job_level",
    "sponsor_department",
    "start_date",
    "end_date",
)
LEADER_COLUMNS = (
    "employee_id",
    "name",
    "job_level",
    "department",
    "coaching",
    "mentoring",
    "relationships",
)


def senior_levels_setting(config: dict[str, Any]) -> tuple[str, ...]:
    """`[leadership] senior_levels` from the settings: a non-empty list of job levels."""
    table = config.get("leadership", {})
    if not isinstance(table, dict):
        raise ValueError(
            f"leadership must be a table, e.g. [leadership] with senior_levels = [...], "
            f"got {table!r}"
        )
    levels = table.get("senior_levels", list(DEFAULT_SENIOR_LEVELS))
    if (
        not isinstance(levels, list)
        or not levels
        or not all(isinstance(v, str) and v.strip() for v in levels)
    ):
        raise ValueError(
            "leadership.senior_levels must be a list of job levels, e.g. "
            f'["Executive", "Director"], got {levels!r}'
        )
    return tuple(v.strip() for v in levels)


def _normalised(levels: pd.Series) -> pd.Series:
    return levels.astype("string").str.strip().str.casefold()


def has_sponsors(data: ProgrammeData) -> bool:
    """Whether the data names any programme sponsor."""
    return data.programmes is not None and data.programmes["sponsor_id"].notna().any()


def has_job_levels(data: ProgrammeData) -> bool:
    """Whether the data has job levels and internal coaches, so senior coaches can be found."""
    return (
        data.employees["job_level"].notna().any() and data.relationships["coach_id"].notna().any()
    )


def programme_sponsors(data: ProgrammeData, filters: Filters) -> pd.DataFrame:
    """Programmes running in the period (blank dates count as running) with their sponsor's
    name, job level and department; the programme filter applies."""
    programmes = data.programmes
    if programmes is None:
        return pd.DataFrame(columns=list(SPONSOR_COLUMNS))
    lo, hi = pd.Timestamp(filters.start), pd.Timestamp(filters.end)
    running = (programmes["start_date"].isna() | (programmes["start_date"] <= hi)) & (
        programmes["end_date"].isna() | (programmes["end_date"] >= lo)
    )
    if filters.programmes:
        running &= programmes["programme_id"].isin(filters.programmes)
    people = data.employees.set_index("employee_id")
    rows = programmes[running]
    sponsor = rows["sponsor_id"]
    out = rows.assign(
        sponsor_name=sponsor.map(people["name"]),
        sponsor_job_level=sponsor.map(people["job_level"]),
        sponsor_department=sponsor.map(people["department"]),
    )
    return out[list(SPONSOR_COLUMNS)].sort_values("programme_id", ignore_index=True)


def _senior_leaders(data: ProgrammeData, filters: Filters, levels: tuple[str, ...]) -> pd.DataFrame:
    """Employees of the slice at a senior level who worked at some point in the period."""
    people = select(data, filters).employees
    hired = people["hire_date"].isna() | (people["hire_date"] <= pd.Timestamp(filters.end))
    stayed = people["leave_date"].isna() | (people["leave_date"] >= pd.Timestamp(filters.start))
    senior = _normalised(people["job_level"]).isin([v.casefold() for v in levels])
    return people[senior.fillna(False).astype(bool) & hired & stayed]


def senior_coaches(
    data: ProgrammeData, filters: Filters, *, levels: tuple[str, ...]
) -> pd.DataFrame:
    """Senior leaders in the slice who coach or mentor in a relationship running in the period,
    with their coaching and mentoring pairings, most first. Their pairings may be in any
    department: only kind, format and programme filters cut them."""
    leaders = _senior_leaders(data, filters, levels)
    pairings = select(data, replace(filters, departments=(), managers=())).relationships
    pairings = overlapping(pairings, filters.start, filters.end)
    pairings = pairings[pairings["coach_id"].isin(leaders["employee_id"])]
    kinds = pd.crosstab(pairings["coach_id"], pairings["kind"]).reindex(
        columns=["coaching", "mentoring"], fill_value=0
    )
    out = leaders.join(kinds, on="employee_id", how="inner")
    out = out.assign(relationships=out["coaching"] + out["mentoring"])
    out = out[list(LEADER_COLUMNS)].astype(
        {"coaching": "int64", "mentoring": "int64", "relationships": "int64"}
    )
    return out.sort_values(
        ["relationships", "employee_id"], ascending=[False, True], ignore_index=True
    )


def senior_support(
    data: ProgrammeData, filters: Filters, *, levels: tuple[str, ...]
) -> pd.DataFrame:
    """Per senior level (in the configured order) and in total: senior_leaders, as_coach_or_mentor
    and share; levels absent from the data are listed with zero leaders."""
    leaders = _senior_leaders(data, filters, levels)
    acting = set(senior_coaches(data, filters, levels=levels)["employee_id"])
    key = _normalised(leaders["job_level"])
    order = [v.casefold() for v in levels]
    flags = leaders["employee_id"].isin(acting)
    grouped = flags.groupby(key)
    out = pd.DataFrame(
        {
            "senior_leaders": grouped.size().reindex(order, fill_value=0),
            "as_coach_or_mentor": grouped.sum().reindex(order, fill_value=0),
        }
    ).astype("int64")
    out.index = pd.Index(list(levels), name="job_level")
    out.loc["All senior levels"] = out.sum()
    out["share"] = out["as_coach_or_mentor"] / out["senior_leaders"].where(
        out["senior_leaders"] > 0
    )
    return out.reset_index()


def senior_support_and_coaches(
    data: ProgrammeData, filters: Filters, *, levels: tuple[str, ...]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`senior_support` and `senior_coaches` for one slice and set of senior levels."""
    return (
        senior_support(data, filters, levels=levels),
        senior_coaches(data, filters, levels=levels),
    )


def sponsors_listed(sponsors: pd.DataFrame) -> pd.DataFrame:
    """`programme_sponsors` with `sponsor`: the sponsor's name, or their id without one."""
    return sponsors.assign(sponsor=sponsors["sponsor_name"].fillna(sponsors["sponsor_id"]))


def coaches_listed(coaches: pd.DataFrame) -> pd.DataFrame:
    """`senior_coaches` with each leader's name, or their id without one."""
    return coaches.assign(name=coaches["name"].fillna(coaches["employee_id"]))
