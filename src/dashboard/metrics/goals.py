"""Goal completion, overdue goals and the on-time rate; defined in
docs/METRICS.md#goal-completion."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.metrics.rates import counts_by

CLOSED = ("completed", "abandoned")


def goal_outcomes(goals: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Goals whose target or closing date falls in the period, each with its outcome at the end.

    Outcome is completed, abandoned or overdue (open past its target at the as-of date, the
    period end); goals still open and not yet due are 'open' and count in no rate.
    """
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    closing = goals["completed_date"]
    in_scope = goals["target_date"].between(lo, hi) | closing.between(lo, hi)
    scoped = goals[in_scope]
    closed = scoped["status"].isin(CLOSED) & (
        scoped["completed_date"].isna() | (scoped["completed_date"] <= hi)
    )
    overdue = ~closed & (scoped["target_date"] < hi)
    outcome = scoped["status"].where(closed, "open").mask(overdue, "overdue")
    on_time = (
        (outcome == "completed")
        & scoped["target_date"].notna()
        & (scoped["completed_date"] <= scoped["target_date"])
    )
    return scoped.assign(outcome=outcome, on_time=on_time)


def completion(goals: pd.DataFrame, start: dt.date, end: dt.date, by: str | None = None):
    """Completed / (completed + abandoned + overdue)."""
    out = goal_outcomes(goals, start, end)
    decided = out[out["outcome"] != "open"]
    return counts_by(decided.assign(done=decided["outcome"] == "completed"), by, "done")


def on_time(goals: pd.DataFrame, start: dt.date, end: dt.date, by: str | None = None):
    """Completed on or before the target date / completed goals that have a target date."""
    out = goal_outcomes(goals, start, end)
    done = out[(out["outcome"] == "completed") & out["target_date"].notna()]
    return counts_by(done, by, "on_time")


def overdue_goals(goals: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    out = goal_outcomes(goals, start, end)
    return out[out["outcome"] == "overdue"]


def completed_in(goals: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Goals completed with a completion date inside the period."""
    done = goals["status"] == "completed"
    return goals[done & goals["completed_date"].between(pd.Timestamp(start), pd.Timestamp(end))]
