"""Successes: on-time goals, happy completed pairings and the most improved groups, by hand."""

import datetime as dt
from dataclasses import replace

import pandas as pd
import pytest
from fixtures import PERIOD, tiny_data, tiny_tables

from dashboard.filtering import select
from dashboard.metrics import successes

START, END = PERIOD.start, PERIOD.end


def frame(columns: str, rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns.split(), dtype=object)


# --- on-time completions -------------------------------------------------------------------

GOALS = frame(
    "goal_id relationship_id set_date target_date completed_date status goal_text",
    [
        ("G1", "R1", "2025-01-01", "2025-06-30", "2025-06-01", "completed", "private words"),
        ("G2", "R1", "2025-01-01", "2025-08-31", "2025-09-15", "completed", None),
        ("H1", "R2", "2025-03-01", "2025-04-30", "2025-04-30", "completed", None),
        ("H2", "R5", "2025-06-01", None, "2025-07-01", "completed", None),
        ("H3", "R3", "2024-01-01", "2025-03-01", "2024-12-20", "completed", None),
        ("H4", "R1", "2025-01-01", "2026-06-30", "2025-12-31", "completed", None),
        ("H5", "R5", "2025-06-01", "2025-12-01", "2025-11-01", "abandoned", None),
    ],
)


def test_on_time_completions():
    goals = tiny_data(goals=GOALS).goals
    out = successes.on_time_completions(goals, START, END)
    # G1 a month early; H1 on its target day; H4 on the period's last day, half a year early.
    # Not: G2 (late), H2 (no target to be on time for), H3 (done in 2024), H5 (abandoned).
    assert out["goal_id"].tolist() == ["H1", "G1", "H4"]
    assert out["days_early"].tolist() == [0, 29, 181]
    g1 = out.set_index("goal_id").loc["G1"]
    assert (g1["participant_id"], g1["department"], g1["manager_id"]) == ("E1", "Alpha", "M1")


def test_on_time_completions_never_carry_goal_text():
    out = successes.on_time_completions(tiny_data(goals=GOALS).goals, START, END)
    assert "goal_text" not in out.columns


def test_on_time_completions_on_the_fixture():
    out = successes.on_time_completions(tiny_data().goals, START, END)
    assert out["goal_id"].tolist() == ["G1"]  # G2 was late, G6 done in 2024


# --- completed with high satisfaction ------------------------------------------------------


@pytest.fixture(scope="module")
def happy_data():
    tables = tiny_tables()
    extra_rel = frame(
        "relationship_id participant_id coach_id kind format start_date end_date status",
        [
            ("R6", "E2", "C1", "coaching", "formal", "2024-10-01", "2025-08-31", "completed"),
            ("R7", "E4", "C1", "coaching", "formal", "2025-02-01", "2025-10-31", "completed"),
            ("R8", "C1", "M1", "coaching", "formal", "2025-04-01", "2025-09-01", "ended_early"),
        ],
    )
    extra_feedback = frame(
        "feedback_id relationship_id submitted_date satisfaction respondent",
        [
            ("F7", "R6", "2024-11-01", 4, "participant"),
            ("F8", "R6", "2025-08-01", 3, "coach"),
            ("F9", "R6", "2026-02-01", 5, "participant"),
            ("F10", "R8", "2025-06-01", 5, "participant"),
        ],
    )
    return tiny_data(
        relationships=pd.concat([tables["relationships"], extra_rel], ignore_index=True),
        feedback=pd.concat([tables["feedback"], extra_feedback], ignore_index=True),
    )


def happy(data, threshold: float = 4, filters=PERIOD) -> pd.DataFrame:
    sl = select(data, filters)
    return successes.completed_with_high_satisfaction(
        sl, filters.start, filters.end, threshold=threshold
    )


def test_completed_with_high_satisfaction(happy_data):
    out = happy(happy_data)
    # Completed in 2025: R5 (one score of 5), R6 (4 in 2024 and 3 -> 3.5; the 5 of 2026 is after
    # the period end), R7 (no feedback). R8 scored 5 but ended early; R3 completed in 2024.
    assert out["relationship_id"].tolist() == ["R5"]
    assert out["responses"].tolist() == [1]


def test_lower_threshold_admits_the_mean_of_3_5(happy_data):
    out = happy(happy_data, threshold=3.5)
    assert out["relationship_id"].tolist() == ["R6", "R5"]  # by end date: August, November
    assert out["responses"].tolist() == [2, 1]


def test_high_satisfaction_withholds_the_scores(happy_data):
    # One pairing has one or two respondents, fewer than k: its mean would reveal a person's score.
    out = happy(happy_data, threshold=3.5)
    assert not {"mean", "satisfaction", "mean_satisfaction"} & set(out.columns)
    assert {"participant_id", "coach_id", "department", "manager_id", "end_date"} <= set(
        out.columns
    )


def test_high_satisfaction_follows_the_department_filter(happy_data):
    out = happy(happy_data, threshold=3.5, filters=replace(PERIOD, departments=("Alpha",)))
    assert out["relationship_id"].tolist() == ["R6"]  # E2 is in Alpha; R5's M2 is in Beta


def test_high_satisfaction_without_feedback():
    out = happy(tiny_data(feedback=None))
    assert out.empty and "responses" in out.columns


# --- most improved -------------------------------------------------------------------------


def test_most_improved_departments_on_the_fixture():
    data = tiny_data()
    # 2025 vs 2024-01-02 .. 2024-12-31 (the 365 days before):
    # Alpha 1/3 now (E1) vs 2/3 then (E1, E2): a fall, so not listed.
    # Beta 2/3 now (E4, M2) vs 0/4 then (M2 E4 E5 C1; E5 left only in June 2024): +66.7 points.
    out = successes.most_improved(data, PERIOD, min_denominator=3)
    assert out["department"].tolist() == ["Beta"]
    beta = out.iloc[0]
    assert (beta["numerator"], beta["denominator"]) == (2, 3)
    assert (beta["previous_numerator"], beta["previous_denominator"]) == (0, 4)
    assert beta["rate"] == pytest.approx(2 / 3)
    assert beta["previous_rate"] == 0.0
    assert beta["change_points"] == pytest.approx(200 / 3)


def test_most_improved_needs_the_minimum_in_both_periods():
    data = tiny_data()
    assert successes.most_improved(data, PERIOD, min_denominator=4).empty  # Beta has 3 now
    assert successes.most_improved(data, PERIOD).empty  # default 5: the fixture is too small


def test_most_improved_managers_on_the_fixture():
    # M1's team (E1 E2; E3 ineligible): 1/2 now vs 2/2 then. M2's team: E4 C1 now, 1/2;
    # E4 E5 C1 then, 0/3: +50 points.
    out = successes.most_improved(tiny_data(), PERIOD, "manager_id", min_denominator=2)
    assert out["manager_id"].tolist() == ["M2"]
    assert out.iloc[0]["change_points"] == pytest.approx(50.0)


def test_most_improved_goal_completion():
    tables = tiny_tables()
    g8 = frame(
        "goal_id relationship_id set_date target_date completed_date status",
        [("G8", "R3", "2024-01-01", "2024-09-01", "2024-08-01", "abandoned")],
    )
    data = tiny_data(goals=pd.concat([tables["goals"], g8], ignore_index=True))
    out = successes.most_improved(data, PERIOD, measure="goal_completion", min_denominator=2)
    # Alpha: 2025 G1 G2 completed, G7 overdue -> 2/3; 2024 G6 completed, G8 abandoned -> 1/2.
    # Beta: 0/2 in 2025 and no goals due in 2024, so no comparison.
    assert out["department"].tolist() == ["Alpha"]
    row = out.iloc[0]
    assert (row["numerator"], row["denominator"]) == (2, 3)
    assert (row["previous_numerator"], row["previous_denominator"]) == (1, 2)
    assert row["change_points"] == pytest.approx(100 * (2 / 3 - 1 / 2))


def test_most_improved_goal_completion_without_goals():
    out = successes.most_improved(tiny_data(goals=None), PERIOD, measure="goal_completion")
    assert out.empty and "change_points" in out.columns


@pytest.fixture(scope="module")
def four_departments():
    """A: 1/5 -> 3/5 (+40), B: 0/5 -> 1/5 (+20), C: 2/5 -> 2/5 (0), D: 2/10 -> 6/10 (+40)."""
    sizes = {"A": 5, "B": 5, "C": 5, "D": 10}
    people = [(f"{d.lower()}{i}", d) for d, n in sizes.items() for i in range(1, n + 1)]
    # leave_date is given, though blank: validate_tables cannot yet compare a hire_date with an
    # absent leave_date column.
    employees = frame(
        "employee_id department hire_date leave_date",
        [(pid, dept, "2020-01-01", None) for pid, dept in people],
    )
    before = ["a1", "c1", "c2", "d1", "d2"]
    now = ["a1", "a2", "a3", "b1", "c1", "c2", *[f"d{i}" for i in range(1, 7)]]
    rel_rows = [
        (f"P-{p}", p, "coaching", "2024-03-01", "2024-06-30", "completed") for p in before
    ] + [(f"N-{p}", p, "coaching", "2025-02-01", None, "active") for p in now]
    relationships = frame(
        "relationship_id participant_id kind start_date end_date status", rel_rows
    )
    return tiny_data(
        departments=None,
        employees=employees,
        relationships=relationships,
        sessions=None,
        goals=None,
        feedback=None,
        obstacles=None,
    )


def test_most_improved_ranks_and_breaks_ties_by_size(four_departments):
    out = successes.most_improved(four_departments, PERIOD)
    # A and D both rose 40 points; D's rise rests on 10 people, A's on 5. C did not rise.
    assert out["department"].tolist() == ["D", "A", "B"]
    assert out["change_points"].tolist() == pytest.approx([40.0, 40.0, 20.0])
    assert list(out.columns) == [
        "department",
        "numerator",
        "denominator",
        "rate",
        "previous_numerator",
        "previous_denominator",
        "previous_rate",
        "change_points",
    ]


def test_most_improved_top(four_departments):
    out = successes.most_improved(four_departments, PERIOD, top=2)
    assert out["department"].tolist() == ["D", "A"]


def test_most_improved_rejects_unknown_choices():
    with pytest.raises(ValueError, match="measure must be"):
        successes.most_improved(tiny_data(), PERIOD, measure="satisfaction")
    with pytest.raises(ValueError, match="by must be"):
        successes.most_improved(tiny_data(), PERIOD, "kind")


def test_previous_period_is_the_365_days_before():
    # The comparison rests on Filters.previous(): 2024 is a leap year, so it starts on 2 January.
    assert PERIOD.previous().start == dt.date(2024, 1, 2)


# --- the page's tables: names beside the ids -----------------------------------------------------


def test_on_time_goals_names_people_and_counts_all_completed():
    # G1 done a month early; G2 done late still counts among the 2 completed in 2025.
    rows, completed = successes.on_time_goals(tiny_data(), PERIOD)
    assert rows["goal_id"].tolist() == ["G1"]
    assert (rows.loc[0, "participant"], rows.loc[0, "coach"]) == ("Eli", "Cleo")
    assert completed == 2


def test_on_time_by_department_most_first():
    rows = pd.DataFrame({"department": ["Beta", "Alpha", "Beta"]})
    out = successes.on_time_by_department(rows)
    assert out.to_dict("list") == {"department": ["Beta", "Alpha"], "goals_on_time": [2, 1]}


def test_happy_completions_names_people():
    # R5 (M2 with C1) completed in November 2025 with one response of 5.
    out = successes.happy_completions(tiny_data(), PERIOD)
    assert out["relationship_id"].tolist() == ["R5"]
    assert (out.loc[0, "participant"], out.loc[0, "coach"]) == ("Milo", "Cleo")


def test_most_improved_named_adds_managers_names_and_departments(monkeypatch):
    risen = pd.DataFrame({"manager_id": ["M2", "M1"], "change_points": [50.0, 10.0]})
    monkeypatch.setattr(successes, "most_improved", lambda *a, **kw: risen)
    out = successes.most_improved_named(tiny_data(), PERIOD, "manager_id", "participation")
    assert out["manager"].tolist() == ["Milo", "Mara"]
    assert out["department"].tolist() == ["Beta", "Alpha"]


def test_most_improved_named_by_department_adds_nothing():
    out = successes.most_improved_named(tiny_data(), PERIOD, "department", "participation")
    assert "manager" not in out.columns


def test_improved_both_stacks_with_the_group():
    out = successes.improved_both(
        pd.DataFrame({"department": ["Beta"]}), pd.DataFrame({"manager": ["Milo"]})
    )
    assert out["group"].tolist() == ["department", "manager"]
    assert out["department"].iloc[0] == "Beta"
    assert out["manager"].iloc[1] == "Milo"
