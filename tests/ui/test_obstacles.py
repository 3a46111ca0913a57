"""The Obstacles page in AppTest: the demo's Operations story, toggles, the log, and the CLI."""

import json
import sqlite3

import pandas as pd
import pyarrow as pa
import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from dashboard.cli import main
from dashboard.filtering import select
from dashboard.metrics import obstacles
from dashboard.metrics.participation import participation
from dashboard.model import Filters
from dashboard.period import default_period
from dashboard.sources.sql_mapping import SqlSettings
from dashboard.sources.sql_read import SqlSource

PAGE = "app_pages/obstacles.py"


def _page(**params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _heatmap_data(at: AppTest) -> pd.DataFrame:
    """The data the heatmap draws: the first chart's dataset, as Streamlit sends it."""
    chart = at.get("vega_lite_chart")[0].proto
    assert '"name": "cell"' in chart.spec or '"name":"cell"' in chart.spec
    (dataset,) = chart.datasets
    return pa.ipc.open_stream(dataset.data.data).read_all().to_pandas()


def _cli(capsys, *args: str) -> dict:
    capsys.readouterr()
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _log(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "obstacle_id" in d.value.columns)


@pytest.fixture(scope="module")
def demo(demo_db):
    data = SqlSource(f"sqlite:///{demo_db}", SqlSettings()).load().data
    return data, Filters(*default_period(data))


def test_heatmap_shows_the_operations_story(demo_env):
    at = _page()
    grid = _heatmap_data(at)
    top = grid.sort_values("count", ascending=False).head(2)
    assert sorted(zip(top["department"], top["category"], strict=True)) == [
        ("Operations", "lack_of_time"),
        ("Operations", "resistance_to_change"),
    ]
    assert set(top["category_label"]) == {"Resistance to change", "Lack of time"}
    largest = next(m.value for m in at.markdown if m.value.startswith("Largest:"))
    assert largest.startswith(
        "Largest: **Operations · Resistance to change** (30); **Operations · Lack of time** (19)"
    )


def test_heatmap_agrees_with_the_cli(demo_env, capsys):
    at = _page()
    grid = _heatmap_data(at)
    cli = _cli(capsys, "obstacles", "--db", f"sqlite:///{demo_env}")
    shown = {(r.department, r.category): r.count for r in grid.itertuples() if r.count}
    expected = {(c["department"], c["category"]): c["open"] for c in cli["cells"] if c["open"]}
    assert shown == expected
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Open at period end"] == f"{cli['total']['open']:,}"
    assert metrics["Reported in period"] == f"{cli['total']['reported']:,}"
    assert metrics["Resolved in period"] == f"{cli['total']['resolved']:,}"
    assert metrics["Median days to resolve"] == f"{cli['total']['median_days_to_resolve']:.0f}"


def test_per_100_and_all_toggles(demo_env, demo):
    data, filters = demo
    at = _page()
    at.button_group(key="obstacles-measure").set_value("per_100").run()
    at.button_group(key="obstacles-which").set_value("all").run()
    assert not at.exception
    grid = _heatmap_data(at).set_index(["department", "category"])
    sl = select(data, filters)
    eligible = participation(sl, filters.start, filters.end, by="department")["denominator"]
    both = obstacles.department_category_matrix(
        sl.obstacles, filters.start, filters.end, which="all"
    ).set_index(["department", "category"])
    cell = ("Operations", "resistance_to_change")
    assert grid.loc[cell, "count"] == both.loc[cell, "count"]
    assert grid.loc[cell, "per_100"] == pytest.approx(
        100 * both.loc[cell, "count"] / eligible["Operations"]
    )
    assert grid["count"].sum() == both["count"].sum()
    largest = next(m.value for m in at.markdown if m.value.startswith("Largest:"))
    assert "per 100 eligible" in largest


def test_log_lists_open_obstacles_without_descriptions(demo_env, capsys):
    at = _page()
    log = _log(at)
    cli = _cli(capsys, "obstacles", "--db", f"sqlite:///{demo_env}")
    assert len(log) == cli["total"]["open"]
    assert "description" not in log.columns
    assert log["open"].all()
    at.multiselect(key="obstacles-log-department").set_value(["Operations"])
    at.multiselect(key="obstacles-log-category").set_value(["resistance_to_change"]).run()
    narrowed = _log(at)
    assert len(narrowed) == 30
    assert set(narrowed["category_label"]) == {"Resistance to change"}
    assert any("30 of " in c.value for c in at.caption)


def test_uptake_view_names_operations(demo_env):
    at = _page()
    note = next(c.value for c in at.caption if c.value.startswith("Dashed lines"))
    assert note.endswith("Below the uptake line and above the obstacle line: Operations.")
    assert len(at.get("vega_lite_chart")) >= 6


def test_department_filter_reaches_the_page(demo_env):
    at = _page(dept="HR")
    grid = _heatmap_data(at)
    assert set(grid["department"]) == {"HR"}


def test_page_without_obstacles_table_says_what_to_add(demo_db, tmp_path, monkeypatch):
    copy = tmp_path / "no_obstacles.db"
    copy.write_bytes(demo_db.read_bytes())
    with sqlite3.connect(copy) as conn:
        conn.execute("DROP TABLE obstacles")
    conn.close()
    monkeypatch.setenv("DASHBOARD_DEMO_PATH", str(copy))
    monkeypatch.delenv("DASHBOARD_DB_URL", raising=False)
    at = _page()
    assert any("needs a `obstacles` table" in i.value for i in at.info)
    assert not at.get("vega_lite_chart")
