"""Groups listed against a target: the worst first, with their status in words."""

import pandas as pd

from dashboard.metrics.against_target import NO_TARGET, worst_first


def test_below_target_comes_first_then_near_then_on_then_none():
    frame = pd.DataFrame(
        {
            "label": ["A", "B", "C", "D", "E", "F"],
            "rate": [0.9, 0.2, 0.35, 0.0, 0.5, None],
            "rag": ["green", "red", "amber", "red", None, None],
        }
    )
    out = worst_first(frame)
    # Within a status the lowest rate leads, so a 0 % team is at the very top.
    assert out["label"].tolist() == ["D", "B", "C", "A", "E", "F"]
    assert out["status"].tolist() == [
        "○ Below target",
        "○ Below target",
        "◐ Near target",
        "● On target",
        NO_TARGET,
        NO_TARGET,
    ]


def test_ties_are_ordered_by_name_and_other_columns_kept():
    frame = pd.DataFrame(
        {"department": ["Sales", "HR"], "uptake": [0.3, 0.3], "rag": ["red", "red"], "n": [1, 2]}
    )
    out = worst_first(frame, value="uptake", label="department")
    assert out["department"].tolist() == ["HR", "Sales"]
    assert out["n"].tolist() == [2, 1]
