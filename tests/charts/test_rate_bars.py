"""The clickable rate chart: which groups it draws, its selection and its SVG renderer."""

import pandas as pd

from dashboard.charts.rate_bars import MAX_BARS, most_telling, rate_bars
from dashboard.metrics.rates import rate_frame


def _frame(numerators: list[int], denominators: list[int]) -> pd.DataFrame:
    out = rate_frame(pd.Series(numerators), pd.Series(denominators))
    keys = [f"M{i:03d}" for i in range(len(out))]
    return out.assign(manager_id=keys, label=[f"Manager {k}" for k in keys])


def _layers(spec: dict) -> list[dict]:
    return spec["layer"]


def test_a_few_groups_are_all_drawn_except_empty_ones():
    frame = _frame([1, 0, 3], [4, 0, 5])
    assert most_telling(frame)["manager_id"].tolist() == ["M000", "M002"]


def test_many_groups_show_the_most_surely_low_and_high():
    # 60 one-person teams at 0 % and 100 %, then 2 large teams at 5 % and 95 %.
    frame = _frame([0] * 30 + [1] * 30 + [2, 38], [1] * 60 + [40, 40])
    shown = most_telling(frame)
    assert len(shown) == MAX_BARS
    # The 2-of-40 team is more surely low than any 0-of-1, and the 38-of-40 more surely high.
    assert {"M060", "M061"} <= set(shown["manager_id"])


def test_chart_selects_by_key_and_renders_as_svg():
    frame = _frame([1, 2], [4, 5]).assign(target=0.4, rag=["red", "green"])
    spec = rate_bars(frame, key="manager_id", rate_title="Uptake", selection="pick").to_dict()
    assert spec["usermeta"] == {"embedOptions": {"renderer": "svg"}}
    # Altair lifts a layer's selection to the top, naming the layer it belongs to.
    (param,) = spec["params"]
    assert (param["name"], param["select"]["fields"]) == ("pick", ["manager_id"])
    assert param["views"] == [spec["layer"][-1]["name"]]
    marks = [layer["mark"]["type"] for layer in _layers(spec)]
    # Bars, whiskers, zero dots, rate labels, target ticks, and the see-through rows that take
    # the click.
    assert marks == ["bar", "rule", "point", "text", "tick", "bar"]
    assert spec["layer"][-1]["mark"]["opacity"] == 0


def test_chart_without_target_or_selection():
    spec = rate_bars(_frame([1], [2]), key="manager_id", rate_title="On time").to_dict()
    assert [layer["mark"]["type"] for layer in _layers(spec)] == [
        "bar",
        "rule",
        "point",
        "text",
        "bar",
    ]
    assert "params" not in spec


def _rows(spec: dict) -> list[dict]:
    return next(iter(spec["datasets"].values()))


def test_a_zero_rate_is_marked_by_a_dot_and_labelled():
    frame = _frame([0, 3, 1], [5, 6, 400]).assign(target=0.4, rag=["red", "green", "red"])
    spec = rate_bars(frame, key="manager_id", rate_title="Uptake").to_dict()
    point, text = _layers(spec)[2], _layers(spec)[3]
    # The dot sits at the rate (0) of exactly the rows whose rate is zero, in the status colour.
    assert point["transform"] == [{"filter": "(datum.rate === 0)"}]
    assert point["encoding"]["x"]["field"] == "rate"
    assert point["mark"]["filled"] is True
    assert point["encoding"]["color"]["field"] == "status"
    # Every bar's rate is written past its interval and its target; a small non-zero rate is
    # not "0%".
    assert text["encoding"]["text"]["field"] == "value"
    assert text["encoding"]["x"]["field"] == "value_at"
    rows = {row["manager_id"]: row for row in _rows(spec)}
    values = {k: row["value"] for k, row in rows.items()}
    assert values == {"M000": "0%", "M001": "50%", "M002": "<1%"}
    assert all(row["value_at"] >= max(row["ci_high"], row["target"]) for row in rows.values())


def test_the_axis_leaves_room_for_the_label_of_a_full_bar():
    spec = rate_bars(_frame([4], [4]), key="manager_id", rate_title="Uptake").to_dict()
    scale = _layers(spec)[0]["encoding"]["x"]["scale"]
    assert scale["domain"][0] == 0 and scale["domain"][1] > 1
    assert _layers(spec)[0]["encoding"]["x"]["axis"]["values"][-1] == 1
