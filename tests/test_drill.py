"""The drill path: URL parameters, chart clicks, the breadcrumb and the filter it adds."""

import datetime as dt

import pandas as pd
import pytest
from fixtures import PERIOD, tiny_data

from dashboard.drill import (
    Crumb,
    Drill,
    crumbs,
    from_params,
    menus,
    narrow,
    resolve,
    select_department,
    select_manager,
    teams_by_department,
    to_params,
    up_to,
)
from dashboard.model import Filters

LABELS = {"M1": "Mara", "M2": "Milo", "M3": "Mara (M3)"}
IDS = {label: manager for manager, label in LABELS.items()}
TEAMS = {"Alpha": ("M1", "M3"), "Beta": ("M2",), "Gamma": ("M1",)}


def test_levels():
    assert Drill().level == "organisation"
    assert Drill("Alpha").level == "department"
    assert Drill("Alpha", "M1").level == "team"


@pytest.mark.parametrize(
    "drill",
    [Drill(), Drill("Alpha"), Drill("Alpha", "M1"), Drill("Alpha", "M3"), Drill("R&D", "M2")],
)
def test_params_round_trip(drill):
    assert from_params(to_params(drill, LABELS), IDS) == drill


def test_params_name_managers_by_their_label_and_leave_out_undrilled_levels():
    assert to_params(Drill(), LABELS) == {}
    assert to_params(Drill("Alpha"), LABELS) == {"drill_dept": "Alpha"}
    assert to_params(Drill("Alpha", "M3"), LABELS) == {
        "drill_dept": "Alpha",
        "drill_mgr": "Mara (M3)",
    }
    # A manager without a label (no name in the data) is written as the id.
    assert to_params(Drill("Alpha", "M9"), LABELS)["drill_mgr"] == "M9"


def test_from_params_tolerates_repeats_blanks_and_unknown_labels():
    assert from_params({"drill_dept": ["Alpha", "Beta"]}, IDS) == Drill("Beta")
    assert from_params({"drill_dept": "  ", "drill_mgr": ""}, IDS) == Drill()
    assert from_params({"drill_dept": None, "drill_mgr": []}, IDS) == Drill()
    assert from_params({"drill_mgr": "Nobody"}, IDS) == Drill(None, "Nobody")
    assert from_params({"other": "x"}, IDS) == Drill()


def test_clicking_a_department_drills_into_it_from_anywhere():
    rows = [{"department": "Beta"}]
    assert select_department(Drill(), rows) == Drill("Beta")
    assert select_department(Drill("Alpha", "M1"), rows) == Drill("Beta")


def test_an_empty_or_unrelated_selection_leaves_the_path_alone():
    here = Drill("Alpha")
    for rows in (None, [], [{}], [{"department": None}], [{"manager_id": "M1"}]):
        assert select_department(here, rows) == here
    for rows in (None, [], [{"department": "Beta"}]):
        assert select_manager(here, rows) == here


def test_clicking_a_manager_opens_the_team_in_the_same_department():
    assert select_manager(Drill("Alpha"), [{"manager_id": "M3"}]) == Drill("Alpha", "M3")
    assert select_manager(Drill("Alpha", "M1"), [{"manager_id": "M3"}]) == Drill("Alpha", "M3")


def test_the_first_selected_row_wins():
    rows = [{"department": "Beta"}, {"department": "Gamma"}]
    assert select_department(Drill(), rows) == Drill("Beta")


def test_up_to_cuts_the_path_back():
    deep = Drill("Alpha", "M1")
    assert up_to(deep, "organisation") == Drill()
    assert up_to(deep, "department") == Drill("Alpha")
    assert up_to(deep, "team") == deep
    # Going "up" to a level below where one is does not invent a path.
    assert up_to(Drill(), "department") == Drill()
    with pytest.raises(ValueError, match="level must be one of"):
        up_to(deep, "division")  # type: ignore[arg-type]


def test_crumbs_show_the_path_and_where_each_step_goes():
    name = LABELS.__getitem__
    assert crumbs(Drill(), name) == [Crumb("All departments", Drill(), True)]
    assert crumbs(Drill("Alpha", "M1"), name) == [
        Crumb("All departments", Drill(), False),
        Crumb("Alpha", Drill("Alpha"), False),
        Crumb("Team of Mara", Drill("Alpha", "M1"), True),
    ]
    assert [c.current for c in crumbs(Drill("Beta"), name)] == [False, True]


def test_resolve_keeps_what_the_filters_allow():
    assert resolve(Drill(), TEAMS) == Drill()
    assert resolve(Drill("Alpha", "M3"), TEAMS) == Drill("Alpha", "M3")
    # Department filtered away: the whole path goes.
    assert resolve(Drill("Delta", "M1"), TEAMS) == Drill()
    # Manager with no team in the department: back to the department.
    assert resolve(Drill("Beta", "M1"), TEAMS) == Drill("Beta")
    # Manager alone: placed in the first department (alphabetically) where they have a team.
    assert resolve(Drill(None, "M1"), TEAMS) == Drill("Alpha", "M1")
    assert resolve(Drill(None, "M2"), TEAMS) == Drill("Beta", "M2")
    assert resolve(Drill(None, "M9"), TEAMS) == Drill()


def test_narrow_adds_the_path_to_the_sidebar_filters():
    base = Filters(
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 12, 31),
        departments=("Alpha", "Beta"),
        kinds=("coaching",),
    )
    assert narrow(base, Drill()) == base
    team = narrow(base, Drill("Alpha", "M1"))
    assert team.departments == ("Alpha",)
    assert team.managers == ("M1",)
    assert (team.start, team.end, team.kinds) == (base.start, base.end, base.kinds)
    assert narrow(PERIOD, Drill("Beta")).departments == ("Beta",)


def test_teams_by_department_lists_managers_with_reports_there():
    employees = pd.DataFrame(
        {
            "employee_id": ["M1", "E1", "E2", "E3", "E4", "M2"],
            "department": ["Alpha", "Alpha", "Alpha", "Gamma", "Beta", "Beta"],
            "manager_id": [None, "M1", "M1", "M1", "M2", None],
        }
    )
    assert teams_by_department(employees) == {
        "Alpha": ("M1",),
        "Beta": ("M2",),
        "Gamma": ("M1",),
    }
    assert teams_by_department(employees.iloc[0:0]) == {}


def test_menus_of_the_hand_worked_organisation():
    # Eligible in 2025: E1 E2 report to M1 in Alpha; E4 C1 to M2 in Beta.
    out = menus(tiny_data(), PERIOD)
    assert dict(out.teams) == {"Alpha": ("M1",), "Beta": ("M2",)}
    assert dict(out.labels) == {"M1": "Mara", "M2": "Milo"}
    assert dict(out.ids) == {"Mara": "M1", "Milo": "M2"}
    assert dict(out.team_labels) == {None: ["Mara", "Milo"], "Alpha": ["Mara"], "Beta": ["Milo"]}
