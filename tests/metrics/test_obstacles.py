"""Obstacle breakdowns on hand-made obstacles, every number worked out by hand.

Period 2025-01-01 .. 2025-12-31 (fixtures.PERIOD); departments A and B load as Alpha and Beta.

    id  dept  reported    category              severity  status       resolved    in 2025
    P1  A     2025-01-10  lack_of_time          high      open         -           open, reported
    P2  A     2025-02-01  lack_of_time          low       resolved     2025-03-03  reported; 30 d
    P3  A     2024-11-01  resistance_to_change  medium    in_progress  -           open
    P4  B     2025-03-15  lack_of_time          -         resolved     2025-04-24  reported; 40 d
    P5  B     2025-03-20  mismatch              high      resolved     2026-02-01  open, reported
    P6  B     2024-06-01  lack_of_resources     low       resolved     2025-01-31  resolved; 244 d
    P7  B     2026-01-05  lack_of_time          high      open         -           (after it)
    P8  B     2025-12-20  mismatch              -         open         -           open, reported

Open at the end: P1 P3 P5 P8. Reported in the period: P1 P2 P4 P5 P8.
"""

import datetime as dt

import pandas as pd
import pytest
from fixtures import PERIOD, tiny_data

from dashboard.filtering import select
from dashboard.metrics import obstacles, participation
from dashboard.model import ProgrammeData

START, END = PERIOD.start, PERIOD.end
OBSTACLE_COLUMNS = [
    "obstacle_id",
    "department",
    "reported_date",
    "category",
    "severity",
    "status",
    "resolved_date",
]


@pytest.fixture(scope="module")
def obs_data() -> ProgrammeData:
    rows = [
        ("P1", "A", "2025-01-10", "lack_of_time", "high", "open", None),
        ("P2", "A", "2025-02-01", "lack_of_time", "low", "resolved", "2025-03-03"),
        ("P3", "A", "2024-11-01", "resistance_to_change", "medium", "in_progress", None),
        ("P4", "B", "2025-03-15", "lack_of_time", None, "resolved", "2025-04-24"),
        ("P5", "B", "2025-03-20", "mismatch", "high", "resolved", "2026-02-01"),
        ("P6", "B", "2024-06-01", "lack_of_resources", "low", "resolved", "2025-01-31"),
        ("P7", "B", "2026-01-05", "lack_of_time", "high", "open", None),
        ("P8", "B", "2025-12-20", "mismatch", None, "open", None),
    ]
    frame = pd.DataFrame(
        rows,
        columns=OBSTACLE_COLUMNS,
        dtype=object,
    )
    return tiny_data(obstacles=frame)


@pytest.fixture(scope="module")
def obs(obs_data) -> pd.DataFrame:
    return obs_data.obstacles


def cells(matrix: pd.DataFrame, column: str = "count") -> dict:
    return {(r.department, r.category): getattr(r, column) for r in matrix.itertuples()}


def test_matrix_open(obs):
    matrix = obstacles.department_category_matrix(obs, START, END)
    # P1 | P3 | P5 and P8; only non-zero cells are listed.
    assert cells(matrix) == {
        ("Alpha", "lack_of_time"): 1,
        ("Alpha", "resistance_to_change"): 1,
        ("Beta", "mismatch"): 2,
    }
    assert list(matrix.columns) == ["department", "category", "count"]


def test_matrix_reported(obs):
    matrix = obstacles.department_category_matrix(obs, START, END, which="reported")
    # P1 P2 | P4 | P5 P8; P3 was reported in 2024, P7 in 2026.
    assert cells(matrix) == {
        ("Alpha", "lack_of_time"): 2,
        ("Beta", "lack_of_time"): 1,
        ("Beta", "mismatch"): 2,
    }


def test_matrix_all_counts_each_obstacle_once(obs):
    matrix = obstacles.department_category_matrix(obs, START, END, which="all")
    # Open or reported: P1 P2 P3 P4 P5 P8. P1, P5 and P8 are both, yet counted once.
    assert cells(matrix) == {
        ("Alpha", "lack_of_time"): 2,
        ("Alpha", "resistance_to_change"): 1,
        ("Beta", "lack_of_time"): 1,
        ("Beta", "mismatch"): 2,
    }
    assert matrix["count"].sum() == 6


def test_matrix_per_100_eligible(obs):
    headcount = pd.Series({"Alpha": 4, "Beta": 50})
    matrix = obstacles.department_category_matrix(obs, START, END, per_100=headcount)
    # 1 of 4 -> 25 per 100; 2 of 50 -> 4 per 100.
    assert cells(matrix, "per_100") == {
        ("Alpha", "lack_of_time"): 25.0,
        ("Alpha", "resistance_to_change"): 25.0,
        ("Beta", "mismatch"): 4.0,
    }


def test_matrix_per_100_without_headcount_is_nan(obs):
    # Beta has no eligible employees in the slice: a rate per 100 of nobody is undefined.
    matrix = obstacles.department_category_matrix(
        obs, START, END, per_100=pd.Series({"Alpha": 4, "Beta": 0})
    )
    assert matrix.loc[matrix["department"] == "Beta", "per_100"].isna().all()
    matrix = obstacles.department_category_matrix(obs, START, END, per_100=pd.Series({"Alpha": 4}))
    assert matrix.loc[matrix["department"] == "Beta", "per_100"].isna().all()


def test_matrix_rejects_unknown_which(obs):
    with pytest.raises(ValueError, match="which must be"):
        obstacles.department_category_matrix(obs, START, END, which="closed")


def test_matrix_with_headcounts_from_the_fixture():
    data = tiny_data()
    sl = select(data, PERIOD)
    eligible = participation.participation(sl, START, END, by="department")["denominator"]
    matrix = obstacles.department_category_matrix(sl.obstacles, START, END, per_100=eligible)
    # Fixture: open O1 (Alpha lack_of_time), O3 (Beta other), O4 (Beta lack_of_resources);
    # 3 eligible in each department, so each cell is 100/3.
    assert cells(matrix) == {
        ("Alpha", "lack_of_time"): 1,
        ("Beta", "lack_of_resources"): 1,
        ("Beta", "other"): 1,
    }
    assert matrix["per_100"].tolist() == pytest.approx([100 / 3] * 3)


def test_severity_mix_open(obs):
    mix = obstacles.severity_mix(obs, START, END)
    # P1 high, P3 medium, P5 high, P8 blank.
    assert mix.loc["all"].to_dict() == {"low": 0, "medium": 1, "high": 2, "unspecified": 1}
    assert list(mix.columns) == ["low", "medium", "high", "unspecified"]


def test_severity_mix_by_department(obs):
    mix = obstacles.severity_mix(obs, START, END, by="department")
    assert mix.to_dict("index") == {
        "Alpha": {"low": 0, "medium": 1, "high": 1, "unspecified": 0},  # P1 P3
        "Beta": {"low": 0, "medium": 0, "high": 1, "unspecified": 1},  # P5 P8
    }


def test_severity_mix_reported(obs):
    mix = obstacles.severity_mix(obs, START, END, which="reported")
    # P1 high, P2 low, P4 blank, P5 high, P8 blank.
    assert mix.loc["all"].to_dict() == {"low": 1, "medium": 0, "high": 2, "unspecified": 2}


def test_severity_mix_when_no_severity_was_given():
    # The fixture has no severity column at all: the three open obstacles are unspecified.
    mix = obstacles.severity_mix(tiny_data().obstacles, START, END)
    assert mix.loc["all"].to_dict() == {"low": 0, "medium": 0, "high": 0, "unspecified": 3}


def test_severity_mix_of_nothing_is_zeros(obs):
    mix = obstacles.severity_mix(obs, dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    assert mix.loc["all"].to_dict() == {"low": 0, "medium": 0, "high": 0, "unspecified": 0}


def test_resolution_times_by_category(obs):
    times = obstacles.resolution_times(obs, START, END)
    # Resolved in 2025: P2 (lack_of_time, Feb 1 -> Mar 3 = 30 days), P4 (lack_of_time,
    # Mar 15 -> Apr 24 = 40 days), P6 (lack_of_resources, 2024-06-01 -> 2025-01-31 = 244 days).
    # P5 is resolved only in 2026, so it is still open at the end of 2025.
    assert times["open"].to_dict() == {
        "lack_of_resources": 0,
        "lack_of_time": 1,
        "mismatch": 2,
        "resistance_to_change": 1,
    }
    assert times["resolved"].to_dict() == {
        "lack_of_resources": 1,
        "lack_of_time": 2,
        "mismatch": 0,
        "resistance_to_change": 0,
    }
    median = times["median_days_to_resolve"]
    assert median["lack_of_resources"] == 244.0
    assert median["lack_of_time"] == 35.0  # median of 30 and 40
    assert median[["mismatch", "resistance_to_change"]].isna().all()  # nothing resolved


def test_resolution_times_by_department(obs):
    times = obstacles.resolution_times(obs, START, END, by="department")
    assert times["open"].to_dict() == {"Alpha": 2, "Beta": 2}  # P1 P3 | P5 P8
    assert times["resolved"].to_dict() == {"Alpha": 1, "Beta": 2}  # P2 | P4 P6
    # Alpha: 30 days; Beta: median of 40 and 244.
    assert times["median_days_to_resolve"].to_dict() == {"Alpha": 30.0, "Beta": 142.0}


def test_resolution_times_overall(obs):
    row = obstacles.resolution_times(obs, START, END, by=None).loc["all"]
    assert (row["open"], row["resolved"]) == (4, 3)
    assert row["median_days_to_resolve"] == 40.0  # median of 30, 40, 244


def test_resolution_drops_groups_with_nothing_in_the_period(obs):
    # 2025-05-01 .. 2025-06-30: open at the end P1 P3 P5 (P8 not yet reported); nothing
    # resolved in those two months, so lack_of_resources (P6, resolved in January) is gone.
    times = obstacles.resolution_times(obs, dt.date(2025, 5, 1), dt.date(2025, 6, 30))
    assert times["open"].to_dict() == {
        "lack_of_time": 1,
        "mismatch": 1,
        "resistance_to_change": 1,
    }
    assert times["resolved"].sum() == 0


def test_monthly_reported_fills_every_month(obs):
    monthly = obstacles.monthly_reported(obs, START, END)
    # 12 months x the 2 categories reported in 2025 (lack_of_time, mismatch).
    assert len(monthly) == 24
    assert list(monthly.columns) == ["month", "category", "count"]
    counts = {(r.month.month, r.category): r.count for r in monthly.itertuples() if r.count}
    # P1 Jan, P2 Feb, P4 Mar (lack_of_time); P5 Mar, P8 Dec (mismatch).
    assert counts == {
        (1, "lack_of_time"): 1,
        (2, "lack_of_time"): 1,
        (3, "lack_of_time"): 1,
        (3, "mismatch"): 1,
        (12, "mismatch"): 1,
    }


def test_monthly_reported_partial_months(obs):
    # 15 January to 31 March: January touches the period but P1 (10 January) is before it.
    monthly = obstacles.monthly_reported(obs, dt.date(2025, 1, 15), dt.date(2025, 3, 31))
    assert monthly["month"].tolist() == [pd.Timestamp(f"2025-0{m}-01") for m in (1, 1, 2, 2, 3, 3)]
    assert monthly["category"].tolist() == ["lack_of_time", "mismatch"] * 3
    assert monthly["count"].tolist() == [0, 0, 1, 0, 1, 1]  # P2 Feb; P4 and P5 Mar


def test_monthly_reported_of_nothing_is_empty(obs):
    monthly = obstacles.monthly_reported(obs, dt.date(2020, 1, 1), dt.date(2020, 3, 31))
    assert monthly.empty
    assert list(monthly.columns) == ["month", "category", "count"]


def test_existing_counts_unchanged(obs):
    counts = obstacles.obstacle_counts(obs, START, END).loc["all"]
    assert (counts["open"], counts["reported"]) == (4, 5)


# --- the page's figures, from the data and the filters -------------------------------------------


def test_category_labels_are_plain_english_and_keep_unknown_codes():
    codes = pd.Series(["lack_of_time", "mismatch", "weather"])
    labels = obstacles.category_label(codes)
    assert labels.tolist() == ["Lack of time", "Mismatched pairs", "weather"]


def test_eligible_by_department_on_the_fixture():
    # Alpha: M1 E1 E2 (E3 is not eligible). Beta: M2 E4 C1 (E5 left in 2024, E6 joins in 2026).
    assert obstacles.eligible_by_department(tiny_data(), PERIOD).to_dict() == {
        "Alpha": 3,
        "Beta": 3,
    }


def test_labelled_grid_per_100_eligible(obs_data):
    grid = obstacles.labelled_grid(obs_data, PERIOD, "open", "per_100")
    cell = grid.set_index(["department", "category"])
    assert cell.loc[("Beta", "mismatch"), "count"] == 2  # P5 P8
    assert cell.loc[("Beta", "mismatch"), "per_100"] == pytest.approx(200 / 3)
    assert cell.loc[("Alpha", "lack_of_time"), "category_label"] == "Lack of time"
    assert "per_100" not in obstacles.labelled_grid(obs_data, PERIOD, "open", "count")


def test_labelled_log_names_blank_severities(obs_data):
    log = obstacles.labelled_log(obs_data, PERIOD, "open")
    assert log["obstacle_id"].tolist() == ["P8", "P5", "P1", "P3"]  # newest first
    assert log["severity"].tolist() == [obstacles.NOT_GIVEN, "high", "high", "medium"]
    assert log["category_label"].iloc[0] == "Mismatched pairs"
    assert {"reporting_manager", "category_label"} <= set(log.columns)


def test_totals_now_and_before(obs_data):
    totals = obstacles.totals_with_previous(obs_data, PERIOD)
    # 2025: open P1 P3 P5 P8; reported P1 P2 P4 P5 P8; resolved P2 30 d, P4 40 d, P6 244 d.
    assert totals["now"] == {"open": 4, "reported": 5, "resolved": 3, "median_days": 40.0}
    # The 365 days before: P3 and P6 reported, both still open at its end, none resolved.
    before = totals["previous"]
    assert (before["open"], before["reported"], before["resolved"]) == (2, 2, 0)
    assert pd.isna(before["median_days"])


def test_log_menus_offer_what_the_log_holds(obs_data):
    # Open or reported in 2025: P1 P2 P3 P4 P5 P8.
    menus = obstacles.log_menus(obs_data, PERIOD, "all")
    assert menus == {
        "departments": ["Alpha", "Beta"],
        "categories": ["resistance_to_change", "lack_of_time", "mismatch"],  # the schema's order
        "severities": ["low", "medium", "high", obstacles.NOT_GIVEN],
        "statuses": ["in_progress", "open", "resolved"],
    }


def test_severity_by_department(obs_data):
    mix = obstacles.severity_by_department(obs_data, PERIOD, "open")
    assert mix.loc["Beta"].to_dict() == {"low": 0, "medium": 0, "high": 1, "unspecified": 1}


def test_labelled_monthly(obs_data):
    monthly = obstacles.labelled_monthly(obs_data, PERIOD)
    march = monthly[(monthly["month"] == "2025-03-01") & (monthly["count"] > 0)]
    assert sorted(march["category_label"]) == ["Lack of time", "Mismatched pairs"]  # P4 P5


def test_labelled_resolution_by_category_uses_labels(obs_data):
    times = obstacles.labelled_resolution(obs_data, PERIOD, "category")
    assert times.index.name == "category"
    assert times.loc["Lack of time", "median_days_to_resolve"] == 35.0
    by_department = obstacles.labelled_resolution(obs_data, PERIOD, "department")
    assert by_department["resolved"].to_dict() == {"Alpha": 1, "Beta": 2}


@pytest.fixture
def log() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "obstacle_id": ["O1", "O2", "O3", "O4"],
            "department": ["Ops", "Ops", "HR", "Ops"],
            "category": ["lack_of_time", "mismatch", "lack_of_time", "lack_of_time"],
            "severity": ["high", "low", "not given", "low"],
            "status": ["open", "open", "in_progress", "resolved"],
        }
    )


def test_narrow_log_to_the_clicked_cell(log):
    narrow = obstacles.narrow_log
    assert narrow(log, cell=("Ops", "lack_of_time"))["obstacle_id"].tolist() == ["O1", "O4"]
    assert narrow(log)["obstacle_id"].tolist() == ["O1", "O2", "O3", "O4"]


def test_narrow_log_combines_cell_and_filters(log):
    shown = obstacles.narrow_log(log, cell=("Ops", "lack_of_time"), severities=["low"])
    assert shown["obstacle_id"].tolist() == ["O4"]
    shown = obstacles.narrow_log(log, categories=["lack_of_time"], statuses=["open", "in_progress"])
    assert shown["obstacle_id"].tolist() == ["O1", "O3"]
    assert obstacles.narrow_log(log, cell=("HR", "mismatch")).empty


def test_largest_cells_rank_by_count_then_name():
    grid = pd.DataFrame(
        {
            "department": ["B", "A", "A", "C"],
            "category": ["x", "y", "x", "x"],
            "count": [3, 3, 5, 0],
        }
    )
    top = obstacles.largest_cells(grid, top=3)
    assert list(zip(top["department"], top["category"], strict=True)) == [
        ("A", "x"),
        ("A", "y"),
        ("B", "x"),
    ]
