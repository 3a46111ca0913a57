"""Retention: leaving rates of participants and non-participants; defined in
docs/METRICS.md#retention."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.filtering import Slice, select
from dashboard.metrics.participation import people_flags
from dashboard.metrics.rates import rate_frame
from dashboard.model import Filters, ProgrammeData

GROUPS = ("participant", "non_participant")
COLUMNS = ("n", "leavers", "rate", "ci_low", "ci_high")
# Smaller groups' intervals span most of the axis and flatten everyone else's on the chart.
CHART_MIN_GROUP = 10


def retention(sl: Slice, start: dt.date, end: dt.date, by: str | None = None) -> pd.DataFrame:
    """Per group, participants' and other eligible employees' n, leavers and leaving rate (with
    Wilson interval), and difference = participant_rate − non_participant_rate.

    A leaver left within the period. This is an association, not proof of effect: who takes
    part is not random (motivation, role, manager), so neither gap shows what the programme caused.
    """
    people = people_flags(sl, start, end)
    left = people["leave_date"].between(pd.Timestamp(start), pd.Timestamp(end))
    keys = people[by] if by else pd.Series("all", index=people.index)
    parts = []
    for group, members in zip(GROUPS, (people["participant"], ~people["participant"]), strict=True):
        grouped = left[members].groupby(keys[members], observed=True)
        rates = rate_frame(grouped.sum(), grouped.size())
        parts.append(
            rates.rename(columns={"numerator": "leavers", "denominator": "n"}).add_prefix(
                f"{group}_"
            )
        )
    out = pd.concat(parts, axis=1)
    if by is None:
        out = out.reindex(["all"])
    counts = [f"{g}_{c}" for g in GROUPS for c in ("n", "leavers")]
    out[counts] = out[counts].fillna(0).astype("int64")
    out = out[[f"{g}_{c}" for g in GROUPS for c in COLUMNS]]
    out["difference"] = out["participant_rate"] - out["non_participant_rate"]
    out.index.name = by or "scope"
    return out


def retention_by_department(
    data: ProgrammeData, filters: Filters
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The slice's `retention` by department, and over the whole slice."""
    sl = select(data, filters)
    return (
        retention(sl, filters.start, filters.end, by="department"),
        retention(sl, filters.start, filters.end),
    )


def charted(table: pd.DataFrame, min_group: int = CHART_MIN_GROUP) -> pd.DataFrame:
    """The rows of a `retention` table with at least `min_group` people in both groups."""
    return table[(table["participant_n"] >= min_group) & (table["non_participant_n"] >= min_group)]
