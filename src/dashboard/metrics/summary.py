"""The headline KPIs, one definition for the Overview, the CLI and exports; defined in
docs/METRICS.md#headline-kpis."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd

from dashboard.filtering import select
from dashboard.metrics import goals, obstacles, participation, relationships, satisfaction, sessions
from dashboard.metrics.comparability import as_json, compare
from dashboard.metrics.satisfaction import DEFAULT_K
from dashboard.model import Filters, ProgrammeData

KPI_KEYS = (
    "period_start",
    "period_end",
    "eligible_headcount",
    "participants",
    "participation_rate",
    "active_participants",
    "sessions_held",
    "session_adherence",
    "goals_completed",
    "goal_completion_rate",
    "goals_overdue",
    "on_time_rate",
    "satisfaction_mean",
    "satisfaction_favourable",
    "satisfaction_respondents",
    "early_ending_rate",
    "obstacles_open",
    "obstacles_reported",
)
# The KPIs whose change against the previous period is shown (or said not to be comparable).
COMPARED = tuple(k for k in KPI_KEYS if k not in ("period_start", "period_end"))


def _value(x: Any) -> Any:
    """Plain JSON-able value: NaN and missing become None, numpy scalars Python ones."""
    if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA:
        return None
    return x.item() if hasattr(x, "item") else x


def _first(frame: pd.DataFrame, column: str) -> Any:
    """The one-row frame's value, read by column so integers stay integers."""
    return _value(frame[column].iloc[0])


def headline(data: ProgrammeData, filters: Filters, *, k: int = DEFAULT_K) -> dict[str, Any]:
    """Every headline KPI for the filter's period; None where a table is absent or suppressed.

    Rates come with their numerator and denominator under `<key>_numerator`/`_denominator`;
    satisfaction covers the whole calendar months `satisfaction_from` to `satisfaction_to`.
    """
    start, end = filters.start, filters.end
    sl = select(data, filters)
    out: dict[str, Any] = {"period_start": start.isoformat(), "period_end": end.isoformat()}

    def rate(key: str, frame: pd.DataFrame | None) -> None:
        for suffix, column in (
            ("", "rate"),
            ("_numerator", "numerator"),
            ("_denominator", "denominator"),
        ):
            out[key + suffix] = None if frame is None else _first(frame, column)

    uptake = participation.participation(sl, start, end)
    out["eligible_headcount"] = _first(uptake, "denominator")
    out["participants"] = _first(uptake, "numerator")
    rate("participation_rate", uptake)
    has_sessions = sl.sessions is not None
    out["active_participants"] = (
        _first(participation.active_participants(sl, start, end), "numerator")
        if has_sessions
        else None
    )
    held = participation.held_in(sl.sessions, start, end)
    out["sessions_held"] = None if held is None else len(held)
    rate("session_adherence", sessions.adherence(sl.sessions, start, end) if has_sessions else None)

    if sl.goals is not None:
        out["goals_completed"] = len(goals.completed_in(sl.goals, start, end))
        rate("goal_completion_rate", goals.completion(sl.goals, start, end))
        out["goals_overdue"] = len(goals.overdue_goals(sl.goals, start, end))
        rate("on_time_rate", goals.on_time(sl.goals, start, end))
    else:
        out["goals_completed"] = out["goals_overdue"] = None
        rate("goal_completion_rate", None)
        rate("on_time_rate", None)

    months = satisfaction.whole_months(start, end)
    out["satisfaction_from"], out["satisfaction_to"] = (
        (None, None) if months is None else (months[0].isoformat(), months[1].isoformat())
    )
    if sl.feedback is not None:
        sat = satisfaction.satisfaction(data, sl.feedback, start, end, k=k)
        out["satisfaction_mean"] = _first(sat, "mean")
        out["satisfaction_favourable"] = _first(sat, "favourable")
        out["satisfaction_respondents"] = _first(sat, "respondents")
        out["satisfaction_suppressed"] = _first(sat, "suppressed")
        out["satisfaction_few"] = _first(sat, "few")
    else:
        out["satisfaction_mean"] = out["satisfaction_favourable"] = None
        out["satisfaction_respondents"] = None
        out["satisfaction_suppressed"] = out["satisfaction_few"] = False

    rate("early_ending_rate", relationships.early_ending(sl.relationships, start, end))

    if sl.obstacles is not None:
        counts = obstacles.obstacle_counts(sl.obstacles, start, end)
        out["obstacles_open"] = _first(counts, "open")
        out["obstacles_reported"] = _first(counts, "reported")
    else:
        out["obstacles_open"] = out["obstacles_reported"] = None
    return out


def first_pairing_start(data: ProgrammeData, filters: Filters) -> dt.date | None:
    """When the first pairing of the selection (any period) started: the programme's start."""
    first = select(data, filters).relationships["start_date"].min()
    return None if pd.isna(first) else first.date()


def headline_with_previous(
    data: ProgrammeData, filters: Filters, *, k: int = DEFAULT_K
) -> dict[str, Any]:
    """The headline KPIs, with the same KPIs for the previous period under `previous` and,
    under `comparison`, per KPI whether the change between them means anything and why not."""
    current = headline(data, filters, k=k)
    previous = headline(data, filters.previous(), k=k)
    first = first_pairing_start(data, filters)
    comparison = compare(current, previous, COMPARED, first_start=first)
    return {
        **current,
        "previous": previous,
        "first_pairing_start": None if first is None else first.isoformat(),
        "comparison": as_json(comparison),
    }
