"""One number, one value: each figure reads the same on every page, in the CLI and in the board
pack, for an executive (the whole organisation and one department) and a department head."""

import json
import re
from dataclasses import dataclass

import pandas as pd
import pytest
from apptest_helpers import CEO, summary_json
from apptest_helpers import OPS_HEAD as HEAD
from apptest_helpers import ROLE_SETTINGS as SETTINGS
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from dashboard.access import Grant, Policy, scope
from dashboard.boardpack.content import build, scope_label
from dashboard.cli import main
from dashboard.config import config_path
from dashboard.metrics.capacity import DEFAULT_MAX_PARTICIPANTS, coach_load
from dashboard.metrics.organisation import organisation
from dashboard.metrics.targets import load_targets
from dashboard.model import Filters
from dashboard.period import default_period
from dashboard.sources.sql_mapping import SqlSettings
from dashboard.sources.sql_read import SqlSource

OTHER_DEPARTMENT = re.compile(r"Coach in another department \(id (.+)\)")


@dataclass(frozen=True)
class Viewer:
    name: str
    user: dict
    params: dict
    department: str | None
    head: bool


VIEWERS = [
    Viewer("executive, whole organisation", CEO, {}, None, False),
    Viewer("executive, Operations", CEO, {"dept": "Operations"}, "Operations", False),
    Viewer("head of Operations", HEAD, {}, "Operations", True),
]


@pytest.fixture
def signed_in(demo_env, tmp_path, monkeypatch):
    settings = tmp_path / "dashboard.toml"
    settings.write_text(SETTINGS)
    monkeypatch.setenv("DASHBOARD_CONFIG", str(settings))
    return demo_env


def _pages(viewer: Viewer) -> dict[str, AppTest]:
    """Each page as the viewer sees it, with the viewer's URL parameters."""
    shown = {}
    for page in ("overview", "participation", "goals", "successes"):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
        at.user = viewer.user
        for key, value in viewer.params.items():
            at.query_params[key] = value
        at.run()
        if page != "overview":
            at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception, [e.message for e in at.exception]
        shown[page] = at
    return shown


def _card(at: AppTest, prefix: str) -> tuple[str, str]:
    found = [m for m in at.metric if m.label.startswith(prefix)]
    assert len(found) == 1, [m.label for m in at.metric]
    return found[0].value, found[0].help or ""


def _frame(at: AppTest, column: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def _of(numerator: int, denominator: int) -> str:
    return f"{numerator:,} of {denominator:,}"


def _pack_rows(pack, section: str, title: str, key: str) -> dict:
    table = next(t for t in pack.section(section).tables if t.title == title)
    return table.frame.set_index(key).to_dict("index")


def _loads(frame: pd.DataFrame, truth: pd.DataFrame) -> list[tuple[str, int]]:
    """(coach, participants) from a page's table of coaches, by the names in the whole data: a
    coach in another department shows only their id, which the true load names."""
    names = truth.set_index("coach_id")["coach"]
    out = []
    for coach, participants in zip(frame["coach"], frame["participants"], strict=True):
        other = OTHER_DEPARTMENT.fullmatch(coach)
        out.append((names[other.group(1)] if other else coach, int(participants)))
    return sorted(out)


@pytest.mark.parametrize("viewer", VIEWERS, ids=lambda v: v.name)
def test_every_figure_reads_the_same_everywhere(signed_in, capsys, viewer):
    url = f"sqlite:///{signed_in}"
    data = SqlSource(url, SqlSettings()).load().data
    departments = () if viewer.department is None else (viewer.department,)
    if viewer.head:
        # A head's data is cut to their department, so they need no department filter.
        grant = Grant(viewer.user["email"], "department_head", departments)
        seen = scope(data, grant, Policy())
    else:
        seen = data
    start, end = default_period(seen)
    filters = Filters(start=start, end=end, departments=() if viewer.head else departments)

    # The CLI has no sign-in: a head's view is the department filter over the same period.
    cli = ["--from", start.isoformat(), "--to", end.isoformat()]
    cli += [] if viewer.department is None else ["--department", viewer.department]
    kpis = summary_json(capsys, signed_in, *cli)
    capsys.readouterr()
    assert main(["at-risk", "--json", "--db", url, *cli]) == 0
    at_risk = json.loads(capsys.readouterr().out)["count"]

    org = organisation(data, filters, inside=departments) if viewer.head else None
    pack = build(
        seen,
        filters,
        scope=scope_label(seen),
        targets=load_targets(config_path()),
        organisation=org,
    )
    pages = _pages(viewer)
    overview, participation, goals, successes = (
        pages[p] for p in ("overview", "participation", "goals", "successes")
    )

    completed = kpis["goals_completed"]
    base = kpis["goal_completion_rate_denominator"]
    on_time = kpis["on_time_rate_numerator"]
    overdue = kpis["goals_overdue"]
    participants, eligible = kpis["participants"], kpis["eligible_headcount"]
    assert kpis["goal_completion_rate_numerator"] == completed
    assert kpis["on_time_rate_denominator"] == completed

    # The board pack's headline table shows every card exactly as the Overview does.
    pack_kpis = _pack_rows(pack, "kpis", "Headline KPIs", "KPI")
    for label, row in pack_kpis.items():
        assert _card(overview, label)[0] == row["Value"], label

    # Goals completed, and the base they are counted against.
    for at, prefix in ((overview, "Goal completion"), (goals, "Completion")):
        assert _of(completed, base) in _card(at, prefix)[1]
    assert f"over {completed:,} goals completed in the period" in _texts(goals)
    assert f"of the {completed:,} completed" in _texts(successes)
    pack_goals = _pack_rows(pack, "goals", "Goals, whole selection", "Measure")
    assert (pack_goals["Completed"]["Goals"], pack_goals["Completed"]["Out of"]) == (
        completed,
        base,
    )
    by_department = _frame(overview, "goals_due")
    assert by_department["goals_due"].sum() == base
    done = (by_department["goal_completion"] * by_department["goals_due"] / 100).round()
    assert done.sum() == completed

    # Goals completed on time.
    for at, prefix in ((overview, "Completed on time"), (goals, "Completed on time")):
        assert _of(on_time, completed) in _card(at, prefix)[1]
    assert f"**{on_time:,} goals** were completed on or before" in _texts(successes)
    assert len(_frame(successes, "days_early")) == on_time
    assert pack_goals["Completed on time"]["Goals"] == on_time
    pack_successes = _pack_rows(pack, "risks", "Successes", "Success")
    assert pack_successes["Goals completed on time"]["Count"] == on_time

    # Goals overdue.
    for at in (overview, goals):
        assert _card(at, "Goals overdue")[0] == f"{overdue:,}"
    assert len(_frame(goals, "days_overdue")) == overdue
    assert pack_goals["Overdue"]["Goals"] == overdue
    assert pack_kpis["Goals overdue"]["Value"] == f"{overdue:,}"

    # Uptake, named Uptake everywhere.
    for at in (overview, participation):
        assert _of(participants, eligible) in _card(at, "Uptake")[1]
    assert "Uptake" in pack_kpis
    uptake_table = _pack_rows(pack, "uptake", "Uptake by department", "Department")
    assert sum(r["Participants"] for r in uptake_table.values()) == participants

    # Active participants.
    for at in (overview, participation):
        assert _card(at, "Active participants")[0] == f"{kpis['active_participants']:,}"

    # Pairings at risk.
    assert _card(successes, "At risk")[0] == f"{at_risk:,}"
    pack_risks = _pack_rows(pack, "risks", "Relationships at risk, by reason", "Reason")
    assert pack_risks["Any reason"]["Relationships"] == at_risk
    if at_risk:
        assert f"{at_risk:,} pairings at risk" in _texts(overview)

    # Coach load: every coach over the limit carries the same participants for every viewer,
    # counted over the whole organisation.
    truth = coach_load(data, Filters(start=start, end=end, departments=departments))
    over = truth[truth["participants"] > DEFAULT_MAX_PARTICIPANTS]
    expected = sorted(zip(over["coach"], over["participants"].astype(int), strict=True))
    assert expected
    assert _loads(_frame(participation, "in_selection"), truth) == expected
    assert kpis["coach_capacity"]["over_limit"] == len(over)
    assert _card(participation, "Carrying more than")[0] == str(len(over))
    assert _card(participation, "Coaches")[0] == str(kpis["coach_capacity"]["coaches"])
    coaches = next(iter(_pack_rows(pack, "coaches", "Coach load", "Coaches").items()))
    assert coaches[0] == kpis["coach_capacity"]["coaches"]
    assert coaches[1][f"Carrying more than {DEFAULT_MAX_PARTICIPANTS}"] == len(over)
    assert (
        round(coaches[1]["Participants per coach"], 1)
        == (kpis["coach_capacity"]["mean_participants"])
    )
    pack_over = _pack_rows(
        pack,
        "coaches",
        f"Coaches carrying more than {DEFAULT_MAX_PARTICIPANTS} participants",
        "Coach",
    )
    named = pd.DataFrame(
        {"coach": list(pack_over), "participants": [r["Participants"] for r in pack_over.values()]}
    )
    assert _loads(named, truth) == expected
