"""Successes to recognise: on-time goals, happy completed pairings, most improved groups; defined
in docs/METRICS.md#successes."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import pandas as pd

from dashboard.filtering import Slice, select
from dashboard.metrics import goals as goal_metrics
from dashboard.metrics import participation
from dashboard.model import Filters, ProgrammeData
from dashboard.people import display_names

# Goal text is never shown, so it is never handed on.
GOAL_COLUMNS = (
    "goal_id",
    "relationship_id",
    "participant_id",
    "coach_id",
    "department",
    "manager_id",
    "kind",
    "category",
    "set_date",
    "target_date",
    "completed_date",
)
RELATIONSHIP_COLUMNS = (
    "relationship_id",
    "participant_id",
    "coach_id",
    "department",
    "manager_id",
    "kind",
    "format",
    "start_date",
    "end_date",
)
RATE_COLUMNS = ("numerator", "denominator", "rate")

Measure = Literal["participation", "goal_completion"]


def on_time_completions(goals: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Goals completed in the period on or before their target date, with days_early."""
    done = goal_metrics.completed_in(goals, start, end)
    done = done[done["on_time"]]
    out = done[list(GOAL_COLUMNS)].assign(
        days_early=(done["target_date"] - done["completed_date"]).dt.days.astype("int64")
    )
    return out.sort_values(["completed_date", "goal_id"], ignore_index=True)


def on_time_goals(data: ProgrammeData, filters: Filters) -> tuple[pd.DataFrame, int]:
    """The slice's `on_time_completions` with participant and coach named, and how many goals
    were completed in the period at all."""
    goals = select(data, filters).goals
    done = goal_metrics.completed_in(goals, filters.start, filters.end)
    frame = on_time_completions(goals, filters.start, filters.end)
    return frame.assign(
        participant=display_names(frame["participant_id"], data.employees),
        coach=display_names(frame["coach_id"], data.employees),
    ), len(done)


def on_time_by_department(on_time: pd.DataFrame) -> pd.DataFrame:
    """department and goals_on_time from `on_time_goals`' rows, most first."""
    counts = on_time.groupby("department").size().rename("goals_on_time")
    return counts.sort_values(ascending=False).reset_index()


def completed_with_high_satisfaction(
    sl: Slice, start: dt.date, end: dt.date, *, threshold: float = 4
) -> pd.DataFrame:
    """Relationships completed in the period whose mean satisfaction (all responses up to the
    period end) is at least `threshold`; the mean itself is withheld, as one pairing is < k."""
    rel = sl.relationships
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    done = rel[(rel["status"] == "completed") & rel["end_date"].between(lo, hi)]
    if sl.feedback is None:
        scores = pd.DataFrame({"mean": [], "size": []})
    else:
        rows = sl.feedback[sl.feedback["submitted_date"] <= hi]
        scores = rows.groupby("relationship_id")["satisfaction"].agg(["mean", "size"])
    scores = scores.reindex(done["relationship_id"].to_numpy())
    high = (scores["mean"] >= threshold).fillna(False).to_numpy(dtype=bool)
    out = done[high][list(RELATIONSHIP_COLUMNS)].assign(
        responses=scores["size"].to_numpy()[high].astype("int64")
    )
    return out.sort_values(["end_date", "relationship_id"], ignore_index=True)


def happy_completions(data: ProgrammeData, filters: Filters) -> pd.DataFrame:
    """The slice's `completed_with_high_satisfaction` with participant and coach named."""
    frame = completed_with_high_satisfaction(select(data, filters), filters.start, filters.end)
    return frame.assign(
        participant=display_names(frame["participant_id"], data.employees),
        coach=display_names(frame["coach_id"], data.employees),
    )


def _rates(sl: Slice, start: dt.date, end: dt.date, by: str, measure: Measure) -> pd.DataFrame:
    if measure == "participation":
        return participation.participation(sl, start, end, by=by)
    if sl.goals is None:
        return pd.DataFrame(columns=list(RATE_COLUMNS))
    return goal_metrics.completion(sl.goals, start, end, by=by)


def most_improved(
    data: ProgrammeData,
    filters: Filters,
    by: Literal["department", "manager_id"] = "department",
    *,
    measure: Measure = "participation",
    min_denominator: int = 5,
    top: int = 5,
) -> pd.DataFrame:
    """The groups whose rate rose most against the previous period, in percentage points.

    Only rises count, and only groups with at least `min_denominator` in both periods.
    """
    if measure not in ("participation", "goal_completion"):
        raise ValueError(f"measure must be 'participation' or 'goal_completion', not {measure!r}")
    if by not in ("department", "manager_id"):
        raise ValueError(f"by must be 'department' or 'manager_id', not {by!r}")
    before = filters.previous()
    now = _rates(select(data, filters), filters.start, filters.end, by, measure)
    then = _rates(select(data, before), before.start, before.end, by, measure)
    both = now[list(RATE_COLUMNS)].join(
        then[list(RATE_COLUMNS)].add_prefix("previous_"), how="inner"
    )
    both = both[
        (both["denominator"] >= min_denominator) & (both["previous_denominator"] >= min_denominator)
    ]
    both = both.assign(change_points=100 * (both["rate"] - both["previous_rate"]))
    rising = both[both["change_points"] > 0].rename_axis(by).reset_index()
    # Equal rises: the larger group first, as its rise is the firmer evidence.
    return rising.sort_values(
        ["change_points", "denominator", by], ascending=[False, False, True], ignore_index=True
    ).head(top)


def most_improved_named(
    data: ProgrammeData,
    filters: Filters,
    by: Literal["department", "manager_id"],
    measure: Measure,
) -> pd.DataFrame:
    """`most_improved` with, by manager, each manager named and their department."""
    frame = most_improved(data, filters, by, measure=measure)
    if by == "manager_id":
        team = data.employees.set_index("employee_id")["department"]
        frame = frame.assign(
            manager=display_names(frame["manager_id"], data.employees),
            department=frame["manager_id"].map(team),
        )
    return frame


def improved_both(departments: pd.DataFrame, managers: pd.DataFrame) -> pd.DataFrame:
    """Departments and managers that rose most, in one table with their `group`."""
    return pd.concat(
        [departments.assign(group="department"), managers.assign(group="manager")],
        ignore_index=True,
    )
