"""The department table's uptake against its targets, on the hand-worked organisation."""

from fixtures import PERIOD, tiny_data

from dashboard.metrics import departments
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
