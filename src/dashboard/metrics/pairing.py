"""Peer-mentor proposals pairing under-performing managers with strong ones; part of
docs/METRICS.md#manager-flags (rules: docs/MANAGERS.md)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from dashboard.metrics.managers import CONCERNS, STATUS_LABELS, STRENGTHS, TEAM_MEASURES

MENTOR_CAPACITY = 2
CLOSENESS = ("same department", "same division", "different division")
NO_MENTORS = (
    "no over-performing or strong manager in this selection to act as mentor; widen the "
    "department or manager filter"
)


def no_capacity(capacity: int) -> str:
    """Why a mentee is left unpaired when every mentor has `capacity` mentees."""
    mentees = "mentee" if capacity == 1 else "mentees"
    return f"every over-performing or strong manager already has {capacity} {mentees}"


PAIR_COLUMNS = (
    "mentee_id",
    "mentee",
    "mentee_department",
    "mentee_concerns",
    "mentor_id",
    "mentor",
    "mentor_department",
    "mentor_status",
    "mentor_strengths",
    "closeness",
    "gap",
)
UNPAIRED_COLUMNS = ("manager_id", "manager", "department", "reason")


@dataclass(frozen=True)
class Pairing:
    """Proposed pairs (one row per mentee) and the under-performers left without a mentor."""

    pairs: pd.DataFrame
    unpaired: pd.DataFrame


def propose(
    table: pd.DataFrame, measures: list[str], *, capacity: int = MENTOR_CAPACITY
) -> Pairing:
    """Pair each 'under' manager in `table` (managers.review's table) with an 'over' or
    'strong' one: most same-department pairs, then most same-division, then largest gaps."""
    if capacity < 1:
        raise ValueError("a mentor must be able to take at least one mentee")
    mentees = table[table["status"] == "under"].sort_values("manager_id")
    mentors = table[table["status"].isin(STRENGTHS)].sort_values("manager_id")
    if mentees.empty or mentors.empty:
        unpaired = _unpaired(mentees, NO_MENTORS)
        return Pairing(pd.DataFrame(columns=list(PAIR_COLUMNS)), unpaired)

    distance = _distance(mentees, mentors)
    gap = _gap(mentees, mentors, measures)
    k = len(mentees)
    # Weights make the order strict: one step of distance outweighs every possible saving below
    # it summed over all k pairs (each gap cost lies in (0, 1]).
    division_step = k + 1.0
    department_step = division_step * (k + 1.0)
    cost = (
        department_step * (distance >= 1)
        + division_step * (distance >= 2)
        + 1.0 / (1.0 + np.maximum(gap, 0.0))
    )
    slots = np.repeat(np.arange(len(mentors)), capacity)
    rows, cols = linear_sum_assignment(cost[:, slots])
    chosen = slots[cols]

    mentee = mentees.iloc[rows]
    mentor = mentors.iloc[chosen]
    pairs = pd.DataFrame(
        {
            "mentee_id": mentee["manager_id"].to_numpy(),
            "mentee": mentee["name"].to_numpy(),
            "mentee_department": mentee["department"].to_numpy(),
            "mentee_concerns": _measures_flagged(mentee, measures, CONCERNS).to_numpy(),
            "mentor_id": mentor["manager_id"].to_numpy(),
            "mentor": mentor["name"].to_numpy(),
            "mentor_department": mentor["department"].to_numpy(),
            "mentor_status": mentor["status"].map(STATUS_LABELS).to_numpy(),
            "mentor_strengths": _measures_flagged(mentor, measures, STRENGTHS).to_numpy(),
            "closeness": np.asarray(CLOSENESS, dtype=object)[distance[rows, chosen]],
            "gap": gap[rows, chosen],
        }
    )
    pairs = pairs.astype({c: "str" for c in PAIR_COLUMNS if c != "gap"})
    left = mentees.drop(index=mentees.index[rows])
    return Pairing(
        pairs.sort_values(["mentee_department", "mentee"], ignore_index=True),
        _unpaired(left, no_capacity(capacity)),
    )


def _distance(mentees: pd.DataFrame, mentors: pd.DataFrame) -> np.ndarray:
    """0 same department, 1 same division, 2 otherwise (an unknown division never matches)."""
    dept = mentees["department"].to_numpy(dtype=object)[:, None] == mentors["department"].to_numpy(
        dtype=object
    )
    a = mentees["division"].to_numpy(dtype=object)[:, None]
    b = mentors["division"].to_numpy(dtype=object)[None, :]
    division = (a == b) & pd.notna(a) & pd.notna(b)
    return np.where(dept, 0, np.where(division, 1, 2))


def _gap(mentees: pd.DataFrame, mentors: pd.DataFrame, measures: list[str]) -> np.ndarray:
    """Mean over each mentee's concern measures of (mentor z − mentee z); an unjudged mentor
    measure counts as on target (z = 0)."""
    total = np.zeros((len(mentees), len(mentors)))
    count = np.zeros((len(mentees), 1))
    for measure in measures:
        weak = mentees[f"{measure}_flag"].isin(CONCERNS).to_numpy()[:, None]
        judged = ~mentors[f"{measure}_flag"].isin(("too_small", "no_data")).to_numpy()
        mentor_z = np.where(judged, mentors[f"{measure}_z"].to_numpy(dtype=float), 0.0)
        mentee_z = mentees[f"{measure}_z"].to_numpy(dtype=float)[:, None]
        total += np.where(weak, np.nan_to_num(mentor_z[None, :] - mentee_z), 0.0)
        count += weak
    return total / np.maximum(count, 1)


def _measures_flagged(frame: pd.DataFrame, measures: list[str], flags: tuple) -> pd.Series:
    parts = pd.DataFrame(
        {
            m: pd.Series(TEAM_MEASURES[m], index=frame.index).where(frame[f"{m}_flag"].isin(flags))
            for m in measures
        },
        index=frame.index,
    )
    joined = parts.stack().dropna().groupby(level=0).agg(", ".join)
    # Empty when nothing is flagged, and then not text: made text before the blanks are filled.
    return joined.astype("str").reindex(frame.index, fill_value="")


def _unpaired(mentees: pd.DataFrame, reason: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "manager_id": mentees["manager_id"],
            "manager": mentees["name"],
            "department": mentees["department"],
            "reason": reason,
        },
        columns=list(UNPAIRED_COLUMNS),
    ).reset_index(drop=True)
