"""Which target applies to a selection or a breakdown row, and its red/amber/green."""

import datetime as dt

import pandas as pd
from fixtures import PERIOD

from dashboard.metrics.against_target import scope_department, with_targets
from dashboard.metrics.targets import Targets
from dashboard.model import Filters

TARGETS = Targets(uptake=0.4, departments={"Ops": {"uptake": 0.2}})


def test_scope_department_only_for_exactly_one_department():
    assert scope_department(PERIOD) is None
    one = Filters(dt.date(2025, 1, 1), dt.date(2025, 12, 31), departments=("Ops",))
    two = Filters(dt.date(2025, 1, 1), dt.date(2025, 12, 31), departments=("Ops", "HR"))
    assert scope_department(one) == "Ops"
    assert scope_department(two) is None


def test_each_department_row_gets_its_own_target():
    frame = pd.DataFrame({"department": ["Ops", "HR", "IT"], "rate": [0.19, 0.35, None]})
    out = with_targets(frame, TARGETS, "uptake")
    assert out["target"].tolist() == [0.2, 0.4, 0.4]
    # 0.19 is within 10 % of 0.2: amber; 0.35 is more than 10 % short of 0.4: red.
    assert out["rag"].tolist() == ["amber", "red", None]


def test_manager_rows_take_the_drilled_departments_target():
    frame = pd.DataFrame({"manager_id": ["M1", "M2"], "rate": [0.25, 0.1]})
    assert with_targets(frame, TARGETS, "uptake", department="Ops")["rag"].tolist() == [
        "green",
        "red",
    ]
    assert with_targets(frame, TARGETS, "uptake")["target"].tolist() == [0.4, 0.4]


def test_other_value_columns_and_measures():
    frame = pd.DataFrame({"team": ["a"], "mean": [3.7]})
    out = with_targets(frame, Targets(), "satisfaction", value="mean")
    assert (out.loc[0, "target"], out.loc[0, "rag"]) == (4.0, "amber")
