"""The time-to-complete histogram sends counts per day, not one row per goal."""

import pandas as pd

from dashboard.charts.goals import time_to_complete_chart


def test_goals_are_counted_per_day_and_timing_and_none_is_lost():
    durations = pd.DataFrame(
        {
            "goal_id": [f"G{i}" for i in range(7)],
            "days_to_complete": [10, 10, 10, 30, 30, 45, 45],
            "on_time": pd.array([True, True, False, True, None, None, None], dtype="boolean"),
        }
    )
    chart = time_to_complete_chart(durations)
    data = chart.data.set_index(["days_to_complete", "timing"])["goals"]
    assert data.to_dict() == {
        (10, "Late"): 1,
        (10, "On time"): 2,
        (30, "No target date"): 1,
        (30, "On time"): 1,
        (45, "No target date"): 2,
    }
    assert data.sum() == len(durations)
    spec = chart.to_dict()
    assert spec["encoding"]["y"]["aggregate"] == "sum"
    assert spec["encoding"]["x"]["bin"] == {"maxbins": 24}
