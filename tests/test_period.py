"""The reporting period: latest activity, the activity span, month arithmetic and the presets."""

import datetime as dt

import pandas as pd
import pytest
from fixtures import tiny_data
from hypothesis import given
from hypothesis import strategies as st

from dashboard.model import ProgrammeData
from dashboard.period import (
    PRESETS,
    activity_span,
    default_period,
    latest_activity,
    months_back,
    preset_period,
)


@pytest.fixture(scope="module")
def tiny() -> ProgrammeData:
    return tiny_data()


@pytest.fixture(scope="module")
def pairings_only() -> ProgrammeData:
    return tiny_data(sessions=None, goals=None, feedback=None, obstacles=None)


def test_latest_activity_is_the_latest_dated_event_of_any_table(tiny):
    # The tiny organisation's latest event is obstacle O4's resolution on 2026-01-10 (O5 was
    # reported on 2026-01-05); its earliest are R3's start and G6's set date, 2024-01-01.
    data = tiny
    assert latest_activity(data) == dt.date(2026, 1, 10)
    assert activity_span(data) == (dt.date(2024, 1, 1), dt.date(2026, 1, 10))


def test_a_scheduled_session_or_a_target_date_never_counts_as_activity():
    # Without obstacles the latest event is R5's end on 2025-11-30; the scheduled session S6
    # (2026-02-01) and goal G4's target date (2026-03-01) lie later but happened to nobody.
    data = tiny_data(obstacles=None)
    assert latest_activity(data) == dt.date(2025, 11, 30)


def test_missing_optional_tables_and_blank_date_columns_are_skipped(pairings_only):
    # Only pairings: starts 2024-01-01 … 2025-06-01, ends up to 2025-11-30.
    data = pairings_only
    assert activity_span(data) == (dt.date(2024, 1, 1), dt.date(2025, 11, 30))
    # No end date anywhere: the all-blank end_date column adds no bound (and no NaT).
    running = data.relationships.assign(end_date=pd.NaT)
    only_starts = ProgrammeData(employees=data.employees, relationships=running)
    assert activity_span(only_starts) == (dt.date(2024, 1, 1), dt.date(2025, 6, 1))


def test_only_scheduled_sessions_give_no_bound():
    data = tiny_data(goals=None, feedback=None, obstacles=None)
    scheduled = data.sessions.assign(status="scheduled", session_date=pd.Timestamp("2030-01-01"))
    only = ProgrammeData(data.employees, data.relationships, sessions=scheduled)
    # The pairings' latest end, 2025-11-30, is all that is left.
    assert latest_activity(only) == dt.date(2025, 11, 30)


def test_no_dated_activity_at_all_falls_back_to_today(pairings_only):
    data = pairings_only
    empty = ProgrammeData(data.employees, data.relationships.iloc[0:0])
    today = dt.date.today()
    assert latest_activity(empty) == today
    assert activity_span(empty) == (today, today)


@pytest.mark.parametrize(
    ("end", "months", "start"),
    [
        (dt.date(2025, 12, 31), 12, dt.date(2025, 1, 1)),
        (dt.date(2025, 6, 15), 6, dt.date(2024, 12, 16)),
        (dt.date(2025, 3, 10), 3, dt.date(2024, 12, 11)),  # back across a year end
        (dt.date(2024, 2, 29), 12, dt.date(2023, 3, 1)),  # 2023-02-29 does not exist
        (dt.date(2025, 3, 31), 1, dt.date(2025, 3, 1)),
        (dt.date(2025, 1, 1), 1, dt.date(2024, 12, 2)),
    ],
)
def test_months_back_is_the_day_after_the_same_date_months_earlier(end, months, start):
    assert months_back(end, months) == start


@pytest.mark.parametrize(
    ("end", "months", "start"),
    [
        (dt.date(2025, 6, 30), 3, dt.date(2025, 4, 1)),
        (dt.date(2025, 9, 30), 6, dt.date(2025, 4, 1)),
        (dt.date(2025, 2, 28), 12, dt.date(2024, 3, 1)),
    ],
)
def test_months_ending_at_a_month_end_are_whole_calendar_months(end, months, start):
    assert months_back(end, months) == start


def test_presets_end_on_the_latest_activity():
    latest = dt.date(2025, 8, 20)
    assert preset_period("Last 12 months", latest) == (dt.date(2024, 8, 21), latest)
    assert preset_period("Last 6 months", latest) == (dt.date(2025, 2, 21), latest)
    assert preset_period("Last 3 months", latest) == (dt.date(2025, 5, 21), latest)
    assert preset_period("This year", latest) == (dt.date(2025, 1, 1), latest)


def test_this_year_on_new_years_day_is_one_day():
    new_year = dt.date(2026, 1, 1)
    assert preset_period("This year", new_year) == (new_year, new_year)


def test_custom_has_no_preset_dates():
    # The sidebar asks for custom dates itself; there is nothing to compute.
    assert "Custom" in PRESETS
    with pytest.raises(KeyError):
        preset_period("Custom", dt.date(2025, 1, 1))


def test_default_period_is_the_12_months_to_the_latest_activity(tiny):
    # Latest activity 2026-01-10 (see above): 2025-01-10 + 1 day is the first day.
    assert default_period(tiny) == (dt.date(2025, 1, 11), dt.date(2026, 1, 10))


@given(
    latest=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)),
    months=st.sampled_from([3, 6, 12]),
)
def test_a_preset_starts_the_day_after_the_same_day_months_earlier(latest, months):
    start, end = preset_period(f"Last {months} months", latest)
    assert end == latest
    # Day 1-28 exists in every month, so the same day `months` earlier needs no clipping.
    if latest.day <= 28:
        index = latest.year * 12 + latest.month - 1 - months
        earlier = dt.date(index // 12, index % 12 + 1, latest.day)
        assert start == earlier + dt.timedelta(days=1)
    # Whatever the day, the period spans between `months` shortest and longest months.
    days = (end - start).days + 1
    assert 28 * months <= days <= 31 * months
