"""What values mean: suggestions, recodings, rating scales and fixed values."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.sources import recoding
from dashboard.sources.mapping import Mapping
from dashboard.sources.readings import ColumnSource, value_readings


def _values(*items) -> pd.Series:
    return pd.Series(list(items), dtype=object)


@pytest.mark.parametrize(
    "table,column,values,expected",
    [
        (
            "relationships",
            "status",
            ("Matched - Active", "Concluded", "Active"),
            {"Matched - Active": "active", "Concluded": "ended_early"},
        ),
        ("relationships", "status", ("True", "False"), {"True": "active", "False": "completed"}),
        ("sessions", "status", (True, False), {"True": "held", "False": "cancelled"}),
        (
            "sessions",
            "status",
            ("Did not happen", "Member No Show", "Late Cancel", "Completed", "Upcoming"),
            {
                "Did not happen": "cancelled",
                "Member No Show": "no_show",
                "Late Cancel": "cancelled",
            },
        ),
        (
            "employees",
            "employment_status",
            ("Active", "Terminated", "Garden leave", "Inactive"),
            {"Terminated": "left", "Garden leave": "active", "Inactive": "left"},
        ),
        (
            "enrolments",
            "status",
            ("Unmatched", "Matched", "Deactivated"),
            {"Unmatched": "registered", "Deactivated": "withdrawn"},
        ),
        (
            "feedback",
            "satisfaction",
            ("Extremely satisfied", "Somewhat dissatisfied", "4"),
            {"Extremely satisfied": "5", "Somewhat dissatisfied": "2"},
        ),
        ("relationships", "kind", ("Mentoring programme",), {"Mentoring programme": "mentoring"}),
    ],
)
def test_suggestions_for_common_vocabularies(table, column, values, expected):
    assert recoding.suggest(table, column, _values(*values)) == expected


def test_progress_percentages_suggest_goal_statuses_with_any_other_value_in_progress():
    found = recoding.suggest("goals", "status", _values(0, 40, 100, 65.0), "Progress (%)")
    assert found == {"0": "not_started", "100": "completed", "*": "in_progress"}
    out, recoded, counts = recoding.apply_recodes(_values(0, 40, 100, None, "N/A"), found)
    assert out.tolist()[:3] == ["not_started", "in_progress", "completed"]
    assert recoded.tolist() == [True, True, True, False, False]
    assert counts == {"0": 1, "40": 1, "100": 1}


def test_a_value_read_the_same_way_on_its_own_needs_no_suggestion():
    assert recoding.suggest("relationships", "status", _values("Active", "Completed")) == {}


def test_recodes_compare_values_case_and_punctuation_blind_and_can_be_turned_down():
    out, recoded, _ = recoding.apply_recodes(
        _values("matched-ACTIVE", "Concluded"),
        {"Matched - Active": "active", "Concluded": recoding.AS_READ},
    )
    assert out.tolist() == ["active", "Concluded"]
    assert recoded.tolist() == [True, False]


@pytest.mark.parametrize(
    "scale,scores,expected",
    [
        ("0-10", [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 5]),
        ("1-10", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]),
        ("1-4", [1, 2, 3, 4], [1, 2, 4, 5]),
        ("1-7", [1, 2, 3, 4, 5, 6, 7], [1, 2, 2, 3, 4, 4, 5]),
        ("0-100", [0, 12, 13, 50, 88, 100], [1, 1, 2, 3, 5, 5]),
    ],
)
def test_scales_convert_to_one_to_five_and_the_bands_say_how(scale, scores, expected):
    out, converted = recoding.rescale(pd.Series(scores), scale)
    assert out.tolist() == expected
    assert converted == len(scores)
    bands = recoding.scale_bands(scale)
    for score, five in zip(scores, expected, strict=True):
        assert any(
            _in_band(score, band) and band.endswith(f"→ {five}") for band in bands.split(", ")
        ), (score, bands)


def _in_band(score: int, band: str) -> bool:
    span = band.split(" → ")[0]
    low, _, high = span.partition("–")
    return int(low) <= score <= int(high or low)


def test_values_off_the_scale_are_left_for_validation_to_reject():
    out, converted = recoding.rescale(_values(3, 11, "n/a text"), "0-10")
    assert out.tolist() == [2, 11, "n/a text"]
    assert converted == 1


@pytest.mark.parametrize(
    "values,hints,scale",
    [
        ([1, 2, 3, 4, 5], ["Rating"], None),
        ([0, 3, 7, 10], ["Score"], "0-10"),
        ([2, 6, 9], ["Score"], "1-10"),
        ([1, 2, 3], ["Rating (1-4)"], "1-4"),
        ([1, 4, 6], ["Rating"], "1-7"),
        ([45, 80], ["Satisfaction"], "0-100"),
        (["10 - Extremely likely", "7"], ["How likely are you to recommend (0-10)?"], "0-10"),
        ([3, 4], ["Score out of 10"], "1-10"),
    ],
)
def test_the_scale_is_suggested_from_the_header_or_question_else_the_scores(values, hints, scale):
    assert recoding.suggest_scale(pd.Series(values, dtype=object), hints) == scale


@pytest.mark.parametrize(
    "table,column,value,expected",
    [
        ("relationships", "kind", "Mentoring", "mentoring"),
        ("relationships", "kind", "tea", None),
        ("employees", "eligible", "No", "no"),
        ("relationships", "start_date", "2025-03-01", "2025-03-01"),
        ("relationships", "start_date", "soon", None),
        ("sessions", "duration_minutes", "45", "45"),
        ("feedback", "satisfaction", "7", None),
        ("relationships", "programme_id", " P1 ", "P1"),
    ],
)
def test_fixed_values_are_checked_against_the_column(table, column, value, expected):
    assert recoding.canonical_value(table, column, value) == expected


def test_a_reading_shows_every_value_with_what_it_reads_as_and_why():
    sources = {
        ("relationships", "status"): [
            ColumnSource("Status", _values("Matched - Active", "Concluded", "Active", "Pending"))
        ]
    }
    mapping = Mapping(recodes={"relationships": {"status": {"Concluded": "completed"}}})
    (reading,) = value_readings(sources, mapping)
    rows = {r.value: (r.reads_as, r.how) for r in reading.values.itertuples()}
    assert rows == {
        "Matched - Active": ("active", "suggested"),
        "Concluded": ("completed", "chosen"),
        "Active": ("active", "as read"),
        "Pending": (None, "not understood"),
    }
    assert reading.not_understood["value"].tolist() == ["Pending"]


def test_a_suggested_scale_reads_scores_and_a_chosen_one_wins():
    sources = {("feedback", "satisfaction"): [ColumnSource("Rating", _values(0, 7, 10))]}
    (suggested,) = value_readings(sources, Mapping())
    assert (suggested.scale, suggested.scale_how) == ("0-10", "suggested")
    assert suggested.values.set_index("value")["reads_as"].to_dict() == {
        "0": "1",
        "7": "4",
        "10": "5",
    }
    (chosen,) = value_readings(sources, Mapping(scales={"feedback.satisfaction": "0-100"}))
    assert (chosen.scale, chosen.scale_how) == ("0-100", "chosen")


texts = st.one_of(
    st.none(),
    st.text(max_size=15),
    st.sampled_from(["Matched - Active", "N/A", "-", "Concluded", "TRUE", "7", "0000-00-00"]),
    st.integers(-3, 120),
    st.floats(allow_nan=True, allow_infinity=True),
)


@settings(max_examples=80, deadline=None)
@given(st.lists(texts, max_size=30), st.dictionaries(st.text(max_size=8), st.text(max_size=8)))
def test_recoding_any_values_keeps_every_row_and_counts_what_it_changed(values, recodes):
    series = pd.Series(values, dtype=object)
    out, recoded, counts = recoding.apply_recodes(series, recodes)
    assert len(out) == len(series)
    assert sum(counts.values()) == int(recoded.sum())
    assert out[~recoded].equals(series[~recoded].astype(object))
    recoding.suggest("relationships", "status", series)
    recoding.suggest_scale(series, ["x"])
    recoding.distinct_values(series)
