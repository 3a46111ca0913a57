"""Codes shown as words, and counts that agree with their nouns."""

import math

import pandas as pd
import pytest

from dashboard.labels import NOT_RECORDED, for_display, label, labelled, plural, were
from dashboard.schema import (
    GOAL_STATUSES,
    OBSTACLE_STATUSES,
    RELATIONSHIP_FORMATS,
    RELATIONSHIP_KINDS,
    RELATIONSHIP_STATUSES,
    SESSION_STATUSES,
    SEVERITIES,
)


@pytest.mark.parametrize(
    "code,word",
    [
        ("in_progress", "In progress"),
        ("not_started", "Not started"),
        ("leadership", "Leadership"),
        ("coaching", "Coaching"),
        ("formal", "Formal"),
        ("ended_early", "Ended early"),
        ("no_show", "No-show"),
        ("unspecified", "Not given"),
        # Names already written with capitals are left as they are.
        ("HR", "HR"),
        ("R&D", "R&D"),
        ("Customer Service", "Customer Service"),
    ],
)
def test_codes_read_as_words(code, word):
    assert label(code) == word


@pytest.mark.parametrize("missing", [None, math.nan, pd.NA, pd.NaT, "", "  "])
def test_a_missing_value_reads_not_recorded(missing):
    assert label(missing) == NOT_RECORDED


def test_every_code_of_the_data_model_reads_as_capitalised_words():
    codes = (
        GOAL_STATUSES
        + OBSTACLE_STATUSES
        + RELATIONSHIP_FORMATS
        + RELATIONSHIP_KINDS
        + RELATIONSHIP_STATUSES
        + SESSION_STATUSES
        + SEVERITIES
    )
    for code in codes:
        word = label(code)
        assert "_" not in word and word[0].isupper(), (code, word)


def test_labelled_rewrites_only_the_named_columns_present():
    frame = pd.DataFrame({"status": ["in_progress", None], "goal_id": ["g_1", "g_2"]})
    out = labelled(frame, ["status", "kind"])
    assert out["status"].tolist() == ["In progress", NOT_RECORDED]
    assert out["goal_id"].tolist() == ["g_1", "g_2"]
    assert frame["status"].tolist()[0] == "in_progress"


@pytest.mark.parametrize(
    "n,noun,text",
    [
        (0, "row", "0 rows"),
        (1, "row", "1 row"),
        (2, "row", "2 rows"),
        (1200, "row", "1,200 rows"),
        (1, "enrolment", "1 enrolment"),
        (3, "enrolment", "3 enrolments"),
        (2, "person", "2 people"),
        (2, "category", "2 categories"),
    ],
)
def test_plural_agrees_with_the_count(n, noun, text):
    assert plural(n, noun) == text


def test_plural_takes_an_irregular_form():
    assert plural(2, "analysis", "analyses") == "2 analyses"


def test_were_agrees_with_the_count():
    assert [were(n) for n in (0, 1, 2)] == ["were", "was", "were"]


def test_for_display_names_blank_text_but_leaves_numbers_and_dates():
    frame = pd.DataFrame(
        {
            "coach": ["Ann", None],
            "status": ["completed", "no_show"],
            "sessions": [1.0, None],
            "ended": pd.to_datetime(["2026-01-01", None]),
        }
    )
    out = for_display(frame)
    assert out["coach"].tolist() == ["Ann", NOT_RECORDED]
    assert out["status"].tolist() == ["Completed", "No-show"]
    assert out["sessions"].isna().tolist() == [False, True]
    assert out["ended"].isna().tolist() == [False, True]


def test_for_display_leaves_an_object_column_of_dates_alone():
    import datetime as dt

    frame = pd.DataFrame({"closed": pd.Series([dt.date(2026, 1, 1), None], dtype=object)})
    assert for_display(frame)["closed"].tolist() == [dt.date(2026, 1, 1), None]
