"""Every page runs in AppTest without an exception, and the Overview agrees with the CLI."""

import json

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from dashboard.cli import main
from dashboard.config import config_path
from dashboard.kpis import CARDS, card_label, card_target, card_value
from dashboard.metrics.targets import load_targets

PAGES = [
    "app_pages/overview.py",
    "app_pages/managers.py",
    "app_pages/participation.py",
    "app_pages/goals.py",
    "app_pages/obstacles.py",
    "app_pages/successes.py",
    "app_pages/data.py",
]


def _app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)


def _summary_json(capsys, *args: str) -> dict:
    capsys.readouterr()
    assert main(["summary", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_exception(demo_env, page):
    at = _app().run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _cards(expected: dict, department: str | None = None) -> dict[str, str]:
    """The cards the Overview should show: labels with their target badge, and values."""
    targets = load_targets(config_path())
    cards = {}
    for card in CARDS:
        target, status = card_target(card, expected, targets, department)
        cards[card_label(card, status)] = card_value(card, expected, 5, target)
    return cards


def test_overview_kpis_equal_summary_json(demo_env, capsys):
    at = _app().run()
    expected = _summary_json(capsys, "--db", f"sqlite:///{demo_env}")
    shown = _metrics(at)
    assert shown == _cards(expected)
    participation = next(v for label, v in shown.items() if label.startswith("Uptake"))
    assert participation.endswith("%")


def test_overview_follows_department_in_url(demo_env, capsys):
    at = _app()
    at.query_params["dept"] = "Operations"
    at.run()
    assert not at.exception
    expected = _summary_json(capsys, "--db", f"sqlite:///{demo_env}", "--department", "Operations")
    overall = _summary_json(capsys, "--db", f"sqlite:///{demo_env}")
    assert expected["eligible_headcount"] < overall["eligible_headcount"]
    assert _metrics(at) == _cards(expected, "Operations")


def test_overview_custom_period_from_url(demo_env, capsys):
    at = _app()
    at.query_params["period"] = "Custom"
    at.query_params["from"] = "2025-04-01"
    at.query_params["to"] = "2025-09-30"
    at.run()
    assert not at.exception
    expected = _summary_json(
        capsys, "--db", f"sqlite:///{demo_env}", "--from", "2025-04-01", "--to", "2025-09-30"
    )
    assert _metrics(at) == _cards(expected)


def test_overview_has_trend_chart_and_department_table(demo_env):
    at = _app().run()
    departments = at.dataframe[0].value
    assert len(departments) >= 8
    assert "Operations" in set(departments["department"])
    assert len(at.get("vega_lite_chart")) == 3
    assert [b.label for b in at.get("download_button")] == [
        *("CSV", "XLSX", "CSV", "XLSX"),
        *("Board pack PDF", "Board pack XLSX"),
    ]


def test_a_small_departments_satisfaction_is_withheld_alike_on_page_and_cli(demo_env, capsys):
    # Executive Office has three respondents in the default period.
    at = _app()
    at.query_params["dept"] = "Executive Office"
    at.run()
    expected = _summary_json(
        capsys, "--db", f"sqlite:///{demo_env}", "--department", "Executive Office"
    )
    assert expected["satisfaction_mean"] is None and expected["satisfaction_respondents"] is None
    assert _metrics(at) == _cards(expected, "Executive Office")
    satisfaction = next(m for m in at.metric if m.label.startswith("Satisfaction"))
    assert satisfaction.value == "fewer than 5"
    assert "Hidden: fewer than 5 people answered." in satisfaction.help


def test_department_table_shows_satisfaction_to_one_decimal(demo_env):
    at = _app().run()
    shown = at.dataframe[0].value.set_index("department")
    assert shown.loc["Executive Office", "satisfaction"] == "fewer than 5"
    others = shown.drop(index="Executive Office")
    assert others["satisfaction"].str.fullmatch(r"[1-5]\.\d").all()
    assert (others["respondents"] % 5 == 0).all()
