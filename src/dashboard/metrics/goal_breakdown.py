"""Goal completion, on-time and overdue rates by department or team, goal states and lists (never
goal text) for the Goals page; defined in docs/METRICS.md#goal-completion."""

from __future__ import annotations

import pandas as pd

from dashboard.filtering import select
from dashboard.metrics.against_target import with_targets, worst_first
from dashboard.metrics.goals import (
    completed_in,
    completion,
    in_play,
    on_time,
    overdue,
    overdue_goals,
)
from dashboard.metrics.rates import RATE_COLUMNS
from dashboard.metrics.subset import keep_tables
from dashboard.metrics.targets import Targets
from dashboard.metrics.uptake import check_breakdown, labelled
from dashboard.model import Filters, ProgrammeData
from dashboard.people import display_names

GOAL_RATES = {
    "completion": "Completion",
    "on_time": "On time",
    "overdue": "Overdue",
}
STATES = {
    "completed": "Completed",
    "abandoned": "Abandoned",
    "overdue": "Overdue",
    "in_progress": "In progress",
    "not_started": "Not started",
}
# What each state means, in the words of docs/METRICS.md, for tooltips and captions.
STATE_MEANINGS = {
    "completed": "Achieved and closed by the period end",
    "abandoned": "Closed without being achieved; counts as not completed",
    "overdue": "Still open after its target date; counts as not completed",
    "in_progress": "Open and not yet due: in no rate",
    "not_started": "Open, not yet started and not yet due: in no rate",
}
ABANDONED_NOTE = (
    "An abandoned goal is one closed without being achieved (its status says so). It counts as "
    "not completed: it stays in the completion rate's denominator, as an overdue goal does."
)
UNCATEGORISED = "(no category)"
TEAM_COLUMNS = [
    "goal_id",
    "participant",
    "coach",
    "category",
    "set_date",
    "target_date",
    "completed_date",
    "state",
    "relationship_id",
]
OVERDUE_COLUMNS = [
    "goal_id",
    "participant",
    "coach",
    "department",
    "manager",
    "category",
    "set_date",
    "target_date",
    "days_overdue",
    "status",
    "relationship_id",
]


def _goals(data: ProgrammeData, filters: Filters) -> pd.DataFrame:
    goals = select(keep_tables(data, "goals"), filters).goals
    if goals is None:
        raise ValueError("there is no goals table")
    return goals


def _rates(goals: pd.DataFrame, filters: Filters, by: str | None) -> dict[str, pd.DataFrame]:
    start, end = filters.start, filters.end
    return {
        "completion": completion(goals, start, end, by=by),
        "on_time": on_time(goals, start, end, by=by),
        "overdue": overdue(goals, start, end, by=by),
    }


def goal_rates(data: ProgrammeData, filters: Filters, *, by: str) -> pd.DataFrame:
    """Completion, on-time and overdue rates per department or manager's team, long format.

    Overdue rate = overdue / goals closed or overdue, the completion rate's base.
    """
    check_breakdown(by)
    frames = _rates(_goals(data, filters), filters, by)
    return pd.concat(
        [labelled(f, by, data).assign(measure=m) for m, f in frames.items()], ignore_index=True
    )


def goal_totals(data: ProgrammeData, filters: Filters) -> pd.DataFrame:
    """The three rates over the whole selection, one row per measure (index: measure)."""
    frames = _rates(_goals(data, filters), filters, None)
    return pd.concat(frames, names=["measure"]).droplevel("scope")


def side_by_side(rates: pd.DataFrame, by: str) -> pd.DataFrame:
    """goal_rates' long frame as one row per group, `<measure>_<numerator|denominator|rate|…>`."""
    wide = rates.pivot(index=[by, "label"], columns="measure")
    wide.columns = [f"{measure}_{value}" for value, measure in wide.columns]
    ordered = [f"{m}_{v}" for m in GOAL_RATES for v in RATE_COLUMNS if f"{m}_{v}" in wide]
    return wide[ordered].reset_index()


def rate_of(rates: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The rows of goal_rates' long frame for one measure."""
    return rates[rates["measure"] == measure]


def completion_rated(
    rates: pd.DataFrame, targets: Targets, department: str | None = None
) -> pd.DataFrame:
    """The completion rows of a `goal_rates` frame with their target and status."""
    return with_targets(
        rate_of(rates, "completion"), targets, "goal_completion", department=department
    )


def completion_against_targets(
    data: ProgrammeData,
    filters: Filters,
    *,
    by: str,
    targets: Targets,
    department: str | None = None,
) -> pd.DataFrame:
    """The completion rate per group with its target and status against it (`with_targets`)."""
    return completion_rated(goal_rates(data, filters, by=by), targets, department)


def side_by_side_rated(
    rates: pd.DataFrame, by: str, targets: Targets, department: str | None = None
) -> pd.DataFrame:
    """A `goal_rates` frame as `side_by_side` rows with the completion target and status against
    it (`completion_rated`), worst first."""
    completion = completion_rated(rates, targets, department)
    wide = side_by_side(rates, by).merge(
        completion[[by, "target", "rag"]], on=by, how="left", validate="one_to_one"
    )
    return worst_first(wide, value="completion_rate")


def rates_against_targets(
    data: ProgrammeData,
    filters: Filters,
    *,
    by: str,
    targets: Targets,
    department: str | None = None,
) -> pd.DataFrame:
    """Completion, on-time and overdue side by side per group, with the completion target and
    status against it, worst first."""
    return side_by_side_rated(goal_rates(data, filters, by=by), by, targets, department)


def status_breakdown(data: ProgrammeData, filters: Filters) -> pd.DataFrame:
    """How many goals in play are in each state at the period end, every state listed."""
    states = in_play(_goals(data, filters), filters.start, filters.end)["state"]
    counts = states.value_counts().reindex(list(STATES), fill_value=0).astype("int64")
    total = int(counts.sum())
    return pd.DataFrame(
        {
            "state": list(STATES),
            "label": list(STATES.values()),
            "goals": counts.to_numpy(),
            "share": (counts / total).to_numpy() if total else float("nan"),
        }
    )


def time_to_complete(data: ProgrammeData, filters: Filters) -> pd.DataFrame:
    """Each goal completed in the period with its days from set to completed.

    Goals dated as completed before they were set are left out (a data error).
    """
    done = completed_in(_goals(data, filters), filters.start, filters.end)
    days = (done["completed_date"] - done["set_date"]).dt.days
    on_target = done["on_time"].where(done["target_date"].notna())
    out = pd.DataFrame(
        {
            "goal_id": done["goal_id"],
            "department": done["department"],
            "category": done["category"].fillna(UNCATEGORISED),
            "set_date": done["set_date"],
            "completed_date": done["completed_date"],
            "days_to_complete": days.astype("int64"),
            "on_time": on_target.astype("boolean"),
        }
    )
    return out[out["days_to_complete"] >= 0].reset_index(drop=True)


def goals_by_category(data: ProgrammeData, filters: Filters) -> pd.DataFrame:
    """Goals in play by category and state at the period end (non-zero cells only)."""
    states = in_play(_goals(data, filters), filters.start, filters.end)
    category = states["category"].fillna(UNCATEGORISED)
    counts = states.groupby([category, states["state"]]).size().rename("goals")
    return counts.rename_axis(["category", "state"]).reset_index().astype({"goals": "int64"})


def _named(frame: pd.DataFrame, data: ProgrammeData) -> pd.DataFrame:
    return frame.assign(
        participant=display_names(frame["participant_id"], data.employees),
        coach=display_names(frame["coach_id"], data.employees),
        manager=display_names(frame["manager_id"], data.employees),
    )


def overdue_list(data: ProgrammeData, filters: Filters) -> pd.DataFrame:
    """Goals open past their target at the period end, most overdue first."""
    late = _named(overdue_goals(_goals(data, filters), filters.start, filters.end), data)
    late = late.assign(days_overdue=(pd.Timestamp(filters.end) - late["target_date"]).dt.days)
    return late.sort_values(["days_overdue", "goal_id"], ascending=[False, True])[
        OVERDUE_COLUMNS
    ].reset_index(drop=True)


def team_goals(data: ProgrammeData, filters: Filters) -> pd.DataFrame:
    """The selection's goals in play with their state at the period end (no goal text)."""
    states = _named(in_play(_goals(data, filters), filters.start, filters.end), data)
    return states.sort_values(["participant", "set_date", "goal_id"])[TEAM_COLUMNS].reset_index(
        drop=True
    )
