"""What a column's values mean: recodings, rating scales and fixed values, with suggestions.

Platform exports speak their own vocabularies ('Matched - Active', 'Did not happen', True/False)
and rating scales (0-10, 1-4). A recoding maps each wording onto a canonical value, a scale
converts scores onto the canonical 1-5, and a fixed value fills a column the export lacks.
Suggestions for common vocabularies are proposals the mapping step shows and lets the user
change; the validation report names every value recoded.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from dashboard import coerce
from dashboard.coerce import normalise_token
from dashboard.schema import TABLES

OTHER = "*"
"""Recoding key: every other value of the column."""
AS_READ = ""
"""Recoding target: the value is read as it stands (a suggestion turned down)."""

SCALES: dict[str, tuple[int, int]] = {
    "1-5": (1, 5),
    "1-4": (1, 4),
    "1-7": (1, 7),
    "0-10": (0, 10),
    "1-10": (1, 10),
    "0-100": (0, 100),
}
"""Rating scales a satisfaction column may use; each converts linearly onto 1-5."""

_YES = ("yes", "true", "y", "t", "1")
_NO = ("no", "false", "n", "f", "0")

# 'table.column' -> canonical value -> the wordings (normalised) suggested for it. Only
# wordings whose meaning differs from what the column reads on its own need to be here.
_WORDINGS: dict[str, dict[str, str]] = {
    "relationships.status": {
        "active": "matched_active active_match matched_in_progress in_progress_match connected "
        "approved accepted",
        "completed": "matched_completed matched_complete completed_match matched_closed "
        "finished ended closed complete graduated",
        "ended_early": "concluded matched_concluded closed_early ended_prematurely rematched "
        "broken_up dissolved unmatched cancelled canceled",
        "paused": "inactive on_hold paused dormant matched_paused",
    },
    "sessions.status": {
        "cancelled": "did_not_happen didn_t_happen did_not_take_place not_happened late_cancel "
        "late_cancellation rescheduled declined",
        "no_show": "member_no_show participant_no_show mentee_no_show coachee_no_show "
        "coach_no_show mentor_no_show no_show_member",
        "held": "completed complete happened took_place attended occurred done logged",
        "scheduled": "upcoming scheduled planned pending booked requested",
    },
    "goals.status": {
        "in_progress": "on_track behind at_risk off_track ongoing started partially_achieved",
        "completed": "achieved met accomplished done",
    },
    "enrolments.status": {
        "registered": "unmatched pending_match awaiting_match looking_for_match available "
        "active approved joined",
        "matched": "matched matched_active paired connected",
        "invited": "invited pending_invite invite_sent pending nominated",
        "withdrawn": "deactivated archived inactive removed suspended left withdrew declined",
    },
    "employees.employment_status": {
        "active": "active employed current full_time part_time fixed_term permanent temporary "
        "contractor intern on_leave leave garden_leave parental_leave maternity_leave "
        "paternity_leave sick_leave long_term_sick onboarding hired pre_hire probation "
        "suspended a",
        "left": "inactive terminated left leaver former former_employee resigned retired "
        "deceased dismissed ended separated exited withdrawn t i",
    },
    "feedback.satisfaction": {
        "5": "extremely_satisfied very_satisfied completely_satisfied strongly_agree excellent "
        "very_happy outstanding",
        "4": "satisfied somewhat_satisfied moderately_satisfied mostly_satisfied agree "
        "somewhat_agree very_good happy",
        "3": "neither_satisfied_nor_dissatisfied neutral neither_agree_nor_disagree ok okay "
        "average good",
        "2": "dissatisfied somewhat_dissatisfied moderately_dissatisfied disagree "
        "somewhat_disagree fair unhappy",
        "1": "extremely_dissatisfied very_dissatisfied completely_dissatisfied "
        "strongly_disagree poor very_poor very_unhappy",
    },
}
_VOCABULARY: dict[str, dict[str, str]] = {
    key: {word: target for target, words in meanings.items() for word in words.split()}
    for key, meanings in _WORDINGS.items()
}
"""'table.column' -> wording -> the canonical value suggested for it."""

# 'table.column' -> (yes, no): what a column of True/False (yes/no, 1/0) means.
_BOOLEAN_MEANING: dict[str, tuple[str, str]] = {
    "relationships.status": ("active", "completed"),
    "sessions.status": ("held", "cancelled"),
    "goals.status": ("completed", "in_progress"),
    "enrolments.status": ("matched", "registered"),
    "employees.employment_status": ("active", "left"),
}

_LEADING_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%?(?:\s*[-–:=].*)?$")
_RANGE_HINT = re.compile(r"(\d+)\s*(?:-|–|to)\s*(\d+)")
_OUT_OF_HINT = re.compile(r"out_of_(\d+)")


def recodable(table: str, column: str) -> bool:
    """Whether a column's values can be recoded: enumerations, yes/no and satisfaction."""
    col = TABLES[table].column(column)
    return col.kind in ("enum", "bool") or column == "satisfaction"


def targets(table: str, column: str) -> tuple[str, ...]:
    """The canonical values a recoding of this column may give."""
    col = TABLES[table].column(column)
    if col.kind == "bool":
        return ("yes", "no")
    if column == "satisfaction":
        return ("1", "2", "3", "4", "5")
    return col.enum


def token(value: object) -> str:
    """The form in which a value is compared: 7.0 and '7' alike, case and punctuation ignored."""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalise_token(value)


def distinct_values(values: pd.Series) -> pd.DataFrame:
    """Each distinct wording once (as first written) with its row count, commonest first.

    Blank cells and blank-like text ('N/A', '-') are left out: they read as blanks.
    """
    counts = values.value_counts(sort=False, dropna=True)
    words = pd.Series(counts.index, dtype=object)
    counts = counts[~coerce.blank_like(words).to_numpy()]
    if counts.empty:
        return pd.DataFrame({"value": [], "token": [], "rows": []})
    frame = pd.DataFrame(
        {
            "value": [_text(v) for v in counts.index],
            "token": [token(v) for v in counts.index],
            "rows": counts.to_numpy(),
        }
    )
    frame = frame.groupby("token", sort=False).agg(value=("value", "first"), rows=("rows", "sum"))
    frame = frame.reset_index()[["value", "token", "rows"]]
    return frame.sort_values("rows", ascending=False, kind="stable").reset_index(drop=True)


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value)


def natural(table: str, column: str, values: pd.Series) -> pd.Series:
    """What each value reads as without any recoding (a canonical value, or missing)."""
    col = TABLES[table].column(column)
    if column == "satisfaction":
        numbers = coerce.integers(values)
        return numbers.where(numbers.between(1, 5)).astype("str").astype(object)
    if col.kind == "bool":
        read = coerce.booleans(values)
        return read.map({True: "yes", False: "no"}).astype(object)
    return coerce.enums(values, col.enum).astype(object)


def suggest(
    table: str,
    column: str,
    values: pd.Series,
    header: str = "",
    *,
    found: pd.DataFrame | None = None,
) -> dict[str, str]:
    """Recodings proposed for a column's values (value as written -> canonical value).

    Only values whose proposed reading differs from what they read as on their own. `found`
    is the column's distinct_values, when already at hand.
    """
    key = f"{table}.{column}"
    found = distinct_values(values) if found is None else found
    if found.empty:
        return {}
    tokens = list(found["token"])
    shown = dict(zip(tokens, found["value"], strict=True))
    read = dict(zip(tokens, natural(table, column, found["value"]), strict=True))
    proposals: dict[str, str] = {}
    meaning = _BOOLEAN_MEANING.get(key)
    if meaning and set(tokens) <= {*_YES, *_NO}:
        proposals = {t: meaning[0] if t in _YES else meaning[1] for t in tokens}
    elif key == "goals.status" and _percentages(tokens, header):
        return _progress_suggestion(shown)
    else:
        vocabulary = _VOCABULARY.get(key, {})
        for t in tokens:
            target = vocabulary.get(t) or _by_pattern(key, t)
            if target:
                proposals[t] = target
    return {shown[t]: v for t, v in proposals.items() if read.get(t) != v}


def _by_pattern(key: str, word: str) -> str | None:
    if key == "relationships.kind":
        if "mentor" in word:
            return "mentoring"
        if "coach" in word:
            return "coaching"
    return None


def _percentages(tokens: list[str], header: str) -> bool:
    """A column of progress percentages (0-100), not of statuses."""
    numbers = [float(t) for t in tokens if t.isdigit()]
    if len(numbers) != len(tokens) or not numbers or max(numbers) > 100:
        return False
    named = re.search(r"progress|percent|pct|%", header.lower()) is not None
    return named or max(numbers) > 5


def _progress_suggestion(shown: dict[str, str]) -> dict[str, str]:
    """0 % not started, 100 % completed, anything between in progress."""
    out = {}
    if "0" in shown:
        out[shown["0"]] = "not_started"
    if "100" in shown:
        out[shown["100"]] = "completed"
    out[OTHER] = "in_progress"
    return out


def suggest_kind(words: list[str]) -> str | None:
    """'mentoring' or 'coaching' when the headers and names speak of only one of them."""
    text = " ".join(normalise_token(w) for w in words)
    mentoring = re.search(r"mentor|mentee|protege", text) is not None
    coaching = re.search(r"coach", text) is not None
    if mentoring != coaching:
        return "mentoring" if mentoring else "coaching"
    return None


def apply_recodes(
    values: pd.Series, recodes: dict[str, str]
) -> tuple[pd.Series, pd.Series, dict[str, int]]:
    """Values with every recoded wording replaced, which rows were, and how many per wording."""
    named = {token(k): v for k, v in recodes.items() if k != OTHER}
    other = recodes.get(OTHER, AS_READ)
    lookup: dict[object, str] = {}
    for value in values[~coerce.blank_like(values)].dropna().unique():
        word = token(value)
        target = named.get(word, other if word not in named else AS_READ)
        if target != AS_READ:
            lookup[value] = target
    if not lookup:
        return values, pd.Series(False, index=values.index), {}
    target = values.map(lookup)
    recoded = target.notna()
    counts: dict[str, int] = {}
    labels: dict[str, str] = {}
    for value, rows in values[recoded].value_counts(sort=False).items():
        label = labels.setdefault(token(value), _text(value))
        counts[label] = counts.get(label, 0) + int(rows)
    return values.astype(object).mask(recoded, target), recoded, counts


def leading_numbers(values: pd.Series) -> pd.Series:
    """Numbers, and the number a text starts with ('10 - Extremely likely', '80%')."""
    numbers = pd.to_numeric(values, errors="coerce").astype("float64")
    text = values[numbers.isna() & values.notna()]
    if len(text):
        found = text.astype(str).str.extract(_LEADING_NUMBER, expand=False)
        numbers.loc[found.index] = pd.to_numeric(found, errors="coerce")
    return numbers


def suggest_scale(values: pd.Series, hints: list[str]) -> str | None:
    """The rating scale a satisfaction column seems to use, when it is not 1-5.

    A range in the header or question ('Rating (0-10)', 'on a scale of 1 to 4') decides;
    otherwise the largest score does (up to 7, 10 or 100). Scores up to 5 are taken as 1-5.
    """
    for hint in hints:
        text = normalise_token(hint)
        match = _RANGE_HINT.search(hint)
        if match:
            scale = f"{int(match.group(1))}-{int(match.group(2))}"
            if scale in SCALES:
                return None if scale == "1-5" else scale
        out_of = _OUT_OF_HINT.search(text)
        if out_of and f"1-{out_of.group(1)}" in SCALES:
            low = leading_numbers(values).min()
            scale = f"{0 if low == 0 else 1}-{out_of.group(1)}"
            if scale in SCALES and scale != "1-5":
                return scale
    numbers = leading_numbers(values).dropna()
    if numbers.empty or numbers.max() <= 5:
        return None
    high, low = numbers.max(), numbers.min()
    if high <= 7 and low >= 1:
        return "1-7"
    if high <= 10:
        return "0-10" if low == 0 else "1-10"
    return "0-100" if high <= 100 else None


def rescale(values: pd.Series, scale: str) -> tuple[pd.Series, int]:
    """Scores on `scale` converted onto 1-5 (nearest, halves up); rows converted.

    Values that are not numbers on the scale are left as they are, for validation to report.
    """
    low, high = SCALES[scale]
    numbers = leading_numbers(values)
    inside = numbers.between(low, high)
    converted = np.floor(1 + 4 * (numbers - low) / (high - low) + 0.5)
    out = values.astype(object).copy()
    out[inside] = converted[inside].astype(int).to_numpy()
    return out, int(inside.sum())


def scale_bands(scale: str) -> str:
    """How a scale's scores become 1-5, e.g. '0-1 → 1, 2-3 → 2, 4-6 → 3, 7-8 → 4, 9-10 → 5'."""
    low, high = SCALES[scale]
    bands = []
    for score in range(1, 6):
        # Scores x with score - 0.5 <= 1 + 4 (x - low) / (high - low) < score + 0.5.
        first = math.ceil(low + (score - 1.5) * (high - low) / 4)
        last = math.ceil(low + (score - 0.5) * (high - low) / 4) - 1
        first, last = max(first, low), min(last, high)
        if first <= last:
            bands.append(f"{first}–{last} → {score}" if first < last else f"{first} → {score}")
    return ", ".join(bands)


def canonical_value(table: str, column: str, value: str) -> str | None:
    """A fixed value written as the column stores it, or None when the column cannot hold it."""
    col = TABLES[table].column(column)
    raw = pd.Series([value], dtype=object)
    if col.kind == "enum":
        read = coerce.enums(raw, col.enum).iloc[0]
    elif col.kind == "bool":
        read = coerce.booleans(raw).iloc[0]
        read = None if pd.isna(read) else ("yes" if read else "no")
    elif col.kind == "date":
        read = coerce.dates(raw).iloc[0]
        read = None if pd.isna(read) else read.strftime("%Y-%m-%d")
    elif col.kind == "int":
        read = coerce.integers(raw).iloc[0]
        read = None if pd.isna(read) else str(int(read))
    else:
        read = str(value).strip() or None
    if column == "satisfaction" and read is not None and not 1 <= int(read) <= 5:
        return None
    return None if read is None or pd.isna(read) else str(read)
