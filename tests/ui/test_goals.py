"""The Goals page in AppTest: filters and the drill path from the URL, and its empty states."""

import shutil
import sqlite3

import pytest
from apptest_helpers import metric as _metric
from apptest_helpers import open_page
from apptest_helpers import subheaders as _subheaders
from apptest_helpers import summary_json as _summary
from apptest_helpers import table as _table
from streamlit.testing.v1 import AppTest

from dashboard.drill import Drill, to_params
from dashboard.people import manager_labels
from dashboard.sources.sql_mapping import SqlSettings
from dashboard.sources.sql_read import SqlSource

PAGE = "app_pages/goals.py"


def _page(params: dict[str, str] | None = None) -> AppTest:
    return open_page(PAGE, params)


def _all_text(at: AppTest) -> str:
    """Every header and cell of every table on the page."""
    return " ".join(
        " ".join(map(str, [*d.value.columns, *d.value.to_numpy().ravel()])) for d in at.dataframe
    )


def test_headline_agrees_with_the_cli(demo_env, capsys):
    at = _page()
    expected = _summary(capsys, demo_env)
    assert _metric(at, "Completion") == f"{expected['goal_completion_rate']:.0%}"
    assert _metric(at, "Completed on time") == f"{expected['on_time_rate']:.0%}"
    assert _metric(at, "Goals overdue") == f"{expected['goals_overdue']:,}"
    base = expected["goal_completion_rate_denominator"]
    assert _metric(at, "Goals closed or overdue") == f"{base:,}"
    label = next(m.label for m in at.metric if m.label.startswith("Completion"))
    assert any(word in label for word in ("on target", "near target", "below target"))


def test_organisation_level_shows_departments_and_every_section(demo_env, capsys):
    at = _page()
    assert _subheaders(at) == [
        "By department",
        "State at the end of the period",
        "Time to complete",
        "Goals by category",
        "Overdue goals",
    ]
    rates = _table(at, "completion_rate")
    expected = _summary(capsys, demo_env)
    assert rates["completion_numerator"].sum() == expected["goal_completion_rate_numerator"]
    assert len(_table(at, "days_overdue")) == expected["goals_overdue"]
    # Completion, on time, overdue, states, time to complete, categories.
    assert len(at.get("vega_lite_chart")) == 6
    labels = [b.label for b in at.get("download_button")]
    assert labels.count("CSV") == labels.count("XLSX") == 5


def test_goal_text_is_never_shown(demo_env, demo_db):
    data = SqlSource(f"sqlite:///{demo_db}", SqlSettings()).load().data
    texts = data.goals["goal_text"].dropna()
    assert len(texts)
    at = _page()
    shown = _all_text(at)
    assert "goal_text" not in shown
    assert not any(text in shown for text in texts.head(50))


def test_drill_dept_in_url_shows_its_managers(demo_env, demo_db, capsys):
    at = _page({"drill_dept": "Operations"})
    assert "By manager's team in Operations" in _subheaders(at)
    rates = _table(at, "completion_rate")
    data = SqlSource(f"sqlite:///{demo_db}", SqlSettings()).load().data
    operations = data.employees.loc[data.employees["department"] == "Operations", "manager_id"]
    assert set(rates["manager_id"]) <= set(operations.dropna())
    assert set(_table(at, "days_overdue")["department"]) <= {"Operations"}
    expected = _summary(capsys, demo_env, "--department", "Operations")
    assert _metric(at, "Goals overdue") == f"{expected['goals_overdue']:,}"


def test_drill_to_a_team_lists_its_goals(demo_env, demo_db):
    at = _page({"drill_dept": "Operations"})
    rates = _table(at, "completion_rate")
    manager = rates.sort_values("completion_denominator").iloc[-1]["manager_id"]
    data = SqlSource(f"sqlite:///{demo_db}", SqlSettings()).load().data
    labels = manager_labels(data.employees)
    at = _page(to_params(Drill("Operations", manager), labels.to_dict()))
    assert f"Goals of the team of {labels[manager]}" in _subheaders(at)
    team = _table(at, "state")
    reports = data.employees.loc[data.employees["manager_id"] == manager, "name"]
    assert len(team) and set(team["participant"]) <= set(reports)
    assert "goal_text" not in team.columns


def test_breadcrumb_from_department_back_to_all(demo_env):
    at = _page({"drill_dept": "Operations"})
    at.button(key="crumb-organisation").click().run()
    assert "By department" in _subheaders(at)


def test_a_period_without_goals_says_how_to_widen_it(demo_env):
    at = _page({"period": "Custom", "from": "2017-01-01", "to": "2017-12-31"})
    assert any("Widen the selection" in i.value for i in at.info)
    assert not at.get("vega_lite_chart")


@pytest.fixture
def no_goals_env(demo_db, tmp_path, monkeypatch):
    path = tmp_path / "no_goals.db"
    shutil.copy(demo_db, path)
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE goals")
    monkeypatch.setenv("DASHBOARD_DEMO_PATH", str(path))
    monkeypatch.delenv("DASHBOARD_DB_URL", raising=False)
    return path


def test_a_missing_goals_table_says_which_table_to_add(no_goals_env):
    at = _page()
    message = " ".join(i.value for i in at.info)
    assert "needs a `goals` table" in message
    assert "`goal_id`, `relationship_id`, `set_date`, `status`" in message
    assert not at.get("vega_lite_chart")
