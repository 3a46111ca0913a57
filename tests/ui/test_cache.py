"""Cached results are held once and handed out as copies no caller can use to change them."""

import dataclasses
import re
from pathlib import Path

import pandas as pd
from fixtures import PERIOD, tiny_data

import dashboard
from dashboard.ui.cache import cached, converted, derived, fresh, lookup
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


def _pair(data, filters, *, label: str) -> tuple[str, str]:
    CALLS.append(f"lookup-{label}")
    return (label, filters.start.isoformat())


def test_a_lookup_is_built_once_per_load_and_arguments_and_shared():
    data = tiny_data()
    first = lookup(data, _pair, PERIOD, label="e")
    assert lookup(data, _pair, PERIOD, label="e") is first
    lookup(data, _pair, PERIOD.previous(), label="e")
    assert CALLS.count("lookup-e") == 2
    lookup(dataclasses.replace(data, scope="Operations"), _pair, PERIOD, label="e")
    assert CALLS.count("lookup-e") == 3


def _label(view: View, *, label: str) -> str:
    CALLS.append(f"converted-{label}")
    return label


def test_each_conversion_of_one_result_is_its_own_entry():
    view = View(tiny_data(), PERIOD, ValidationReport(), 5)
    assert converted(view, _label, {"label": "f"}, str.upper, "upper") == "F"
    assert converted(view, _label, {"label": "f"}, str.upper, "upper") == "F"
    assert converted(view, _label, {"label": "f"}, lambda s: s * 2, "twice") == "ff"
    assert CALLS.count("converted-f") == 2
    smaller_groups = dataclasses.replace(view, k=3)
    converted(smaller_groups, _label, {"label": "f"}, str.upper, "upper")
    assert CALLS.count("converted-f") == 3


# Caches outside the byte-bounded store are the loads themselves, each session's upload and
# the access policy; results computed from data belong in the store, where their memory counts.
_OWN_CACHES = {
    "ui/access.py": 2,
    "ui/cache.py": 1,
    "ui/data.py": 1,
    "ui/source.py": 2,
    "ui/uploaded.py": 2,
}


def test_results_are_cached_only_in_the_byte_bounded_store():
    package = Path(dashboard.__file__).parent
    found = {}
    for path in package.rglob("*.py"):
        text = path.read_text()
        count = len(re.findall(r"st\.cache_(?:resource|data)\(", text))
        if count:
            found[path.relative_to(package).as_posix()] = count
        if path.name not in ("cache.py", "byte_budget.py"):
            assert "get_or_build" not in text and "results()" not in text, path
    assert found == _OWN_CACHES
