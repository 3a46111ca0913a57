"""Coach capacity: participants carried at the period end, and the configured limit."""

import datetime as dt
from dataclasses import replace

import pandas as pd
import pytest
from fixtures import PERIOD, tiny_data

from dashboard.access import Grant, Policy, scope
from dashboard.metrics.capacity import (
    DEFAULT_MAX_PARTICIPANTS,
    capacity_summary,
    carried,
    coach_load,
    coach_totals,
    max_participants_per_coach,
    over_capacity,
)


@pytest.fixture(scope="module")
def tiny():
    return tiny_data()


def test_limit_default_and_configured():
    assert max_participants_per_coach({}) == DEFAULT_MAX_PARTICIPANTS == 4
    assert max_participants_per_coach({"capacity": {}}) == 4
    assert max_participants_per_coach({"capacity": {"max_participants_per_coach": 6}}) == 6


@pytest.mark.parametrize("value", [0, -1, 2.5, "4", True])
def test_limit_rejects_bad_values(value):
    with pytest.raises(ValueError, match="max_participants_per_coach must be a whole number"):
        max_participants_per_coach({"capacity": {"max_participants_per_coach": value}})


def test_limit_rejects_a_non_table():
    with pytest.raises(ValueError, match=r"capacity must be a table"):
        max_participants_per_coach({"capacity": 4})


def test_load_at_the_end_of_2025(tiny):
    # Running on 31 Dec 2025: R1 (E1) and R4 (E3), both coached by C1. R2 and R5 had ended.
    out = coach_load(tiny, PERIOD)
    assert out.to_dict("records") == [
        {
            "coach_id": "C1",
            "coach": "Cleo",
            "department": "Beta",
            "participants": 2,
            "in_selection": 2,
        }
    ]


def test_load_counts_every_pairing_of_a_coach_in_the_selection(tiny):
    mid = replace(PERIOD, end=dt.date(2025, 9, 30))
    out = coach_load(tiny, mid).set_index("coach_id")
    # C1: E1, E3 and M2 (R5 runs to November); M1 coaches E4 until 30 September inclusive.
    assert out["participants"].to_dict() == {"C1": 3, "M1": 1}
    alpha = coach_load(tiny, replace(mid, departments=("Alpha",))).set_index("coach_id")
    # Only C1 coaches someone in Alpha; their load still counts Beta's M2.
    assert alpha["participants"].to_dict() == {"C1": 3}
    assert alpha["in_selection"].to_dict() == {"C1": 2}


def test_closed_pairings_without_end_date_are_not_carried():
    rel = pd.DataFrame(
        {
            "start_date": pd.to_datetime(["2025-01-01"] * 4),
            "end_date": pd.to_datetime([None, None, "2025-06-01", None]),
            "status": ["active", "completed", "active", "paused"],
            "coach_id": ["C", "C", "C", None],
            "participant_id": ["A", "B", "C", "D"],
        }
    )
    kept = carried(rel, pd.Timestamp("2025-07-01"))
    assert kept["participant_id"].tolist() == ["A"]


def test_external_coach_keeps_the_id_and_says_so(tiny):
    data = tiny
    rel = data.relationships.assign(coach_id=data.relationships["coach_id"].replace({"C1": "X9"}))
    out = coach_load(replace(data, relationships=rel), PERIOD)
    assert out.loc[0, ["coach", "department"]].tolist() == ["X9", "(not an employee)"]


def test_a_department_head_sees_the_organisation_wide_load(tiny):
    mid = replace(PERIOD, end=dt.date(2025, 9, 30))
    head = scope(tiny, Grant("head@example.org", "department_head", ("Alpha",)), Policy())
    alone = coach_load(head, mid).set_index("coach_id")
    # Alpha's rows alone miss C1's Beta participant (M2) and do not know C1 is an employee.
    assert alone.loc["C1", ["participants", "department"]].tolist() == [2, "(not an employee)"]
    out = coach_load(head, mid, coach_totals(tiny, mid.end)).set_index("coach_id")
    assert (
        out.loc["C1", "participants"]
        == coach_load(tiny, mid).set_index("coach_id").loc["C1", "participants"]
    )
    assert out.loc["C1", ["coach", "department", "in_selection"]].tolist() == [
        "Coach in another department (id C1)",
        "(another department)",
        2,
    ]


def test_coach_totals_say_who_is_an_employee(tiny):
    rel = tiny.relationships.assign(coach_id=tiny.relationships["coach_id"].replace({"C1": "X9"}))
    totals = coach_totals(replace(tiny, relationships=rel), PERIOD.end)
    assert totals.loc["X9"].tolist() == [2, False]


def test_over_capacity_and_summary(tiny):
    # C1 carries E1 and E3 at the end of 2025.
    load = coach_load(tiny, PERIOD)
    assert over_capacity(load, 1)["coach_id"].tolist() == ["C1"]
    assert over_capacity(load, 2).empty
    assert capacity_summary(tiny, load, 1) == {
        "named": True,
        "coaches": 1,
        "mean": 2.0,
        "median": 2.0,
        "over": 1,
    }


def test_capacity_summary_without_any_coach(tiny):
    load = coach_load(tiny, PERIOD).iloc[0:0]
    summary = capacity_summary(tiny, load, 4)
    assert (summary["coaches"], summary["mean"], summary["median"], summary["over"]) == (0, 0, 0, 0)
