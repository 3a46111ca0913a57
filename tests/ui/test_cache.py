"""Cached results are held once and handed out as copies no caller can use to change them."""

import dataclasses

import pandas as pd
from fixtures import PERIOD, tiny_data

from dashboard.ui.cache import cached, derived, fresh
from dashboard.ui.view import View
from dashboard.validate import ValidationReport

CALLS: list[str] = []


def _frame(data, filters, *, label: str) -> pd.DataFrame:
    CALLS.append(label)
    return pd.DataFrame({"label": [label], "n": [1]})


@dataclasses.dataclass(frozen=True)
class _Result:
    table: pd.DataFrame
    parts: dict[str, pd.DataFrame]
    note: str


def test_a_caller_changing_its_result_leaves_the_cached_one_alone():
    view = View(tiny_data(), PERIOD, ValidationReport(), 5)
    first = cached(view, _frame, label="a")
    first["n"] = 99
    first.loc[0, "label"] = "changed"
    again = cached(view, _frame, label="a")
    assert again.to_dict("list") == {"label": ["a"], "n": [1]}
    assert CALLS.count("a") == 1


def test_each_parameter_value_is_its_own_entry():
    view = View(tiny_data(), PERIOD, ValidationReport(), 5)
    cached(view, _frame, label="b")
    cached(view, _frame, label="c")
    cached(view, _frame, label="b")
    assert CALLS.count("b") == 1 and CALLS.count("c") == 1


def test_fresh_copies_frames_inside_containers_and_dataclasses():
    frame = pd.DataFrame({"x": [1, 2]})
    held = _Result(frame, {"part": frame}, "kept")
    copy = fresh(held)
    copy.table.loc[0, "x"] = 10
    copy.parts["part"]["y"] = 3
    assert frame.to_dict("list") == {"x": [1, 2]}
    assert copy.note == "kept" and copy.table is not frame
    assert fresh((frame, 3))[1] == 3


def _count(view: View, *, label: str) -> int:
    CALLS.append(f"derived-{label}")
    return len(cached(view, _frame, label=label))


def test_derived_figures_are_computed_once_per_view():
    view = View(tiny_data(), PERIOD, ValidationReport(), 5)
    assert derived(view, _count, label="d") == 1
    assert derived(view, _count, label="d") == 1
    assert CALLS.count("derived-d") == 1
    other = dataclasses.replace(view, filters=PERIOD.previous())
    derived(other, _count, label="d")
    assert CALLS.count("derived-d") == 2
