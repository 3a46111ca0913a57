"""The verdict and its actions, from hand-built metric results (and the tiny organisation)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
from fixtures import PERIOD, tiny_data

from dashboard.metrics import verdict
from dashboard.metrics.targets import Targets
from dashboard.metrics.verdict import MAX_ACTIONS, Evidence, Link, decide

FILTERS = PERIOD
REASONS = ("idle", "low_satisfaction", "missed_sessions", "mismatch")
LABELS = ("No recent session", "Low satisfaction", "Missed in a row", "Ended as mismatch")


def _kpis(**changes) -> dict:
    kpis = {
        "participation_rate": 0.45,
        "participation_rate_numerator": 450,
        "participation_rate_denominator": 1000,
        "goal_completion_rate": 0.75,
        "goal_completion_rate_numerator": 300,
        "goal_completion_rate_denominator": 400,
        "goals_overdue": 12,
        "satisfaction_mean": 4.2,
        "satisfaction_favourable": 0.8,
        "satisfaction_respondents": 300,
    }
    return kpis | changes


def _departments(rows: list[tuple[str, int, int]]) -> pd.DataFrame:
    """(department, eligible, participants) with goals all on target."""
    frame = pd.DataFrame(rows, columns=["department", "eligible", "participants"])
    return frame.assign(
        uptake=frame["participants"] / frame["eligible"],
        goal_completion=0.75,
        goals_completed=30,
        goals_due=40,
    )


def _managers(statuses: dict[str, tuple[str, str]]) -> pd.DataFrame:
    """manager id -> (overall status, adherence flag); uptake and goals as expected."""
    return pd.DataFrame(
        [
            {
                "manager_id": m,
                "status": status,
                "uptake_flag": "in_control",
                "goals_flag": "in_control",
                "adherence_flag": flag,
            }
            for m, (status, flag) in statuses.items()
        ]
    )


def _at_risk(counts: tuple[int, int, int, int] = (0, 0, 0, 0)) -> pd.DataFrame:
    return pd.DataFrame({"reason": REASONS, "label": LABELS, "relationships": counts})


def _obstacles(rows: list[tuple[str, str, int]] = ()) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["department", "category", "count"])


def healthy(**changes) -> Evidence:
    fields = {
        "kpis": _kpis(),
        "targets": Targets(),
        "filters": FILTERS,
        "departments": _departments([("Sales", 400, 190), ("Operations", 600, 260)]),
        "managers": _managers({"M1": ("in_control", "in_control")}),
        "obstacles": _obstacles(),
        "at_risk": _at_risk(),
        "at_risk_total": 0,
    }
    return Evidence(**(fields | changes))


def troubled(**changes) -> Evidence:
    """The demo's story: Operations far below on uptake, goal completion short, satisfaction
    a hair under its target, four under-performing managers, 37 pairings at risk."""
    fields = {
        "kpis": _kpis(
            participation_rate=555 / 1370,
            participation_rate_numerator=555,
            participation_rate_denominator=1370,
            goal_completion_rate=746 / 1230,
            goal_completion_rate_numerator=746,
            goal_completion_rate_denominator=1230,
            goals_overdue=97,
            satisfaction_mean=3.9954,
            satisfaction_respondents=547,
            satisfaction_favourable=0.7468,
        ),
        "departments": _departments(
            [("Sales", 210, 102), ("Operations", 339, 65), ("IT", 173, 66), ("Tiny", 4, 0)]
        ),
        "managers": _managers(
            {f"U{i}": ("under", "under") for i in range(4)}
            | {f"W{i}": ("watch", "watch") for i in range(3)}
            | {"OK": ("in_control", "in_control"), "S": ("too_small", "too_small")}
        ),
        "obstacles": _obstacles(
            [
                ("Operations", "resistance_to_change", 30),
                ("Operations", "lack_of_time", 19),
                ("Operations", "mismatch", 2),
                ("Sales", "lack_of_time", 2),
            ]
        ),
        "at_risk": _at_risk((5, 12, 11, 15)),
        "at_risk_total": 37,
    }
    return healthy(**(fields | changes))


def test_nothing_to_act_on():
    result = decide(healthy())
    assert result.status == "on_track"
    assert result.label == "On track"
    assert result.actions == ()
    assert result.sentence == (
        "Uptake (45% against 40%), goal completion (75% against 70%) and satisfaction "
        "(4.2 / 5 against 4.0 / 5) are on target, with no under-performing manager and no "
        "pairing at risk."
    )


def test_the_demo_story_gives_the_actions_an_executive_expects():
    result = decide(troubled())
    assert result.status == "off_track"  # goal completion is beyond the amber margin
    assert [a.key for a in result.actions] == [
        "uptake:Operations",
        "goals",
        "managers",
        "at_risk",
        "uptake:IT",
    ]
    operations = result.actions[0]
    assert operations.title == "Raise uptake in Operations"
    assert operations.evidence == (
        "Operations uptake 19% against 40% (65 of 339 eligible employees; organisation 41%); "
        "71 more participants would reach the target. Resistance to change (30) and lack of "
        "time (19) are its largest open obstacles."
    )
    assert operations.link == Link("obstacles", ("Operations",))
    assert operations.link.url == "/obstacles?dept=Operations"
    assert operations.link.label == "Obstacles, Operations"
    goals = result.actions[1]
    assert goals.evidence == (
        "Goal completion 61% against 70% (746 of 1,230 goals closed or overdue); 97 goals "
        "overdue; lowest in Sales (75%, 30 of 40)."
    )
    assert result.actions[2].evidence.startswith(
        "Of 8 managers judged, 4 are under-performing (session adherence 4) and 3 more on watch."
    )
    assert result.actions[3].title == "37 pairings at risk"
    assert "ended as mismatch 15, low satisfaction 12" in result.actions[3].evidence
    assert result.actions[3].link.page == "successes"
    assert result.sentence == (
        "Uptake (41% against 40%) is on target but goal completion (61% against 70%) and "
        "satisfaction (3.995 / 5 against 4.0 / 5) fall short, and uptake in Operations and "
        "IT, 4 under-performing managers and 37 pairings at risk need action."
    )


def test_at_most_five_actions_and_further_departments_counted_in_one():
    many = troubled(
        departments=_departments(
            [("A", 100, 10), ("B", 100, 12), ("C", 100, 14), ("D", 100, 30), ("E", 100, 50)]
        ),
        obstacles=_obstacles(),
    )
    result = decide(many)
    assert len(result.actions) == MAX_ACTIONS
    keys = [a.key for a in result.actions]
    assert keys[:2] == ["uptake:A", "uptake:B"]
    more = next(a for a in result.actions if a.key == "uptake:more")
    assert more.title == "2 more departments below the uptake target"
    assert more.evidence == "Also short of their uptake target: C (14%) and D (30%)."
    # Without open obstacles the department's own uptake is where to look.
    assert result.actions[0].link == Link("participation", ("A",))


def test_suppressed_satisfaction_is_never_named():
    hidden = troubled(kpis=troubled().kpis | {"satisfaction_mean": None})
    result = decide(hidden)
    assert "satisfaction (" not in result.sentence.lower() and "/ 5" not in result.sentence
    assert "satisfaction" not in [a.key for a in result.actions]
    assert not any("/ 5" in a.evidence for a in result.actions)


def test_small_departments_and_small_bases_are_not_judged():
    tiny = healthy(
        kpis=_kpis(
            goal_completion_rate=0.2,
            goal_completion_rate_numerator=1,
            goal_completion_rate_denominator=5,
        ),
        departments=_departments([("Sales", 400, 190), ("Board", 6, 0)]),
    )
    result = decide(tiny)
    assert result.actions == ()
    assert result.status == "on_track"
    assert "goal completion (1 of 5 goals closed or overdue) rests on too few to judge" in (
        result.sentence
    )


def test_a_heads_verdict_speaks_of_their_department_against_the_organisation():
    mine = troubled(
        kpis=_kpis(
            participation_rate=65 / 339,
            participation_rate_numerator=65,
            participation_rate_denominator=339,
        ),
        departments=_departments([("Operations", 339, 65)]),
        filters=FILTERS,
        organisation={"participation_rate": 0.4051, "goal_completion_rate": 0.612},
        scope="Operations",
    )
    result = decide(mine)
    assert result.sentence == (
        "In Operations, goal completion (75% against 70%; organisation 61%) and satisfaction "
        "(4.2 / 5 against 4.0 / 5) are on target but uptake (19% against 40%; organisation "
        "41%) falls short, and 4 under-performing managers and 37 pairings at risk need action."
    )
    # One department: its uptake action stands for the headline's, with the organisation's.
    assert [a.key for a in result.actions if a.key.startswith("uptake")] == ["uptake:Operations"]
    assert "organisation 41%" in result.actions[0].evidence
    assert "Sales" not in result.sentence + " ".join(a.evidence for a in result.actions)


def test_links_keep_the_users_selection():
    assert next(a.link for a in decide(troubled()).actions if a.key == "managers") == Link(
        "managers"
    )
    sales = troubled(filters=replace(FILTERS, departments=("Sales", "IT"), managers=("M1",)))
    managers_link = next(a.link for a in decide(sales).actions if a.key == "managers")
    assert managers_link == Link("managers", ("Sales", "IT"), ("M1",))
    assert managers_link.params() == {"dept": ["Sales", "IT"], "manager": ["M1"]}
    assert managers_link.url == "/managers?dept=Sales&dept=IT&manager=M1"


def test_gather_reads_the_tiny_organisation():
    evidence = verdict.gather(tiny_data(), PERIOD, targets=Targets())
    assert evidence.at_risk_total == 3  # two idle pairings and one ended as a mismatch
    result = decide(evidence)
    assert result.status == "attention"
    # Six eligible employees and five goals due: too few to judge against a target.
    assert result.sentence == (
        "Uptake (3 of 6 eligible employees) and goal completion (2 of 5 goals closed or overdue) "
        "rest on too few to judge against a target, and 3 pairings at risk need action."
    )
    assert [a.key for a in result.actions] == ["at_risk"]
    assert verdict.whose(tiny_data(), PERIOD) is None


def test_only_the_required_tables_still_give_a_verdict():
    bare = tiny_data(goals=None, feedback=None, obstacles=None, sessions=None)
    result = decide(verdict.gather(bare, PERIOD, targets=Targets()))
    assert result.status == "attention"
    assert result.sentence == (
        "Uptake (3 of 6 eligible employees) rests on too few to judge against a target, and "
        "1 pairing at risk needs action."
    )
    assert [a.key for a in result.actions] == ["at_risk"]
    assert result.actions[0].evidence.startswith("At the period end: ended as mismatch 1")
