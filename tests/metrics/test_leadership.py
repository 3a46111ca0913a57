"""Programme sponsors and senior leaders who coach or mentor, on a hand-made organisation.

Period 2025 (fixtures.PERIOD). Departments A and B load as Alpha and Beta.

    X1  Alpha  Executive          coaches P1 (R1, 2025), mentors P2 (R2, 2025)
    X2  Alpha  Director           coached P2 in 2024 only (R4)               -> not in 2025
    X3  Beta   " senior manager"  mentors P3 (R3, Jan-Jun 2025), P3 is in Alpha
    X4  Beta   Director           left 2024-12-31; mentored P3 until 2025-03 -> not a leader now
    X5  Beta   Manager            coaches P1 (R5)                            -> not senior
    P1..P3     Associate

Programmes: PA (sponsor X1) ran in 2024 only; PB (sponsor X2) from 2025; PC (sponsor ZZ, who
is not an employee, so the validator clears it) has no dates.
"""

import pandas as pd
import pytest
from fixtures import PERIOD, tiny_tables

from dashboard.metrics import leadership
from dashboard.model import Filters
from dashboard.validate import validate_tables

LEVELS = leadership.DEFAULT_SENIOR_LEVELS


def _frame(columns: str, rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns.split(), dtype=object)


def _data(**overrides):
    tables = {
        "departments": tiny_tables()["departments"],
        "employees": _frame(
            "employee_id department manager_id name job_level hire_date leave_date",
            [
                ("X1", "A", None, "Xena", "Executive", "2020-01-01", None),
                ("X2", "A", "X1", "Xavi", "Director", "2020-01-01", None),
                ("X3", "B", "X1", "Xiu", " senior manager", "2020-01-01", None),
                ("X4", "B", "X1", "Xoan", "Director", "2020-01-01", "2024-12-31"),
                ("X5", "B", "X3", "Xyla", "Manager", "2020-01-01", None),
                ("P1", "A", "X2", "Pia", "Associate", "2021-01-01", None),
                ("P2", "B", "X5", "Pol", "Associate", "2021-01-01", None),
                ("P3", "A", "X2", "Pam", "Associate", "2021-01-01", None),
            ],
        ),
        "relationships": _frame(
            "relationship_id participant_id coach_id kind start_date end_date status",
            [
                ("R1", "P1", "X1", "coaching", "2025-02-01", None, "active"),
                ("R2", "P2", "X1", "mentoring", "2025-03-01", None, "active"),
                ("R3", "P3", "X3", "mentoring", "2025-01-01", "2025-06-30", "completed"),
                ("R4", "P2", "X2", "coaching", "2024-01-01", "2024-06-30", "completed"),
                ("R5", "P1", "X5", "coaching", "2025-01-01", None, "active"),
                ("R6", "P3", "X4", "mentoring", "2024-06-01", "2025-03-01", "completed"),
            ],
        ),
        "programmes": _frame(
            "programme_id programme_name sponsor_id start_date end_date",
            [
                ("PA", "Pilot", "X1", "2024-01-01", "2024-12-31"),
                ("PB", "Mentoring", "X2", "2025-01-01", None),
                ("PC", "Open scheme", "ZZ", None, None),
            ],
        ),
    }
    data, _ = validate_tables({**tables, **overrides}, source="leadership fixture")
    return data


@pytest.fixture(scope="module")
def data():
    return _data()


def test_sponsors_of_programmes_running_in_the_period(data):
    sponsors = leadership.programme_sponsors(data, PERIOD)
    assert list(sponsors.columns) == list(leadership.SPONSOR_COLUMNS)
    assert sponsors["programme_id"].tolist() == ["PB", "PC"]  # PA ended in 2024
    pb = sponsors.iloc[0]
    assert (pb["sponsor_name"], pb["sponsor_job_level"], pb["sponsor_department"]) == (
        "Xavi",
        "Director",
        "Alpha",
    )
    assert sponsors.iloc[1][["sponsor_id", "sponsor_name"]].isna().all()


def test_sponsors_follow_the_programme_filter(data):
    chosen = Filters(PERIOD.start, PERIOD.end, programmes=("PC",))
    assert leadership.programme_sponsors(data, chosen)["programme_id"].tolist() == ["PC"]


def test_has_sponsors_and_job_levels(data):
    assert leadership.has_sponsors(data)
    assert leadership.has_job_levels(data)
    no_sponsor = _data(
        programmes=_frame("programme_id programme_name sponsor_id", [("PA", "Pilot", None)])
    )
    assert not leadership.has_sponsors(no_sponsor)
    without = _data(programmes=None)
    assert not leadership.has_sponsors(without)
    tiny = tiny_tables()  # no job_level column at all (its own pairings: a table with no
    # loadable pairing is not usable data)
    without_levels = _data(
        employees=tiny["employees"], relationships=tiny["relationships"], programmes=None
    )
    assert not leadership.has_job_levels(without_levels)


def test_senior_support_by_level(data):
    support = leadership.senior_support(data, PERIOD, levels=LEVELS).set_index("job_level")
    # Leaders in 2025: X1 (Executive), X2 (Director; X4 left in 2024), X3 (Senior Manager,
    # matched whatever the case and spaces). Coaching or mentoring in 2025: X1 and X3.
    assert support["senior_leaders"].to_dict() == {
        "Executive": 1,
        "Director": 1,
        "Senior Manager": 1,
        "All senior levels": 3,
    }
    assert support["as_coach_or_mentor"].to_dict() == {
        "Executive": 1,
        "Director": 0,
        "Senior Manager": 1,
        "All senior levels": 2,
    }
    assert support.loc["All senior levels", "share"] == pytest.approx(2 / 3)


def test_senior_coaches_list(data):
    coaches = leadership.senior_coaches(data, PERIOD, levels=LEVELS)
    assert list(coaches.columns) == list(leadership.LEADER_COLUMNS)
    assert coaches["employee_id"].tolist() == ["X1", "X3"]
    assert coaches[["coaching", "mentoring", "relationships"]].values.tolist() == [
        [1, 1, 2],
        [0, 1, 1],
    ]


def test_a_leaders_pairings_count_in_any_department(data):
    # Beta's leaders: X3 only (X4 left). X3 mentors P3, who is in Alpha: that still counts.
    beta = Filters(PERIOD.start, PERIOD.end, departments=("Beta",))
    support = leadership.senior_support(data, beta, levels=LEVELS).set_index("job_level")
    assert support["senior_leaders"].to_dict()["All senior levels"] == 1
    assert support["as_coach_or_mentor"].to_dict()["Senior Manager"] == 1


def test_kind_filter_cuts_the_pairings(data):
    coaching = Filters(PERIOD.start, PERIOD.end, kinds=("coaching",))
    coaches = leadership.senior_coaches(data, coaching, levels=LEVELS)
    assert coaches["employee_id"].tolist() == ["X1"]  # X3 only mentors
    assert coaches[["coaching", "mentoring"]].values.tolist() == [[1, 0]]


def test_levels_are_configurable_and_absent_ones_listed(data):
    support = leadership.senior_support(data, PERIOD, levels=("Manager", "Vice President"))
    assert support.set_index("job_level")["senior_leaders"].to_dict() == {
        "Manager": 1,
        "Vice President": 0,
        "All senior levels": 1,
    }
    assert support["share"].isna().tolist() == [False, True, False]


def test_senior_levels_setting():
    assert leadership.senior_levels_setting({}) == LEVELS
    assert leadership.senior_levels_setting({"leadership": {"senior_levels": [" VP ", "CEO"]}}) == (
        "VP",
        "CEO",
    )
    for bad in ("Director", [], ["Director", 3], [""]):
        with pytest.raises(ValueError, match=r"leadership\.senior_levels must be a list"):
            leadership.senior_levels_setting({"leadership": {"senior_levels": bad}})
    with pytest.raises(ValueError, match="leadership must be a table"):
        leadership.senior_levels_setting({"leadership": "Director"})


def test_senior_support_and_coaches_together(data):
    support, coaches = leadership.senior_support_and_coaches(data, PERIOD, levels=LEVELS)
    assert support["senior_leaders"].iloc[-1] == 3
    assert coaches["employee_id"].tolist() == ["X1", "X3"]


def test_sponsors_listed_by_name_or_id():
    sponsors = pd.DataFrame(
        {"sponsor_id": ["X1", "ZZ", None], "sponsor_name": ["Xena", None, None]}
    )
    assert leadership.sponsors_listed(sponsors)["sponsor"].tolist()[:2] == ["Xena", "ZZ"]
    assert pd.isna(leadership.sponsors_listed(sponsors)["sponsor"].iloc[2])


def test_coaches_listed_by_name_or_id():
    coaches = pd.DataFrame({"employee_id": ["X1", "X9"], "name": ["Xena", None]})
    assert leadership.coaches_listed(coaches)["name"].tolist() == ["Xena", "X9"]
