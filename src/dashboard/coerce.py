"""Turn raw column values into canonical types; what cannot be turned becomes missing.

Each function returns the coerced Series; a value that was present but came out missing is
a coercion failure the validator reports.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from typing import Literal

import numpy as np
import pandas as pd
from pandas.tseries.api import guess_datetime_format

from dashboard.schema import OBSTACLE_CATEGORIES

_TRUE = {"true", "yes", "y", "1", "t", "x"}
_FALSE = {"false", "no", "n", "0", "f"}

# Canonical code -> the wordings (as normalise_token gives them) that mean it. One wording may
# mean different codes in different columns ("closed": a goal completed, an obstacle resolved);
# a column takes the first of them it allows.
_ENUM_WORDINGS: dict[str, str] = {
    # goal statuses
    "completed": "done complete completed achieved finished met accomplished ended closed "
    "concluded",
    "not_started": "not_yet_started to_do todo new pending planned draft",
    "in_progress": "open ongoing started active underway on_track in_hand wip progressing "
    "in_process being_addressed investigating",
    "abandoned": "dropped cancelled_goal cancelled canceled withdrawn not_achieved discontinued "
    "missed",
    # relationship statuses
    "active": "ongoing in_progress current live open matched started running",
    "ended_early": "terminated ended_prematurely terminated_early early_termination cancelled "
    "canceled withdrawn dissolved discontinued broken_off ended_early",
    "paused": "on_hold suspended inactive dormant",
    # session statuses
    "held": "attended completed_session completed done occurred took_place happened met delivered",
    "cancelled": "canceled cancelled_by_mentee cancelled_by_mentor cancelled_by_coach "
    "cancelled_by_coachee cancelled_by_participant canceled_by_mentee canceled_by_mentor "
    "postponed rescheduled",
    "no_show": "noshow no_show did_not_attend dna missed absent not_attended no_shows",
    "scheduled": "planned upcoming booked future pending confirmed",
    # people and roles
    "participant": "mentee coachee learner protege participants",
    "coach": "mentor coaches mentors",
    # kinds and formats
    "coaching": "coach executive_coaching",
    "mentoring": "mentorship mentor",
    "peer": "peer_to_peer peer_mentoring peer_coaching",
    "reverse": "reverse_mentoring",
    "group": "group_coaching group_mentoring team team_coaching circle mentoring_circle",
    "external": "external_coach external_coaching outsourced third_party",
    # obstacle statuses
    "resolved": "closed fixed done complete completed addressed mitigated solved",
    "open": "new reported raised outstanding unresolved",
    # enrolment statuses
    "invited": "invitation_sent nominated",
    "registered": "signed_up applied enrolled accepted",
    "withdrawn": "dropped_out declined left opted_out cancelled canceled",
    # severities
    "low": "minor l",
    "medium": "med moderate m mid average",
    "high": "major severe critical h urgent",
}


def _by_wording(wordings: dict[str, str]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for code, words in wordings.items():
        for word in words.split():
            out[word] = (*out.get(word, ()), code)
    return out


ENUM_SYNONYMS: dict[str, tuple[str, ...]] = _by_wording(_ENUM_WORDINGS)
"""Wording -> the codes it may mean, in order of preference; a column takes the first it allows."""

OBSTACLE_SYNONYMS: dict[str, str] = {
    "resistance": "resistance_to_change",
    "change_resistance": "resistance_to_change",
    "resistance_to_new_ways_of_working": "resistance_to_change",
    "change_fatigue": "resistance_to_change",
    "scepticism": "resistance_to_change",
    "skepticism": "resistance_to_change",
    "time": "lack_of_time",
    "no_time": "lack_of_time",
    "not_enough_time": "lack_of_time",
    "time_constraints": "lack_of_time",
    "time_pressure": "lack_of_time",
    "workload": "lack_of_time",
    "too_busy": "lack_of_time",
    "competing_priorities": "lack_of_time",
    "resources": "lack_of_resources",
    "budget": "lack_of_resources",
    "no_budget": "lack_of_resources",
    "funding": "lack_of_resources",
    "lack_of_funding": "lack_of_resources",
    "insufficient_resources": "lack_of_resources",
    "resource_constraints": "lack_of_resources",
    "leadership_support": "lack_of_leadership_support",
    "no_leadership_support": "lack_of_leadership_support",
    "lack_of_management_support": "lack_of_leadership_support",
    "lack_of_senior_support": "lack_of_leadership_support",
    "no_management_buy_in": "lack_of_leadership_support",
    "leadership_buy_in": "lack_of_leadership_support",
    "lack_of_executive_sponsorship": "lack_of_leadership_support",
    "loss_of_control": "perceived_loss_of_control",
    "fear_of_losing_control": "perceived_loss_of_control",
    "coach_training": "inadequate_coach_training",
    "training": "inadequate_coach_training",
    "untrained_coaches": "inadequate_coach_training",
    "lack_of_coach_training": "inadequate_coach_training",
    "poor_coach_quality": "inadequate_coach_training",
    "mentor_training": "inadequate_coach_training",
    "no_coaches_available": "coach_availability",
    "no_mentors_available": "coach_availability",
    "mentor_availability": "coach_availability",
    "coach_shortage": "coach_availability",
    "mentor_shortage": "coach_availability",
    "not_enough_coaches": "coach_availability",
    "not_enough_mentors": "coach_availability",
    "mismatched_pairs": "mismatch",
    "poor_match": "mismatch",
    "mismatched_pair": "mismatch",
    "personality_clash": "mismatch",
    "wrong_pairing": "mismatch",
    "bad_fit": "mismatch",
    "privacy": "confidentiality",
    "data_privacy": "confidentiality",
    "trust": "confidentiality",
    "confidentiality_concerns": "confidentiality",
    "confidentiality_worries": "confidentiality",
    "hierarchy": "power_imbalance",
    "power_dynamics": "power_imbalance",
    "seniority_gap": "power_imbalance",
}

# Obstacle wordings no table lists: the first pattern found in the normalised wording decides.
_OBSTACLE_KEYWORDS: tuple[tuple[str, str], ...] = (
    (r"resist|scepti|skepti|change_fatigue", "resistance_to_change"),
    (r"control", "perceived_loss_of_control"),
    (r"train", "inadequate_coach_training"),
    (r"(coach|mentor)s?_(availab|shortage)|(no|not_enough)_(coach|mentor)", "coach_availability"),
    (r"mismatch|match|clash|pairing", "mismatch"),
    (r"confidential|privacy", "confidentiality"),
    (r"power|hierarch", "power_imbalance"),
    (r"leader|senior|executive|sponsor|buy_in|management_support", "lack_of_leadership_support"),
    (r"time|busy|workload|priorit", "lack_of_time"),
    (r"resource|budget|fund", "lack_of_resources"),
)


# Text that exports write for "no value" (BambooHR's 0000-00-00, SuccessFactors' NO_MANAGER,
# Excel's #N/A). Compared on the trimmed, lower-cased cell, so 'NA' (North America) stays.
BLANK_LIKE = frozenset(
    {
        "n/a",
        "#n/a",
        "n.a.",
        "-",
        "--",
        "\u2013",
        "\u2014",
        "none",
        "null",
        "#null!",
        "nil",
        "nan",
        "not applicable",
        "0000-00-00",
        "0000-00-00 00:00:00",
        "00/00/0000",
        "no_manager",
        "no_hr",
    }
)


def blank_like(values: pd.Series) -> pd.Series:
    """Whether each value is text meaning 'no value' (N/A, -, null, 0000-00-00 ...)."""
    if values.dtype != object and pd.api.types.is_string_dtype(values):
        # Vectorised: a column of unique ids has as many distinct values as rows.
        return values.str.strip().str.lower().isin(BLANK_LIKE).fillna(False).astype(bool)
    if values.dtype != object:
        return pd.Series(False, index=values.index)
    distinct = values.dropna().unique()
    hits = {v for v in distinct if isinstance(v, str) and v.strip().lower() in BLANK_LIKE}
    if not hits:
        return pd.Series(False, index=values.index)
    return values.isin(hits)


def normalise_token(value: object) -> str:
    """Lower-case a label and join its words with underscores ('No Show' -> 'no_show')."""
    return re.sub(r"[^a-z0-9]+", "_", str(value).strip().lower()).strip("_")


def ids(values: pd.Series) -> pd.Series:
    """Identifiers as text; 17.0 read from a spreadsheet becomes '17'.

    Text is kept exactly as written (a 20-digit id stays 20 digits). A number past 2**53 is
    missing: a spreadsheet keeps 15 significant digits, so its last digits are already lost.
    """
    if values.dtype == object or pd.api.types.is_float_dtype(values):
        # A column mixing numbers and text (E17 above 18.0) keeps whole numbers whole; built
        # as objects, since pandas would turn whole numbers beside a blank back into floats.
        whole = [_id_number(v) for v in values.to_numpy(dtype=object)]
        values = pd.Series(whole, index=values.index, dtype=object)
    out = values.astype("str").str.strip()
    return out.where(values.notna() & (out != ""), None).astype("str")


def _id_number(value: object) -> object:
    if isinstance(value, float):  # NaN and infinities included: they are no identifier
        if not np.isfinite(value) or abs(value) > _LARGEST_WHOLE:
            return None
        return int(value) if value.is_integer() else value
    return value


def _whole_number(value: object) -> object:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def text(values: pd.Series) -> pd.Series:
    out = values.astype("str").str.strip()
    return out.where(values.notna() & (out != ""), None).astype("str")


DateOrder = Literal["iso", "dayfirst", "monthfirst", "ambiguous"]

# A date written with the day and month both as numbers: 03/04/2025, 3.4.25, 03-04-2025 10:30.
_NUMERIC_DATE = r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:[ T].*)?$"


def date_order(values: pd.Series) -> DateOrder:
    """How a column writes its text dates: day-first, month-first, ambiguous, or 'iso'.

    'iso' means no day/month question arises (ISO text, date cells, serials, month names).
    A value whose first number is over 12 proves day-first, whose second is, month-first;
    the commoner proof wins, and a column with no proof either way is 'ambiguous'.
    """
    if values.dtype != object and not pd.api.types.is_string_dtype(values):
        return "iso"
    if values.dtype == object:
        kind = pd.api.types.infer_dtype(values, skipna=True)
        if kind not in ("string", "mixed", "mixed-integer"):
            return "iso"  # date cells, numbers, or nothing at all
        if kind != "string":
            values = values[values.map(lambda v: isinstance(v, str)).astype(bool)]
    # Distinct values decide it: a column of a million dates holds a few thousand days.
    distinct = pd.Series(values.dropna().unique(), dtype="str")
    parts = distinct.str.extract(_NUMERIC_DATE).dropna()
    if parts.empty:
        return "iso"
    first, second = parts[0].astype(int), parts[1].astype(int)
    day_first, month_first = int((first > 12).sum()), int((second > 12).sum())
    if day_first == month_first:
        return "ambiguous"
    return "dayfirst" if day_first > month_first else "monthfirst"


def dates(values: pd.Series, *, dayfirst: bool | None = None) -> pd.Series:
    """Dates (day precision) from date objects, ISO or common text forms, or Excel serials.

    `dayfirst` says how to read 03/04/2025; None reads it month-first, as pandas does. A time
    of day without a date (10:30, a time cell, Excel's day 0) is no date, nor is text longer
    than any date is written.
    """
    if pd.api.types.is_datetime64_any_dtype(values):
        out = values
        if getattr(out.dt, "tz", None) is not None:
            out = out.dt.tz_localize(None)
        return _representable(_without_day_zero(out).dt.normalize())
    numbers = pd.to_numeric(values, errors="coerce")
    # Excel's day 0 is 1899-12-30 once its 1900 leap-year bug is accounted for. Serials past
    # the last day pandas can hold (2262) and other numbers are not dates.
    serial = numbers.where(numbers.between(1, _LAST_SERIAL))
    parsed = _EXCEL_DAY0 + pd.to_timedelta(serial, unit="D")
    as_text = values.astype("str").str.strip().where(values.notna() & numbers.isna())
    as_text = as_text.where(~_undated(as_text))
    if as_text.notna().any():
        parsed = parsed.fillna(_parse_text_dates(as_text, bool(dayfirst)))
    return _representable(_without_day_zero(parsed).dt.normalize())


# A time of day written alone: 10:30, 10:30:15, 9:05 pm.
_TIME_ONLY = r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?"
# No date is written in more characters than this; longer text is not parsed at all.
MAX_DATE_CHARS = 64


def _undated(as_text: pd.Series) -> pd.Series:
    """Text that is only a time of day, or too long to be a date."""
    present = as_text.notna()
    long = present & (as_text.str.len() > MAX_DATE_CHARS)
    time_only = present & ~long & as_text.str.fullmatch(_TIME_ONLY).fillna(False).astype(bool)
    return long | time_only


def _without_day_zero(moments: pd.Series) -> pd.Series:
    """Excel's day 0 (shown 1899-12-30, or 1899-12-31 by some tools) holds times of day only."""
    moments = pd.to_datetime(moments, errors="coerce")
    day = moments.dt.normalize()
    return moments.mask(day.isin(_DAY_ZERO))


_EXCEL_DAY0 = pd.Timestamp("1899-12-30")
_DAY_ZERO = [_EXCEL_DAY0, pd.Timestamp("1899-12-31")]
_LAST_SERIAL = (pd.Timestamp.max.date() - _EXCEL_DAY0.date()).days


def _representable(days: pd.Series) -> pd.Series:
    """Days as datetime64[ns]; a day outside its range (9999-12-31, say) becomes missing."""
    inside = days.between(pd.Timestamp.min, pd.Timestamp.max.normalize())
    return days.where(inside).astype("datetime64[ns]")


# A time zone after a time ('T09:30:00Z', '23:30-05:00'): dropped, so the day is the one written
# (and a column mixing offsets does not stop pandas).
_TIME_ZONE = r"(\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(?:Z|UTC|[+-]\d{2}:?\d{2})$"


def _parse_text_dates(as_text: pd.Series, dayfirst: bool) -> pd.Series:
    as_text = as_text.str.replace(_TIME_ZONE, r"\1", regex=True)
    parsed = pd.to_datetime(as_text, errors="coerce", format="ISO8601")
    rest = parsed.isna() & as_text.notna()
    if rest.any():
        # Most columns use one layout throughout: parse that in one vectorised pass, so only
        # the odd value out goes through the slow, guessing parser.
        with warnings.catch_warnings():
            # pandas warns when the sample only reads the other way; the slow pass handles it.
            warnings.simplefilter("ignore", UserWarning)
            layout = guess_datetime_format(as_text[rest].iloc[0], dayfirst=dayfirst)
        if layout:
            parsed[rest] = _naive(pd.to_datetime(as_text[rest], errors="coerce", format=layout))
            rest = parsed.isna() & as_text.notna()
    if rest.any():
        try:
            parsed[rest] = _naive(
                pd.to_datetime(as_text[rest], errors="coerce", format="mixed", dayfirst=dayfirst)
            )
        except (ValueError, OverflowError):
            # One unparseable outlier spoils the vectorised call; fall back to one by one.
            parsed[rest] = as_text[rest].map(lambda v: _parse_one(v, dayfirst))
    return parsed


def _naive(moments: pd.Series) -> pd.Series:
    """Moments without their time zone, keeping the day as written.

    A zone _TIME_ZONE did not strip ('0a/1Z': no time before the Z) still makes the parsers
    answer tz-aware, which the tz-naive column cannot take.
    """
    if isinstance(moments.dtype, pd.DatetimeTZDtype):
        return moments.dt.tz_localize(None)
    return moments


def _parse_one(value: str, dayfirst: bool) -> pd.Timestamp:
    try:
        moment = pd.to_datetime(value, errors="coerce", dayfirst=dayfirst)
    except (ValueError, OverflowError):
        return pd.NaT
    return moment.tz_localize(None) if moment is not pd.NaT and moment.tzinfo else moment


# Past 2**53 a float no longer holds every whole number, and past 2**63 none fits an Int64.
_LARGEST_WHOLE = 2**53


def integers(values: pd.Series) -> pd.Series:
    """Whole numbers; fractions, text, infinities and numbers too large to hold are missing.

    Text may use a decimal comma (60,0) or group thousands (1,234 or 1.234,5 or 1 234): a
    column decides once, from the values that show it, which its comma is.
    """
    if values.dtype == object or pd.api.types.is_string_dtype(values):
        values = _numeric_text(values)
    # As plain floats: a masked Float64 keeps infinities under its mask, where Int64 trips on them.
    numbers = pd.to_numeric(values, errors="coerce").astype("float64")
    whole = (numbers == np.floor(numbers)) & numbers.abs().le(_LARGEST_WHOLE)
    return numbers.where(whole).astype("Int64")


_SPACES = re.compile("(?<=\\d)[ \u00a0\u202f'](?=\\d)")
_DECIMAL_COMMA = r"[+-]?\d+,(?:\d{1,2}|\d{4,})|[+-]?\d{1,3}(?:\.\d{3})+,\d+"
_THOUSANDS_COMMA = r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?"


def _numeric_text(values: pd.Series) -> pd.Series:
    """Numbers written as text, made readable by to_numeric; other values as they are."""
    if values.dtype == object:
        is_text = values.map(lambda v: isinstance(v, str), na_action="ignore").fillna(False)
        is_text = is_text.astype(bool)
    else:
        is_text = values.notna()
    if not is_text.any():
        return values
    text = values[is_text].astype("str").str.strip().str.replace(_SPACES, "", regex=True)
    distinct = pd.Series(text.unique(), dtype="str")
    if distinct.str.fullmatch(_DECIMAL_COMMA).any():
        text = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        grouped = text.str.fullmatch(_THOUSANDS_COMMA).astype(bool)
        text = text.where(~grouped, text.str.replace(",", "", regex=False))
    return values.astype(object).where(~is_text, text.astype(object))


def booleans(values: pd.Series) -> pd.Series:
    """yes/no, y/n, true/false, 1/0 (also as numbers), x for yes; anything else is missing."""
    if pd.api.types.is_bool_dtype(values):
        return values.astype("boolean")
    if pd.api.types.is_numeric_dtype(values):
        return values.map({1: True, 0: False}).astype("boolean")
    tokens = _tokens(values.map(_whole_number, na_action="ignore"))
    out = pd.Series(pd.NA, index=values.index, dtype="boolean")
    out[tokens.isin(_TRUE)] = True
    out[tokens.isin(_FALSE)] = False
    return out


def _tokens(values: pd.Series) -> pd.Series:
    """normalise_token of every value; text columns compute it once per distinct value."""
    if not pd.api.types.is_string_dtype(values) or values.dtype == object:
        # Object columns may hold 1, 1.0 and True, which a lookup table would merge.
        return values.map(normalise_token, na_action="ignore")
    distinct = values.dropna().unique()
    lookup = dict(zip(distinct, map(normalise_token, distinct), strict=True))
    return values.map(lookup, na_action="ignore")


def _canonical(token: str, allowed: tuple[str, ...], *, obstacles: bool) -> str | None:
    if token in allowed:
        return token
    if obstacles:
        found = OBSTACLE_SYNONYMS.get(token)
        if found is None:
            found = next((c for p, c in _OBSTACLE_KEYWORDS if re.search(p, token)), None)
        return found
    return next((c for c in ENUM_SYNONYMS.get(token, ()) if c in allowed), None)


def enums(values: pd.Series, allowed: tuple[str, ...]) -> pd.Series:
    """Canonical codes by normalised name or synonym; anything else becomes missing."""
    obstacles = "other" in allowed
    tokens = _tokens(values)
    distinct = tokens.dropna().unique()
    lookup = {t: _canonical(t, allowed, obstacles=obstacles) for t in distinct}
    mapped = tokens.map(lookup, na_action="ignore")
    return mapped.where(mapped.isin(allowed), None).astype("str")


def obstacle_categories(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Canonical categories, unknown wordings as 'other', and the original text kept for those."""
    mapped = enums(values, tuple(OBSTACLE_CATEGORIES))
    unknown = mapped.isna() & values.notna()
    original = text(values).where(unknown, None)
    return mapped.mask(unknown, "other"), original


# What a spreadsheet shows (and exports as text) for a formula that failed.
EXCEL_ERRORS = frozenset(
    {
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
        "#EXTERNAL!",
        "#PYTHON!",
    }
)


def excel_errors(values: pd.Series) -> pd.Series:
    """Which values are a spreadsheet's error values (#N/A, #DIV/0!, #REF! …)."""
    if values.dtype != object and not pd.api.types.is_string_dtype(values):
        return pd.Series(False, index=values.index)
    return values.isin(EXCEL_ERRORS).astype(bool)


def why_not(kind: str, value: object) -> str | None:
    """A more telling reason than 'not a date' for a value that did not convert, if there is one."""
    if kind == "date":
        if isinstance(value, dt.time) or (
            isinstance(value, str) and re.fullmatch(_TIME_ONLY, value.strip())
        ):
            return "a time of day without a date"
        if isinstance(value, dt.datetime) and pd.Timestamp(value).normalize() in _DAY_ZERO:
            return "a time of day without a date (the spreadsheet's day 0)"
        if isinstance(value, float | int) and not isinstance(value, bool) and 0 <= value < 1:
            return "a time of day without a date (a fraction of a day)"
        if isinstance(value, dt.timedelta):
            return "a duration, not a date"
        if isinstance(value, str) and len(value.strip()) > MAX_DATE_CHARS:
            return f"not a date: {len(value.strip()):,} characters of text"
    if kind == "id" and isinstance(value, float) and np.isfinite(value):
        return (
            "a number too long to be an exact identifier (a spreadsheet keeps 15 digits): "
            "format the column as text before typing or exporting the ids"
        )
    return None
