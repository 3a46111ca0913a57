"""Whom to invite, on the Participation page, by role: an executive sees names, an analyst
without names counts only, a department head only their departments; data without line
managers says so here and on the Managers page."""

import io
from dataclasses import replace

import pandas as pd
import pytest
from apptest_helpers import ANALYST, CEO, open_page, plain, sent_text
from apptest_helpers import OPS_HEAD as HEAD
from apptest_helpers import ROLE_SETTINGS as SETTINGS
from conftest import ROOT
from fixtures import tiny_data
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from dashboard.access import load_policy, scope
from dashboard.drill import Drill, to_params
from dashboard.metrics.invitations import invitations_by_manager, invitees
from dashboard.model import Filters
from dashboard.people import manager_labels
from dashboard.period import default_period
from dashboard.schema import TABLES
from dashboard.sources.sql_mapping import SqlSettings
from dashboard.sources.sql_read import SqlSource
from dashboard.sources.sql_write import write_tables

PAGE = "app_pages/participation.py"
HEAD_GRANT = {"role": "department_head", "departments": ["Operations"]}


@pytest.fixture(scope="module")
def demo(demo_db):
    data = SqlSource(f"sqlite:///{demo_db}", SqlSettings()).load().data
    return data, Filters(*default_period(data))


@pytest.fixture
def downloads(monkeypatch) -> dict[str, bytes]:
    """Every file the page offers, by file name, built as a click would build it."""
    files: dict[str, bytes] = {}
    original = DeltaGenerator.download_button

    def recording(self, label, data, file_name=None, *args, **kwargs):
        files[file_name] = data() if callable(data) else data
        return original(self, label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", recording)
    return files


@pytest.fixture
def signed_in(demo_env, tmp_path, monkeypatch):
    settings = tmp_path / "dashboard.toml"
    settings.write_text(SETTINGS)
    monkeypatch.setenv("DASHBOARD_CONFIG", str(settings))

    def open_as(user: dict, page: str = PAGE) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.user = user
        at.run()
        at.switch_page(page).run()
        assert not at.exception, [e.message for e in at.exception]
        return at

    return open_as


def _csv(files: dict[str, bytes], prefix: str) -> pd.DataFrame:
    body = next(b for name, b in files.items() if name.startswith(prefix) and name.endswith("csv"))
    return pd.read_csv(io.BytesIO(body), dtype=str)


def _counts_table(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "to_invite" in d.value.columns)


def _lists(at: AppTest) -> list[str]:
    """The line managers the names menu offers, as shown."""
    menus = [b for b in at.selectbox if b.key == "invite-manager"]
    return [plain(o) for b in menus for o in b.options]


def _names_shown(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "employee_id" in d.value.columns)


def test_an_executive_sees_counts_and_names(signed_in, downloads, demo):
    data, filters = demo
    at = signed_in(CEO)
    counts = invitations_by_manager(data, filters)
    people = invitees(data, filters)
    assert "Whom to invite" in [s.value for s in at.subheader]
    caption = next(plain(c.value) for c in at.caption if "not enrolled, under" in c.value)
    managers = int((counts["to_invite"] > 0).sum())
    assert caption.startswith(
        f"{len(people):,} eligible employees are not enrolled, under {managers:,} line managers."
    )
    assert f"{counts['leavers'].sum():,} people not enrolled but with a leave date" in caption
    shown = _counts_table(at)
    assert shown["to_invite"].sum() == len(people)
    assert shown["to_invite"].is_monotonic_decreasing
    lists = _lists(at)
    top = shown.iloc[0]
    assert lists[0] == f"{top['manager']}: {top['to_invite']} to invite"
    assert len(lists) == managers
    names = _names_shown(at)
    team = people[people["manager"] == top["manager"]]
    assert sorted(names["employee_id"]) == sorted(team["employee_id"])
    assert names["name"].notna().all()
    by_manager = _csv(downloads, "invitations_by_manager")
    assert by_manager["to_invite"].astype(int).sum() == len(people)
    listed = _csv(downloads, "invitations_2")
    assert sorted(listed["employee_id"]) == sorted(people["employee_id"])
    assert listed["name"].notna().all()


def test_an_analyst_without_names_sees_counts_only(signed_in, downloads, demo):
    data, filters = demo
    at = signed_in(ANALYST)
    people = invitees(data, filters)
    assert _counts_table(at)["to_invite"].sum() == len(people)
    assert not _lists(at)
    assert any("counts only" in c.value for c in at.caption)
    assert not any(name.startswith("invitations_2") for name in downloads)
    assert any(name.startswith("invitations_by_manager") for name in downloads)
    sent = sent_text(at)
    assert not [n for n in people["name"].head(50) if n in sent]


def test_a_department_head_sees_only_their_departments(signed_in, downloads, demo):
    data, filters = demo
    at = signed_in(HEAD)
    policy = load_policy({"access": {"users": [{"email": HEAD["email"], **HEAD_GRANT}]}})
    mine = scope(data, policy.grants[0], policy)
    people = invitees(mine, filters)
    assert set(people["department"]) == {"Operations"}
    assert _counts_table(at)["to_invite"].sum() == len(people)
    listed = _csv(downloads, "invitations_2")
    assert set(listed["department"]) == {"Operations"}
    assert len(listed) == len(people) < len(invitees(data, filters))


@pytest.fixture
def no_managers(tmp_path, monkeypatch):
    """The app on the tiny organisation with every manager_id blank."""
    data = tiny_data()
    employees = data.employees.assign(manager_id=pd.NA)
    frames = {
        name: frame[[c for c in TABLES[name].column_names if c in frame]]
        for name, frame in (
            (n, employees if n == "employees" else data.table(n)) for n in data.present_tables
        )
    }
    path = tmp_path / "flat.db"
    write_tables(f"sqlite:///{path}", frames)
    monkeypatch.setenv("DASHBOARD_DEMO_PATH", str(path))
    monkeypatch.delenv("DASHBOARD_DB_URL", raising=False)
    monkeypatch.delenv("DASHBOARD_CONFIG", raising=False)


@pytest.mark.parametrize("page", [PAGE, "app_pages/managers.py"])
def test_data_without_line_managers_says_so(no_managers, page):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    said = [plain(i.value) for i in at.info]
    assert any(
        s.startswith("This data has no line managers (employees.manager_id is empty)") for s in said
    ), said
    assert not any("period" in s and "Widen" in s for s in said)


def test_a_team_s_list_follows_the_drill_down(demo_env, demo):
    data, filters = demo
    counts = invitations_by_manager(data, replace(filters, departments=("Operations",)))
    top = counts.iloc[0]
    labels = manager_labels(data.employees)
    at = open_page(PAGE, to_params(Drill("Operations", top["manager_id"]), labels.to_dict()))
    caption = next(plain(c.value) for c in at.caption if "not enrolled, under" in c.value)
    assert caption.startswith(
        f"{top['to_invite']} eligible employees are not enrolled, under 1 line manager."
    )
    assert _lists(at) == [f"{top['manager']}: {top['to_invite']} to invite"]
