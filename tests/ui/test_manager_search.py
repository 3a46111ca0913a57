"""Past SEARCH_ABOVE managers the sidebar's manager filter is a search box with its matches."""

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from dashboard.sources.sql_mapping import SqlSettings
from dashboard.sources.sql_read import SqlSource
from dashboard.ui import filters


@pytest.fixture
def many_managers(demo_env, monkeypatch):
    """The demo organisation, with the threshold lowered below its number of managers."""
    monkeypatch.setattr(filters, "SEARCH_ABOVE", 10)
    data = SqlSource(f"sqlite:///{demo_env}", SqlSettings()).load().data
    managers = data.employees[data.employees["is_manager"]].set_index("employee_id")
    assert len(managers) > 10
    return managers


def _app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)


def test_nothing_is_offered_until_something_is_typed(many_managers):
    at = _app().run()
    assert not at.exception
    assert at.sidebar.text_input(key="manager_search").placeholder.endswith(
        f"{len(many_managers):,} managers"
    )
    assert at.sidebar.multiselect(key="manager").options == []


def test_typing_part_of_a_name_offers_the_matches_and_one_can_be_chosen(many_managers):
    manager_id, name = next(iter(many_managers["name"].items()))
    surname = name.split()[-1]
    at = _app().run()
    at.sidebar.text_input(key="manager_search").input(surname.upper()).run()
    menu = at.sidebar.multiselect(key="manager")
    assert menu.options and all(surname.lower() in o.lower() for o in menu.options)
    assert any(o.startswith(name) for o in menu.options)
    assert any("matches" in c.value for c in at.sidebar.caption)
    menu.select(manager_id).run()
    assert at.sidebar.multiselect(key="manager").value == [manager_id]
    assert not at.exception
    # Typing something else keeps the chosen manager in the menu and in the filter.
    at.sidebar.text_input(key="manager_search").input("zzzz-nobody").run()
    menu = at.sidebar.multiselect(key="manager")
    assert menu.value == [manager_id] and len(menu.options) == 1


def test_a_bookmarked_manager_is_kept_on_the_first_run(many_managers):
    manager_id = many_managers.index[0]
    row = many_managers.loc[manager_id]
    at = _app()
    # A bound menu writes its option's label into the URL.
    at.query_params["manager"] = f"{row['name']} ({row['department']})"
    at.run()
    assert not at.exception
    assert at.sidebar.multiselect(key="manager").value == [manager_id]


def test_the_drill_menu_asks_for_a_department_first(demo_env, many_managers, monkeypatch):
    from dashboard.drill import teams_by_department
    from dashboard.ui import drill

    # Above every department's number of teams, below the organisation's.
    data = SqlSource(f"sqlite:///{demo_env}", SqlSettings()).load().data
    biggest = max(len(team) for team in teams_by_department(data.employees).values())
    assert biggest < len(many_managers)
    monkeypatch.setattr(drill, "SEARCH_ABOVE", biggest)
    at = _app().run()
    at.switch_page("app_pages/participation.py").run()
    teams = at.selectbox(key="drill_mgr")
    assert teams.options == [] and teams.placeholder == "Choose a department first"
    at.selectbox(key="drill_dept").select("Operations").run()
    teams = at.selectbox(key="drill_mgr")
    assert 0 < len(teams.options) <= biggest
    teams.select(teams.options[0]).run()
    assert not at.exception
    assert any(s.value.startswith("Team of") for s in at.subheader)
