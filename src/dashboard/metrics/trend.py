"""Monthly trend of participants, sessions held and goals completed; defined in
docs/METRICS.md#monthly-trend."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from dashboard.filtering import Slice, select
from dashboard.metrics.goals import completed_in
from dashboard.metrics.participation import eligible_employees, held_in, overlapping
from dashboard.model import Filters, ProgrammeData


def monthly_trend(sl: Slice, start: dt.date, end: dt.date) -> pd.DataFrame:
    """One row per calendar month touching the period: participants, sessions held, goals done.

    Participants in a month are the distinct eligible participants of pairings running then.
    """
    months = pd.period_range(start, end, freq="M")
    rel = overlapping(sl.relationships, start, end)
    # Only eligible people count as participants, as in the headline figure.
    eligible = eligible_employees(sl.employees, start, end)["employee_id"]
    rel = rel[rel["participant_id"].isin(eligible)]
    first = rel["start_date"].dt.to_period("M").to_numpy()
    last = rel["end_date"].fillna(pd.Timestamp(end)).dt.to_period("M").to_numpy()
    month_values = months.to_numpy()
    running = (first[:, None] <= month_values[None, :]) & (last[:, None] >= month_values[None, :])
    per_person = (
        pd.DataFrame(running, columns=months).groupby(rel["participant_id"].to_numpy()).any()
    )
    out = pd.DataFrame({"participants": per_person.sum().astype("int64")}, index=months)
    held = held_in(sl.sessions, start, end)
    if held is not None:
        by_month = held["session_date"].dt.to_period("M").value_counts()
        out["sessions_held"] = by_month.reindex(months, fill_value=0).astype("int64")
    if sl.goals is not None:
        done = completed_in(sl.goals, start, end)["completed_date"].dt.to_period("M")
        out["goals_completed"] = done.value_counts().reindex(months, fill_value=0).astype("int64")
    out.index = months.to_timestamp()
    out.index.name = "month"
    return out.reset_index()


def long_format(trend: pd.DataFrame) -> pd.DataFrame:
    """month, measure, value rows for charting several series on shared axes."""
    return trend.melt(id_vars="month", var_name="measure", value_name="value").assign(
        value=lambda f: f["value"].astype(np.int64)
    )


def monthly_trend_of(data: ProgrammeData, filters: Filters) -> pd.DataFrame:
    """The slice's `monthly_trend` over the filters' period."""
    return monthly_trend(select(data, filters), filters.start, filters.end)
