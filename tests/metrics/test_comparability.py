"""When a KPI's change against the previous period is shown, and when it is not (and why)."""

import datetime as dt
from dataclasses import replace

from fixtures import PERIOD, tiny_data

from dashboard.metrics.comparability import MIN_BASE, Comparison, compare
from dashboard.metrics.summary import COMPARED, headline_with_previous

PREVIOUS = {"period_start": "2024-11-01", "period_end": "2025-10-31", "eligible_headcount": 1342}
CURRENT = {"period_start": "2025-11-01", "period_end": "2026-10-31", "eligible_headcount": 1370}
KEYS = ("participation_rate", "early_ending_rate", "goals_overdue")
STARTED = dt.date(2024, 11, 1)


def _compare(current: dict, previous: dict, first_start: dt.date | None = STARTED) -> dict:
    return compare({**CURRENT, **current}, {**PREVIOUS, **previous}, KEYS, first_start=first_start)


def test_like_for_like_periods_compare():
    result = _compare(
        {"early_ending_rate_denominator": 298}, {"early_ending_rate_denominator": 150}
    )
    assert all(c.comparable for c in result.values())


def test_a_base_that_grew_more_than_threefold_is_a_ramp_up():
    result = _compare({"early_ending_rate_denominator": 298}, {"early_ending_rate_denominator": 40})
    assert result["early_ending_rate"] == Comparison(
        False,
        "40 ended pairings in the previous period against 298 now",
        "40 → 298 ended pairings",
    )
    # Only that KPI: uptake's base (the headcount) and counts are unaffected.
    assert result["participation_rate"].comparable and result["goals_overdue"].comparable


def test_a_small_base_in_either_period_does_not_compare():
    small = MIN_BASE - 1
    before = _compare(
        {"early_ending_rate_denominator": 30}, {"early_ending_rate_denominator": small}
    )
    assert before["early_ending_rate"].reason == (
        f"only {small} ended pairings in the previous period"
    )
    now = _compare({"early_ending_rate_denominator": small}, {"early_ending_rate_denominator": 30})
    assert now["early_ending_rate"].reason == f"only {small} ended pairings in this period"


def test_a_changed_population_makes_every_kpi_incomparable():
    result = _compare({"eligible_headcount": 2000}, {})
    reason = "the eligible population changed from 1,342 to 2,000 employees"
    assert {c.reason for c in result.values()} == {reason}
    assert _compare({"eligible_headcount": 1600}, {})["goals_overdue"].comparable  # +19 %


def test_a_programme_that_started_during_the_previous_period():
    result = _compare({}, {}, first_start=dt.date(2025, 3, 1))
    assert {c.reason for c in result.values()} == {
        "the programme started on 01 Mar 2025, partway through the previous period"
    }
    later = _compare({}, {}, first_start=dt.date(2025, 12, 1))
    assert later["goals_overdue"].reason == "the programme had not started in the previous period"
    assert _compare({}, {}, first_start=None)["goals_overdue"].comparable


def test_headline_with_previous_says_per_kpi_whether_it_compares():
    data = tiny_data()
    both = headline_with_previous(data, PERIOD)
    assert both["first_pairing_start"] == "2024-01-01"  # R3: the whole previous period ran
    assert set(both["comparison"]) == set(COMPARED)
    # Seven eligible employees in 2024 (E5 left mid-year): far below the minimum base.
    assert both["comparison"]["participation_rate"] == {
        "comparable": False,
        "reason": "only 7 eligible employees in the previous period",
        "short": "only 7 eligible employees then",
    }
    # The period before 2024 had no pairing at all.
    earlier = headline_with_previous(data, replace(PERIOD.previous(), start=dt.date(2024, 6, 1)))
    assert earlier["comparison"]["goals_overdue"]["reason"] == (
        "the programme started on 01 Jan 2024, partway through the previous period"
    )
