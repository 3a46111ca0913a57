"""The Participation page in AppTest: filters and the drill path come from the URL.

Chart clicks cannot be faked in AppTest; the click itself is covered by the browser test. Here
the drill path is set the way a bookmarked link sets it, through drill_dept and drill_mgr.
"""

import pytest
from apptest_helpers import metric as _metric
from apptest_helpers import open_page
from apptest_helpers import subheaders as _subheaders
from apptest_helpers import summary_json as _summary
from apptest_helpers import table as _table
from fixtures import tiny_data
from streamlit.testing.v1 import AppTest

from dashboard.drill import Drill, teams_by_department, to_params
from dashboard.filtering import select
from dashboard.metrics.participation import eligible_employees
from dashboard.model import Filters
from dashboard.people import manager_labels
from dashboard.period import default_period
from dashboard.schema import TABLES
from dashboard.sources.sql_mapping import SqlSettings
from dashboard.sources.sql_read import SqlSource
from dashboard.sources.sql_write import write_tables

PAGE = "app_pages/participation.py"


def _page(params: dict[str, str] | None = None) -> AppTest:
    return open_page(PAGE, params)


@pytest.fixture(scope="module")
def demo(demo_db):
    data = SqlSource(f"sqlite:///{demo_db}", SqlSettings()).load().data
    return data, Filters(*default_period(data))


def _operations_managers(demo) -> dict[str, str]:
    """Managers with eligible reports in Operations, id → label, as the page names them."""
    data, filters = demo
    people = eligible_employees(select(data, filters).employees, filters.start, filters.end)
    labels = manager_labels(data.employees)
    return {m: labels[m] for m in teams_by_department(people)["Operations"]}


def test_organisation_level_agrees_with_the_cli(demo_env, capsys):
    at = _page()
    expected = _summary(capsys, demo_env)
    assert _metric(at, "Uptake") == f"{expected['participation_rate']:.0%}"
    assert _metric(at, "Eligible") == f"{expected['eligible_headcount']:,}"
    assert _metric(at, "Participants") == f"{expected['participants']:,}"
    assert _metric(at, "Active participants") == f"{expected['active_participants']:,}"
    assert "Uptake by department" in _subheaders(at)
    by_department = _table(at, "denominator")
    assert by_department["numerator"].sum() == expected["participants"]
    assert by_department["denominator"].sum() == expected["eligible_headcount"]
    # Funnel, departments, new pairings, capacity: every chart and table offers CSV and XLSX.
    assert len(at.get("vega_lite_chart")) == 4
    labels = [b.label for b in at.get("download_button")]
    assert labels.count("CSV") == labels.count("XLSX") >= 5


def test_uptake_card_is_red_amber_or_green_against_the_target(demo_env):
    label = next(m.label for m in _page().metric if m.label.startswith("Uptake"))
    assert any(word in label for word in ("on target", "near target", "below target"))


def test_drill_dept_in_url_shows_that_departments_managers(demo_env, demo, capsys):
    at = _page({"drill_dept": "Operations"})
    assert "Uptake by manager's team in Operations" in _subheaders(at)
    managers = _table(at, "manager_id")
    expected = _operations_managers(demo)
    assert set(managers["manager_id"]) == set(expected)
    assert set(managers["label"]) == set(expected.values())
    # The page's scope is the department: its headline equals the CLI's for Operations.
    operations = _summary(capsys, demo_env, "--department", "Operations")
    assert _metric(at, "Eligible") == f"{operations['eligible_headcount']:,}"
    # Every eligible employee in Operations with a line manager is in exactly one team.
    data, filters = demo
    people = eligible_employees(
        data.employees[data.employees["department"] == "Operations"], filters.start, filters.end
    )
    assert managers["denominator"].sum() == people["manager_id"].notna().sum()
    assert at.selectbox(key="drill_dept").value == "Operations"


def test_drill_to_a_team_lists_its_relationships(demo_env, demo):
    data, _ = demo
    manager, label = next(iter(_operations_managers(demo).items()))
    at = _page(to_params(Drill("Operations", manager), {manager: label}))
    name = data.employees.set_index("employee_id").loc[manager, "name"]
    assert f"Team of {name}" in _subheaders(at)
    team = _table(at, "relationship_id")
    reports = data.employees.loc[data.employees["manager_id"] == manager, "employee_id"]
    assert set(team["participant_id"]) <= set(reports)
    assert {"participant", "coach", "kind", "format", "start_date", "sessions_held"} <= set(
        team.columns
    )
    assert {"last_session", "goals_set", "goals_completed", "status"} <= set(team.columns)


def test_breadcrumb_goes_back_up(demo_env, demo):
    manager, label = next(iter(_operations_managers(demo).items()))
    at = _page(to_params(Drill("Operations", manager), {manager: label}))
    at.button(key="crumb-department").click().run()
    assert "Uptake by manager's team in Operations" in _subheaders(at)
    assert at.selectbox(key="drill_mgr").value is None
    at.button(key="crumb-organisation").click().run()
    assert "Uptake by department" in _subheaders(at)
    assert at.selectbox(key="drill_dept").value is None


def test_a_drill_path_outside_the_sidebar_filter_is_dropped(demo_env):
    at = _page({"dept": "Sales", "drill_dept": "Operations"})
    assert "Uptake by department" in _subheaders(at)
    assert set(_table(at, "denominator")["label"]) == {"Sales"}


def test_kind_and_period_from_the_url(demo_env, capsys):
    at = _page({"period": "Custom", "from": "2025-04-01", "to": "2025-09-30", "kind": "mentoring"})
    expected = _summary(
        capsys, demo_env, "--from", "2025-04-01", "--to", "2025-09-30", "--kind", "mentoring"
    )
    assert _metric(at, "Participants") == f"{expected['participants']:,}"
    # Kind cuts pairings, not headcount.
    assert _metric(at, "Eligible") == f"{expected['eligible_headcount']:,}"


@pytest.fixture
def tiny_env(tmp_path, monkeypatch):
    """The app on the tiny hand-worked organisation, whose first hire is in 2019."""
    data = tiny_data()
    frames = {
        name: data.table(name)[[c for c in TABLES[name].column_names if c in data.table(name)]]
        for name in data.present_tables
    }
    path = tmp_path / "tiny.db"
    write_tables(f"sqlite:///{path}", frames)
    monkeypatch.setenv("DASHBOARD_DEMO_PATH", str(path))
    monkeypatch.delenv("DASHBOARD_DB_URL", raising=False)
    return path


def test_a_filter_that_leaves_nobody_says_how_to_widen_it(tiny_env):
    at = _page({"period": "Custom", "from": "2017-01-01", "to": "2017-12-31"})
    assert any("Widen the selection" in i.value for i in at.info)
    # No filter is set and a year before the data holds none of it: only a period helps.
    assert any(
        i.value.endswith("Widen the selection: choose the period *Last 12 months*.")
        for i in at.info
    )
    assert not at.get("vega_lite_chart")
    assert not at.metric


def test_the_tiny_organisation_end_to_end(tiny_env):
    at = _page({"period": "Custom", "from": "2025-01-01", "to": "2025-12-31"})
    # Hand-worked in tests/metrics/test_uptake.py: 3 of 6 eligible take part.
    assert _metric(at, "Uptake") == "50%"
    assert _metric(at, "Eligible") == "6"
    assert _table(at, "denominator").set_index("label")["numerator"].to_dict() == {
        "Alpha": 1,
        "Beta": 2,
    }


def test_targets_and_capacity_come_from_the_settings_file(demo_env, tmp_path, monkeypatch):
    settings = tmp_path / "dashboard.toml"
    settings.write_text(
        "[targets]\nuptake = 0.95\n\n[capacity]\nmax_participants_per_coach = 7\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("DASHBOARD_CONFIG", str(settings))
    at = _page()
    assert any(m.label.startswith("Uptake") and "below target" in m.label for m in at.metric)
    assert any(m.label == "Carrying more than 7" for m in at.metric)
    assert (_table(at, "target")["target"] == 0.95).all()


def test_a_mistake_in_the_settings_file_is_named_not_a_crash(demo_env, tmp_path, monkeypatch):
    settings = tmp_path / "dashboard.toml"
    settings.write_text("[capacity]\nmax_participants_per_coach = 0\n", encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(settings))
    at = _page()
    assert any("max_participants_per_coach" in w.value for w in at.warning)
    assert any(m.label == "Carrying more than 4" for m in at.metric)
