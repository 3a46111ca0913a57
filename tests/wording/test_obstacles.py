"""The Obstacles page's sentences on hand-worked figures and frames."""

import math

import pandas as pd

from dashboard.wording.obstacles import change, largest_sentence, shown_cell, uptake_caption


def test_change_is_signed_and_missing_when_either_side_is():
    assert change(5, 3) == "+2"
    assert change(1200, 0) == "+1,200"
    assert change(4.0, 7.0, "{:+.0f} days") == "-3 days"
    assert change(math.nan, 3) is None
    assert change(3, None) is None


def test_largest_cells_are_named_with_their_count_and_rate():
    biggest = pd.DataFrame(
        {
            "department": ["Ops *", "HR"],
            "category_label": ["Lack of time", "Workload"],
            "count": [1200, 3],
            "per_100": [12.345, math.nan],
        }
    )
    assert largest_sentence(biggest) == (
        "Largest: **Ops \\* · Lack of time** (1,200, 12.3 per 100 eligible); **HR · Workload** "
        "(3). Click a cell to list its obstacles below."
    )
    counts_only = biggest.drop(columns="per_100").tail(1)
    assert largest_sentence(counts_only) == (
        "Largest: **HR · Workload** (3). Click a cell to list its obstacles below."
    )


def test_shown_cell_escapes_the_department():
    assert shown_cell("R&D", "Lack of time") == (
        "Showing the cell **R\\&D · Lack of time**. Click it again, or an empty spot of the "
        "chart, to show every cell."
    )


def test_uptake_caption_names_the_departments_low_on_uptake_and_high_on_obstacles():
    departments = pd.DataFrame(
        {
            "department": ["Ops", "HR", "I.T."],
            "quadrant": [
                "Low uptake, many obstacles",
                "High uptake, few obstacles",
                "Low uptake, many obstacles",
            ],
        }
    )
    lines = (
        "Dashed lines: the organisation's uptake (45.7 %) and open obstacles per 100 eligible "
        "(3.2), over all departments with the other filters kept. Circle size is the eligible "
        "headcount. "
    )
    assert uptake_caption(departments, 0.4567, 3.21) == (
        lines + "Below the uptake line and above the obstacle line: Ops, I\\.T\\.."
    )
    assert uptake_caption(departments.iloc[[1]], 0.4567, 3.21) == (
        lines + "No department has both lower uptake and more obstacles than the organisation."
    )
