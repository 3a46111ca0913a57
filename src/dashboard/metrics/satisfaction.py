"""Satisfaction (mean and % favourable), published only as sums of whole cells of k people;
defined in docs/METRICS.md#satisfaction (reasoning: docs/ACCESS.md, "Small groups")."""

from __future__ import annotations

import datetime as dt
import weakref
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.model import ProgrammeData

DEFAULT_K = 5
# Published respondent counts are rounded down to a multiple of this (never below k).
RESPONDENTS_ROUNDED_TO = 5
MEAN_DECIMALS = 1
FAVOURABLE_DECIMALS = 2  # a share: whole percent

# From the finest cell to the coarsest. Responses not in a cell of k people at one level are
# pooled at the next; what is still short of k people after the last is never counted. Every
# level lies within one department and one calendar month or quarter, so a cell is whole in
# any department's scope and in any period made of whole months.
CELL_LEVELS: tuple[tuple[str, ...], ...] = (
    ("department", "month", "manager_id", "kind", "format", "programme_id"),
    ("department", "month", "kind", "format", "programme_id"),
    ("department", "month", "kind"),
    ("department", "month"),
    ("department", "quarter"),
)
COLUMNS = ("mean", "favourable", "respondents", "suppressed", "few")


def responses_in(feedback: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Responses in the period, each with the person who gave it."""
    rows = feedback[feedback["submitted_date"].between(pd.Timestamp(start), pd.Timestamp(end))]
    return rows.assign(person=respondent(rows))


def respondent(feedback: pd.DataFrame) -> pd.Series:
    """Who gave each response: the participant, or the coach for a coach's response."""
    # An external coach has no employee id: the pairing identifies them well enough.
    coach = feedback["coach_id"].fillna("external-coach:" + feedback["relationship_id"])
    return feedback["participant_id"].where(feedback["respondent"] != "coach", coach)


def whole_months(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first and last day of the calendar months lying wholly inside [start, end]."""
    first = (
        start if start.day == 1 else (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    )
    ends_month = (end + dt.timedelta(days=1)).day == 1
    last = end if ends_month else end.replace(day=1) - dt.timedelta(days=1)
    return (first, last) if first <= last else None


@dataclass(frozen=True)
class Cells:
    """Each response's cell (-1: in none, never counted), and each cell's number of responses."""

    of_row: pd.Series
    sizes: pd.Series


def _codes(values: pd.Series) -> tuple[np.ndarray, int]:
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return codes.astype(np.int64), len(uniques)


def _find_cells(feedback: pd.DataFrame, k: int, as_of: dt.date) -> Cells:
    date = feedback["submitted_date"]
    month = (date.dt.year * 12 + date.dt.month - 1).to_numpy()
    parts = {
        "month": (month, int(month.max()) + 1 if len(month) else 1),
        "quarter": (month // 3, int(month.max()) // 3 + 1 if len(month) else 1),
    }
    for column in ("department", "manager_id", "kind", "format", "programme_id"):
        parts[column] = _codes(feedback[column])
    person, _ = _codes(respondent(feedback))
    # A month still running when the data was read would change as responses arrive, and two
    # reads of it could be differenced; only months that had ended are counted.
    open_from = as_of.year * 12 + as_of.month - 1
    left = np.asarray(month < open_from)
    cell = np.full(len(feedback), -1, dtype=np.int64)
    found = 0
    for level in CELL_LEVELS:
        key = np.zeros(len(feedback), dtype=np.int64)
        for name in level:
            codes, count = parts[name]
            key = key * (count + 1) + codes
        rows = np.flatnonzero(left)
        pairs = pd.DataFrame({"key": key[rows], "person": person[rows]}).drop_duplicates()
        people = pairs["key"].value_counts()
        enough = np.isin(key[rows], people.index[people >= k].to_numpy())
        numbered, groups = pd.factorize(key[rows][enough])
        cell[rows[enough]] = numbered + found
        found += len(groups)
        left[rows[enough]] = False
    of_row = pd.Series(cell, index=feedback.index)
    return Cells(of_row, of_row[of_row >= 0].value_counts())


_found: dict[tuple[int, int, dt.date], tuple[weakref.ref, Cells]] = {}


def cells(feedback: pd.DataFrame, k: int, as_of: dt.date) -> Cells:
    """The cells of every response in the data (not a slice), worked out once per load and k."""
    key = (id(feedback), k, as_of)
    held = _found.get(key)
    if held is not None and held[0]() is feedback:
        return held[1]
    result = _find_cells(feedback, k, as_of)
    _found[key] = (weakref.ref(feedback), result)
    weakref.finalize(feedback, _found.pop, key, None)
    return result


def rounded_respondents(people: pd.Series, k: int) -> pd.Series:
    """Respondent counts as published: rounded down to a multiple of 5, never below k."""
    step = RESPONDENTS_ROUNDED_TO
    return np.maximum(people - people % step, k).astype("Int64")


def counted(
    data: ProgrammeData,
    selected: pd.DataFrame,
    start: dt.date,
    end: dt.date,
    by: str | None = None,
    *,
    k: int = DEFAULT_K,
) -> pd.DataFrame:
    """The selected responses in the whole calendar months of [start, end], with `person`,
    `group` (the `by` value, or 'all') and `counts`: whether the response's cell is held whole
    by the selection and the group, and so counts in the published figures."""
    months = whole_months(start, end)
    rows = responses_in(selected if months else selected.iloc[:0], *(months or (start, end)))
    found = cells(data.feedback, k, data.loaded_at.date())
    cell = found.of_row.reindex(rows.index).to_numpy()
    group = rows[by] if by else pd.Series("all", index=rows.index)
    held = pd.Series(1, index=rows.index).groupby([group, cell], observed=True).transform("size")
    whole = (cell >= 0) & (held.to_numpy() == found.sizes.reindex(cell).fillna(0).to_numpy())
    return rows.assign(group=group, counts=whole)


def satisfaction(
    data: ProgrammeData,
    selected: pd.DataFrame,
    start: dt.date,
    end: dt.date,
    by: str | None = None,
    *,
    k: int = DEFAULT_K,
) -> pd.DataFrame:
    """mean, favourable (share of 4–5) and respondents over the responses that count (see
    `counted`); NaN and `suppressed` where none do, `few` where fewer than k people answered.

    `selected` is the selection's rows of `data.feedback` (a filtering.Slice's feedback).
    Figures are rounded as published: mean to 0.1, shares to whole percent, respondents down
    to a multiple of 5.
    """
    rows = counted(data, selected, start, end, by, k=k)
    kept = rows[rows["counts"]]
    by_group = kept.groupby("group", observed=True)
    out = pd.DataFrame(
        {
            "mean": by_group["satisfaction"].mean().astype("float64"),
            "favourable": (kept["satisfaction"] >= 4).groupby(kept["group"]).mean(),
            "people": by_group["person"].nunique(),
        }
    )
    everyone = rows.groupby("group", observed=True)["person"].nunique()
    out = out.reindex(everyone.index if by else pd.Index(["all"]))
    people = out["people"].fillna(0).astype("int64")
    out["suppressed"] = people == 0
    out["few"] = everyone.reindex(out.index).fillna(0).to_numpy() < k
    out["mean"] = out["mean"].round(MEAN_DECIMALS)
    out["favourable"] = out["favourable"].astype("float64").round(FAVOURABLE_DECIMALS)
    out["respondents"] = rounded_respondents(people, k).mask(out["suppressed"])
    out.index.name = by or "scope"
    return out[list(COLUMNS)]


def withheld_text(few: bool, k: int) -> str:
    """How a withheld figure reads: 'fewer than k' when the group itself is that small."""
    return f"fewer than {k}" if few else "hidden"


def satisfaction_text(table: pd.DataFrame, k: int) -> pd.Series:
    """A breakdown's `satisfaction` column as shown: '4.1', or why it is withheld."""
    scores = table["satisfaction"].astype(object).map("{:.1f}".format, na_action="ignore")
    withheld = table["few"].fillna(True).map(lambda few: withheld_text(bool(few), k))
    return scores.where(table["satisfaction"].notna(), withheld).astype("str")
