"""Leaving rates of participants and non-participants, worked out by hand for 2025.

id  dept  left        eligible  pairing                          in 2025
a1  A     2025-06-30  yes       coaching 2025-02-01..2025-06-30  participant, leaver
a2  A     -           yes       coaching from 2024-06-01         participant
a3  A     2025-01-01  yes       -                                other, leaver (first day)
a4  A     -           yes       -                                other
a5  A     -           yes       -                                other
x1  A     2024-12-31  yes       -                                gone before the period
x3  A     2026-01-15  yes       -                                other, leaves after it
b1  B     -           yes       mentoring from 2025-03-01        participant
b2  B     -           yes       coaching 2024-01-01..2025-01-01  participant (one day)
b3  B     2025-12-31  yes       -                                other, leaver (last day)
b4  B     -           yes       coaching 2024 only               other
x2  B     2025-03-31  no        coaching from 2025-01-01         not eligible
c1  C     -           yes       coaching from 2025-01-01         participant
"""

from dataclasses import replace

import pandas as pd
import pytest
from fixtures import PERIOD, tiny_data

from dashboard.filtering import select
from dashboard.metrics.rates import wilson
from dashboard.metrics.retention import charted, retention, retention_by_department


def frame(columns: str, rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns.split(), dtype=object)


@pytest.fixture(scope="module")
def data():
    employees = frame(
        "employee_id department hire_date leave_date eligible",
        [
            ("a1", "A", "2020-01-01", "2025-06-30", "yes"),
            ("a2", "A", "2020-01-01", None, "yes"),
            ("a3", "A", "2020-01-01", "2025-01-01", "yes"),
            ("a4", "A", "2020-01-01", None, "yes"),
            ("a5", "A", "2020-01-01", None, "yes"),
            ("x1", "A", "2020-01-01", "2024-12-31", "yes"),
            ("x3", "A", "2020-01-01", "2026-01-15", "yes"),
            ("b1", "B", "2020-01-01", None, "yes"),
            ("b2", "B", "2020-01-01", None, "yes"),
            ("b3", "B", "2020-01-01", "2025-12-31", "yes"),
            ("b4", "B", "2020-01-01", None, "yes"),
            ("x2", "B", "2020-01-01", "2025-03-31", "no"),
            ("c1", "C", "2020-01-01", None, "yes"),
        ],
    )
    relationships = frame(
        "relationship_id participant_id kind start_date end_date status",
        [
            ("Ra1", "a1", "coaching", "2025-02-01", "2025-06-30", "completed"),
            ("Ra2", "a2", "coaching", "2024-06-01", None, "active"),
            ("Rb1", "b1", "mentoring", "2025-03-01", None, "active"),
            ("Rb2", "b2", "coaching", "2024-01-01", "2025-01-01", "completed"),
            ("Rb4", "b4", "coaching", "2024-01-01", "2024-12-31", "completed"),
            ("Rx2", "x2", "coaching", "2025-01-01", None, "active"),
            ("Rc1", "c1", "coaching", "2025-01-01", None, "active"),
        ],
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


def run(data, filters=PERIOD, by=None) -> pd.DataFrame:
    return retention(select(data, filters), filters.start, filters.end, by=by)


def test_overall(data):
    row = run(data).loc["all"]
    # Participants a1 a2 b1 b2 c1: a1 left. Others a3 a4 a5 x3 b3 b4: a3 and b3 left.
    assert (row["participant_n"], row["participant_leavers"]) == (5, 1)
    assert (row["non_participant_n"], row["non_participant_leavers"]) == (6, 2)
    assert row["participant_rate"] == pytest.approx(1 / 5)
    assert row["non_participant_rate"] == pytest.approx(1 / 3)
    assert row["difference"] == pytest.approx(1 / 5 - 1 / 3)  # participants left less often


def test_by_department(data):
    out = run(data, by="department")
    assert out["participant_n"].to_dict() == {"A": 2, "B": 2, "C": 1}
    assert out["participant_leavers"].to_dict() == {"A": 1, "B": 0, "C": 0}
    assert out["non_participant_n"].to_dict() == {"A": 4, "B": 2, "C": 0}
    assert out["non_participant_leavers"].to_dict() == {"A": 1, "B": 1, "C": 0}
    assert out.loc["A", "difference"] == pytest.approx(1 / 2 - 1 / 4)
    assert out.loc["B", "difference"] == pytest.approx(0 - 1 / 2)
    # Everyone in C took part: there is nobody to compare with.
    assert pd.isna(out.loc["C", "non_participant_rate"]) and pd.isna(out.loc["C", "difference"])


def test_wilson_intervals(data):
    row = run(data, by="department").loc["A"]
    low, high = wilson([1], [2])  # A's participants: 1 leaver of 2
    assert (row["participant_ci_low"], row["participant_ci_high"]) == pytest.approx(
        (low[0], high[0])
    )


def test_columns(data):
    assert list(run(data).columns) == [
        "participant_n",
        "participant_leavers",
        "participant_rate",
        "participant_ci_low",
        "participant_ci_high",
        "non_participant_n",
        "non_participant_leavers",
        "non_participant_rate",
        "non_participant_ci_low",
        "non_participant_ci_high",
        "difference",
    ]


def test_kind_filter_moves_people_between_groups(data):
    # Only mentoring counts as taking part: b1 alone. Headcounts stay whole, so the other ten
    # eligible employees, with leavers a1 a3 b3, are the comparison group.
    row = run(data, replace(PERIOD, kinds=("mentoring",))).loc["all"]
    assert (row["participant_n"], row["participant_leavers"]) == (1, 0)
    assert (row["non_participant_n"], row["non_participant_leavers"]) == (10, 3)
    assert row["difference"] == pytest.approx(0 - 0.3)


def test_docstring_warns_it_is_an_association():
    assert "association, not proof of effect" in " ".join(retention.__doc__.split())


def test_on_the_fixture_nobody_left_in_2025():
    row = run(tiny_data()).loc["all"]
    # Participants E1 E4 M2; others M1 E2 C1. E5 left in 2024, before the period.
    assert (row["participant_n"], row["participant_leavers"]) == (3, 0)
    assert (row["non_participant_n"], row["non_participant_leavers"]) == (3, 0)
    assert row["difference"] == 0.0


def test_retention_by_department_and_overall_on_the_fixture():
    # Alpha: participant E1; others M1 E2. Beta: participants E4 M2; other C1.
    table, overall = retention_by_department(tiny_data(), PERIOD)
    assert table["participant_n"].to_dict() == {"Alpha": 1, "Beta": 2}
    assert table["non_participant_n"].to_dict() == {"Alpha": 2, "Beta": 1}
    assert overall.loc["all", "participant_n"] == 3


def test_charted_needs_enough_people_in_both_groups():
    table = pd.DataFrame(
        {"participant_n": [10, 9, 12], "non_participant_n": [10, 30, 9]}, index=["A", "B", "C"]
    )
    assert charted(table).index.tolist() == ["A"]
    assert charted(table, min_group=9).index.tolist() == ["A", "B", "C"]
