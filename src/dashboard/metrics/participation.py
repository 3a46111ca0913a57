"""Eligible headcount, uptake (participants / eligible) and active participants; defined in
docs/METRICS.md#uptake."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.filtering import Slice
from dashboard.membership import is_in
from dashboard.metrics.goals import completed_in
from dashboard.metrics.rates import counts_by


def _ts(day: dt.date) -> pd.Timestamp:
    return pd.Timestamp(day)


def eligible_employees(employees: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Eligible employees hired on or before the end and not gone before the start."""
    hired = employees["hire_date"].isna() | (employees["hire_date"] <= _ts(end))
    stayed = employees["leave_date"].isna() | (employees["leave_date"] >= _ts(start))
    return employees[employees["eligible"].fillna(True).astype(bool) & hired & stayed]


def overlapping(relationships: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Relationships running at some point in [start, end]."""
    begun = relationships["start_date"] <= _ts(end)
    running = relationships["end_date"].isna() | (relationships["end_date"] >= _ts(start))
    return relationships[begun & running]


def held_in(sessions: pd.DataFrame | None, start: dt.date, end: dt.date) -> pd.DataFrame | None:
    if sessions is None:
        return None
    dates = sessions["session_date"]
    return sessions[(sessions["status"] == "held") & dates.between(_ts(start), _ts(end))]


def people_flags(sl: Slice, start: dt.date, end: dt.date) -> pd.DataFrame:
    """One row per eligible employee with participant, active and achieved flags."""
    people = eligible_employees(sl.employees, start, end)
    ids = people["employee_id"]
    participant = is_in(ids, overlapping(sl.relationships, start, end)["participant_id"])
    held = held_in(sl.sessions, start, end)
    active = participant & (False if held is None else is_in(ids, held["participant_id"]))
    achieved = participant & False
    if sl.goals is not None:
        done = completed_in(sl.goals, start, end)
        achieved = participant & is_in(ids, done["participant_id"])
    return people.assign(
        participant=participant,
        active=active,
        achieved=achieved,
    )


def participation(sl: Slice, start: dt.date, end: dt.date, by: str | None = None) -> pd.DataFrame:
    """Participants / eligible headcount, overall or by department or manager."""
    return counts_by(people_flags(sl, start, end), by, "participant")


def active_participants(
    sl: Slice, start: dt.date, end: dt.date, by: str | None = None
) -> pd.DataFrame:
    """Participants with at least one held session in the period / eligible headcount."""
    return counts_by(people_flags(sl, start, end), by, "active")


def enrolled(people: pd.DataFrame, enrolments: pd.DataFrame | None) -> pd.Series:
    """Whether each of `people_flags`' rows is enrolled as a participant (any status but
    withdrawn) or already a participant; without an enrolments table, participants only."""
    if enrolments is None:
        return people["participant"]
    signed_up = enrolments[
        (enrolments["role"] == "participant") & (enrolments["status"] != "withdrawn")
    ]
    return is_in(people["employee_id"], signed_up["employee_id"]) | people["participant"]


def uptake_funnel(sl: Slice, start: dt.date, end: dt.date, by: str | None = None) -> pd.DataFrame:
    """Eligible → enrolled (if enrolments exist) → matched → active → achieved, as counts."""
    people = people_flags(sl, start, end)
    stages = {"eligible": pd.Series(True, index=people.index)}
    if sl.enrolments is not None:
        stages["enrolled"] = enrolled(people, sl.enrolments)
    stages |= {s: people[s] for s in ("participant", "active", "achieved")}
    flags = pd.DataFrame(stages).rename(columns={"participant": "matched"})
    keys = people[by] if by else pd.Series("all", index=people.index)
    counts = flags.groupby(keys, observed=True).sum()
    counts.index.name = by or "scope"
    return counts.astype("int64")
