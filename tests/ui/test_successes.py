"""The Successes & risks page in AppTest: at-risk counts agree with the CLI, settings apply,
retention carries its caveat, and leadership support shows only when the data has it."""

import json
import sqlite3

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from dashboard.cli import main
from dashboard.filtering import select
from dashboard.metrics import leadership
from dashboard.metrics.retention import retention
from dashboard.metrics.risks import REASON_LABELS
from dashboard.model import Filters
from dashboard.period import default_period
from dashboard.sources.sql_mapping import SqlSettings
from dashboard.sources.sql_read import SqlSource

PAGE = "app_pages/successes.py"


def _page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _at_risk_json(capsys, db, *args: str) -> dict:
    capsys.readouterr()
    assert main(["at-risk", "--db", f"sqlite:///{db}", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def _assert_risk_cards(at: AppTest, expected: dict) -> None:
    shown = _metrics(at)
    assert shown["At risk"] == f"{expected['count']:,}"
    for reason, count in expected["by_reason"].items():
        assert shown[REASON_LABELS[reason]] == f"{count:,}", reason
    table = next(d.value for d in at.dataframe if "reasons" in d.value.columns)
    assert table["relationship_id"].tolist() == [
        r["relationship_id"] for r in expected["relationships"]
    ]
    assert [list(r) for r in table["reasons"]] == [r["reasons"] for r in expected["relationships"]]


@pytest.fixture(scope="module")
def demo(demo_db):
    data = SqlSource(f"sqlite:///{demo_db}", SqlSettings()).load().data
    return data, Filters(*default_period(data))


def test_at_risk_agrees_with_the_cli(demo_env, capsys):
    at = _page()
    assert at.number_input(key="risks-idle-days").value == 45
    _assert_risk_cards(at, _at_risk_json(capsys, demo_env))


def test_idle_days_input_changes_the_list(demo_env, capsys):
    at = _page()
    at.number_input(key="risks-idle-days").set_value(30).run()
    assert not at.exception
    expected = _at_risk_json(capsys, demo_env, "--idle-days", "30")
    assert expected["count"] > _at_risk_json(capsys, demo_env)["count"]
    _assert_risk_cards(at, expected)


def test_idle_days_and_senior_levels_from_the_settings_file(
    demo_env, demo, capsys, tmp_path, monkeypatch
):
    data, filters = demo
    settings = tmp_path / "dashboard.toml"
    settings.write_text('[risks]\nidle_days = 30\n\n[leadership]\nsenior_levels = ["Director"]\n')
    monkeypatch.setenv("DASHBOARD_CONFIG", str(settings))
    at = _page()
    assert at.number_input(key="risks-idle-days").value == 30
    _assert_risk_cards(at, _at_risk_json(capsys, demo_env, "--idle-days", "30"))
    total = leadership.senior_support(data, filters, levels=("Director",)).iloc[-1]
    assert _metrics(at)["Senior leaders who coach or mentor"] == (
        f"{total['as_coach_or_mentor']} of {total['senior_leaders']}"
    )


def test_a_mistake_in_the_settings_falls_back_with_a_warning(demo_env, tmp_path, monkeypatch):
    settings = tmp_path / "dashboard.toml"
    settings.write_text('[risks]\nidle_days = "soon"\n')
    monkeypatch.setenv("DASHBOARD_CONFIG", str(settings))
    at = _page()
    assert at.number_input(key="risks-idle-days").value == 45
    assert any("risks.idle_days must be a whole number" in w.value for w in at.warning)


def test_retention_with_sample_sizes_and_caveat(demo_env, demo):
    data, filters = demo
    at = _page()
    assert any("association, not proof of effect" in i.value.lower() for i in at.info)
    overall = retention(select(data, filters), filters.start, filters.end).loc["all"]
    shown = _metrics(at)
    assert shown["Participants who left"] == f"{overall['participant_rate']:.1%}"
    assert shown["Non-participants who left"] == f"{overall['non_participant_rate']:.1%}"
    assert overall["participant_rate"] < overall["non_participant_rate"]  # the demo's story
    table = next(d.value for d in at.dataframe if "participant_n" in d.value.columns)
    assert {"participant_n", "non_participant_n", "participant_leavers"} <= set(table.columns)
    assert table["participant_n"].sum() == overall["participant_n"]
    assert table["non_participant_n"].sum() == overall["non_participant_n"]


def test_successes_and_leadership_on_the_demo(demo_env, demo):
    data, filters = demo
    at = _page()
    assert any(m.value.startswith("**") and "goals** were completed on or before" in m.value
               for m in at.markdown)  # fmt: skip
    sponsors = next(d.value for d in at.dataframe if "programme_name" in d.value.columns)
    expected = leadership.programme_sponsors(data, filters)
    assert sponsors["sponsor"].tolist() == expected["sponsor_name"].tolist()
    total = leadership.senior_support(data, filters, levels=leadership.DEFAULT_SENIOR_LEVELS)
    assert _metrics(at)["Senior leaders who coach or mentor"] == (
        f"{total.iloc[-1]['as_coach_or_mentor']} of {total.iloc[-1]['senior_leaders']}"
    )
    at.button_group(key="successes-improved-measure").set_value("goal_completion").run()
    assert not at.exception
    assert any("Rise" in str(d.value.columns) or "change_points" in d.value.columns
               for d in at.dataframe)  # fmt: skip


def test_leadership_section_hidden_without_sponsors_or_job_levels(demo_db, tmp_path, monkeypatch):
    copy = tmp_path / "plain.db"
    copy.write_bytes(demo_db.read_bytes())
    with sqlite3.connect(copy) as conn:
        conn.execute("DROP TABLE programmes")
        conn.execute("ALTER TABLE employees DROP COLUMN job_level")
    conn.close()
    monkeypatch.setenv("DASHBOARD_DEMO_PATH", str(copy))
    monkeypatch.delenv("DASHBOARD_DB_URL", raising=False)
    at = _page()
    headings = [h.value for h in at.subheader]
    assert "Relationships at risk" in headings
    assert "Visible support from strategic managers" not in headings


def _happy_table_shown(at: AppTest) -> bool:
    return any("responses" in d.value.columns for d in at.dataframe)


def test_no_one_sees_a_pairings_own_feedback_by_default(demo_env, capsys):
    at = _page()
    assert REASON_LABELS["low_satisfaction"] not in _metrics(at)
    assert any("low satisfaction score is not a reason" in c.value.lower() for c in at.caption)
    table = next(d.value for d in at.dataframe if "reasons" in d.value.columns)
    assert not any("satisfaction" in reason for r in table["reasons"] for reason in r)
    assert not _happy_table_shown(at)
    assert any("individual feedback" in i.value for i in at.info)
    _assert_risk_cards(at, _at_risk_json(capsys, demo_env))


def test_the_programme_team_sees_low_scores_and_happy_endings(demo_env, tmp_path, monkeypatch):
    settings = tmp_path / "dashboard.toml"
    settings.write_text(
        '[privacy]\nindividual_feedback = ["programme@example.org"]\n\n'
        '[[access.users]]\nemail = "programme@example.org"\nrole = "executive"\n\n'
        '[[access.users]]\nemail = "ceo@example.org"\nrole = "executive"\n'
    )
    monkeypatch.setenv("DASHBOARD_CONFIG", str(settings))
    for email, allowed in (("programme@example.org", True), ("ceo@example.org", False)):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.user = {"is_logged_in": True, "email": email}
        at.run()
        at.switch_page(PAGE).run()
        assert not at.exception, [e.message for e in at.exception]
        assert (REASON_LABELS["low_satisfaction"] in _metrics(at)) is allowed, email
        assert _happy_table_shown(at) is allowed, email


def test_everyone_sees_them_when_the_setting_is_true(demo_env, tmp_path, monkeypatch, capsys):
    settings = tmp_path / "dashboard.toml"
    settings.write_text("[privacy]\nindividual_feedback = true\n")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(settings))
    at = _page()
    expected = _at_risk_json(capsys, demo_env)
    assert "low_satisfaction" in expected["by_reason"]
    _assert_risk_cards(at, expected)
    assert _happy_table_shown(at)
