"""At-risk relationships on hand-made pairings; the as-of date is the period end, 2025-12-31.

The fixture's people (tests/fixtures.py) with these pairings:

    Q1  E1  active from 2025-01-01   held 11-16 (45 days before as-of), cancelled 12-01,
                                     no-show 12-10, scheduled 12-20, held 2026-01-10  -> 2 missed
    Q2  E2  active from 2025-01-01   cancelled 10-01, held 11-15 (46 days); latest score 2 (12-01),
                                     a 5 only in 2026                                -> idle, low
    Q3  E4  active from 2025-12-01   no sessions, but only 30 days old               -> not yet idle
    Q4  M2  active from 2025-06-01   no sessions in 213 days                         -> idle
    Q5  C1  paused                   no sessions                                     -> not active
    Q6  M1  active from 2026-01-02   starts after the as-of date                     -> not counted
    Q7  E3  ended early 2025-06-30   'Pair MISMATCH (personality)', score 1          -> mismatch
    Q8  E1  ended early 2025-07-01   'relocation', two cancellations                 -> not at risk
    Q9  E2  ended early 2024-12-31   'mismatch', before the period                   -> not at risk
    Q10 E4  active from 2025-01-01   cancelled, no-show, then held 12-20; scores 5 and 2 on the
                                     same day (participant, coach)                   -> low
"""

import datetime as dt
from dataclasses import replace

import pandas as pd
import pytest
from fixtures import PERIOD, tiny_data

from dashboard.filtering import select
from dashboard.metrics import risks
from dashboard.metrics.risks import at_risk_relationships
from dashboard.model import Filters

START, END = PERIOD.start, PERIOD.end
IDLE = "No session held in the last 45 days"
NEVER = "No session held yet"
LOW = "Latest satisfaction score is 2 or lower"
MISMATCH = "Ended early as a mismatch"


def frame(columns: str, rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns.split(), dtype=object)


RELATIONSHIPS = frame(
    "relationship_id participant_id coach_id kind format start_date end_date status end_reason",
    [
        ("Q1", "E1", "C1", "coaching", "formal", "2025-01-01", None, "active", None),
        ("Q2", "E2", "C1", "coaching", "formal", "2025-01-01", None, "active", None),
        ("Q3", "E4", "C1", "mentoring", "peer", "2025-12-01", None, "active", None),
        ("Q4", "M2", "C1", "mentoring", "formal", "2025-06-01", None, "active", None),
        ("Q5", "C1", "M1", "coaching", "formal", "2025-01-01", None, "paused", None),
        ("Q6", "M1", "C1", "coaching", "formal", "2026-01-02", None, "active", None),
        ("Q7", "E3", "C1", "coaching", "formal", "2025-01-01", "2025-06-30", "ended_early",
         "Pair MISMATCH (personality)"),
        ("Q8", "E1", "M1", "mentoring", "formal", "2025-01-01", "2025-07-01", "ended_early",
         "relocation"),
        ("Q9", "E2", "M1", "mentoring", "formal", "2024-01-01", "2024-12-31", "ended_early",
         "mismatch"),
        ("Q10", "E4", "C1", "coaching", "formal", "2025-01-01", None, "active", None),
    ],
)  # fmt: skip

SESSIONS = frame(
    "session_id relationship_id session_date status",
    [
        ("T1", "Q1", "2025-11-16", "held"),
        ("T2", "Q1", "2025-12-01", "cancelled"),
        ("T3", "Q1", "2025-12-10", "no_show"),
        ("T4", "Q1", "2025-12-20", "scheduled"),
        ("T5", "Q1", "2026-01-10", "held"),
        ("T6", "Q2", "2025-10-01", "cancelled"),
        ("T7", "Q2", "2025-11-15", "held"),
        ("T8", "Q10", "2025-11-20", "cancelled"),
        ("T9", "Q10", "2025-12-01", "no_show"),
        ("T10", "Q10", "2025-12-20", "held"),
        ("T11", "Q8", "2025-05-01", "cancelled"),
        ("T12", "Q8", "2025-06-01", "cancelled"),
    ],
)

FEEDBACK = frame(
    "feedback_id relationship_id submitted_date satisfaction respondent",
    [
        ("K1", "Q1", "2025-06-01", 1, "participant"),
        ("K2", "Q1", "2025-10-01", 4, "participant"),
        ("K3", "Q2", "2025-12-01", 2, "participant"),
        ("K4", "Q2", "2026-01-05", 5, "participant"),
        ("K5", "Q10", "2025-12-01", 5, "participant"),
        ("K6", "Q10", "2025-12-01", 2, "coach"),
        ("K7", "Q7", "2025-06-01", 1, "participant"),
    ],
)


@pytest.fixture(scope="module")
def data():
    return tiny_data(relationships=RELATIONSHIPS, sessions=SESSIONS, feedback=FEEDBACK, goals=None)


def at_risk(data, filters: Filters = PERIOD, **kw) -> pd.DataFrame:
    """The list as a user allowed to see individual feedback sees it (every reason judged)."""
    kw.setdefault("individual_feedback", True)
    return at_risk_relationships(select(data, filters), filters.start, filters.end, **kw)


def reasons(out: pd.DataFrame) -> dict[str, list[str]]:
    return dict(zip(out["relationship_id"], out["reasons"], strict=True))


def test_each_reason(data):
    out = at_risk(data)
    # Most reasons first, then by id.
    assert reasons(out) == {
        "Q2": [IDLE, LOW],
        "Q1": ["2 cancelled or no-show sessions in a row"],
        "Q10": [LOW],
        "Q4": [NEVER],
        "Q7": [MISMATCH],
    }


def test_a_low_score_is_no_reason_without_individual_feedback(data):
    out = at_risk_relationships(select(data, PERIOD), START, END)
    # Q10 was at risk only for its low score; Q2 stays, for being idle.
    assert reasons(out) == {
        "Q1": ["2 cancelled or no-show sessions in a row"],
        "Q2": [IDLE],
        "Q4": [NEVER],
        "Q7": [MISMATCH],
    }
    assert "low_satisfaction" not in out.columns
    assert not any(LOW in r for r in out["reasons"])


def test_boolean_column_per_reason(data):
    columns = ["idle", "low_satisfaction", "missed_sessions", "mismatch"]
    flags = at_risk(data).set_index("relationship_id")[columns]
    assert {rid: tuple(row) for rid, row in flags.iterrows()} == {
        "Q2": (True, True, False, False),
        "Q1": (False, False, True, False),
        "Q10": (False, True, False, False),
        "Q4": (True, False, False, False),
        "Q7": (False, False, False, True),
    }


def test_last_held_session_and_days_since(data):
    out = at_risk(data).set_index("relationship_id")
    assert out.loc["Q1", "last_held_session"] == pd.Timestamp("2025-11-16")  # not T5 in 2026
    assert out.loc["Q1", "days_since_held"] == 45
    assert out.loc["Q2", "days_since_held"] == 46
    assert out.loc["Q10", "days_since_held"] == 11  # T10 on 12-20
    assert pd.isna(out.loc["Q4", "last_held_session"]) and pd.isna(out.loc["Q4", "days_since_held"])
    assert pd.isna(out.loc["Q7", "days_since_held"])


def test_identity_columns(data):
    out = at_risk(data)
    assert list(out.columns) == [
        "relationship_id",
        "participant_id",
        "coach_id",
        "department",
        "manager_id",
        "kind",
        "start_date",
        "last_held_session",
        "days_since_held",
        "reasons",
        "idle",
        "low_satisfaction",
        "missed_sessions",
        "mismatch",
    ]
    q2 = out.set_index("relationship_id").loc["Q2"]
    # The participant's department and line manager, not the coach's.
    assert (q2["participant_id"], q2["coach_id"], q2["department"], q2["manager_id"]) == (
        "E2",
        "C1",
        "Alpha",
        "M1",
    )
    assert q2["start_date"] == pd.Timestamp("2025-01-01")


def test_idle_days_is_a_strict_threshold(data):
    # Q2's last held session was 46 days ago: with a 46-day window it is not idle, but its low
    # score still keeps it on the list.
    out = at_risk(data, idle_days=46)
    assert reasons(out)["Q2"] == [LOW]
    assert not out.set_index("relationship_id").loc["Q2", "idle"]


def test_shorter_idle_window(data):
    out = at_risk(data, idle_days=10)
    idle = set(out.loc[out["idle"], "relationship_id"])
    # Q1 45 days, Q2 46, Q10 11, Q4 never; Q3 is now 30 days old without a session.
    assert idle == {"Q1", "Q2", "Q3", "Q4", "Q10"}
    assert reasons(out)["Q1"] == [
        "No session held in the last 10 days",
        "2 cancelled or no-show sessions in a row",
    ]
    assert reasons(out)["Q3"] == [NEVER]


def test_earlier_as_of_date(data):
    # As of 2025-11-30: Q1 and Q2 held sessions a fortnight ago, and their low scores and missed
    # sessions come later; Q10 has one cancellation and has never held a session; Q3 has not
    # started. Q7 ended inside 2025-06-01 .. 2025-11-30.
    filters = Filters(start=dt.date(2025, 6, 1), end=dt.date(2025, 11, 30))
    assert reasons(at_risk(data, filters)) == {"Q10": [NEVER], "Q4": [NEVER], "Q7": [MISMATCH]}


def test_a_session_held_the_same_day_ends_a_run():
    # Q1 again, but no-show and held both on 12-10: that day a session was held, so only what
    # comes after it counts; then two more misses make a run of 2 again.
    q1 = frame(
        "session_id relationship_id session_date status",
        [
            ("U1", "Q1", "2025-12-01", "cancelled"),
            ("U2", "Q1", "2025-12-10", "no_show"),
            ("U3", "Q1", "2025-12-10", "held"),
        ],
    )
    data = tiny_data(relationships=RELATIONSHIPS, sessions=q1, feedback=None, goals=None)
    assert "Q1" not in set(at_risk(data)["relationship_id"])
    later = frame(
        "session_id relationship_id session_date status",
        [("U4", "Q1", "2025-12-15", "cancelled"), ("U5", "Q1", "2025-12-20", "no_show")],
    )
    data = tiny_data(
        relationships=RELATIONSHIPS,
        sessions=pd.concat([q1, later], ignore_index=True),
        feedback=None,
        goals=None,
    )
    assert reasons(at_risk(data))["Q1"] == ["2 cancelled or no-show sessions in a row"]


def test_department_filter(data):
    # Beta's participants: E4 (Q3, Q10), M2 (Q4), C1 (Q5).
    out = at_risk(data, replace(PERIOD, departments=("Beta",)))
    assert set(out["relationship_id"]) == {"Q4", "Q10"}


def test_without_sessions_only_satisfaction_and_mismatch_count(data):
    # No sessions table: nothing can be said about idleness or missed sessions.
    bare = tiny_data(relationships=RELATIONSHIPS, sessions=None, feedback=FEEDBACK, goals=None)
    out = at_risk(bare)
    assert reasons(out) == {"Q10": [LOW], "Q2": [LOW], "Q7": [MISMATCH]}
    assert out["last_held_session"].isna().all()


def test_without_feedback(data):
    bare = tiny_data(relationships=RELATIONSHIPS, sessions=SESSIONS, feedback=None, goals=None)
    assert set(at_risk(bare)["relationship_id"]) == {"Q1", "Q2", "Q4", "Q7"}


def test_on_the_fixture():
    out = at_risk(tiny_data())
    # R1: last held S1 2025-02-01, 333 days before 12-31; R4: S7 2025-03-01, 305 days.
    # R2 ended early as a mismatch; its no-show and score of 2 no longer matter.
    assert reasons(out) == {"R1": [IDLE], "R2": [MISMATCH], "R4": [IDLE]}
    assert out["days_since_held"].tolist() == [333, 274, 305]


def test_nothing_at_risk_is_an_empty_frame_with_the_columns(data):
    out = at_risk(data, Filters(start=dt.date(2020, 1, 1), end=dt.date(2020, 12, 31)))
    assert out.empty
    assert "reasons" in out.columns and "mismatch" in out.columns


# --- the page's list and the verdict's counts, on the fixture's own pairings ---------------------


def test_at_risk_named_on_the_fixture():
    # R1 (E1, held 2025-02-01) and R4 (E3, held 2025-03-01) are idle; R2 ended as a mismatch.
    out = risks.at_risk_named(tiny_data(), PERIOD, idle_days=45, individual_feedback=False)
    assert out["relationship_id"].tolist() == ["R1", "R2", "R4"]
    assert out["participant"].tolist() == ["Eli", "Enzo", "Ezra"]
    assert out["coach"].tolist() == ["Cleo", "Mara", "Cleo"]
    assert out["manager"].tolist() == ["Mara", "Milo", "Mara"]


def test_at_risk_by_reason_on_the_fixture():
    counts, total = risks.at_risk_by_reason(tiny_data(), PERIOD, idle_days=45)
    assert dict(zip(counts["reason"], counts["relationships"], strict=True)) == {
        "idle": 2,
        "missed_sessions": 0,
        "mismatch": 1,
    }
    assert total == 3


def test_reasons_as_text_for_a_spreadsheet():
    rows = pd.DataFrame({"relationship_id": ["R1", "R2"], "reasons": [["Idle", "Missed"], ["X"]]})
    assert risks.reasons_as_text(rows)["reasons"].tolist() == ["Idle; Missed", "X"]
    assert rows["reasons"].iloc[0] == ["Idle", "Missed"]
