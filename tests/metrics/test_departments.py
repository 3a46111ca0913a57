"""The department table's uptake against its targets, on the hand-worked organisation."""

import numpy as np
import pandas as pd
from fixtures import PERIOD, tiny_data

from dashboard.metrics import departments
from dashboard.metrics.satisfaction import withheld_text
from dashboard.metrics.targets import Targets


def test_uptake_worst_first_puts_departments_below_target_first():
    table = departments.department_table(tiny_data(), PERIOD)
    # Alpha 1 of 3 against its own 30 %: on target. Beta 2 of 3 against 90 %: below.
    targets = Targets(uptake=0.3, departments={"Beta": {"uptake": 0.9}})
    out = departments.uptake_worst_first(table, targets)
    assert out["department"].tolist() == ["Beta", "Alpha"]
    assert out["rag"].tolist() == ["red", "green"]
    assert out["target"].tolist() == [0.9, 0.3]
    assert out["status"].tolist() == ["○ Below target", "● On target"]


def test_grid_rows_in_percent_with_withheld_satisfaction_in_words():
    table = pd.DataFrame(
        {
            "department": ["Alpha", "Beta"],
            "status": ["○ Below target", "● On target"],
            "uptake": [0.25, 0.5],
            "satisfaction": [4.25, np.nan],
            "few": [False, True],
            "rag": ["red", "green"],
        }
    )
    out = departments.grid_rows(table, k=5)
    assert out.columns.tolist() == ["department", "status", "uptake", "satisfaction"]
    assert out["uptake"].tolist() == [25.0, 50.0]
    assert out["satisfaction"].tolist() == ["4.2", withheld_text(True, 5)]
    assert table["uptake"].tolist() == [0.25, 0.5]
