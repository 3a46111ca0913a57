"""Who to invite, on the hand-worked organisation.

Eligible in 2025: M1, E1, E2 (Alpha) and M2, E4, C1 (Beta). Participants: E1, E4 (mentoring)
and M2 (mentoring). Not taking part: M1 (no line manager), E2 (reports to M1), C1 (to M2).
"""

import datetime as dt
from dataclasses import replace

import pandas as pd
import pytest
from fixtures import PERIOD, tiny_data, tiny_tables

from dashboard.metrics.invitations import (
    MANAGER_COLUMNS,
    NO_MANAGER,
    PEOPLE_COLUMNS,
    invitation_summary,
    invitation_totals,
    invitations_by_manager,
    invitees,
    managers_to_invite,
)
from dashboard.metrics.uptake import funnel


def _enrolments(*rows: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["employee_id", "role", "status"], dtype=object)


def _counts(frame: pd.DataFrame) -> dict[str, list[int]]:
    return {
        row.manager: [row.eligible, row.enrolled, row.leavers, row.to_invite]
        for row in frame.itertuples()
    }


@pytest.fixture(scope="module")
def tiny():
    return tiny_data()


def test_without_enrolments_everyone_not_taking_part_is_invited(tiny):
    people = invitees(tiny, PERIOD)
    assert people.columns.tolist() == PEOPLE_COLUMNS
    # By manager label, then name; the person without a line manager under "No line manager".
    assert people["employee_id"].tolist() == ["E2", "C1", "M1"]
    assert people["manager"].tolist() == ["Mara", "Milo", NO_MANAGER]
    assert people["name"].tolist() == ["Eva", "Cleo", "Mara"]
    assert not people["withdrew"].any()


def test_per_manager_counts_most_to_invite_first(tiny):
    out = invitations_by_manager(tiny, PERIOD)
    assert out.columns.tolist() == MANAGER_COLUMNS
    # [eligible, enrolled, leavers, to invite]; E3 (not eligible), E5 (left in 2024) and E6
    # (hired in 2026) are not in any count.
    assert _counts(out) == {"Mara": [2, 1, 0, 1], "Milo": [2, 1, 0, 1], NO_MANAGER: [2, 1, 0, 1]}
    assert out["manager_id"].isna().tolist() == [False, False, True]


def test_leavers_are_left_out_and_counted(tiny):
    employees = tiny_tables()["employees"]
    # Cleo leaves during the period: eligible for uptake, but not worth an invitation.
    employees.loc[employees["employee_id"] == "C1", "leave_date"] = "2025-10-31"
    data = tiny_data(employees=employees)
    assert "C1" not in set(invitees(data, PERIOD)["employee_id"])
    assert _counts(invitations_by_manager(data, PERIOD))["Milo"] == [2, 1, 1, 0]


def test_someone_marked_left_without_a_leave_date_is_not_eligible_at_all(tiny):
    employees = tiny_tables()["employees"].assign(employment_status="active")
    employees.loc[employees["employee_id"] == "C1", "employment_status"] = "left"
    data = tiny_data(employees=employees)
    assert _counts(invitations_by_manager(data, PERIOD))["Milo"] == [1, 1, 0, 0]


def test_enrolled_people_are_not_invited_and_a_withdrawal_is_marked(tiny):
    enrolments = _enrolments(
        ("E2", "participant", "invited"),
        ("C1", "participant", "withdrawn"),
        ("M1", "coach", "registered"),
    )
    data = tiny_data(enrolments=enrolments)
    people = invitees(data, PERIOD)
    # E2 was invited already; C1 withdrew and may be asked again; enrolling as a coach is not
    # enrolling as a participant.
    assert people["employee_id"].tolist() == ["C1", "M1"]
    assert people["withdrew"].tolist() == [True, False]


def test_to_invite_and_leavers_are_the_funnel_s_eligible_not_enrolled(tiny):
    employees = tiny_tables()["employees"]
    employees.loc[employees["employee_id"] == "C1", "leave_date"] = "2025-10-31"
    enrolments = _enrolments(("E2", "participant", "registered"))
    data = tiny_data(employees=employees, enrolments=enrolments)
    stages = funnel(data, PERIOD).set_index("stage")["people"]
    out = invitations_by_manager(data, PERIOD)
    assert out["eligible"].sum() == stages["eligible"]
    assert out["enrolled"].sum() == stages["enrolled"]
    assert out["to_invite"].sum() + out["leavers"].sum() == (
        stages["eligible"] - stages["enrolled"]
    )


def test_filters_cut_people_as_uptake_does(tiny):
    alpha = invitees(tiny, replace(PERIOD, departments=("Alpha",)))
    assert alpha["employee_id"].tolist() == ["E2", "M1"]
    team = invitees(tiny, replace(PERIOD, managers=("M2",)))
    assert team["employee_id"].tolist() == ["C1"]
    # Kind decides who takes part; the headcount stays whole, so mentoring's participants
    # (E4, M2) are among those to invite to coaching.
    coaching = invitees(tiny, replace(PERIOD, kinds=("coaching",)))
    assert set(coaching["employee_id"]) == {"E2", "C1", "M1", "E4", "M2"}


def test_the_period_decides_who_is_eligible(tiny):
    later = invitees(tiny, PERIOD.with_period(dt.date(2026, 1, 1), dt.date(2026, 12, 31)))
    # In 2026 E6 has joined and R2 (E4) and R5 (M2) have ended.
    assert {"E6", "E4", "M2"} <= set(later["employee_id"])


def test_an_empty_selection_gives_empty_frames(tiny):
    nobody = replace(PERIOD, departments=("Nowhere",))
    assert invitees(tiny, nobody).empty
    assert invitations_by_manager(tiny, nobody).empty
    assert invitations_by_manager(tiny, nobody).columns.tolist() == MANAGER_COLUMNS


def test_totals_count_managers_with_someone_to_invite_and_those_without_one(tiny):
    employees = tiny_tables()["employees"]
    employees.loc[employees["employee_id"] == "C1", "leave_date"] = "2025-10-31"
    totals = invitation_totals(invitations_by_manager(tiny_data(employees=employees), PERIOD))
    # Mara has E2 to invite; Milo's only one (C1) is leaving; M1 has no line manager.
    assert totals.iloc[0].to_dict() == {
        "eligible": 6,
        "to_invite": 2,
        "leavers": 1,
        "managers": 1,
        "unmanaged": 1,
    }


def test_managers_to_invite_and_summary():
    by_manager = pd.DataFrame(
        {
            "manager_id": ["M1", "M2", None],
            "manager": ["Mara", "Milo", NO_MANAGER],
            "eligible": [3, 2, 1],
            "enrolled": [1, 2, 0],
            "leavers": [0, 0, 1],
            "to_invite": [2, 0, 0],
        }
    )
    assert managers_to_invite(by_manager)["manager"].tolist() == ["Mara"]
    summary = invitation_summary(by_manager)
    assert summary["groups"] == 1
    assert (summary["eligible"], summary["to_invite"], summary["leavers"]) == (6, 2, 1)
