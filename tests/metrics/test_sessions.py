"""Session adherence: held / (held + cancelled + no-show) over sessions dated in the period."""

import datetime as dt
import math

import pandas as pd

from dashboard.metrics.sessions import adherence, sessions_in

START, END = dt.date(2025, 1, 1), dt.date(2025, 6, 30)


def sessions(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["session_id", "session_date", "status", "department"])
    return frame.assign(session_date=pd.to_datetime(frame["session_date"]))


SESSIONS = sessions(
    [
        ("before", "2024-12-31", "held", "A"),  # the day before the period
        ("first-day", "2025-01-01", "held", "A"),
        ("last-day", "2025-06-30", "cancelled", "A"),
        ("after", "2025-07-01", "held", "B"),  # the day after the period
        ("missed", "2025-03-01", "no_show", "B"),
        ("planned", "2025-03-02", "scheduled", "B"),
        ("undated", None, "held", "A"),
        ("held-b1", "2025-04-01", "held", "B"),
        ("held-b2", "2025-05-01", "held", "B"),
    ]
)


def test_the_period_includes_both_its_first_and_last_day():
    assert sorted(sessions_in(SESSIONS, START, END)["session_id"]) == [
        "first-day",
        "held-b1",
        "held-b2",
        "last-day",
        "missed",
        "planned",
    ]


def test_adherence_counts_held_cancelled_and_no_show_never_scheduled():
    # In the period: held first-day, held-b1, held-b2; cancelled last-day; no-show missed.
    # The scheduled session is in neither part: 3 / 5.
    row = adherence(SESSIONS, START, END).loc["all"]
    assert (row["numerator"], row["denominator"]) == (3, 5)
    assert row["rate"] == 0.6
    assert row["ci_low"] < 0.6 < row["ci_high"]


def test_adherence_per_department():
    # A: first-day held, last-day cancelled -> 1/2; B: missed, held-b1, held-b2 -> 2/3.
    out = adherence(SESSIONS, START, END, by="department")
    assert out[["numerator", "denominator"]].to_dict("index") == {
        "A": {"numerator": 1, "denominator": 2},
        "B": {"numerator": 2, "denominator": 3},
    }


def test_a_one_day_period():
    row = adherence(SESSIONS, END, END).loc["all"]
    assert (row["numerator"], row["denominator"], row["rate"]) == (0, 1, 0.0)


def test_no_session_due_is_a_blank_rate_not_zero():
    # Only the scheduled session falls on 2 March: nothing was due.
    day = dt.date(2025, 3, 2)
    row = adherence(SESSIONS, day, day).loc["all"]
    assert (row["numerator"], row["denominator"]) == (0, 0)
    assert math.isnan(row["rate"])


def test_an_empty_sessions_table():
    empty = SESSIONS.iloc[0:0]
    assert sessions_in(empty, START, END).empty
    row = adherence(empty, START, END).loc["all"]
    assert (row["numerator"], row["denominator"]) == (0, 0)
    assert math.isnan(row["rate"])
    assert adherence(empty, START, END, by="department").empty
