"""Obstacle and retention charts: the heatmap's click selection, label placement, chart data."""

import itertools

import pandas as pd
import pytest

from dashboard.charts import obstacles as charts
from dashboard.charts.successes import retention_long


def test_selected_cell_reads_the_click():
    selection = {"cell": [{"department": "Operations", "category": "lack_of_time"}]}
    assert charts.selected_cell(selection) == ("Operations", "lack_of_time")


@pytest.mark.parametrize(
    "selection",
    [None, {}, {"cell": []}, {"other": [{"department": "x"}]}, {"cell": [{"department": "x"}]}],
)
def test_selected_cell_without_a_whole_cell_is_none(selection):
    assert charts.selected_cell(selection) is None


@pytest.fixture
def grid() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "department": ["Ops", "Ops", "HR", "HR"],
            "category": ["lack_of_time", "mismatch", "lack_of_time", "mismatch"],
            "count": [5, 0, 1, 2],
            "per_100": [2.5, 0.0, 1.0, 2.0],
        }
    )


def test_heatmap_selects_department_and_category(grid):
    spec = charts.heatmap_chart(grid, "per_100").to_dict()
    (param,) = spec["params"]
    assert param["name"] == charts.CELL
    assert param["select"]["type"] == "point"
    assert param["select"]["fields"] == ["department", "category"]
    rect, _text, hit = spec["layer"]
    # Clicks are caught by the top layer, so a click on a cell's number selects the cell.
    assert param["views"] == [hit["name"]]
    assert hit["mark"]["fillOpacity"] == 0
    assert rect["encoding"]["color"]["condition"]["field"] == "per_100"
    assert rect["encoding"]["color"]["value"] == "#f3f3f3"  # empty cells stay grey
    assert rect["encoding"]["y"]["sort"] == ["Ops", "HR"]
    assert rect["encoding"]["x"]["sort"] == ["Lack of time", "Mismatched pairs"]


def test_severity_chart_stacks_every_severity(grid):
    mix = pd.DataFrame(
        {"low": [1, 0], "medium": [2, 1], "high": [0, 3], "unspecified": [0, 0]},
        index=pd.Index(["Ops", "HR"], name="department"),
    )
    spec = charts.severity_chart(mix).to_dict()
    data = next(iter(spec["datasets"].values()))
    assert len(data) == 8
    assert {row["severity_label"] for row in data} == {"Low", "Medium", "High", "Not given"}


def _boxes(placed: pd.DataFrame, names: pd.Series, x_max: float, y_max: float) -> list:
    boxes = []
    for (_, row), name in zip(placed.iterrows(), names, strict=True):
        width = charts._CHAR_W * len(name)
        left = row["label_x"] / x_max - (0 if row["side"] == "right" else width)
        centre = row["label_y"] / y_max
        boxes.append(
            (left, centre - charts._LABEL_H / 2, left + width, centre + charts._LABEL_H / 2)
        )
    return boxes


def test_labels_of_crowded_points_do_not_overlap():
    x = pd.Series([46.0, 46.5, 47.0, 48.5, 20.0])
    y = pd.Series([3.1, 3.0, 3.2, 2.9, 17.7])
    names = pd.Series(["HR", "Customer Service", "Finance", "Sales", "Operations"])
    placed = charts.place_labels(x, y, names, 90.0, 22.0)
    assert list(placed.columns) == ["label_x", "label_y", "side"]
    for a, b in itertools.combinations(_boxes(placed, names, 90.0, 22.0), 2):
        assert not charts._overlap(a, b), (a, b)


def test_a_lone_point_is_labelled_to_its_right_at_its_height():
    placed = charts.place_labels(
        pd.Series([20.0]), pd.Series([10.0]), pd.Series(["IT"]), 100.0, 20.0
    )
    row = placed.iloc[0]
    assert row["side"] == "right"
    assert row["label_y"] == pytest.approx(10.0)
    assert row["label_x"] > 20.0


def test_uptake_scatter_has_organisation_lines():
    frame = pd.DataFrame(
        {
            "department": ["Ops", "HR"],
            "eligible": [100, 20],
            "participants": [20, 10],
            "uptake": [0.2, 0.5],
            "open_obstacles": [15, 1],
            "open_per_100": [15.0, 5.0],
            "quadrant": ["Low uptake, many obstacles", "High uptake, few obstacles"],
        }
    )
    spec = charts.uptake_scatter(frame, 0.25, 13.3).to_dict()
    datasets = [v for v in spec["datasets"].values() if v]
    lines = [v for v in datasets if set(v[0]) == {"uptake_pct", "open_per_100"}]
    assert lines == [[{"uptake_pct": 25.0, "open_per_100": 13.3}]]
    points = next(v for v in datasets if "department" in v[0])
    assert {p["department"]: p["uptake_pct"] for p in points} == {"Ops": 20.0, "HR": 50.0}


def test_retention_long_has_a_row_per_department_and_group():
    table = pd.DataFrame(
        {
            "participant_n": [10],
            "participant_leavers": [1],
            "participant_rate": [0.1],
            "participant_ci_low": [0.02],
            "participant_ci_high": [0.4],
            "non_participant_n": [20],
            "non_participant_leavers": [4],
            "non_participant_rate": [0.2],
            "non_participant_ci_low": [0.08],
            "non_participant_ci_high": [0.42],
            "difference": [-0.1],
        },
        index=pd.Index(["Ops"], name="department"),
    )
    long = retention_long(table)
    assert long[["department", "group", "n", "leavers"]].values.tolist() == [
        ["Ops", "Participants", 10, 1],
        ["Ops", "Non-participants", 20, 4],
    ]
