"""The Overview's verdict, its links, honest changes, and a head set against the organisation."""

from __future__ import annotations

import io
import re

import pytest
from apptest_helpers import plain, summary_json
from conftest import ROOT
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from dashboard.boardpack.content import build, scope_label
from dashboard.boardpack.pdf import to_pdf
from dashboard.model import Filters
from dashboard.period import default_period
from dashboard.sources.sql_mapping import SqlSettings
from dashboard.sources.sql_read import SqlSource

HEAD = {"is_logged_in": True, "email": "ops.head@example.org", "name": "Olu Head"}
SETTINGS = """
[[access.users]]
email = "ops.head@example.org"
role = "department_head"
departments = ["Operations"]
"""


def _app(params: dict[str, str] | None = None, user: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    if user:
        at.user = user
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _verdict_text(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "-badge[" in m.value)


@pytest.fixture
def head_app(demo_env, tmp_path, monkeypatch):
    settings = tmp_path / "dashboard.toml"
    settings.write_text(SETTINGS)
    monkeypatch.setenv("DASHBOARD_CONFIG", str(settings))
    return lambda: _app(user=HEAD)


def test_overview_opens_with_the_verdict_the_cli_and_the_board_pack_give(demo_env, capsys):
    at = _app()
    expected = summary_json(capsys, demo_env)["verdict"]
    shown = _verdict_text(at)
    assert shown.startswith(":red-badge[:material/cancel: Off track] ")
    assert shown.endswith(expected["sentence"])
    for i, action in enumerate(expected["actions"], start=1):
        line = next(m.value for m in at.markdown if m.value.startswith(f"{i}. "))
        assert f"**{action['title']}**" in line and line.endswith(action["evidence"])
    links = at.get("page_link")
    assert [link.proto.label for link in links] == [
        "Obstacles, Operations",
        "Goals",
        "Managers",
        "Successes & risks",
        "Obstacles, IT",
    ]
    assert links[0].proto.page == "obstacles"
    assert links[0].proto.query_string == "link=1&set_dept=Operations"
    # The board pack's page 1 says the same.
    data = SqlSource(f"sqlite:///{demo_env}", SqlSettings()).load().data
    pack = build(data, Filters(*default_period(data)), scope=scope_label(data))
    first = PdfReader(io.BytesIO(to_pdf(pack))).pages[0].extract_text()
    assert re.sub(r"\s+", " ", expected["sentence"]) in re.sub(r"\s+", " ", first)


def test_a_followed_link_sets_the_department_and_keeps_the_period(demo_env):
    at = _app({"period": "Last 6 months"})
    at.query_params["link"] = "1"
    at.query_params["set_dept"] = "Operations"
    at.switch_page("app_pages/obstacles.py").run()
    assert not at.exception
    assert at.session_state["dept"] == ["Operations"]
    assert at.session_state["period"] == "Last 6 months"
    assert "link" not in at.query_params and "set_dept" not in at.query_params
    # A copied link opens a fresh session on the same view.
    fresh = _app({"link": "1", "set_dept": "Operations"})
    assert fresh.sidebar.multiselect(key="dept").value == ["Operations"]


def test_cards_say_when_periods_do_not_compare_and_judge_the_published_value(demo_env):
    at = _app()
    cards = {m.label.split(" :")[0]: m for m in at.metric}
    assert cards["Ended early"].delta == "not comparable"
    assert "40 → 298 ended pairings" in cards["Ended early"].proto.delta_description
    # Published to one decimal and judged on what is published: 4.0 against 4.0 is on target.
    assert cards["Satisfaction"].value == "4.0 / 5"
    assert "on target" in next(m.label for m in at.metric if m.label.startswith("Satisfaction"))


def test_a_department_filter_is_set_against_the_organisation(demo_env):
    at = _app({"dept": "Operations"})
    assert "Operations against the organisation" in [s.value for s in at.subheader]
    table = next(d.value for d in at.dataframe if "organisation" in d.value.columns)
    uptake = table.set_index("measure").loc["Uptake"]
    assert (uptake["mine"], uptake["organisation"], uptake["difference"]) == (
        "19%",
        "41%",
        "-21.3 pts",
    )


def test_a_head_is_compared_with_the_organisation_not_with_their_department(head_app):
    at = head_app()
    assert _verdict_text(at).split("] ", 1)[1].startswith("In Operations, ")
    assert "Operations against the organisation" in [s.value for s in at.subheader]
    table = next(d.value for d in at.dataframe if "organisation" in d.value.columns)
    assert table.set_index("measure").loc["Uptake", "organisation"] == "41%"
    at.switch_page("app_pages/managers.py").run()
    assert not at.exception
    counts = {m.label: m.value for m in at.metric}
    # The executive, filtered to Operations, sees the same 12 managers on watch.
    assert counts["Watch"] == "12"
    captions = " ".join(c.value for c in at.caption)
    assert "the organisation's rate (every department's managers, not only those you see)" in (
        captions
    )
    assert "Benchmark: 40.5%, the pooled rate of the organisation (169 managers)" in captions


def test_managers_page_explains_each_flagged_manager_in_words(demo_env):
    at = _app()
    at.switch_page("app_pages/managers.py").run()
    texts = [plain(m.value) for m in at.markdown]
    explained = [t for t in texts if "'s team: " in t and "across the organisation" in t]
    assert len(explained) >= 4
    assert any("happens by chance less than 1 time in" in t for t in explained)
    # Statistics live in the expanders: φ is stated only beside "above 1" or "not above 1".
    captions = [c.value for c in at.caption]
    for caption in captions:
        if "φ =" in caption and "more than chance" in caption:
            assert "above 1" in caption or "switched off" in caption
