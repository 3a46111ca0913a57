"""Turn raw column values into canonical types; what cannot be turned becomes missing.

Each function returns the coerced Series; a value that was present but came out missing is
a coercion failure the validator reports.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from dashboard.schema import OBSTACLE_CATEGORIES

_TRUE = {"true", "yes", "y", "1", "t", "x"}
_FALSE = {"false", "no", "n", "0", "f"}

ENUM_SYNONYMS: dict[str, str] = {
    # goal and relationship statuses
    "done": "completed",
    "complete": "completed",
    "achieved": "completed",
    "finished": "completed",
    "open": "in_progress",
    "ongoing": "in_progress",
    "started": "in_progress",
    "not_yet_started": "not_started",
    "dropped": "abandoned",
    "cancelled_goal": "abandoned",
    "ended": "completed",
    "terminated": "ended_early",
    "ended_prematurely": "ended_early",
    "on_hold": "paused",
    "attended": "held",
    "completed_session": "held",
    "canceled": "cancelled",
    "cancelled_by_mentee": "cancelled",
    "cancelled_by_mentor": "cancelled",
    "cancelled_by_coach": "cancelled",
    "cancelled_by_coachee": "cancelled",
    "noshow": "no_show",
    "did_not_attend": "no_show",
    "dna": "no_show",
    "planned": "scheduled",
    "upcoming": "scheduled",
    "mentee": "participant",
    "coachee": "participant",
    "mentor": "coach",
    "closed": "resolved",
    "fixed": "resolved",
    "med": "medium",
    "moderate": "medium",
}

OBSTACLE_SYNONYMS: dict[str, str] = {
    "resistance": "resistance_to_change",
    "change_resistance": "resistance_to_change",
    "time": "lack_of_time",
    "no_time": "lack_of_time",
    "time_constraints": "lack_of_time",
    "workload": "lack_of_time",
    "too_busy": "lack_of_time",
    "resources": "lack_of_resources",
    "budget": "lack_of_resources",
    "funding": "lack_of_resources",
    "leadership_support": "lack_of_leadership_support",
    "no_leadership_support": "lack_of_leadership_support",
    "lack_of_management_support": "lack_of_leadership_support",
    "loss_of_control": "perceived_loss_of_control",
    "coach_training": "inadequate_coach_training",
    "training": "inadequate_coach_training",
    "untrained_coaches": "inadequate_coach_training",
    "no_coaches_available": "coach_availability",
    "mentor_availability": "coach_availability",
    "mismatched_pairs": "mismatch",
    "poor_match": "mismatch",
    "mismatched_pair": "mismatch",
    "privacy": "confidentiality",
    "confidentiality_concerns": "confidentiality",
    "confidentiality_worries": "confidentiality",
    "hierarchy": "power_imbalance",
}


def normalise_token(value: object) -> str:
    """Lower-case a label and join its words with underscores ('No Show' -> 'no_show')."""
    return re.sub(r"[^a-z0-9]+", "_", str(value).strip().lower()).strip("_")


def ids(values: pd.Series) -> pd.Series:
    """Identifiers as text; 17.0 read from a spreadsheet becomes '17'."""
    if pd.api.types.is_float_dtype(values):
        whole = values.dropna()
        if (whole == np.floor(whole)).all():
            values = values.astype("Int64")
    out = values.astype("str").str.strip()
    return out.where(values.notna() & (out != ""), None).astype("str")


def text(values: pd.Series) -> pd.Series:
    out = values.astype("str").str.strip()
    return out.where(values.notna() & (out != ""), None).astype("str")


def dates(values: pd.Series) -> pd.Series:
    """Dates (day precision) from date objects, ISO or common text forms, or Excel serials."""
    if pd.api.types.is_datetime64_any_dtype(values):
        out = values
        if getattr(out.dt, "tz", None) is not None:
            out = out.dt.tz_localize(None)
        return out.dt.normalize().astype("datetime64[ns]")
    numbers = pd.to_numeric(values, errors="coerce")
    # Excel's day 0 is 1899-12-30 once its 1900 leap-year bug is accounted for; its last
    # valid day is 9999-12-31 (serial 2958465). Other numbers are not dates.
    serial = numbers.where(numbers.between(1, 2_958_465))
    parsed = pd.Timestamp("1899-12-30") + pd.to_timedelta(serial, unit="D")
    as_text = values.astype("str").str.strip().where(values.notna() & numbers.isna())
    if as_text.notna().any():
        parsed = parsed.fillna(_parse_text_dates(as_text))
    return parsed.dt.normalize().astype("datetime64[ns]")


def _parse_text_dates(as_text: pd.Series) -> pd.Series:
    parsed = pd.to_datetime(as_text, errors="coerce", format="ISO8601")
    rest = parsed.isna() & as_text.notna()
    if rest.any():
        try:
            parsed[rest] = pd.to_datetime(as_text[rest], errors="coerce", format="mixed")
        except (ValueError, OverflowError):
            # One unparseable outlier spoils the vectorised call; fall back to one by one.
            parsed[rest] = as_text[rest].map(_parse_one)
    return parsed


def _parse_one(value: str) -> pd.Timestamp:
    try:
        return pd.to_datetime(value, errors="coerce")
    except (ValueError, OverflowError):
        return pd.NaT


def integers(values: pd.Series) -> pd.Series:
    numbers = pd.to_numeric(values, errors="coerce")
    whole = numbers.where(numbers == np.floor(numbers))
    return whole.astype("Int64")


def booleans(values: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(values):
        return values.astype("boolean")
    tokens = values.map(normalise_token, na_action="ignore")
    out = pd.Series(pd.NA, index=values.index, dtype="boolean")
    out[tokens.isin(_TRUE)] = True
    out[tokens.isin(_FALSE)] = False
    return out


def enums(values: pd.Series, allowed: tuple[str, ...]) -> pd.Series:
    """Canonical codes by normalised name or synonym; anything else becomes missing."""
    synonyms = {**ENUM_SYNONYMS, **OBSTACLE_SYNONYMS} if "other" in allowed else ENUM_SYNONYMS
    tokens = values.map(normalise_token, na_action="ignore")
    mapped = tokens.map(lambda t: t if t in allowed else synonyms.get(t), na_action="ignore")
    return mapped.where(mapped.isin(allowed), None).astype("str")


def obstacle_categories(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Canonical categories, unknown wordings as 'other', and the original text kept for those."""
    mapped = enums(values, tuple(OBSTACLE_CATEGORIES))
    unknown = mapped.isna() & values.notna()
    original = text(values).where(unknown, None)
    return mapped.mask(unknown, "other"), original
