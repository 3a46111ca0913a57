"""The obstacle figures behind the Obstacles page and CLI, on hand-made obstacles.

Period 2025-01-01 .. 2025-12-31 (fixtures.PERIOD); departments A and B load as Alpha and Beta.
The obstacles are those of test_obstacles.py:

    id  dept  reported    category              status       resolved    in 2025
    P1  A     2025-01-10  lack_of_time          open         -           open, reported
    P2  A     2025-02-01  lack_of_time          resolved     2025-03-03  reported; 30 d
    P3  A     2024-11-01  resistance_to_change  in_progress  -           open
    P4  B     2025-03-15  lack_of_time          resolved     2025-04-24  reported; 40 d
    P5  B     2025-03-20  mismatch              resolved     2026-02-01  open, reported
    P6  B     2024-06-01  lack_of_resources     resolved     2025-01-31  resolved; 244 d
    P7  B     2026-01-05  lack_of_time          open         -           (after it)
    P8  B     2025-12-20  mismatch              open         -           open, reported
"""

import math
from dataclasses import replace

import pandas as pd
import pytest
from fixtures import PERIOD, tiny_data, tiny_tables

from dashboard.metrics import obstacles

START, END = PERIOD.start, PERIOD.end


@pytest.fixture(scope="module")
def obs() -> pd.DataFrame:
    rows = [
        ("P1", "A", "2025-01-10", "lack_of_time", "high", "open", None, "M1"),
        ("P2", "A", "2025-02-01", "lack_of_time", "low", "resolved", "2025-03-03", "M1"),
        ("P3", "A", "2024-11-01", "resistance_to_change", "medium", "in_progress", None, None),
        ("P4", "B", "2025-03-15", "lack_of_time", None, "resolved", "2025-04-24", "M2"),
        ("P5", "B", "2025-03-20", "mismatch", "high", "resolved", "2026-02-01", "M2"),
        ("P6", "B", "2024-06-01", "lack_of_resources", "low", "resolved", "2025-01-31", "M2"),
        ("P7", "B", "2026-01-05", "lack_of_time", "high", "open", None, "M2"),
        ("P8", "B", "2025-12-20", "mismatch", None, "open", None, "M2"),
    ]
    columns = (
        "obstacle_id department reported_date category severity status resolved_date manager_id"
    )
    frame = pd.DataFrame(rows, columns=columns.split(), dtype=object)
    frame["description"] = "Named person X refuses to take part"
    return tiny_data(obstacles=frame).obstacles


def test_resolution_times_by_two_columns(obs):
    times = obstacles.resolution_times(obs, START, END, by=["department", "category"])
    assert times.index.names == ["department", "category"]
    assert times["open"].to_dict() == {
        ("Alpha", "lack_of_time"): 1,
        ("Alpha", "resistance_to_change"): 1,
        ("Beta", "lack_of_resources"): 0,
        ("Beta", "lack_of_time"): 0,
        ("Beta", "mismatch"): 2,
    }
    assert times["resolved"].to_dict() == {
        ("Alpha", "lack_of_time"): 1,
        ("Alpha", "resistance_to_change"): 0,
        ("Beta", "lack_of_resources"): 1,
        ("Beta", "lack_of_time"): 1,
        ("Beta", "mismatch"): 0,
    }


def test_summary_of_department_and_category(obs):
    summary = obstacles.department_category_summary(obs, START, END)
    assert list(summary.columns) == [
        "department",
        "category",
        "open",
        "reported",
        "resolved",
        "median_days_to_resolve",
    ]
    rows = {(r.department, r.category): r for r in summary.itertuples()}
    expected = {
        # open, reported, resolved in 2025, median days
        ("Alpha", "lack_of_time"): (1, 2, 1, 30.0),  # P1 open; P1 P2 reported; P2 30 days
        ("Alpha", "resistance_to_change"): (1, 0, 0, None),  # P3 reported in 2024
        ("Beta", "lack_of_resources"): (0, 0, 1, 244.0),  # P6 reported in 2024, resolved 2025
        ("Beta", "lack_of_time"): (0, 1, 1, 40.0),  # P4 (P7 is 2026)
        ("Beta", "mismatch"): (2, 2, 0, None),  # P5 resolved only in 2026, P8
    }
    assert set(rows) == set(expected)
    for key, (open_, reported, resolved, median) in expected.items():
        row = rows[key]
        assert (row.open, row.reported, row.resolved) == (open_, reported, resolved), key
        if median is None:
            assert math.isnan(row.median_days_to_resolve), key
        else:
            assert row.median_days_to_resolve == median, key
    assert summary[["open", "reported", "resolved"]].sum().tolist() == [4, 5, 3]


def test_summary_of_nothing_is_empty(obs):
    summary = obstacles.department_category_summary(
        obs, START.replace(year=2020), END.replace(year=2020)
    )
    assert summary.empty
    assert "median_days_to_resolve" in summary


def test_grid_fills_zeros_and_orders_by_total(obs):
    grid = obstacles.department_category_grid(obs, START, END, which="open")
    # Open: P1 Alpha lack_of_time, P3 Alpha resistance, P5 P8 Beta mismatch. Department totals
    # tie (2 and 2), so by name; categories: mismatch 2, then lack_of_time 1 and resistance 1.
    assert list(grid.columns) == ["department", "category", "count"]
    assert list(zip(grid["department"], grid["category"], grid["count"], strict=True)) == [
        ("Alpha", "mismatch", 0),
        ("Alpha", "lack_of_time", 1),
        ("Alpha", "resistance_to_change", 1),
        ("Beta", "mismatch", 2),
        ("Beta", "lack_of_time", 0),
        ("Beta", "resistance_to_change", 0),
    ]


def test_grid_per_100_includes_zero_cells(obs):
    grid = obstacles.department_category_grid(
        obs, START, END, which="open", per_100=pd.Series({"Alpha": 4, "Beta": 50})
    )
    cells = {(r.department, r.category): r.per_100 for r in grid.itertuples()}
    # 1 of 4 -> 25; 2 of 50 -> 4; empty cells are 0 per 100, not missing.
    assert cells == {
        ("Alpha", "mismatch"): 0.0,
        ("Alpha", "lack_of_time"): 25.0,
        ("Alpha", "resistance_to_change"): 25.0,
        ("Beta", "mismatch"): 4.0,
        ("Beta", "lack_of_time"): 0.0,
        ("Beta", "resistance_to_change"): 0.0,
    }


def test_grid_per_100_without_headcount_is_nan_in_every_cell(obs):
    grid = obstacles.department_category_grid(
        obs, START, END, which="open", per_100=pd.Series({"Alpha": 4, "Beta": 0})
    )
    assert grid.loc[grid["department"] == "Beta", "per_100"].isna().all()
    assert grid.loc[grid["department"] == "Alpha", "per_100"].tolist() == [0.0, 25.0, 25.0]


def test_grid_of_all_sums_to_the_matrix(obs):
    grid = obstacles.department_category_grid(obs, START, END, which="all")
    # Open or reported: P1 P2 P3 P4 P5 P8, each once.
    assert grid["count"].sum() == 6
    assert len(grid) == 2 * 3  # Alpha, Beta x lack_of_time, mismatch, resistance_to_change
    assert grid.iloc[0][["department", "category", "count"]].tolist() == [
        "Alpha",
        "lack_of_time",
        2,
    ]


def test_grid_of_nothing_is_empty(obs):
    grid = obstacles.department_category_grid(
        obs, START.replace(year=2020), START.replace(year=2020)
    )
    assert grid.empty
    assert list(grid.columns) == ["department", "category", "count"]


def test_log_lists_the_obstacles_of_all_newest_first(obs):
    log = obstacles.obstacle_log(obs, START, END, which="all")
    assert list(log.columns) == list(obstacles.LOG_COLUMNS)
    assert "description" not in log.columns
    assert log["obstacle_id"].tolist() == ["P8", "P5", "P4", "P2", "P1", "P3"]
    assert log["open"].tolist() == [True, True, False, False, True, True]
    # Open ones count to the period end (2025-12-31), closed ones to their resolved date:
    # P8 Dec 20 -> 11; P5 Mar 20 -> Dec 31 = 286 (its 2026 resolution is after the end);
    # P4 40; P2 30; P1 Jan 10 -> Dec 31 = 355; P3 2024-11-01 -> 2025-12-31 = 60 + 365 = 425.
    assert log["days_open"].tolist() == [11, 286, 40, 30, 355, 425]
    assert log["manager_id"].iloc[:5].tolist() == ["M2", "M2", "M2", "M1", "M1"]
    assert pd.isna(log["manager_id"].iloc[5])


def test_log_of_open_matches_the_open_grid(obs):
    log = obstacles.obstacle_log(obs, START, END, which="open")
    grid = obstacles.department_category_grid(obs, START, END, which="open")
    counts = log.groupby(["department", "category"]).size()
    nonzero = grid[grid["count"] > 0].set_index(["department", "category"])["count"]
    assert counts.sort_index().to_dict() == nonzero.sort_index().to_dict()


def test_log_of_reported(obs):
    log = obstacles.obstacle_log(obs, START, END, which="reported")
    assert sorted(log["obstacle_id"]) == ["P1", "P2", "P4", "P5", "P8"]


def test_uptake_against_obstacles_on_the_fixture():
    # 2025: Alpha eligible M1 E1 E2 (E3 is not eligible), participant E1 (R3 of E2 ended in
    # 2024); Beta eligible M2 E4 C1 (E5 left in 2024, E6 joins in 2026), participants E4 M2.
    # Open at the end of 2025: O1 (Alpha), O3 and O4 (Beta; O4 resolved only in 2026).
    result = obstacles.uptake_against_obstacles(tiny_data(), PERIOD)
    frame = result.departments.set_index("department")
    assert frame["eligible"].to_dict() == {"Alpha": 3, "Beta": 3}
    assert frame["participants"].to_dict() == {"Alpha": 1, "Beta": 2}
    assert frame["open_obstacles"].to_dict() == {"Alpha": 1, "Beta": 2}
    assert frame["uptake"].to_dict() == pytest.approx({"Alpha": 1 / 3, "Beta": 2 / 3})
    assert frame["open_per_100"].to_dict() == pytest.approx({"Alpha": 100 / 3, "Beta": 200 / 3})
    # Organisation: 3 of 6 take part (0.5); 3 open per 6 eligible = 50 per 100.
    assert result.uptake == pytest.approx(0.5)
    assert result.per_100 == pytest.approx(50.0)
    assert frame["quadrant"].to_dict() == {
        "Alpha": "Low uptake, few obstacles",
        "Beta": "High uptake despite obstacles",
    }


def test_uptake_against_obstacles_keeps_organisation_lines_under_a_department_filter():
    result = obstacles.uptake_against_obstacles(tiny_data(), replace(PERIOD, departments=("Beta",)))
    assert result.departments["department"].tolist() == ["Beta"]
    assert (result.uptake, result.per_100) == pytest.approx((0.5, 50.0))


def test_uptake_against_obstacles_leaves_out_departments_without_employees():
    tables = tiny_tables()
    extra = pd.DataFrame(
        [("O9", "Gamma", "2025-06-01", "lack_of_time", "open", None)],
        columns=tables["obstacles"].columns,
        dtype=object,
    )
    data = tiny_data(obstacles=pd.concat([tables["obstacles"], extra], ignore_index=True))
    result = obstacles.uptake_against_obstacles(data, PERIOD)
    # Gamma has an open obstacle but nobody eligible: no uptake to plot, and its obstacle does
    # not count towards the organisation's 3 per 6 eligible either.
    assert result.departments["department"].tolist() == ["Alpha", "Beta"]
    assert result.per_100 == pytest.approx(50.0)


def test_uptake_against_obstacles_needs_the_table():
    with pytest.raises(ValueError, match="needs an obstacles table"):
        obstacles.uptake_against_obstacles(tiny_data(obstacles=None), PERIOD)
