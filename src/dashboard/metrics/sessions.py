"""Sessions held and session adherence; defined in docs/METRICS.md#session-adherence."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.metrics.rates import counts_by

ATTENDANCE_OUTCOMES = ("held", "cancelled", "no_show")


def sessions_in(sessions: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    return sessions[sessions["session_date"].between(pd.Timestamp(start), pd.Timestamp(end))]


def adherence(
    sessions: pd.DataFrame, start: dt.date, end: dt.date, by: str | None = None
) -> pd.DataFrame:
    """Held / (held + cancelled + no_show), over sessions dated in the period."""
    due = sessions_in(sessions, start, end)
    due = due[due["status"].isin(ATTENDANCE_OUTCOMES)]
    return counts_by(due.assign(was_held=due["status"] == "held"), by, "was_held")
