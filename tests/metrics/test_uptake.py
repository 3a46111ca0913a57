"""Uptake by department and team, the funnel and new pairings, on the hand-worked organisation.

Eligible in 2025: M1, E1, E2 (Alpha) and M2, E4, C1 (Beta); E3 is not eligible, E5 left in
2024 and E6 joins in 2026. Participants: E1 (R1), E4 (R2), M2 (R5); E3's R4 does not count.
"""

import datetime as dt
from dataclasses import replace

import pandas as pd
import pytest
from fixtures import PERIOD, tiny_data

from dashboard.metrics.targets import Targets
from dashboard.metrics.uptake import (
    funnel,
    new_relationships_by_month,
    stage_counts,
    uptake_against_targets,
    uptake_by,
)


@pytest.fixture(scope="module")
def tiny():
    return tiny_data()


def test_uptake_by_department(tiny):
    out = uptake_by(tiny, PERIOD, by="department").set_index("department")
    assert out.loc["Alpha", ["numerator", "denominator"]].tolist() == [1, 3]
    assert out.loc["Beta", ["numerator", "denominator"]].tolist() == [2, 3]
    assert out.loc["Beta", "rate"] == pytest.approx(2 / 3)
    assert (out["ci_low"] <= out["rate"]).all() and (out["rate"] <= out["ci_high"]).all()
    assert out["label"].tolist() == ["Alpha", "Beta"]


def test_uptake_by_manager_counts_eligible_direct_reports_and_names_the_manager(tiny):
    out = uptake_by(tiny, PERIOD, by="manager_id").set_index("manager_id")
    # M1: E1, E2 eligible (E3 is not); M2: E4 and C1 (E5 left, E6 not yet hired).
    assert out.loc["M1", ["numerator", "denominator"]].tolist() == [1, 2]
    assert out.loc["M2", ["numerator", "denominator"]].tolist() == [1, 2]
    assert out["label"].to_dict() == {"M1": "Mara", "M2": "Milo"}


def test_uptake_by_rejects_other_breakdowns(tiny):
    with pytest.raises(ValueError, match="by must be one of"):
        uptake_by(tiny, PERIOD, by="kind")


def test_uptake_of_a_drilled_team(tiny):
    team = replace(PERIOD, departments=("Alpha",), managers=("M1",))
    out = uptake_by(tiny, team, by="manager_id")
    assert out[["manager_id", "numerator", "denominator"]].values.tolist() == [["M1", 1, 2]]


def test_funnel_stages_and_shares(tiny):
    out = funnel(tiny, PERIOD).set_index("stage")
    # No enrolments table in the fixture: no enrolled stage.
    assert out.index.tolist() == ["eligible", "matched", "active", "achieved"]
    assert out["people"].tolist() == [6, 3, 2, 1]
    assert out["of_eligible"].tolist() == pytest.approx([1, 0.5, 1 / 3, 1 / 6])
    assert out["of_previous"].tolist() == pytest.approx([1, 0.5, 2 / 3, 0.5])
    assert out.loc["achieved", "label"] == "Achieved"


def test_funnel_includes_enrolled_when_enrolments_exist(tiny):
    enrolments = pd.DataFrame(
        {
            "employee_id": ["E2", "C1", "M1"],
            "role": ["participant", "participant", "participant"],
            "status": ["registered", "withdrawn", "invited"],
        },
        dtype=object,
    )
    out = funnel(tiny_data(enrolments=enrolments), PERIOD).set_index("stage")
    # E2 and M1 enrolled, C1 withdrew; the three participants count as enrolled too.
    assert out.loc["enrolled", "people"] == 5
    assert out.index.tolist() == ["eligible", "enrolled", "matched", "active", "achieved"]


def test_funnel_leaves_out_stages_whose_table_is_missing(tiny):
    out = funnel(tiny_data(sessions=None, goals=None), PERIOD)
    assert out["stage"].tolist() == ["eligible", "matched"]


def test_funnel_of_an_empty_selection_is_zero_not_an_error(tiny):
    out = funnel(tiny, replace(PERIOD, departments=("Nowhere",)))
    assert out["people"].tolist() == [0, 0, 0, 0]
    assert out["of_eligible"].isna().all()


def test_new_relationships_by_month_fills_every_month_and_kind(tiny):
    out = new_relationships_by_month(tiny, PERIOD)
    assert len(out) == 12 * 2
    started = out[out["relationships"] > 0]
    assert started[["month", "kind", "relationships"]].values.tolist() == [
        [pd.Timestamp("2025-02-01"), "coaching", 1],
        [pd.Timestamp("2025-03-01"), "mentoring", 1],
        [pd.Timestamp("2025-06-01"), "mentoring", 1],
    ]


def test_new_relationships_follow_the_kind_filter_and_period(tiny):
    out = new_relationships_by_month(
        tiny, replace(PERIOD, kinds=("mentoring",), end=dt.date(2025, 4, 30))
    )
    assert set(out["kind"]) == {"mentoring"}
    assert out["relationships"].sum() == 1
    assert len(out) == 4


def test_uptake_against_targets_per_department(tiny):
    targets = Targets(uptake=0.3, departments={"Beta": {"uptake": 0.7}})
    out = uptake_against_targets(tiny, PERIOD, by="department", targets=targets)
    # Alpha 1 of 3 against 30 %: on it. Beta 2 of 3 against its own 70 %: within a tenth.
    assert out.set_index("department")[["target", "rag"]].to_dict("index") == {
        "Alpha": {"target": 0.3, "rag": "green"},
        "Beta": {"target": 0.7, "rag": "amber"},
    }


def test_uptake_against_targets_of_teams_take_their_departments_target(tiny):
    targets = Targets(uptake=0.3, departments={"Beta": {"uptake": 0.7}})
    out = uptake_against_targets(tiny, PERIOD, by="manager_id", targets=targets, department="Beta")
    # Both teams 1 of 2 (50 %), against Beta's 70 %.
    assert out["target"].tolist() == [0.7, 0.7]
    assert out["rag"].tolist() == ["red", "red"]


def test_stage_counts_now_and_before(tiny):
    counts = stage_counts(tiny, PERIOD)
    assert (counts["now"]["eligible"], counts["now"]["matched"]) == (6, 3)
    # 2024: Alpha M1 E1 E2 (E1 and E2 in pairings), Beta M2 E4 E5 C1 (none).
    assert (counts["before"]["eligible"], counts["before"]["matched"]) == (7, 2)
