"""Managers: team measures, flags, overall status and responses, by hand."""

import datetime as dt
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from dashboard.metrics import funnel, managers
from dashboard.model import Filters
from dashboard.validate import validate_tables

PERIOD = Filters(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))


def frame(columns: str, rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns.split(), dtype=object)


def small_org(**overrides: pd.DataFrame):
    """Three managers: A (Alpha, 4 eligible reports), B (Beta, 3), C (Gamma, 2).

    Uptake A 2/4 (a1, a3; a2's pairing ended in 2024; a5 is not eligible), B 1/3, C 1/2.
    Adherence A 4/6 (R1 2 of 3 in 2025, R3 1 of 2, R4 of ineligible a5 1 of 1), B 1/3, C 1/1.
    Goals A 1/3 (completed, abandoned, overdue), B 1/1 (an open goal not yet due is left out),
    C 0/0.
    """
    tables = {
        "departments": frame(
            "department_id department_name division",
            [("D1", "Alpha", "North"), ("D2", "Beta", "North"), ("D3", "Gamma", "South")],
        ),
        "employees": frame(
            "employee_id department manager_id name hire_date eligible",
            [
                ("A", "D1", None, "Ann", "2015-01-01", "yes"),
                ("B", "D2", None, "Bob", "2015-01-01", "yes"),
                ("C", "D3", None, "Cat", "2015-01-01", "yes"),
                ("a1", "D1", "A", "a one", "2020-01-01", "yes"),
                ("a2", "D1", "A", "a two", "2020-01-01", "yes"),
                ("a3", "D1", "A", "a three", "2020-01-01", "yes"),
                ("a4", "D1", "A", "a four", "2020-01-01", "yes"),
                ("a5", "D1", "A", "a five", "2020-01-01", "no"),
                ("b1", "D2", "B", "b one", "2020-01-01", "yes"),
                ("b2", "D2", "B", "b two", "2020-01-01", "yes"),
                ("b3", "D2", "B", "b three", "2020-01-01", "yes"),
                ("c1", "D3", "C", "c one", "2020-01-01", "yes"),
                ("c2", "D3", "C", "c two", "2020-01-01", "yes"),
            ],
        ),
        "relationships": frame(
            "relationship_id participant_id kind start_date end_date status",
            [
                ("R1", "a1", "coaching", "2025-01-01", None, "active"),
                ("R2", "a2", "coaching", "2024-01-01", "2024-12-31", "completed"),
                ("R3", "a3", "mentoring", "2025-06-01", None, "active"),
                ("R4", "a5", "coaching", "2025-02-01", None, "active"),
                ("R5", "b1", "coaching", "2025-03-01", None, "active"),
                ("R6", "c1", "mentoring", "2025-01-01", None, "active"),
            ],
        ),
        "sessions": frame(
            "session_id relationship_id session_date status",
            [
                ("S1", "R1", "2025-02-01", "held"),
                ("S2", "R1", "2025-03-01", "held"),
                ("S3", "R1", "2025-04-01", "cancelled"),
                ("S4", "R1", "2024-12-01", "held"),
                ("S5", "R3", "2025-07-01", "no_show"),
                ("S6", "R3", "2025-08-01", "held"),
                ("S7", "R4", "2025-03-01", "held"),
                ("S8", "R5", "2025-04-01", "held"),
                ("S9", "R5", "2025-05-01", "cancelled"),
                ("S10", "R5", "2025-06-01", "cancelled"),
                ("S11", "R5", "2026-01-15", "scheduled"),
                ("S12", "R6", "2025-02-01", "held"),
            ],
        ),
        "goals": frame(
            "goal_id relationship_id set_date target_date completed_date status",
            [
                ("G1", "R1", "2025-01-15", "2025-06-30", "2025-05-01", "completed"),
                ("G2", "R1", "2025-01-15", "2025-09-30", "2025-07-01", "abandoned"),
                ("G3", "R3", "2025-06-15", "2025-09-01", None, "in_progress"),
                ("G4", "R5", "2025-03-15", "2025-10-01", "2025-09-15", "completed"),
                ("G5", "R5", "2025-03-15", "2026-06-01", None, "not_started"),
            ],
        ),
        **overrides,
    }
    data, _ = validate_tables(tables, source="small org")
    return data


def counts_of(table: pd.DataFrame, measure: str) -> dict[str, tuple[int, int]]:
    rows = table.set_index("manager_id")
    return {m: (int(r[f"{measure}_x"]), int(r[f"{measure}_n"])) for m, r in rows.iterrows()}


# --- team measures ---------------------------------------------------------------------------


def test_team_counts_by_hand():
    counts = managers.team_counts(small_org(), PERIOD)
    assert counts.loc["A"].to_dict() == {
        "team_size": 4,
        "uptake_x": 2,
        "uptake_n": 4,
        "goals_x": 1,
        "goals_n": 3,
        "adherence_x": 4,
        "adherence_n": 6,
    }
    assert counts.loc["B"].tolist() == [3, 1, 3, 1, 1, 1, 3]
    assert counts.loc["C"].tolist() == [2, 1, 2, 0, 0, 1, 1]
    assert set(counts.index) == {"A", "B", "C"}


def test_kind_filter_cuts_relationships_but_not_teams():
    counts = managers.team_counts(small_org(), replace(PERIOD, kinds=("mentoring",)))
    # Only R3 (a3) and R6 (c1) are mentoring: team sizes stay whole.
    assert counts["team_size"].tolist() == [4, 3, 2]
    assert counts["uptake_x"].tolist() == [1, 0, 1]
    assert counts.loc["A", ["adherence_x", "adherence_n"]].tolist() == [1, 2]


def test_review_table_facts_flags_and_team_size_rule():
    result = managers.review(small_org(), PERIOD)
    table = result.table.set_index("manager_id")
    assert table.loc["A", ["name", "department", "division", "team_size"]].tolist() == [
        "Ann",
        "Alpha",
        "North",
        4,
    ]
    assert counts_of(result.table, "uptake") == {"A": (2, 4), "B": (1, 3), "C": (1, 2)}
    assert counts_of(result.table, "goals") == {"A": (1, 3), "B": (1, 1), "C": (0, 0)}
    assert counts_of(result.table, "adherence") == {"A": (4, 6), "B": (1, 3), "C": (1, 1)}
    # C's team of 2 is under the minimum of 3: listed on every measure, judged on none.
    assert (
        table.loc["C", ["uptake_flag", "goals_flag", "adherence_flag", "status"]].tolist()
        == ["too_small"] * 4
    )
    # B has one goal: too few to judge goal completion, but B's team is judged on the rest.
    assert table.loc["B", "goals_flag"] == "too_small"
    assert table.loc["B", "status"] == "in_control"
    assert table.loc["A", "uptake_rate"] == 0.5
    # Benchmark = organisation's pooled rate, over every manager including C's small team.
    assert result.fits["uptake"].target == pytest.approx(4 / 9)
    assert result.fits["adherence"].target == pytest.approx(6 / 10)
    assert result.fits["goals"].units == 2  # C has no goals due: left out of the estimate


def test_review_flags_are_funnel_assess_flags():
    data = small_org()
    result = managers.review(data, PERIOD, min_n=1)
    expected = funnel.assess([2, 1, 1], [4, 3, 2], min_n=1, index=["A", "B", "C"])
    table = result.table.set_index("manager_id").loc[["A", "B", "C"]]
    assert table["uptake_flag"].tolist() == expected["flag"].tolist()
    np.testing.assert_allclose(
        table["uptake_p_value"], np.fmin(expected["p_low"], expected["p_high"])
    )
    shrunk = funnel.shrunken_rates(pd.Series([2, 1, 1]), pd.Series([4, 3, 2]))
    np.testing.assert_allclose(table["uptake_shrunken_rate"], shrunk)
    # min_n = 1 judges C, whose goal completion has no goals at all: no data, not too small.
    assert table.loc["C", "goals_flag"] == "no_data"


def test_department_filter_picks_managers_against_either_benchmark():
    data = small_org()
    alpha = replace(PERIOD, departments=("Alpha",))
    organisation = managers.review(data, alpha)
    assert organisation.table["manager_id"].tolist() == ["A"]
    assert organisation.fits["uptake"].target == pytest.approx(4 / 9)
    assert organisation.fits["uptake"].units == 3
    own = managers.review(data, alpha, benchmark="selection")
    assert own.fits["uptake"].target == pytest.approx(0.5)
    assert own.fits["uptake"].units == 1
    assert own.funnels["uptake"]["manager_id"].tolist() == ["A"]


def test_manager_filter_and_bad_parameters():
    data = small_org()
    only_b = managers.review(data, replace(PERIOD, managers=("B",)))
    assert only_b.table["manager_id"].tolist() == ["B"]
    with pytest.raises(ValueError, match="benchmark"):
        managers.review(data, PERIOD, benchmark="department")
    with pytest.raises(ValueError, match="team size"):
        managers.review(data, PERIOD, min_n=0)


def test_absent_sessions_and_goals_leave_only_uptake():
    result = managers.review(small_org(sessions=None, goals=None), PERIOD)
    assert result.measures == ["uptake"]
    assert "goals_flag" not in result.table


def test_empty_selection_gives_an_empty_review():
    result = managers.review(small_org(), replace(PERIOD, departments=("Nowhere",)))
    assert result.table.empty
    assert set(result.funnels) == {"uptake", "goals", "adherence"}


def test_team_relationships_of_one_manager():
    team = managers.team_relationships(small_org(), PERIOD, manager_id="A")
    # R2 ended in 2024; R4 belongs to a5, who is not eligible but still in A's team's pairings.
    assert team["relationship_id"].tolist() == ["R4", "R1", "R3"]
    assert team.set_index("relationship_id").loc[
        "R1", ["sessions_held", "sessions_due"]
    ].tolist() == [
        2,
        3,
    ]
    assert team.set_index("relationship_id").loc[
        "R1", ["goals_completed", "goals_due"]
    ].tolist() == [
        1,
        2,
    ]


# --- overall status ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flags", "status"),
    [
        (("under", "over", "over"), "under"),
        (("strong", "watch", "over"), "watch"),
        (("in_control", "strong", "over"), "over"),
        (("in_control", "strong", "no_data"), "strong"),
        (("in_control", "too_small", "no_data"), "in_control"),
        (("too_small", "no_data", "no_data"), "too_small"),
        (("no_data", "no_data", "no_data"), "no_data"),
    ],
)
def test_overall_status_worst_concern_then_best_strength(flags, status):
    table = pd.DataFrame([flags], columns=["uptake_flag", "goals_flag", "adherence_flag"])
    assert managers.overall_status(table, ["uptake", "goals", "adherence"]).iloc[0] == status


def test_status_counts():
    table = pd.DataFrame({"status": ["under", "watch", "under", "too_small"]})
    assert managers.status_counts(table) == {"under": 2, "watch": 1, "too_small": 1}


def test_fits_table_one_row_a_measure():
    fits = {
        "uptake": managers.MeasureFit(0.4, 1.0, 0.0, funnel.BINOMIAL, 12),
        "goals": managers.MeasureFit(0.7, 2.5, 0.03, funnel.ARCSINE, 9),
    }
    out = managers.fits_table(fits)
    assert out["measure"].tolist() == ["Team uptake", "Goal completion"]
    assert out["benchmark"].tolist() == pytest.approx([40.0, 70.0])
    assert out["managers"].tolist() == [12, 9]
    assert out["limits"].tolist() == ["exact binomial", "widened (τ²)"]


def test_funnel_rows_list_those_with_a_denominator_most_telling_first():
    points = pd.DataFrame(
        {
            "name": ["Ann", "Bo", "Cy"],
            "department": ["A", "B", "C"],
            "team_size": [4, 3, 2],
            "x": [1, 3, 0],
            "n": [4, 3, 0],
            "rate": [0.25, 1.0, np.nan],
            "shrunken_rate": [0.3, 0.8, np.nan],
            "lower95": [0.1, 0.2, np.nan],
            "upper95": [0.9, 0.95, np.nan],
            "p_value": [0.2, 0.01, np.nan],
            "flag": ["in_control", "over", "no_data"],
        }
    )
    out = managers.funnel_rows(points)
    assert out["name"].tolist() == ["Bo", "Ann"]
    assert out["rate"].tolist() == [100.0, 25.0]
    assert out["flag"].tolist() == [
        managers.STATUS_LABELS["over"],
        managers.STATUS_LABELS["in_control"],
    ]
    assert out.columns.tolist() == managers.FUNNEL_ROW_COLUMNS


def test_grid_rows_in_words_and_percent():
    table = pd.DataFrame(
        {
            "manager_id": ["M1"],
            "name": ["Mara"],
            "department": ["Alpha"],
            "team_size": [2],
            "status": ["watch"],
            "uptake_flag": ["watch"],
            "uptake_rate": [0.5],
            "uptake_x": [1],
            "uptake_n": [2],
            "uptake_shrunken_rate": [0.45],
        }
    )
    review = managers.ManagerReview(table, {"uptake": pd.DataFrame()}, {}, "organisation", 2)
    out = managers.grid_rows(review)
    assert out.columns.tolist() == [*managers.grid_order(["uptake"]), "manager_id"]
    row = out.iloc[0]
    assert row["status"] == row["uptake_flag"] == managers.STATUS_LABELS["watch"]
    assert (row["uptake_rate"], row["uptake_shrunken_rate"]) == (50.0, 45.0)
    assert row["uptake_xn"] == "1 of 2"


def test_grid_order():
    assert managers.grid_order(["goals"]) == [
        "name",
        "department",
        "team_size",
        "status",
        "goals_flag",
        "goals_rate",
        "goals_xn",
        "goals_shrunken_rate",
    ]
