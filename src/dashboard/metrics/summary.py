"""The headline KPIs, one definition for the Overview, the CLI and exports."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from dashboard.filtering import select
from dashboard.metrics import goals, obstacles, participation, relationships, satisfaction, sessions
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


def _value(x: Any) -> Any:
    """Plain JSON-able value: NaN and missing become None, numpy scalars Python ones."""
    if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA:
        return None
    return x.item() if hasattr(x, "item") else x


def headline(data: ProgrammeData, filters: Filters, *, k: int = DEFAULT_K) -> dict[str, Any]:
    """Every headline KPI for the filter's period; None where a table is absent or suppressed.

    Rates come with their numerator and denominator under `<key>_numerator`/`_denominator`.
    """
    start, end = filters.start, filters.end
    sl = select(data, filters)
    out: dict[str, Any] = {"period_start": start.isoformat(), "period_end": end.isoformat()}

    def rate(key: str, frame: pd.DataFrame | None) -> None:
        row = None if frame is None else frame.iloc[0]
        out[key] = None if row is None else _value(row["rate"])
        out[f"{key}_numerator"] = None if row is None else _value(row["numerator"])
        out[f"{key}_denominator"] = None if row is None else _value(row["denominator"])

    uptake = participation.participation(sl, start, end)
    out["eligible_headcount"] = _value(uptake.iloc[0]["denominator"])
    out["participants"] = _value(uptake.iloc[0]["numerator"])
    rate("participation_rate", uptake)
    has_sessions = sl.sessions is not None
    out["active_participants"] = (
        _value(participation.active_participants(sl, start, end).iloc[0]["numerator"])
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

    if sl.feedback is not None:
        sat = satisfaction.satisfaction(sl.feedback, start, end, k=k).iloc[0]
        out["satisfaction_mean"] = _value(sat["mean"])
        out["satisfaction_favourable"] = _value(sat["favourable"])
        out["satisfaction_respondents"] = _value(sat["respondents"])
        out["satisfaction_suppressed"] = bool(sat["suppressed"])
    else:
        out["satisfaction_mean"] = out["satisfaction_favourable"] = None
        out["satisfaction_respondents"] = None
        out["satisfaction_suppressed"] = False

    rate("early_ending_rate", relationships.early_ending(sl.relationships, start, end))

    if sl.obstacles is not None:
        counts = obstacles.obstacle_counts(sl.obstacles, start, end).iloc[0]
        out["obstacles_open"] = _value(counts["open"])
        out["obstacles_reported"] = _value(counts["reported"])
    else:
        out["obstacles_open"] = out["obstacles_reported"] = None
    return out


def headline_with_previous(
    data: ProgrammeData, filters: Filters, *, k: int = DEFAULT_K
) -> dict[str, Any]:
    """The headline KPIs, with the same KPIs for the previous period under `previous`."""
    return {**headline(data, filters, k=k), "previous": headline(data, filters.previous(), k=k)}
