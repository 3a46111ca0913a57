"""A department head sees only their departments, everywhere; strangers see nothing."""

import re

import pytest
from conftest import ROOT
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from dashboard.sources.demo import generate

PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "app_pages").glob("*.py"))
HEAD = {"is_logged_in": True, "email": "ops.head@example.org", "name": "Olu Head"}
SETTINGS = """
[[access.users]]
email = "ops.head@example.org"
role = "department_head"
departments = ["Operations"]

[[access.users]]
email = "ceo@example.org"
role = "executive"
"""


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
    sent = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            sent.append(proto.SerializeToString().decode("utf-8", "replace"))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    text = "\n".join(sent)
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
    assert "stranger@example.org" in at.info[0].value
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
