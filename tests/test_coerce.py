"""Value coercion, one rule at a time: dates, booleans, identifiers, statuses, categories."""

import datetime as dt

import pandas as pd
import pytest
from fixtures import tiny_tables
from hypothesis import given
from hypothesis import strategies as st

from dashboard import coerce
from dashboard.schema import OBSTACLE_CATEGORIES, TABLES
from dashboard.validate import validate_tables


def _dates(values, **kw) -> list:
    out = coerce.dates(pd.Series(values, dtype=object), **kw)
    return [None if pd.isna(v) else v.date().isoformat() for v in out]


@pytest.mark.parametrize(
    "values,order",
    [
        (["03/04/2025", "13/04/2025"], "dayfirst"),
        (["04/13/2025", "1/2/25"], "monthfirst"),
        (["03/04/2025", "05.06.2025"], "ambiguous"),
        (["2025-04-03", "3 April 2025", None], "iso"),
        ([45000, dt.date(2025, 1, 2)], "iso"),
        (["31/01/2025", "30/01/2025", "01/31/2025"], "dayfirst"),  # the commoner proof wins
    ],
)
def test_date_order_per_column(values, order):
    assert coerce.date_order(pd.Series(values, dtype=object)) == order


def test_date_order_of_real_date_cells_is_iso():
    assert coerce.date_order(pd.Series(pd.to_datetime(["2025-01-02"]))) == "iso"


def test_iso_day_first_and_month_first_text():
    assert _dates(["2025-04-03", "03/04/2025"], dayfirst=True) == ["2025-04-03", "2025-04-03"]
    assert _dates(["2025-04-03", "03/04/2025"], dayfirst=False) == ["2025-04-03", "2025-03-04"]
    # A value that only reads the other way is read that way rather than lost.
    assert _dates(["12/25/2025"], dayfirst=True) == ["2025-12-25"]


def test_excel_serials_datetimes_and_junk():
    values = [45658, 45658.75, "2025-01-01T17:30:00", dt.datetime(2025, 1, 1, 9), "junk", None]
    assert _dates(values) == [
        "2025-01-01",
        "2025-01-01",
        "2025-01-01",
        "2025-01-01",
        None,
        None,
    ]


def test_one_layout_column_parses_in_one_pass_with_odd_values_still_read():
    values = ["03/04/2025"] * 3 + ["3 April 2025", "2025-04-03"]
    assert set(_dates(values, dayfirst=True)) == {"2025-04-03"}


def test_timezone_aware_dates_keep_their_local_day():
    stamps = pd.Series(pd.to_datetime(["2025-01-01 23:30"]).tz_localize("Europe/Berlin"))
    assert coerce.dates(stamps).iloc[0] == pd.Timestamp("2025-01-01")


@pytest.mark.parametrize(
    "values",
    [["0a/1Z"], ["2025-01-02", "0a/1Z"], ["0a/1Z", "1/2/2025"], ["0a/1Z", "2025-01-01T00:00Z"]],
)
def test_a_time_zone_without_a_time_is_no_date_not_a_crash(values):
    # The parsers read "0a/1Z" as a tz-aware moment, which a tz-naive column cannot hold.
    out = _dates(values, dayfirst=True)
    assert out[values.index("0a/1Z")] is None


def test_an_odd_date_cell_is_a_rejected_row():
    sessions = tiny_tables()["sessions"].copy()
    sessions.loc[len(sessions)] = ["S9", "R1", "0a/1Z", "held"]
    _, report = validate_tables({**tiny_tables(), "sessions": sessions}, source="test")
    found = [(i.table, i.column, i.value) for i in report.issues if i.severity == "error"]
    assert found == [("sessions", "session_date", "0a/1Z")]


# Text built from the pieces dates are written with, so odd mixtures of them come up often.
_PIECES = ["0", "1", "13", "2025", "/", "-", ".", ":", " ", "T", "Z", "a", "pm", "+05:00", "UTC"]
_DATE_TEXT = st.lists(st.sampled_from(_PIECES), max_size=7).map("".join)


@given(st.lists(st.one_of(st.none(), _DATE_TEXT, st.text(max_size=12)), max_size=6))
def test_any_text_becomes_a_date_or_missing(values):
    out = coerce.dates(pd.Series(values, dtype=object), dayfirst=True)
    assert str(out.dtype) == "datetime64[ns]" and len(out) == len(values)


@pytest.mark.parametrize(
    "value,expected",
    [
        ("yes", True),
        ("Y", True),
        ("TRUE", True),
        ("1", True),
        (1, True),
        (1.0, True),
        ("x", True),
        ("no", False),
        ("n", False),
        ("False", False),
        (0, False),
        ("0", False),
        ("maybe", None),
        (None, None),
    ],
)
def test_booleans(value, expected):
    out = coerce.booleans(pd.Series([value, "yes"], dtype=object)).iloc[0]
    assert (None if pd.isna(out) else bool(out)) == expected


def test_numeric_boolean_column():
    out = coerce.booleans(pd.Series([1.0, 0.0, 2.0, None]))
    assert out.tolist()[:2] == [True, False]
    assert out.isna().tolist()[2:] == [True, True]


def test_ids_keep_whole_numbers_whole_and_text_as_written():
    out = coerce.ids(pd.Series(["E1", 17.0, 18, "007", None, " "], dtype=object))
    assert out.tolist()[:4] == ["E1", "17", "18", "007"]
    assert out.isna().tolist()[4:] == [True, True]
    assert coerce.ids(pd.Series([17.0, None])).tolist()[0] == "17"


GOALS = TABLES["goals"].column("status").enum
SESSIONS = TABLES["sessions"].column("status").enum
RELATIONSHIPS = TABLES["relationships"].column("status").enum
OBSTACLE_STATUS = TABLES["obstacles"].column("status").enum


@pytest.mark.parametrize(
    "allowed,value,expected",
    [
        (GOALS, "Done", "completed"),
        (GOALS, "Complete", "completed"),
        (GOALS, "In Progress", "in_progress"),
        (GOALS, "not started", "not_started"),
        (GOALS, "Cancelled", "abandoned"),
        (GOALS, "Closed", "completed"),
        (SESSIONS, "Cancelled by mentee", "cancelled"),
        (SESSIONS, "Canceled", "cancelled"),
        (SESSIONS, "DNA", "no_show"),
        (SESSIONS, "No-Show", "no_show"),
        (SESSIONS, "Attended", "held"),
        (SESSIONS, "Completed", "held"),
        (SESSIONS, "Planned", "scheduled"),
        (RELATIONSHIPS, "Ongoing", "active"),
        (RELATIONSHIPS, "Terminated", "ended_early"),
        (RELATIONSHIPS, "On hold", "paused"),
        (RELATIONSHIPS, "Finished", "completed"),
        (OBSTACLE_STATUS, "Closed", "resolved"),
        (OBSTACLE_STATUS, "New", "open"),
        (TABLES["relationships"].column("kind").enum, "Mentorship", "mentoring"),
        (TABLES["relationships"].column("format").enum, "Peer-to-peer", "peer"),
        (TABLES["enrolments"].column("role").enum, "Mentor", "coach"),
        (TABLES["enrolments"].column("role").enum, "Mentee", "participant"),
        (TABLES["enrolments"].column("status").enum, "Signed up", "registered"),
        (TABLES["obstacles"].column("severity").enum, "Moderate", "medium"),
        (TABLES["feedback"].column("respondent").enum, "Coachee", "participant"),
        (GOALS, "Held", None),
        (SESSIONS, "maybe", None),
    ],
)
def test_statuses_match_case_insensitively_with_synonyms(allowed, value, expected):
    out = coerce.enums(pd.Series([value], dtype="str"), allowed).iloc[0]
    assert (None if pd.isna(out) else out) == expected


def test_object_and_text_columns_give_the_same_codes():
    values = ["Done", "DONE", " done ", None]
    as_text = coerce.enums(pd.Series(values, dtype="str"), GOALS)
    as_object = coerce.enums(pd.Series(values, dtype=object), GOALS)
    assert as_text.tolist()[:3] == as_object.tolist()[:3] == ["completed"] * 3


def test_no_wording_means_two_codes_of_one_column():
    enums = [c.enum for t in TABLES.values() for c in t.columns if c.enum]
    for wording, codes in coerce.ENUM_SYNONYMS.items():
        for allowed in enums:
            assert len([c for c in codes if c in allowed]) <= 1, (wording, allowed)


@pytest.mark.parametrize(
    "wording,category",
    [
        ("Resistance to change", "resistance_to_change"),
        ("Change fatigue", "resistance_to_change"),
        ("Not enough time", "lack_of_time"),
        ("Workload", "lack_of_time"),
        ("No budget", "lack_of_resources"),
        ("Lack of senior buy-in", "lack_of_leadership_support"),
        ("Fear of losing control", "perceived_loss_of_control"),
        ("Coaches not trained", "inadequate_coach_training"),
        ("Not enough mentors", "coach_availability"),
        ("Personality clash", "mismatch"),
        ("Privacy", "confidentiality"),
        ("Hierarchy", "power_imbalance"),
        ("Lack of time to attend sessions", "lack_of_time"),
        ("MISMATCHED PAIRS", "mismatch"),
    ],
)
def test_obstacle_wordings_map_to_canonical_categories(wording, category):
    mapped, original = coerce.obstacle_categories(pd.Series([wording], dtype="str"))
    assert mapped.iloc[0] == category
    assert pd.isna(original.iloc[0])


def test_unknown_obstacle_wording_is_other_with_the_text_kept():
    mapped, original = coerce.obstacle_categories(pd.Series(["The weather", None], dtype="str"))
    assert mapped.iloc[0] == "other"
    assert original.iloc[0] == "The weather"
    assert pd.isna(mapped.iloc[1])


def test_every_obstacle_synonym_names_a_real_category():
    assert set(coerce.OBSTACLE_SYNONYMS.values()) <= set(OBSTACLE_CATEGORIES)


def test_days_pandas_cannot_hold_are_missing_not_a_crash():
    values = ["9999-12-31", 2_958_465, dt.date(9999, 1, 1), "2262-04-11", 45658]
    assert _dates(values) == [None, None, None, "2262-04-11", "2025-01-01"]
    far = pd.Series(pd.to_datetime([dt.date(9999, 1, 1)]))
    assert coerce.dates(far).isna().all()


def test_integers_leave_out_what_no_whole_number_column_can_hold():
    values = pd.Series([1, 2.5, float(2**63), float("inf"), -float(2**60), "7", "x"], dtype=object)
    out = coerce.integers(values)
    assert str(out.dtype) == "Int64"
    assert out.tolist()[:2] == [1, pd.NA]
    assert out.isna().tolist() == [False, True, True, True, True, False, True]
    assert out.iloc[5] == 7
