"""After an upload: a reload (a new session with the token in its URL) shows it again, for the
same browser and user only, until it is cleared or no tab has shown it for `keep_minutes`;
what was cached from it goes with it."""

import time

import pytest
from apptest_helpers import end_session, plain
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from dashboard.sources.demo import generate
from dashboard.template import template_workbook
from dashboard.ui import uploaded
from dashboard.ui.cache import load_key, results
from dashboard.upload_store import owner

OWNER = {"is_logged_in": True, "email": "analyst@example.org"}
SETTINGS = """
[[access.users]]
email = "analyst@example.org"
role = "analyst"

[[access.users]]
email = "colleague@example.org"
role = "analyst"
"""


@pytest.fixture
def workbook(demo_workbook_500) -> bytes:
    return demo_workbook_500


@pytest.fixture
def settings(demo_env, tmp_path, monkeypatch):
    """Sign-in configured for two analysts; the store made afresh with these settings."""
    path = tmp_path / "dashboard.toml"
    path.write_text(SETTINGS)
    monkeypatch.setenv("DASHBOARD_CONFIG", str(path))
    uploaded.store.clear()
    yield path
    uploaded.store.clear()


def _tab(user=OWNER, token: str | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.user = user
    if token:
        at.query_params["upload"] = token
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _upload(workbook: bytes, user=OWNER) -> tuple[AppTest, str]:
    at = _tab(user, page="app_pages/data.py")
    at.file_uploader[0].set_value([("programme.xlsx", workbook, "application/octet-stream")])
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at, at.query_params["upload"]


def _source(at: AppTest) -> str:
    return plain(at.sidebar.caption[0].value)


def _warnings(at: AppTest) -> str:
    return plain(" ".join(w.value for w in at.sidebar.warning))


def test_a_reload_shows_the_upload_again(settings, workbook):
    at, token = _upload(workbook)
    assert len(token) >= 32
    at.switch_page("app_pages/overview.py").run()
    shown = {m.label: m.value for m in at.metric}
    assert at.query_params["upload"] == token  # still in the URL on another page
    end_session()  # the tab is reloaded: its session ends, a new one starts
    again = _tab(token=token)
    assert "Uploaded files: programme.xlsx" in _source(again)
    assert again.button_group(key="data_source").value == "Uploaded files"
    assert {m.label: m.value for m in again.metric} == shown
    data = again.switch_page("app_pages/data.py").run()
    assert any("Showing the files uploaded at" in c.value for c in data.caption)
    assert not any("Nothing uploaded yet" in i.value for i in data.info)


def test_files_that_have_not_loaded_warn_that_a_reload_loses_them(settings, workbook):
    employees_only = template_workbook({"employees": generate(employees=500)["employees"]})
    at = _tab(page="app_pages/data.py")
    at.file_uploader[0].set_value([("staff.xlsx", employees_only, "application/octet-stream")])
    at.run()
    assert any("Nothing usable was found" in e.value for e in at.error)
    assert any("a reload or a closed tab loses them" in plain(w.value) for w in at.warning)
    assert "upload" not in at.query_params
    # A loaded upload is kept, so it gets no such warning.
    _, token = _upload(workbook)
    end_session()
    kept = _tab(token=token, page="app_pages/data.py")
    assert not any("loses them" in plain(w.value) for w in kept.warning)


def test_another_user_or_browser_cannot_open_it(settings, workbook):
    _, token = _upload(workbook)
    end_session()
    other = _tab({"is_logged_in": True, "email": "colleague@example.org"}, token=token)
    assert "Demo organisation" in _source(other)
    assert "cannot be shown here" in _warnings(other) and "never shared" in _warnings(other)
    assert "upload" not in other.query_params
    end_session()
    assert "Uploaded files" in _source(_tab(token=token))  # still there for its owner


def test_clearing_frees_the_upload_and_everything_cached_from_it(settings, workbook):
    at, token = _upload(workbook)
    at.switch_page("app_pages/overview.py").run()
    held = uploaded.store().get(token, owner(OWNER["email"], None))  # AppTest sends no cookie
    computed_from = load_key(held.loaded.data)
    assert results().bytes_of(computed_from) > 0
    end_session()
    page = _tab(token=token, page="app_pages/data.py")
    page.button(key=next(b.key for b in page.button if b.label == "Clear the upload")).click()
    page.run()
    assert not uploaded.store().holds(token)
    assert results().bytes_of(computed_from) == 0
    assert "Demo organisation" in _source(page)
    end_session()
    assert "they were cleared" in _warnings(_tab(token=token))


def test_an_upload_no_tab_shows_is_freed_after_keep_minutes(settings, workbook):
    settings.write_text(SETTINGS + "\n[upload]\nkeep_minutes = 0.005\n")  # 0.3 s
    uploaded.store.clear()
    _, token = _upload(workbook)
    assert uploaded.store().holds(token)
    time.sleep(0.5)
    assert uploaded.store().sweep() == 0  # a tab still shows it
    end_session()  # the tab closed
    time.sleep(0.5)
    assert uploaded.store().sweep() == 1
    assert "no tab showed them for longer" in _warnings(_tab(token=token))


def test_a_new_upload_makes_room_within_keep_mb(settings, workbook):
    settings.write_text(SETTINGS + "\n[upload]\nkeep_mb = 1\n")  # less than one upload
    uploaded.store.clear()
    _, first = _upload(workbook)
    end_session()
    _, second = _upload(workbook)
    assert uploaded.store().holds(second) and not uploaded.store().holds(first)
    end_session()
    assert "needed the room" in _warnings(_tab(token=first))


def test_a_mistake_in_the_memory_settings_is_named_on_the_data_page(settings):
    settings.write_text(SETTINGS + "\n[upload]\nkeep_minutes = -1\n")
    at = _tab(page="app_pages/data.py")
    assert any(
        "[upload] keep_minutes must be a positive number, not -1" in w.value for w in at.warning
    )
    assert uploaded.memory().upload_keep_minutes == 30  # the default applies
