"""Satisfaction (mean and % favourable), suppressed for groups under k distinct respondents."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

DEFAULT_K = 5


def responses_in(feedback: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Responses in the period, each with the person who gave it."""
    rows = feedback[feedback["submitted_date"].between(pd.Timestamp(start), pd.Timestamp(end))]
    # An external coach has no employee id: the pairing identifies them well enough.
    coach = rows["coach_id"].fillna("external-coach:" + rows["relationship_id"])
    person = rows["participant_id"].where(rows["respondent"] != "coach", coach)
    return rows.assign(person=person)


def suppress_breakdown(respondents: pd.Series, k: int) -> pd.Series:
    """Which cells to hide: those under k, and the next-smallest if only one would be hidden.

    Hiding one cell alone lets a reader recover it from the total and the other cells.
    """
    hidden = respondents < k
    if hidden.sum() == 1 and len(respondents) > 1:
        hidden[respondents[~hidden].idxmin()] = True
    return hidden


def satisfaction(
    feedback: pd.DataFrame,
    start: dt.date,
    end: dt.date,
    by: str | None = None,
    *,
    k: int = DEFAULT_K,
) -> pd.DataFrame:
    """mean, favourable (share of 4–5), responses and respondents; NaN where suppressed."""
    rows = responses_in(feedback, start, end)
    keys = rows[by] if by else pd.Series("all", index=rows.index)
    grouped = rows.groupby(keys, observed=True)
    out = pd.DataFrame(
        {
            "mean": grouped["satisfaction"].mean(),
            "favourable": grouped["satisfaction"].apply(lambda s: (s >= 4).mean()),
            "responses": grouped.size(),
            "respondents": grouped["person"].nunique(),
        }
    )
    if by is None:
        out = out.reindex(["all"]).fillna({"responses": 0, "respondents": 0})
    out = out.astype({"responses": "int64", "respondents": "int64", "mean": "float64"})
    out["favourable"] = out["favourable"].astype("float64")
    hidden = out["respondents"] < k if by is None else suppress_breakdown(out["respondents"], k)
    out["suppressed"] = hidden
    out.loc[hidden, ["mean", "favourable"]] = np.nan
    out.index.name = by or "scope"
    return out
