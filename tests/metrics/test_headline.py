"""Every headline metric on the tiny hand-made organisation (tests/fixtures.py)."""

import datetime as dt
from dataclasses import replace

import pytest
from fixtures import PERIOD, tiny_data

from dashboard.filtering import select
from dashboard.metrics import goals, obstacles, participation, sessions
from dashboard.metrics.summary import KPI_KEYS, headline, headline_with_previous
from dashboard.period import default_period, latest_activity


@pytest.fixture(scope="module")
def data():
    return tiny_data()


@pytest.fixture(scope="module")
def kpis(data):
    return headline(data, PERIOD)


def test_headline_has_every_key(kpis):
    assert set(KPI_KEYS) <= set(kpis)


def test_headcount_and_uptake(kpis):
    # M1 E1 E2 | M2 E4 C1 — E3 ineligible, E5 left before the period, E6 hired after it.
    assert kpis["eligible_headcount"] == 6
    # E1 (R1 running), E4 (R2), M2 (R5); E2's R3 ended before the period, E3 is ineligible.
    assert kpis["participants"] == 3
    assert kpis["participation_rate"] == pytest.approx(0.5)
    assert (kpis["participation_rate_numerator"], kpis["participation_rate_denominator"]) == (3, 6)
    assert kpis["active_participants"] == 2  # E1 via S1, E4 via S3


def test_sessions(kpis):
    assert kpis["sessions_held"] == 3  # S1 S3 S7; S5 is before the period
    assert kpis["session_adherence"] == pytest.approx(3 / 5)


def test_goals(kpis):
    assert kpis["goals_completed"] == 2
    assert kpis["goals_overdue"] == 2  # G3 and G7
    assert kpis["goal_completion_rate"] == pytest.approx(2 / 5)
    assert kpis["on_time_rate"] == pytest.approx(1 / 2)


def test_satisfaction_suppressed_below_k(kpis, data):
    # E1, C1, E4 answered in 2025 — three people, not five responses — so nothing is shown,
    # not even how many answered.
    assert kpis["satisfaction_mean"] is None and kpis["satisfaction_suppressed"]
    assert kpis["satisfaction_few"] and kpis["satisfaction_respondents"] is None
    assert (kpis["satisfaction_from"], kpis["satisfaction_to"]) == ("2025-01-01", "2025-12-31")
    shown = headline(data, PERIOD, k=1)
    assert shown["satisfaction_mean"] == pytest.approx(3.8)  # (5 + 4 + 3 + 2 + 5) / 5
    assert shown["satisfaction_favourable"] == pytest.approx(0.6)


def test_early_ending_and_obstacles(kpis):
    assert kpis["early_ending_rate"] == pytest.approx(0.5)
    assert kpis["obstacles_open"] == 3  # O1, O3, O4 (resolved only after the period)
    assert kpis["obstacles_reported"] == 3


def test_breakdown_by_department(data):
    sl = select(data, PERIOD)
    uptake = participation.participation(sl, PERIOD.start, PERIOD.end, by="department")
    assert uptake["numerator"].to_dict() == {"Alpha": 1, "Beta": 2}
    assert uptake["denominator"].to_dict() == {"Alpha": 3, "Beta": 3}
    counts = obstacles.obstacle_counts(sl.obstacles, PERIOD.start, PERIOD.end, by="department")
    assert counts["open"].to_dict() == {"Alpha": 1, "Beta": 2}


def test_department_filter_cuts_people_and_pairings(data):
    kpis = headline(data, replace(PERIOD, departments=("Beta",)))
    assert (kpis["participants"], kpis["eligible_headcount"]) == (2, 3)
    assert kpis["sessions_held"] == 1  # S3 (R2, participant E4 in Beta)
    assert kpis["obstacles_open"] == 2


def test_kind_filter_keeps_headcount_whole(data):
    kpis = headline(data, replace(PERIOD, kinds=("mentoring",)))
    assert kpis["eligible_headcount"] == 6
    assert kpis["participants"] == 2  # E4 and M2


def test_manager_filter_is_the_team(data):
    kpis = headline(data, replace(PERIOD, managers=("M1",)))
    assert kpis["eligible_headcount"] == 2  # E1 E2 (E3 ineligible)
    assert kpis["participants"] == 1


def test_uptake_funnel(data):
    sl = select(data, PERIOD)
    funnel = participation.uptake_funnel(sl, PERIOD.start, PERIOD.end).iloc[0].to_dict()
    assert funnel == {"eligible": 6, "matched": 3, "active": 2, "achieved": 1}


def test_wilson_interval_contains_rate(data):
    sl = select(data, PERIOD)
    row = participation.participation(sl, PERIOD.start, PERIOD.end).iloc[0]
    assert row["ci_low"] == pytest.approx(0.1876, abs=1e-4)
    assert row["ci_high"] == pytest.approx(0.8124, abs=1e-4)


def test_default_period_ends_on_latest_activity(data):
    assert latest_activity(data) == dt.date(2026, 1, 10)  # O4 resolved; S6 is only scheduled
    assert default_period(data) == (dt.date(2025, 1, 11), dt.date(2026, 1, 10))


def test_previous_period_has_equal_length(data):
    both = headline_with_previous(data, PERIOD)
    prev = both["previous"]
    assert prev["period_end"] == "2024-12-31"
    start, end = (dt.date.fromisoformat(prev[k]) for k in ("period_start", "period_end"))
    assert (end - start).days + 1 == PERIOD.days


def test_absent_tables_give_none():
    data = tiny_data(goals=None, feedback=None, obstacles=None, sessions=None)
    kpis = headline(data, PERIOD)
    for key in ("goals_completed", "goal_completion_rate", "satisfaction_mean", "obstacles_open"):
        assert kpis[key] is None
    assert kpis["sessions_held"] is None and kpis["session_adherence"] is None
    assert kpis["participants"] == 3


def test_goal_outcomes_and_adherence_by_manager(data):
    sl = select(data, PERIOD)
    outcomes = goals.goal_outcomes(sl.goals, PERIOD.start, PERIOD.end)
    assert outcomes.set_index("goal_id")["outcome"].to_dict() == {
        "G1": "completed",
        "G2": "completed",
        "G3": "overdue",
        "G5": "abandoned",
        "G7": "overdue",
    }
    adh = sessions.adherence(sl.sessions, PERIOD.start, PERIOD.end, by="manager_id")
    assert adh["numerator"].to_dict() == {"M1": 2, "M2": 1}
    assert adh["denominator"].to_dict() == {"M1": 3, "M2": 2}
