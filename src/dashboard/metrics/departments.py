"""The department table: uptake, goal completion, satisfaction and open obstacles side by side;
defined in docs/METRICS.md#breakdowns."""

from __future__ import annotations

import pandas as pd

from dashboard.filtering import select
from dashboard.metrics import goals, obstacles, participation, satisfaction
from dashboard.metrics.against_target import with_targets, worst_first
from dashboard.metrics.satisfaction import DEFAULT_K, satisfaction_text
from dashboard.metrics.targets import Targets
from dashboard.model import Filters, ProgrammeData


def department_table(data: ProgrammeData, filters: Filters, *, k: int = DEFAULT_K) -> pd.DataFrame:
    """One row per department in the slice, with each rate's numerator and denominator."""
    start, end = filters.start, filters.end
    sl = select(data, filters)
    uptake = participation.participation(sl, start, end, by="department")
    out = pd.DataFrame(
        {
            "eligible": uptake["denominator"],
            "participants": uptake["numerator"],
            "uptake": uptake["rate"],
        }
    )
    if sl.goals is not None:
        done = goals.completion(sl.goals, start, end, by="department")
        out = out.join(
            done.rename(
                columns={
                    "rate": "goal_completion",
                    "numerator": "goals_completed",
                    "denominator": "goals_due",
                }
            )[["goal_completion", "goals_completed", "goals_due"]],
            how="outer",
        )
    if sl.feedback is not None:
        sat = satisfaction.satisfaction(data, sl.feedback, start, end, by="department", k=k)
        out = out.join(
            sat.rename(columns={"mean": "satisfaction"})[
                ["satisfaction", "favourable", "respondents", "suppressed", "few"]
            ],
            how="outer",
        )
    if sl.obstacles is not None:
        counts = obstacles.obstacle_counts(sl.obstacles, start, end, by="department")
        out = out.join(counts.rename(columns={"open": "open_obstacles"})[["open_obstacles"]])
        out["open_obstacles"] = out["open_obstacles"].fillna(0).astype("int64")
        out["obstacles_per_100"] = 100 * out["open_obstacles"] / out["eligible"]
    out.index.name = "department"
    return out.reset_index()


def uptake_worst_first(table: pd.DataFrame, targets: Targets) -> pd.DataFrame:
    """A `department_table` with each department's uptake target and status against it, below
    target first (`worst_first`)."""
    rated = with_targets(table, targets, "uptake", value="uptake")
    return worst_first(rated, value="uptake", label="department")


GRID_COLUMNS = (
    "department",
    "status",
    "eligible",
    "participants",
    "uptake",
    "goal_completion",
    "goals_due",
    "satisfaction",
    "respondents",
    "open_obstacles",
    "obstacles_per_100",
)


def grid_rows(table: pd.DataFrame, k: int) -> pd.DataFrame:
    """An `uptake_worst_first` table as the Overview lists it: rates in percent, small groups'
    satisfaction in words, GRID_COLUMNS only."""
    shown = table.copy()
    for column in ("uptake", "goal_completion", "favourable"):
        if column in shown:
            shown[column] = shown[column] * 100
    if "satisfaction" in shown:
        shown["satisfaction"] = satisfaction_text(shown, k)
    return shown[[c for c in GRID_COLUMNS if c in shown]]
