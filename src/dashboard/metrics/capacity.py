"""Coach capacity: the participants each coach carries against the configured limit; defined in
docs/METRICS.md#breakdowns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd

from dashboard.filtering import select
from dashboard.metrics.subset import keep_tables
from dashboard.model import Filters, ProgrammeData
from dashboard.people import display_names

DEFAULT_MAX_PARTICIPANTS = 4
_CLOSED = ("completed", "ended_early")


def max_participants_per_coach(config: Mapping[str, Any]) -> int:
    """`[capacity] max_participants_per_coach` from the settings (default 4)."""
    table = config.get("capacity", {})
    if not isinstance(table, Mapping):
        raise ValueError(f"capacity must be a table ([capacity]), got {table!r}")
    value = table.get("max_participants_per_coach", DEFAULT_MAX_PARTICIPANTS)
    # bool is an int to Python, but `= true` is a mistake, not a limit of 1.
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(
            "capacity.max_participants_per_coach must be a whole number of at least 1, "
            f"got {value!r}"
        )
    return value


def carried(relationships: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Pairings running on the as-of date: started by then and not ended before it.

    A pairing marked completed or ended early without an end date counts as ended.
    """
    started = relationships["start_date"] <= as_of
    end = relationships["end_date"]
    running = end.ge(as_of) | (end.isna() & ~relationships["status"].isin(_CLOSED))
    return relationships[started & running & relationships["coach_id"].notna()]


def coach_totals(data: ProgrammeData, as_of: dt.date) -> pd.DataFrame:
    """Per coach (index coach_id), the distinct participants carried on the as-of date across
    every pairing in `data`, and whether the coach is one of its employees."""
    running = carried(data.relationships, pd.Timestamp(as_of))
    participants = running.groupby("coach_id")["participant_id"].nunique().astype("int64")
    employee = participants.index.isin(data.employees["employee_id"])
    return pd.DataFrame({"participants": participants, "employee": employee})


def coach_load(
    data: ProgrammeData, filters: Filters, totals: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Each coach of a pairing in the selection running at the period end, with the distinct
    participants they carry then across the organisation (`totals`), and within the selection."""
    # A department head's data holds only their departments' pairings: their caller hands in
    # the whole organisation's totals, so a coach's load reads the same for every viewer.
    as_of = pd.Timestamp(filters.end)
    in_selection = carried(select(keep_tables(data), filters).relationships, as_of)
    selected = in_selection.groupby("coach_id")["participant_id"].nunique()
    totals = coach_totals(data, filters.end) if totals is None else totals
    out = pd.DataFrame(
        {"participants": totals["participants"].reindex(selected.index), "in_selection": selected}
    )
    out = out.fillna(0).astype("int64").rename_axis("coach_id").reset_index()
    home = data.employees.drop_duplicates("employee_id").set_index("employee_id")["department"]
    department = out["coach_id"].map(home)
    # An employee outside the viewer's departments: neither their name nor their department.
    employees = totals.index[totals["employee"].astype(bool)]
    elsewhere = department.isna() & out["coach_id"].isin(employees)
    coach = display_names(out["coach_id"], data.employees)
    labelled = "Coach in another department (id " + out["coach_id"].astype("str") + ")"
    out.insert(1, "coach", coach.mask(elsewhere, labelled))
    out.insert(
        2,
        "department",
        department.mask(elsewhere, "(another department)").fillna("(not an employee)"),
    )
    return out.sort_values(["participants", "coach"], ascending=[False, True], ignore_index=True)


def over_capacity(load: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The coaches of a `coach_load` frame carrying more than `limit` participants."""
    return load[load["participants"] > limit]


def capacity_summary(
    data: ProgrammeData, load: pd.DataFrame, limit: int
) -> dict[str, float | bool]:
    """Whether pairings name coaches, and from `coach_load`: coaches, mean and median load, and
    how many carry more than `limit`."""
    return {
        "named": bool(data.relationships["coach_id"].notna().any()),
        "coaches": len(load),
        "mean": float(load["participants"].mean()) if len(load) else 0.0,
        "median": float(load["participants"].median()) if len(load) else 0.0,
        "over": int((load["participants"] > limit).sum()),
    }
