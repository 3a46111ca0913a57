"""The verdict: programme health in one sentence and at most five actions, from the metrics;
defined in docs/METRICS.md#targets-changes-and-the-verdict (rules: docs/TARGETS.md)."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal
from urllib.parse import urlencode

import pandas as pd

from dashboard.filtering import select
from dashboard.kpis import format_against, format_value
from dashboard.metrics import departments as department_metrics
from dashboard.metrics import manager_advice, risks
from dashboard.metrics.against_target import scope_department, with_targets
from dashboard.metrics.comparability import BASES, MIN_BASE
from dashboard.metrics.manager_advice import NAMES
from dashboard.metrics.managers import TEAM_MEASURES, MeasureFit
from dashboard.metrics.obstacles import department_category_matrix
from dashboard.metrics.satisfaction import DEFAULT_K
from dashboard.metrics.summary import headline_with_previous
from dashboard.metrics.targets import Rag, Targets, rag, target_for
from dashboard.model import Filters, ProgrammeData
from dashboard.schema import OBSTACLE_CATEGORIES

Status = Literal["on_track", "attention", "off_track"]
STATUS_LABELS: dict[str, str] = {
    "on_track": "On track",
    "attention": "Needs attention",
    "off_track": "Off track",
}
PRIORITY: dict[str, str] = {"red": "High", "amber": "Medium"}
MAX_ACTIONS = 5
# Departments this small are left to the department table: one person moves uptake by 5 pts.
MIN_ELIGIBLE = MIN_BASE
# Below-target departments named one by one; the rest are counted in one further action.
NAMED_DEPARTMENTS = 2
MIN_GOALS_DUE = 20
# URL path of each page (st.Page's default: the script's name) and its title.
PAGES: dict[str, str] = {
    "overview": "Overview",
    "participation": "Participation",
    "goals": "Goals",
    "managers": "Managers",
    "obstacles": "Obstacles",
    "successes": "Successes & risks",
}
_SEVERITY = {"red": 0, "amber": 1}


@dataclass(frozen=True)
class Link:
    """Where an action's evidence is shown: a page and the sidebar filters to land on it with
    (the app's own URL parameters: `dept`, `manager`; period and the rest are kept)."""

    page: str
    departments: tuple[str, ...] = ()
    managers: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        where = ", ".join(self.departments)
        return PAGES[self.page] + (f", {where}" if len(self.departments) == 1 else "")

    def params(self) -> dict[str, list[str]]:
        return {
            key: list(values)
            for key, values in (("dept", self.departments), ("manager", self.managers))
            if values
        }

    @property
    def url(self) -> str:
        path = "" if self.page == "overview" else self.page
        query = urlencode(self.params(), doseq=True)
        return f"/{path}" + (f"?{query}" if query else "")


@dataclass(frozen=True)
class Action:
    """One thing to act on: what, the numbers behind it, where to look, and how bad it is."""

    key: str
    title: str
    evidence: str
    link: Link
    severity: Rag
    # For ranking: how far short of the target, as a share of it (1.0 where not a target gap).
    shortfall: float = 1.0


@dataclass(frozen=True)
class Verdict:
    status: Status
    sentence: str
    actions: tuple[Action, ...]

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    def as_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "label": self.label,
            "sentence": self.sentence,
            "actions": [
                {
                    **{k: v for k, v in asdict(a).items() if k not in ("link", "shortfall")},
                    "page": PAGES[a.link.page],
                    "params": a.link.params(),
                    "url": a.link.url,
                }
                for a in self.actions
            ],
        }


@dataclass(frozen=True)
class Evidence:
    """What the rules read. `departments` is `departments.department_table`; `managers` a
    review table (status and per-measure flags); `obstacles` open obstacles by department and
    category (`department_category_matrix`); `at_risk` `risks.reason_counts` with the total;
    `organisation` the whole organisation's headline KPIs when the data is only part of it."""

    kpis: dict[str, Any]
    targets: Targets
    filters: Filters
    departments: pd.DataFrame
    managers: pd.DataFrame
    obstacles: pd.DataFrame
    at_risk: pd.DataFrame
    at_risk_total: int
    organisation: dict[str, Any] | None = None
    scope: str | None = None


def _and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def _here(evidence: Evidence) -> Link:
    """A link's filters when it stays on the user's selection."""
    return Link("overview", evidence.filters.departments, evidence.filters.managers)


def _against(value: float, target: float, fmt: str) -> str:
    return f"{format_against(value, target, fmt)} against {format_value(target, fmt)}"


def _shortfall(value: float, target: float) -> float:
    return max(0.0, (target - value) / target) if target else 0.0


# --- the headline KPIs against their targets ---------------------------------------------------

_HEADLINE = (
    ("participation_rate", "uptake", "uptake", "rate"),
    ("goal_completion_rate", "goal_completion", "goal completion", "rate"),
    ("satisfaction_mean", "satisfaction", "satisfaction", "score"),
)


def _has_value(evidence: Evidence, key: str) -> bool:
    value = evidence.kpis.get(key)
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _too_few(evidence: Evidence, key: str) -> bool:
    base = evidence.kpis.get(BASES[key][0])
    return base is not None and base < MIN_BASE


def _headline_status(evidence: Evidence) -> list[tuple[str, str, float, float, Rag]]:
    """(key, name, value, target, status) of each headline KPI that has a value on a base
    large enough to judge; a suppressed satisfaction has none, so it is never judged or named."""
    department = scope_department(evidence.filters)
    out = []
    for key, measure, name, _fmt in _HEADLINE:
        if not _has_value(evidence, key) or _too_few(evidence, key):
            continue
        value = float(evidence.kpis[key])
        target = target_for(evidence.targets, measure, department)
        out.append((key, name, value, target, rag(value, target)))
    return out


def _unjudged(evidence: Evidence) -> list[str]:
    """Headline KPIs with a value on too small a base to judge, as 'uptake (3 of 6 …)'."""
    out = []
    for key, _measure, name, _fmt in _HEADLINE:
        if _has_value(evidence, key) and _too_few(evidence, key):
            base, noun = BASES[key]
            numerator = evidence.kpis.get(f"{key}_numerator")
            count = evidence.kpis[base]
            figure = f"{numerator} of {count}" if numerator is not None else f"{count}"
            out.append(f"{name} ({figure} {noun})")
    return out


def _fmt(key: str) -> str:
    return next(f for k, _m, _n, f in _HEADLINE if k == key)


def _organisation_note(evidence: Evidence, key: str, *, of_part: bool = False) -> str:
    """'; organisation 41%' where the evidence is part of the organisation (or, `of_part`, a
    department of the whole organisation in view), read against the organisation's target as
    its own card reads it."""
    org = evidence.organisation
    if org is None and of_part and evidence.scope is None:
        org = evidence.kpis
    if org is None or org.get(key) is None:
        return ""
    measure = next(m for k, m, _n, _f in _HEADLINE if k == key)
    target = target_for(evidence.targets, measure)
    return f"; organisation {format_against(org[key], target, _fmt(key))}"


# --- candidate actions -------------------------------------------------------------------------


def _largest_obstacles(evidence: Evidence, department: str, top: int = 2) -> list[tuple]:
    rows = evidence.obstacles[evidence.obstacles["department"] == department]
    rows = rows.sort_values(["count", "category"], ascending=[False, True]).head(top)
    return [
        (OBSTACLE_CATEGORIES.get(c, c).lower(), int(n))
        for c, n in zip(rows["category"], rows["count"], strict=True)
    ]


def _uptake_actions(evidence: Evidence) -> list[Action]:
    table = evidence.departments
    if table.empty or "uptake" not in table:
        return []
    rated = with_targets(table, evidence.targets, "uptake", value="uptake")
    short = rated[rated["rag"].isin(("red", "amber")) & (rated["eligible"] >= MIN_ELIGIBLE)]
    short = short.assign(
        _gap=(short["target"] - short["uptake"]) / short["target"],
        _people=(short["target"] * short["eligible"]).map(math.ceil) - short["participants"],
    ).sort_values(["_gap", "_people"], ascending=False)
    actions = []
    for _, row in short.head(NAMED_DEPARTMENTS).iterrows():
        name = row["department"]
        figure = (
            f"{name} uptake {_against(row['uptake'], row['target'], 'rate')} "
            f"({row['participants']:,} of {row['eligible']:,} eligible employees"
            + _organisation_note(evidence, "participation_rate", of_part=True)
            + f"); {_count(int(row['_people']), 'more participant')} would reach the target"
        )
        obstacles = _largest_obstacles(evidence, name)
        if obstacles:
            named = _and([f"{label} ({n})" for label, n in obstacles])
            verb = (
                "is its largest open obstacle"
                if len(obstacles) == 1
                else "are its largest open obstacles"
            )
            figure += f". {named[0].upper() + named[1:]} {verb}"
            link = Link("obstacles", (name,))
        else:
            link = Link("participation", (name,))
        actions.append(
            Action(
                f"uptake:{name}",
                f"Raise uptake in {name}",
                figure + ".",
                link,
                row["rag"],
                float(row["_gap"]),
            )
        )
    rest = short.iloc[NAMED_DEPARTMENTS:]
    if len(rest):
        listed = _and(
            [f"{d} ({u:.0%})" for d, u in zip(rest["department"], rest["uptake"], strict=True)]
        )
        actions.append(
            Action(
                "uptake:more",
                f"{_count(len(rest), 'more department')} below the uptake target",
                f"Also short of their uptake target: {listed}.",
                replace(_here(evidence), page="participation"),
                "red" if (rest["rag"] == "red").any() else "amber",
                float(rest["_gap"].max()),
            )
        )
    return actions


def _headline_uptake_action(evidence: Evidence, covered: bool) -> list[Action]:
    """Uptake across the selection, when short and no department action already says so."""
    if covered:
        return []
    for key, _name, value, target, status in _headline_status(evidence):
        if key == "participation_rate" and status in ("red", "amber"):
            k = evidence.kpis
            return [
                Action(
                    "uptake",
                    "Raise uptake",
                    f"Uptake {_against(value, target, 'rate')} "
                    f"({k['participation_rate_numerator']:,} of "
                    f"{k['participation_rate_denominator']:,} eligible employees"
                    f"{_organisation_note(evidence, key)}).",
                    replace(_here(evidence), page="participation"),
                    status,
                    _shortfall(value, target),
                )
            ]
    return []


def _goal_action(evidence: Evidence) -> list[Action]:
    for key, _name, value, target, status in _headline_status(evidence):
        if key != "goal_completion_rate" or status not in ("red", "amber"):
            continue
        k = evidence.kpis
        text = (
            f"Goal completion {_against(value, target, 'rate')} "
            f"({k['goal_completion_rate_numerator']:,} of "
            f"{k['goal_completion_rate_denominator']:,} goals closed or overdue"
            f"{_organisation_note(evidence, key)})"
        )
        if k.get("goals_overdue"):
            text += f"; {_count(k['goals_overdue'], 'goal')} overdue"
        table = evidence.departments
        if "goal_completion" in table and len(table) > 1:
            due = table[table["goals_due"].fillna(0) >= MIN_GOALS_DUE]
            if len(due):
                low = due.loc[due["goal_completion"].idxmin()]
                text += (
                    f"; lowest in {low['department']} ({low['goal_completion']:.0%}, "
                    f"{int(low['goals_completed']):,} of {int(low['goals_due']):,})"
                )
        return [
            Action(
                "goals",
                "Lift goal completion",
                text + ".",
                replace(_here(evidence), page="goals"),
                status,
                _shortfall(value, target),
            )
        ]
    return []


def _satisfaction_action(evidence: Evidence) -> list[Action]:
    for key, _name, value, target, status in _headline_status(evidence):
        if key != "satisfaction_mean" or status not in ("red", "amber"):
            continue
        people = evidence.kpis.get("satisfaction_respondents") or 0
        favourable = evidence.kpis.get("satisfaction_favourable")
        text = (
            f"Satisfaction {_against(value, target, 'score')} from "
            f"{_count(people, 'respondent')}"
            + (f", {favourable:.0%} favourable (4–5)" if favourable is not None else "")
            + f"{_organisation_note(evidence, key)}."
        )
        return [
            Action(
                "satisfaction",
                "Look into satisfaction",
                text + " Pairings whose latest score is 2 or lower are listed as at risk.",
                replace(_here(evidence), page="successes"),
                status,
                _shortfall(value, target),
            )
        ]
    return []


def _manager_action(evidence: Evidence) -> list[Action]:
    table = evidence.managers
    if table.empty:
        return []
    under = table[table["status"] == "under"]
    watch = table[table["status"] == "watch"]
    if under.empty and watch.empty:
        return []
    chosen = under if len(under) else watch
    flagged = "under" if len(under) else "watch"
    by_measure = [
        f"{NAMES[m]} {int((chosen[f'{m}_flag'] == flagged).sum())}"
        for m in TEAM_MEASURES
        if f"{m}_flag" in chosen and (chosen[f"{m}_flag"] == flagged).any()
    ]
    judged = int((~table["status"].isin(("too_small", "no_data"))).sum())
    measures = ", ".join(by_measure)
    if len(under):
        title = f"{_count(len(under), 'manager')} under-performing"
        text = f"Of {judged:,} managers judged, {len(under):,} "
        text += f"{'is' if len(under) == 1 else 'are'} under-performing ({measures})"
        if len(watch):
            text += f" and {len(watch):,} more on watch"
        text += ". Each has responses fitted to the team's figures and obstacles."
        severity: Rag = "red"
    else:
        title = f"{_count(len(watch), 'manager')} on watch"
        text = f"Of {judged:,} managers judged, {len(watch):,} "
        text += f"{'is' if len(watch) == 1 else 'are'} on watch ({measures}): a check-in "
        text += "conversation each."
        severity = "amber"
    return [
        Action(
            "managers",
            title[0].upper() + title[1:],
            text,
            replace(_here(evidence), page="managers"),
            severity,
        )
    ]


def _risk_action(evidence: Evidence) -> list[Action]:
    total = evidence.at_risk_total
    if not total:
        return []
    counts = evidence.at_risk[evidence.at_risk["relationships"] > 0]
    counts = counts.sort_values("relationships", ascending=False)
    reasons = _and(
        [
            f"{label.lower()} {n:,}"
            for label, n in zip(counts["label"], counts["relationships"], strict=True)
        ]
    )
    return [
        Action(
            "at_risk",
            f"{_count(total, 'pairing')} at risk",
            f"At the period end: {reasons} (a pairing with two reasons counts under both).",
            replace(_here(evidence), page="successes"),
            "amber",
        )
    ]


# --- the verdict -------------------------------------------------------------------------------


def _rank(actions: list[Action]) -> list[Action]:
    """Targets missed by more than the amber margin (largest shortfall first), under-performing
    managers, pairings at risk, then targets nearly met and managers on watch."""

    def bucket(a: Action) -> int:
        if a.key == "managers":
            return 1 if a.severity == "red" else 4
        if a.key == "at_risk":
            return 2
        return 0 if a.severity == "red" else 3

    return sorted(actions, key=lambda a: (bucket(a), -a.shortfall))


def _sentence(evidence: Evidence, headline: list, actions: list[Action]) -> str:
    def clause(key: str, name: str, value: float, target: float) -> str:
        return f"{name} ({_against(value, target, _fmt(key))}{_organisation_note(evidence, key)})"

    on = [clause(k, n, v, t) for k, n, v, t, s in headline if s == "green"]
    short = [clause(k, n, v, t) for k, n, v, t, s in headline if s != "green"]
    parts = []
    if on:
        parts.append(f"{_and(on)} {'is' if len(on) == 1 else 'are'} on target")
    if short:
        verb = "falls" if len(short) == 1 else "fall"
        parts.append(("but " if on else "") + f"{_and(short)} {verb} short")
    focus = [
        a.key.removeprefix("uptake:")
        for a in actions
        if a.key.startswith("uptake:") and a.key != "uptake:more"
    ]
    extra = [f"uptake in {_and(focus)}"] if focus and focus != [evidence.scope] else []
    table = evidence.managers
    under = int((table["status"] == "under").sum()) if len(table) else 0
    if under:
        extra.append(_count(under, "under-performing manager"))
    if evidence.at_risk_total:
        extra.append(_count(evidence.at_risk_total, "pairing") + " at risk")
    few = _unjudged(evidence)
    if few:
        verb = "rests" if len(few) == 1 else "rest"
        parts.append(
            ("; " if parts else "") + f"{_and(few)} {verb} on too few to judge against a target"
        )
    text = " ".join(parts).replace(" ; ", "; ")
    if extra:
        one = len(extra) == 1 and (not extra[0][0].isdigit() or extra[0].startswith("1 "))
        need = "needs" if one else "need"
        text += (", and " if text else "") + f"{_and(extra)} {need} action"
    elif text:
        text += ", with no under-performing manager and no pairing at risk"
    if not text:
        return "Nothing to judge against a target in this selection, and nothing to act on."
    where = f"In {evidence.scope}, " if evidence.scope else ""
    text = where + text if where else text[0].upper() + text[1:]
    return text + "."


def decide(evidence: Evidence) -> Verdict:
    """The status, one sentence and at most MAX_ACTIONS actions, most pressing first."""
    headline = _headline_status(evidence)
    uptake = _uptake_actions(evidence)
    candidates = [
        *uptake,
        *_headline_uptake_action(evidence, covered=bool(uptake)),
        *_goal_action(evidence),
        *_satisfaction_action(evidence),
        *_manager_action(evidence),
        *_risk_action(evidence),
    ]
    actions = _rank(candidates)[:MAX_ACTIONS]
    if any(s == "red" for _k, _n, _v, _t, s in headline):
        status: Status = "off_track"
    elif actions:
        status = "attention"
    else:
        status = "on_track"
    return Verdict(status, _sentence(evidence, headline, actions), tuple(actions))


def gather(
    data: ProgrammeData,
    filters: Filters,
    *,
    targets: Targets,
    k: int = DEFAULT_K,
    idle_days: int = risks.DEFAULT_IDLE_DAYS,
    reference: dict[str, MeasureFit] | None = None,
    organisation: dict[str, Any] | None = None,
    scope: str | None = None,
) -> Evidence:
    """The evidence from the data, by the metric functions the pages use (the CLI and the
    board pack; the pages assemble the same from their cached results)."""
    at_risk, at_risk_total = risks.at_risk_by_reason(data, filters, idle_days=idle_days)
    review = manager_advice.reviewed(data, filters, reference=reference).review
    return Evidence(
        kpis=headline_with_previous(data, filters, k=k),
        targets=targets,
        filters=filters,
        departments=department_metrics.department_table(data, filters, k=k),
        managers=review.table,
        obstacles=open_by_department(data, filters),
        at_risk=at_risk,
        at_risk_total=at_risk_total,
        organisation=organisation,
        scope=scope,
    )


def open_by_department(data: ProgrammeData, filters: Filters) -> pd.DataFrame:
    """Open obstacles at the period end by department and category (department, category,
    count); empty without an obstacles table."""
    if data.obstacles is None:
        return pd.DataFrame({"department": [], "category": [], "count": []})
    sl = select(data, filters)
    return department_category_matrix(sl.obstacles, filters.start, filters.end, which="open")


def whose(data: ProgrammeData, filters: Filters) -> str | None:
    """The departments a verdict speaks of when not the whole organisation: the department
    filter's, else those of a department head's scope; None for the whole organisation."""
    if filters.departments:
        return _and(list(filters.departments))
    scoped = data.scope.split("|")[0]
    return None if scoped == "all" else _and(scoped.split(","))
