"""A department head sees only their departments, everywhere (error messages included);
strangers and unverified addresses see nothing; saving and refreshing follow roles."""

import re
import shutil
import sqlite3

import pytest
from apptest_helpers import ANALYST, CEO, plain, sent_text
from apptest_helpers import OPS_HEAD as HEAD
from apptest_helpers import ROLE_SETTINGS as SETTINGS
from conftest import ROOT
from spreadsheets import EMPLOYEES, RELATIONSHIPS, csv
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from dashboard.sources.demo import generate

PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "app_pages").glob("*.py"))


@pytest.fixture
def signed_in_app(demo_env, tmp_path, monkeypatch):
    settings = tmp_path / "dashboard.toml"
    settings.write_text(SETTINGS)
    monkeypatch.setenv("DASHBOARD_CONFIG", str(settings))

    def make(user: dict) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.user = user
        return at

    return make


def _other_departments() -> list[str]:
    names = set(generate()["employees"]["department"])
    return sorted(names - {"Operations"})


def _leaks(at: AppTest) -> set[str]:
    """Other departments' names found anywhere in what the app sent to the browser."""
    text = sent_text(at)
    return {d for d in _other_departments() if re.search(rf"\b{re.escape(d)}\b", text)}


@pytest.mark.parametrize("page", PAGES)
def test_head_sees_no_other_department_on_any_page(signed_in_app, page):
    at = signed_in_app(HEAD).run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    assert _leaks(at) == set()


def test_head_cannot_reach_other_departments_through_url_or_state(signed_in_app):
    at = signed_in_app(HEAD)
    at.query_params["dept"] = "Sales"
    at.run()
    assert not at.exception
    assert _leaks(at) == set()
    # A fresh session whose remembered filter names another department.
    at = signed_in_app(HEAD)
    at.session_state["dept"] = ["Sales", "Operations"]
    at.run()
    assert not at.exception
    assert at.sidebar.multiselect(key="dept").value == ["Operations"]
    assert _leaks(at) == set()


def test_head_downloads_hold_only_their_rows(signed_in_app, monkeypatch):
    files: dict[str, bytes] = {}
    original = DeltaGenerator.download_button

    def recording(self, label, data, file_name=None, *args, **kwargs):
        files[file_name] = data() if callable(data) else data
        return original(self, label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", recording)
    at = signed_in_app(HEAD).run()
    assert not at.exception
    csvs = {name: body.decode() for name, body in files.items() if name.endswith(".csv")}
    departments = next(body for name, body in csvs.items() if name.startswith("departments"))
    assert departments.splitlines()[1].startswith("Operations,")
    assert len(departments.splitlines()) == 2
    for body in csvs.values():
        assert not any(re.search(rf"\b{re.escape(d)}\b", body) for d in _other_departments())


def test_unknown_user_sees_only_a_polite_no_access_page(signed_in_app):
    at = signed_in_app({"is_logged_in": True, "email": "stranger@example.org"}).run()
    assert not at.exception
    assert at.title[0].value == "No access"
    assert "stranger@example.org" in plain(at.info[0].value)
    assert len(at.metric) == 0 and len(at.dataframe) == 0 and len(at.sidebar.multiselect) == 0


def test_signed_out_user_is_asked_to_sign_in(signed_in_app):
    at = signed_in_app({"is_logged_in": False}).run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Sign in"]
    assert len(at.metric) == 0


def test_local_run_says_it_has_full_access(signed_in_app):
    at = signed_in_app({"email": "test@example.com"}).run()
    assert any("local run without sign-in" in c.value for c in at.sidebar.caption)


def test_leak_check_sees_departments_when_they_are_shown(signed_in_app):
    at = signed_in_app({"is_logged_in": True, "email": "ceo@example.org"}).run()
    assert _leaks(at) == set(_other_departments())


def test_an_unverified_address_is_given_no_access(signed_in_app):
    user = {**CEO, "email_verified": False}
    at = signed_in_app(user).run()
    assert not at.exception
    assert at.title[0].value == "E-mail address not verified"
    assert "has not verified this e-mail address" in at.info[0].value
    assert len(at.metric) == 0 and len(at.dataframe) == 0 and len(at.sidebar.multiselect) == 0
    assert signed_in_app({**CEO, "email_verified": "false"}).run().title[0].value == (
        "E-mail address not verified"
    )
    assert len(signed_in_app({**CEO, "email_verified": True}).run().metric) > 0


def _uploaded(at: AppTest) -> AppTest:
    at.run()
    at.switch_page("app_pages/data.py").run()
    files = [("staff.csv", csv(EMPLOYEES)), ("matches.csv", csv(RELATIONSHIPS))]
    at.file_uploader[0].set_value([(n, d, "text/csv") for n, d in files]).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _save_note(at: AppTest) -> str:
    return next(plain(c.value) for c in at.caption if "Save to database" in c.value)


@pytest.mark.parametrize(("user", "role"), [(HEAD, "department head"), (CEO, "executive")])
def test_save_to_database_is_not_offered_without_the_right_to_import(signed_in_app, user, role):
    at = _uploaded(signed_in_app(user))
    assert "upload_save" not in [b.key for b in at.button]
    assert _save_note(at) == (
        "**Save to database** is not available: Saving into a database is for analysts and "
        f"administrators; your access ({role}) does not include it."
    )


def test_an_analyst_may_save_an_upload(signed_in_app, tmp_path):
    at = _uploaded(signed_in_app(ANALYST))
    at.button(key="upload_save").click().run()
    assert not at.exception
    assert any("5 rows added" in s.value for s in at.success)


def test_the_database_the_dashboard_reads_is_never_offered_as_a_save_target(
    signed_in_app, demo_db, tmp_path, monkeypatch
):
    source = tmp_path / "hr.db"
    shutil.copy(demo_db, source)
    monkeypatch.setenv("DASHBOARD_DB_URL", f"sqlite:///{source}")
    settings = tmp_path / "dashboard.toml"
    settings.write_text(SETTINGS + f'\n[upload]\ndatabase = "sqlite:///{tmp_path}/./hr.db"\n')
    monkeypatch.setenv("DASHBOARD_CONFIG", str(settings))
    at = _uploaded(signed_in_app(ANALYST))
    assert "upload_save" not in [b.key for b in at.button]
    assert "the database the dashboard reads its data from, which it never writes" in (
        _save_note(at)
    )


@pytest.fixture
def unusable_source(demo_db, tmp_path, monkeypatch):
    """A configured database whose every relationship has a start date that is no date."""
    source = tmp_path / "broken.db"
    shutil.copy(demo_db, source)
    with sqlite3.connect(source) as conn:
        conn.execute("UPDATE relationships SET start_date = 'soon'")
    monkeypatch.setenv("DASHBOARD_DB_URL", f"sqlite:///{source}")
    return source


def test_a_head_sees_only_a_generic_message_when_the_source_fails(signed_in_app, unusable_source):
    at = signed_in_app(HEAD).run()
    assert not at.exception
    assert [plain(e.value) for e in at.error] == [
        "**The programme data could not be loaded just now.** Please try again later; the "
        "programme team can see the reason."
    ]
    assert len(at.dataframe) == 0
    assert _leaks(at) == set()
    at = signed_in_app(CEO).run()
    assert "every row of relationships was rejected" in plain(at.error[0].value)
    assert len(at.dataframe[0].value) > 1000  # the validation report, row by row


def test_refresh_is_for_those_who_see_every_department_and_rate_limited(
    signed_in_app, demo_db, tmp_path, monkeypatch
):
    source = tmp_path / "refreshed.db"
    shutil.copy(demo_db, source)
    monkeypatch.setenv("DASHBOARD_DB_URL", f"sqlite:///{source}")
    assert "Refresh data" not in [b.label for b in signed_in_app(HEAD).run().sidebar.button]
    at = signed_in_app(CEO).run()
    refresh = next(b for b in at.sidebar.button if b.label == "Refresh data")
    assert not refresh.disabled
    refresh.click().run()
    assert not at.exception
    other = signed_in_app(ANALYST).run()
    again = next(b for b in other.sidebar.button if b.label == "Refresh data")
    assert again.disabled and "available again in" in again.help
