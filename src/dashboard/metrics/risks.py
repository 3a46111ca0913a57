"""At-risk relationships: idle, unhappy, repeatedly missed, or ended early as a mismatch."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from dashboard.filtering import Slice
from dashboard.metrics.sessions import ATTENDANCE_OUTCOMES

DEFAULT_IDLE_DAYS = 45
LOW_SATISFACTION = 2
MISSED_RUN = 2
MISSED = ("cancelled", "no_show")

REASON_FLAGS = ("idle", "low_satisfaction", "missed_sessions", "mismatch")
IDENTITY = (
    "relationship_id",
    "participant_id",
    "coach_id",
    "department",
    "manager_id",
    "kind",
    "start_date",
)
COLUMNS = (*IDENTITY, "last_held_session", "days_since_held", "reasons", *REASON_FLAGS)


def _last_held(sessions: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series:
    """Date of each relationship's latest held session on or before the as-of date."""
    held = sessions[(sessions["status"] == "held") & (sessions["session_date"] <= as_of)]
    return held.groupby("relationship_id")["session_date"].max()


def _missed_run(sessions: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series:
    """Length of each relationship's latest run of cancelled or no-show sessions up to as-of."""
    # Scheduled sessions in the past were never recorded either way: they neither extend nor
    # break a run. Same-day sessions are ordered by id so the result does not depend on row order.
    rows = sessions[
        (sessions["session_date"] <= as_of) & sessions["status"].isin(ATTENDANCE_OUTCOMES)
    ].sort_values(["session_date", "session_id"])
    by_pairing = rows.groupby("relationship_id")
    position = by_pairing.cumcount()
    last_held = position.where(rows["status"] == "held").groupby(rows["relationship_id"]).max()
    return by_pairing.size() - 1 - last_held.fillna(-1)


def _latest_score(feedback: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series:
    """Each relationship's latest satisfaction score up to as-of; the lowest on a tied day."""
    rows = feedback[feedback["submitted_date"] <= as_of]
    latest = rows.groupby("relationship_id")["submitted_date"].transform("max")
    last_day = rows[rows["submitted_date"] == latest]
    return last_day.groupby("relationship_id")["satisfaction"].min()


def _per_row(values: pd.Series, ids: pd.Series) -> pd.Series:
    """Values keyed by relationship id, aligned to the rows of `ids`."""
    # reindex, not Series.map: map with an empty datetime mapper casts it to float and fails.
    return pd.Series(values.reindex(ids.to_numpy()).to_numpy(), index=ids.index)


def _reason_lists(texts: pd.DataFrame) -> pd.Series:
    """Per row, the non-missing texts in column order, as a list."""
    stacked = texts.stack().dropna()
    return stacked.groupby(level=0).agg(list).reindex(texts.index)


def at_risk_relationships(
    sl: Slice, start: dt.date, end: dt.date, *, idle_days: int = DEFAULT_IDLE_DAYS
) -> pd.DataFrame:
    """One row per at-risk relationship at the period end, with plain-English `reasons` and a
    boolean column per reason (idle, low_satisfaction, missed_sessions, mismatch)."""
    as_of = pd.Timestamp(end)
    rel = sl.relationships
    ids = rel["relationship_id"]
    active = (rel["status"] == "active") & (rel["start_date"] <= as_of)
    unflagged = pd.Series(False, index=rel.index)

    if sl.sessions is None:
        last_held = pd.Series(pd.NaT, index=rel.index, dtype="datetime64[ns]")
        idle = missed = unflagged
        run = pd.Series(0, index=rel.index)
    else:
        last_held = _per_row(_last_held(sl.sessions, as_of), ids).astype("datetime64[ns]")
        # The idle clock starts at the start date, so a pairing a week old is not yet idle.
        clock = last_held.where(last_held > rel["start_date"], rel["start_date"])
        idle = active & ((as_of - clock).dt.days > idle_days)
        run = _per_row(_missed_run(sl.sessions, as_of), ids).fillna(0).astype("int64")
        missed = active & (run >= MISSED_RUN)

    if sl.feedback is None:
        low = unflagged
    else:
        score = _per_row(_latest_score(sl.feedback, as_of), ids)
        low = active & (score <= LOW_SATISFACTION).fillna(False).astype(bool)

    ended = (rel["status"] == "ended_early") & rel["end_date"].between(pd.Timestamp(start), as_of)
    reason = rel["end_reason"].astype("string").str.contains("mismatch", case=False, na=False)
    mismatch = ended & reason.astype(bool)

    flags = pd.DataFrame(
        {"idle": idle, "low_satisfaction": low, "missed_sessions": missed, "mismatch": mismatch}
    )
    at_risk = flags.any(axis=1)
    rows = rel[at_risk]
    flags = flags[at_risk]
    last = last_held[at_risk]
    idle_text = np.where(
        last.isna(), "No session held yet", f"No session held in the last {idle_days} days"
    )
    texts = pd.DataFrame(
        {
            "idle": pd.Series(idle_text, index=rows.index).where(flags["idle"]),
            "low_satisfaction": pd.Series(
                f"Latest satisfaction score is {LOW_SATISFACTION} or lower", index=rows.index
            ).where(flags["low_satisfaction"]),
            "missed_sessions": (
                run[at_risk].astype("string") + " cancelled or no-show sessions in a row"
            ).where(flags["missed_sessions"]),
            "mismatch": pd.Series("Ended early as a mismatch", index=rows.index).where(
                flags["mismatch"]
            ),
        }
    )
    out = rows[list(IDENTITY)].assign(
        last_held_session=last,
        days_since_held=(as_of - last).dt.days.astype("Int64"),
        reasons=_reason_lists(texts),
        **flags,
    )
    out = out.assign(_count=flags.sum(axis=1)).sort_values(
        ["_count", "relationship_id"], ascending=[False, True]
    )
    return out.drop(columns="_count")[list(COLUMNS)].reset_index(drop=True)
