"""At-risk pairings: idle, missed in a row, ended as a mismatch or (with individual feedback)
unhappy; defined in docs/METRICS.md#at-risk-pairings."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from dashboard.filtering import Slice, select
from dashboard.model import Filters, ProgrammeData
from dashboard.people import display_names

DEFAULT_IDLE_DAYS = 45
LOW_SATISFACTION = 2
MISSED_RUN = 2
MISSED = ("cancelled", "no_show")

REASON_FLAGS = ("idle", "low_satisfaction", "missed_sessions", "mismatch")
# Reasons read from a pairing's own feedback: one or two people's answers.
INDIVIDUAL = ("low_satisfaction",)
REASON_LABELS = {
    "idle": "No recent session",
    "low_satisfaction": "Low satisfaction",
    "missed_sessions": "Missed in a row",
    "mismatch": "Ended as mismatch",
}
IDENTITY = (
    "relationship_id",
    "participant_id",
    "coach_id",
    "department",
    "manager_id",
    "kind",
    "start_date",
)


def reason_flags(individual_feedback: bool) -> tuple[str, ...]:
    """The reasons judged: all of them, or those not read from individual feedback."""
    return tuple(f for f in REASON_FLAGS if individual_feedback or f not in INDIVIDUAL)


def columns(individual_feedback: bool) -> tuple[str, ...]:
    return (
        *IDENTITY,
        "last_held_session",
        "days_since_held",
        "reasons",
        *reason_flags(individual_feedback),
    )


def _last_held(sessions: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series:
    """Date of each relationship's latest held session on or before the as-of date."""
    held = sessions[(sessions["status"] == "held") & (sessions["session_date"] <= as_of)]
    return held.groupby("relationship_id")["session_date"].max()


def _missed_run(sessions: pd.DataFrame, as_of: pd.Timestamp, last_held: pd.Series) -> pd.Series:
    """Cancelled or no-show sessions after each relationship's latest held one, up to as-of."""
    # That is the latest run, found without sorting a million sessions. A session held on the
    # day of a cancellation ends the run; scheduled sessions were never recorded either way.
    missed = sessions[sessions["status"].isin(MISSED) & (sessions["session_date"] <= as_of)]
    since = _per_row(last_held, missed["relationship_id"])
    after = missed[since.isna() | (missed["session_date"] > since)]
    return after.groupby("relationship_id").size()


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


def _text(text: object, mask: pd.Series) -> pd.Series:
    """The text (one, or one per row) where the mask holds, missing elsewhere."""
    return pd.Series(text, index=mask.index).where(mask)


def _reason_lists(texts: pd.DataFrame) -> pd.Series:
    """Per row, its non-missing texts in column order, as a list (every row has at least one)."""
    if texts.empty:
        return pd.Series([], index=texts.index, dtype=object)
    stacked = texts.stack().dropna()
    rows = stacked.index.get_level_values(0).to_numpy()
    # Stacking keeps each row's texts together: cut where the row changes. groupby().agg(list)
    # does the same six times slower.
    cuts = np.flatnonzero(rows[1:] != rows[:-1]) + 1
    lists = [part.tolist() for part in np.split(stacked.to_numpy(dtype=object), cuts)]
    return pd.Series(lists, index=pd.unique(rows)).reindex(texts.index)


def at_risk_relationships(
    sl: Slice,
    start: dt.date,
    end: dt.date,
    *,
    idle_days: int = DEFAULT_IDLE_DAYS,
    individual_feedback: bool = False,
) -> pd.DataFrame:
    """One row per at-risk relationship at the period end, with plain-English `reasons` and a
    boolean column per reason judged (idle, missed_sessions, mismatch, and low_satisfaction
    only with `individual_feedback`)."""
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
        held_on = _last_held(sl.sessions, as_of)
        last_held = _per_row(held_on, ids).astype("datetime64[ns]")
        # The idle clock starts at the start date, so a pairing a week old is not yet idle.
        clock = last_held.where(last_held > rel["start_date"], rel["start_date"])
        idle = active & ((as_of - clock).dt.days > idle_days)
        run = _per_row(_missed_run(sl.sessions, as_of, held_on), ids).fillna(0).astype("int64")
        missed = active & (run >= MISSED_RUN)

    if sl.feedback is None or not individual_feedback:
        low = unflagged
    else:
        score = _per_row(_latest_score(sl.feedback, as_of), ids)
        low = active & (score <= LOW_SATISFACTION).fillna(False).astype(bool)

    ended = (rel["status"] == "ended_early") & rel["end_date"].between(pd.Timestamp(start), as_of)
    reason = rel["end_reason"].astype("string").str.contains("mismatch", case=False, na=False)
    mismatch = ended & reason.astype(bool)

    judged = reason_flags(individual_feedback)
    flags = pd.DataFrame(
        {"idle": idle, "low_satisfaction": low, "missed_sessions": missed, "mismatch": mismatch}
    )[list(judged)]
    at_risk = flags.any(axis=1)
    rows = rel[at_risk]
    flags = flags[at_risk]
    last = last_held[at_risk]
    idle_text = np.where(
        last.isna(), "No session held yet", f"No session held in the last {idle_days} days"
    )
    missed_text = run[at_risk].astype("string") + " cancelled or no-show sessions in a row"
    wording = {
        "idle": idle_text,
        "low_satisfaction": f"Latest satisfaction score is {LOW_SATISFACTION} or lower",
        "missed_sessions": missed_text,
        "mismatch": "Ended early as a mismatch",
    }
    texts = pd.DataFrame({flag: _text(wording[flag], flags[flag]) for flag in judged})
    out = rows[list(IDENTITY)].assign(
        last_held_session=last,
        days_since_held=(as_of - last).dt.days.astype("Int64"),
        reasons=_reason_lists(texts),
        **flags,
    )
    out = out.assign(_count=flags.sum(axis=1)).sort_values(
        ["_count", "relationship_id"], ascending=[False, True]
    )
    return out.drop(columns="_count")[list(columns(individual_feedback))].reset_index(drop=True)


def reason_counts(at_risk: pd.DataFrame) -> pd.DataFrame:
    """reason, label and relationships flagged for it, one row per reason judged (zeros
    included); a pairing with two reasons counts under both."""
    judged = [f for f in REASON_FLAGS if f in at_risk.columns]
    counts = at_risk[judged].sum().astype("int64")
    return pd.DataFrame(
        {
            "reason": judged,
            "label": [REASON_LABELS[r] for r in judged],
            "relationships": counts.to_numpy(),
        }
    )


def at_risk_named(
    data: ProgrammeData, filters: Filters, *, idle_days: int, individual_feedback: bool
) -> pd.DataFrame:
    """The slice's at-risk relationships with participant, coach and manager named."""
    frame = at_risk_relationships(
        select(data, filters),
        filters.start,
        filters.end,
        idle_days=idle_days,
        individual_feedback=individual_feedback,
    )
    return frame.assign(
        participant=display_names(frame["participant_id"], data.employees),
        coach=display_names(frame["coach_id"], data.employees),
        manager=display_names(frame["manager_id"], data.employees),
    )


def at_risk_by_reason(
    data: ProgrammeData, filters: Filters, *, idle_days: int
) -> tuple[pd.DataFrame, int]:
    """The slice's `reason_counts` and how many relationships are at risk for any reason."""
    rows = at_risk_relationships(
        select(data, filters), filters.start, filters.end, idle_days=idle_days
    )
    return reason_counts(rows), len(rows)


def reasons_as_text(at_risk: pd.DataFrame) -> pd.DataFrame:
    """An at-risk list with its `reasons` joined by "; ", as a spreadsheet cell holds them."""
    return at_risk.assign(reasons=at_risk["reasons"].str.join("; "))


def idle_days_setting(config: dict[str, Any]) -> int:
    """`[risks] idle_days` from the settings (default 45): a whole number of days, at least 1."""
    table = config.get("risks", {})
    if not isinstance(table, dict):
        raise ValueError(f"risks must be a table, e.g. [risks] with idle_days = 45, got {table!r}")
    value = table.get("idle_days", DEFAULT_IDLE_DAYS)
    # bool is an int to Python, but `idle_days = true` is a mistake.
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(
            f"risks.idle_days must be a whole number of days, at least 1, got {value!r}"
        )
    return value
