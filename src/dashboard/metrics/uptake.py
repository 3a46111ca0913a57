"""Uptake for the Participation page: by department or team, the uptake funnel, new pairings;
defined in docs/METRICS.md#uptake-funnel."""

from __future__ import annotations

import pandas as pd

from dashboard.filtering import select
from dashboard.metrics.against_target import with_targets
from dashboard.metrics.participation import participation, uptake_funnel
from dashboard.metrics.rates import RATE_COLUMNS
from dashboard.metrics.subset import keep_tables
from dashboard.metrics.targets import Targets
from dashboard.model import Filters, ProgrammeData
from dashboard.people import manager_labels
from dashboard.schema import RELATIONSHIP_KINDS

BREAKDOWNS = ("department", "manager_id")
STAGES = {
    "eligible": "Eligible",
    "enrolled": "Enrolled",
    "matched": "Matched",
    "active": "Active",
    "achieved": "Achieved",
}


def check_breakdown(by: str) -> None:
    if by not in BREAKDOWNS:
        raise ValueError(f"by must be one of {', '.join(BREAKDOWNS)}, not {by!r}")


def labelled(frame: pd.DataFrame, by: str, data: ProgrammeData) -> pd.DataFrame:
    """A rate frame indexed by `by`, as columns `by`, label, numerator … with names for ids."""
    check_breakdown(by)
    out = frame.reset_index()
    label = out[by]
    if by == "manager_id":
        label = out[by].map(manager_labels(data.employees)).fillna(out[by])
    return out.assign(label=label.astype("str"))[[by, "label", *RATE_COLUMNS]]


def uptake_by(data: ProgrammeData, filters: Filters, *, by: str) -> pd.DataFrame:
    """Participants / eligible headcount per department or per manager's team (direct reports)."""
    check_breakdown(by)
    sl = select(keep_tables(data), filters)
    return labelled(participation(sl, filters.start, filters.end, by=by), by, data)


def funnel(data: ProgrammeData, filters: Filters) -> pd.DataFrame:
    """People at each stage, eligible → enrolled → matched → active → achieved.

    Enrolled needs an enrolments table, active a sessions table, achieved a goals table: a
    stage whose table is absent is left out rather than shown as zero.
    """
    sl = select(keep_tables(data, "enrolments", "sessions", "goals"), filters)
    # One row, or none when nobody is eligible: the sum is then all zeros.
    counts = uptake_funnel(sl, filters.start, filters.end).sum()
    absent = {"active": sl.sessions is None, "achieved": sl.goals is None}
    stages = [s for s in STAGES if s in counts.index and not absent.get(s, False)]
    people = counts[stages].astype("int64")
    eligible = int(people["eligible"])
    previous = people.shift(1).fillna(people.iloc[0])
    return pd.DataFrame(
        {
            "stage": stages,
            "label": [STAGES[s] for s in stages],
            "people": people.to_numpy(),
            "of_eligible": (people / eligible if eligible else people * float("nan")).to_numpy(),
            "of_previous": (people / previous.where(previous > 0)).to_numpy(),
        }
    )


def new_relationships_by_month(data: ProgrammeData, filters: Filters) -> pd.DataFrame:
    """Pairings started in each month of the period, by kind; months without any show zero."""
    sl = select(keep_tables(data), filters)
    start, end = pd.Timestamp(filters.start), pd.Timestamp(filters.end)
    rel = sl.relationships[sl.relationships["start_date"].between(start, end)]
    months = pd.period_range(start, end, freq="M")
    kinds = list(filters.kinds or RELATIONSHIP_KINDS)
    counts = rel.groupby([rel["start_date"].dt.to_period("M"), rel["kind"]]).size()
    full = pd.MultiIndex.from_product([months, kinds], names=["month", "kind"])
    out = counts.reindex(full, fill_value=0).astype("int64").rename("relationships").reset_index()
    return out.assign(month=out["month"].dt.to_timestamp())


def uptake_against_targets(
    data: ProgrammeData,
    filters: Filters,
    *,
    by: str,
    targets: Targets,
    department: str | None = None,
) -> pd.DataFrame:
    """`uptake_by` with each group's target and status against it (`with_targets`)."""
    return with_targets(uptake_by(data, filters, by=by), targets, "uptake", department=department)


def stage_counts(data: ProgrammeData, filters: Filters) -> dict[str, dict[str, int]]:
    """People at each `funnel` stage, in the period ("now") and the one before ("before")."""
    return {
        when: {row.stage: int(row.people) for row in funnel(data, f).itertuples()}
        for when, f in (("now", filters), ("before", filters.previous()))
    }
