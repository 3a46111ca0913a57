"""A manager's team at the bottom of the drill-down: its pairings, sessions and goals."""

import datetime as dt
from dataclasses import replace

import pandas as pd
import pytest
from fixtures import PERIOD, tiny_data

from dashboard.metrics.team import TEAM_COLUMNS, status_in_words, team_relationships

TEAM = replace(PERIOD, departments=("Alpha",), managers=("M1",))


@pytest.fixture(scope="module")
def tiny():
    return tiny_data()


def test_team_of_m1_in_2025(tiny):
    out = team_relationships(tiny, TEAM)
    assert out.columns.tolist() == TEAM_COLUMNS
    # R3 (E2) ended in 2024; R1 (Eli) and R4 (Ezra) ran in 2025, both with Cleo.
    assert out["relationship_id"].tolist() == ["R1", "R4"]
    assert out["participant"].tolist() == ["Eli", "Ezra"]
    assert out["coach"].tolist() == ["Cleo", "Cleo"]
    r1, r4 = out.iloc[0], out.iloc[1]
    # R1: S5 (Dec 2024) and S1 held, S2 cancelled; G1, G2, G7 set, G1 and G2 completed.
    assert (r1["sessions_held"], r1["last_session"]) == (2, pd.Timestamp("2025-02-01"))
    assert (r1["goals_set"], r1["goals_completed"]) == (3, 2)
    assert (r4["sessions_held"], r4["goals_set"], r4["goals_completed"]) == (1, 0, 0)
    assert r1[["kind", "format", "status"]].tolist() == ["coaching", "formal", "active"]


def test_counts_stop_at_the_period_end(tiny):
    out = team_relationships(tiny, replace(TEAM, end=dt.date(2025, 6, 15)))
    r1 = out.set_index("relationship_id").loc["R1"]
    # G2 was completed in September, after this period's end.
    assert (r1["goals_set"], r1["goals_completed"]) == (3, 1)


def test_without_sessions_or_goals_the_counts_are_unknown_not_zero():
    out = team_relationships(tiny_data(sessions=None, goals=None), TEAM)
    assert out["sessions_held"].isna().all()
    assert out["last_session"].isna().all()
    assert out["goals_set"].isna().all() and out["goals_completed"].isna().all()


def test_a_team_without_pairings_is_empty(tiny):
    out = team_relationships(tiny, replace(PERIOD, departments=("Beta",), managers=("M1",)))
    assert out.empty
    assert out.columns.tolist() == TEAM_COLUMNS


def test_status_in_words():
    team = pd.DataFrame({"status": ["ended_early", "active", None]})
    out = status_in_words(team)
    assert out["status"].tolist()[:2] == ["ended early", "active"]
    assert pd.isna(out["status"].iloc[2])
