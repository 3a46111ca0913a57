"""Goals: the one rule for which goals a period counts, and the rates and counts built on it;
defined in docs/METRICS.md#goal-completion."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.metrics.rates import counts_by

CLOSED = ("completed", "abandoned")


def states_at_end(goals: pd.DataFrame, end: dt.date) -> pd.DataFrame:
    """Goals set by the end (a blank set date counts), each with its `state` then: completed,
    abandoned, overdue, in_progress or not_started. A goal closed after the end was open then."""
    hi = pd.Timestamp(end)
    existing = goals[goals["set_date"].isna() | (goals["set_date"] <= hi)]
    status, closing = existing["status"], existing["completed_date"]
    closed = status.isin(CLOSED) & (closing.isna() | (closing <= hi))
    open_state = status.where(status == "not_started", "in_progress")
    late = ~closed & (existing["target_date"] < hi)
    state = status.where(closed, open_state).mask(late, "overdue")
    return existing.assign(state=state)


def goal_outcomes(goals: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """The goals the period counts, with their `outcome`: closed (completed or abandoned) with a
    closing date in the period, or overdue (open past its target date) at the period end."""
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    states = states_at_end(goals, end)
    # A closed goal without a closing date cannot be placed in any period.
    closed_in = states["state"].isin(CLOSED) & states["completed_date"].between(lo, hi)
    counted = states[closed_in | (states["state"] == "overdue")]
    outcome = counted["state"]
    on_time = (
        (outcome == "completed")
        & counted["target_date"].notna()
        & (counted["completed_date"] <= counted["target_date"])
    )
    return counted.assign(outcome=outcome, on_time=on_time)


def completion(goals: pd.DataFrame, start: dt.date, end: dt.date, by: str | None = None):
    """Goals completed / goals closed or overdue (completed + abandoned + overdue)."""
    out = goal_outcomes(goals, start, end)
    return counts_by(out.assign(done=out["outcome"] == "completed"), by, "done")


def on_time(goals: pd.DataFrame, start: dt.date, end: dt.date, by: str | None = None):
    """Completed on or before the target date / goals completed that have a target date."""
    done = completed_in(goals, start, end)
    return counts_by(done[done["target_date"].notna()], by, "on_time")


def overdue(goals: pd.DataFrame, start: dt.date, end: dt.date, by: str | None = None):
    """Overdue / goals closed or overdue, the completion rate's own base."""
    out = goal_outcomes(goals, start, end)
    return counts_by(out.assign(late=out["outcome"] == "overdue"), by, "late")


def overdue_goals(goals: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Goals open past their target date at the period end, whenever they were due."""
    out = goal_outcomes(goals, start, end)
    return out[out["outcome"] == "overdue"]


def completed_in(goals: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Goals completed with a completion date inside the period (with `on_time`)."""
    out = goal_outcomes(goals, start, end)
    return out[out["outcome"] == "completed"]


def in_play(goals: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """The goals the period counts plus those still open, not yet due, at its end, each with
    its `state` then: every goal set by the end except those closed outside the period."""
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    states = states_at_end(goals, end)
    closed_elsewhere = states["state"].isin(CLOSED) & ~states["completed_date"].between(lo, hi)
    return states[~closed_elsewhere]
