"""The one goal rule: a closed goal counts in the period it was closed in, an open goal when it
is overdue at the period end; every goal figure is built on it."""

import datetime as dt

import pandas as pd
import pytest

from dashboard.metrics import goals
from dashboard.metrics.successes import on_time_completions

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


@pytest.fixture
def frame() -> pd.DataFrame:
    rows = [
        # goal, set, target, closed, status
        (
            "done-late",
            "2024-01-01",
            "2024-06-01",
            "2025-03-01",
            "completed",
        ),  # late, closed in the period
        ("done-on-time", "2025-01-01", "2026-06-01", "2025-05-01", "completed"),  # due after
        ("done-before", "2024-01-01", "2025-03-01", "2024-12-01", "completed"),  # closed before
        ("done-after", "2025-01-01", "2025-06-01", "2026-02-01", "completed"),  # open at the end
        ("dropped", "2025-01-01", "2025-09-01", "2025-08-01", "abandoned"),
        ("long-overdue", "2023-01-01", "2023-06-01", None, "in_progress"),  # due years ago
        ("not-due", "2025-01-01", "2026-06-01", None, "not_started"),
        ("undated", "2025-01-01", "2025-06-01", None, "completed"),  # closed, no date
        ("set-later", "2026-01-01", "2025-06-01", None, "in_progress"),  # not set by the end
    ]
    out = pd.DataFrame(
        rows, columns=["goal_id", "set_date", "target_date", "completed_date", "status"]
    )
    for column in ("set_date", "target_date", "completed_date"):
        out[column] = pd.to_datetime(out[column])
    return out.assign(
        relationship_id="R1",
        participant_id="P1",
        coach_id="C1",
        department="A",
        manager_id="M1",
        kind="coaching",
        category=None,
    )


def test_outcomes_follow_the_one_rule(frame):
    out = goals.goal_outcomes(frame, START, END).set_index("goal_id")["outcome"].to_dict()
    assert out == {
        "done-late": "completed",
        "done-on-time": "completed",
        "done-after": "overdue",
        "dropped": "abandoned",
        "long-overdue": "overdue",
    }


def test_states_at_the_end(frame):
    states = goals.states_at_end(frame, END).set_index("goal_id")["state"].to_dict()
    assert states["done-after"] == "overdue"
    assert states["not-due"] == "not_started"
    assert states["undated"] == "completed"
    assert "set-later" not in states


def test_every_goal_figure_counts_the_same_goals(frame):
    completion = goals.completion(frame, START, END).iloc[0]
    done = goals.completed_in(frame, START, END)
    on_time = goals.on_time(frame, START, END).iloc[0]
    assert (completion["numerator"], completion["denominator"]) == (2, 5)
    assert sorted(done["goal_id"]) == ["done-late", "done-on-time"]
    assert (on_time["numerator"], on_time["denominator"]) == (1, 2)
    assert on_time_completions(frame, START, END)["goal_id"].tolist() == ["done-on-time"]
    assert sorted(goals.overdue_goals(frame, START, END)["goal_id"]) == [
        "done-after",
        "long-overdue",
    ]
    assert goals.overdue(frame, START, END).iloc[0][["numerator", "denominator"]].tolist() == [
        2,
        5,
    ]


def test_in_play_adds_the_open_goals_not_yet_due(frame):
    ids = set(goals.in_play(frame, START, END)["goal_id"])
    assert ids == {"done-late", "done-on-time", "done-after", "dropped", "long-overdue", "not-due"}
