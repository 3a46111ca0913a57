"""What the board pack says: already-scoped data and filters → ordered sections of tables.

Every figure comes from the metric functions the pages use; a section whose table is absent
(or has no rows) is left out, never faked. No free text: only aggregates, statuses and names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import altair as alt
import pandas as pd

from dashboard.charts.rate_bars import rate_bars
from dashboard.filtering import select
from dashboard.kpis import CARDS, card_change, card_target, card_value, format_value
from dashboard.labels import label as word
from dashboard.metrics import capacity, departments, goal_breakdown, managers, risks
from dashboard.metrics import organisation as organisation_metrics
from dashboard.metrics import successes as success_metrics
from dashboard.metrics import verdict as verdict_metrics
from dashboard.metrics.against_target import (
    STATUS_TEXT,
    scope_department,
    with_targets,
)
from dashboard.metrics.funnel import ARCSINE
from dashboard.metrics.manager_advice import reviewed
from dashboard.metrics.obstacles import category_label, department_category_grid
from dashboard.metrics.satisfaction import DEFAULT_K, satisfaction_text
from dashboard.metrics.summary import headline_with_previous
from dashboard.metrics.targets import DEFAULT_AMBER_WITHIN, Targets
from dashboard.metrics.uptake import uptake_against_targets
from dashboard.model import Filters, ProgrammeData

Format = Literal["text", "rate", "count", "score", "decimal", "points"]


@dataclass(frozen=True)
class Table:
    """One table: a frame with readable column names and each column's number format."""

    title: str
    frame: pd.DataFrame
    formats: dict[str, Format] = field(default_factory=dict)
    note: str = ""

    def format_of(self, column: str) -> Format:
        return self.formats.get(column, "text")


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    intro: str
    tables: tuple[Table, ...]
    charts: tuple[alt.TopLevelMixin, ...] = ()
    bullets: tuple[str, ...] = ()
    # The workbook's sheet name, when the title is longer than Excel's 31 characters.
    sheet: str = ""

    @property
    def sheet_title(self) -> str:
        return self.sheet or self.title


@dataclass(frozen=True)
class BoardPack:
    title: str
    scope: str
    period: str
    filters: str
    generated: dt.date
    sections: tuple[Section, ...]
    verdict: verdict_metrics.Verdict | None = None

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


def scope_label(data: ProgrammeData) -> str:
    """Whose data the pack covers, from the scope `access.scope` stamped on the data."""
    departments = data.scope.split("|")[0]
    if departments == "all":
        return "Whole organisation"
    return "Departments: " + departments.replace(",", ", ")


def filter_text(filters: Filters) -> str:
    """The filters besides the period, in words; 'none' when nothing narrows the data."""
    parts = [
        f"{label}: {', '.join(values)}"
        for label, values in (
            ("departments", filters.departments),
            ("managers", filters.managers),
            ("kinds", tuple(word(k) for k in filters.kinds)),
            ("formats", tuple(word(f) for f in filters.formats)),
            ("programmes", filters.programmes),
        )
        if values
    ]
    return "; ".join(parts) or "none (the whole scope)"


def _kpis(
    data: ProgrammeData,
    filters: Filters,
    k: int,
    targets: Targets,
    organisation: organisation_metrics.Organisation | None,
) -> Section:
    kpis = headline_with_previous(data, filters, k=k)
    previous = kpis["previous"]
    department = scope_department(filters)
    rows = []
    for card in CARDS:
        target, status = card_target(card, kpis, targets, department)
        change = card_change(card, kpis)
        rows.append(
            {
                "KPI": card.label,
                "Value": card_value(card, kpis, k, target),
                "Previous period": card_value(card, previous, k),
                "Change": (
                    f"not comparable: {change.reason}" if change.reason else change.text or "—"
                ),
                "Target": "—" if target is None else format_value(target, card.format),
                "Status": "—" if status is None else STATUS_TEXT[status],
            }
        )
    tables = [Table("Headline KPIs", pd.DataFrame(rows))]
    if organisation is not None:
        whose = verdict_metrics.whose(data, filters) or "This selection"
        compared = organisation_metrics.side_by_side(
            kpis, organisation, k=k, targets=targets, department=department
        ).rename(
            columns={
                "measure": "Measure",
                "mine": whose,
                "organisation": "Organisation",
                "difference": "Difference",
            }
        )
        tables.append(Table(f"{whose} against the organisation", compared))
    return Section(
        "kpis",
        "Headline KPIs",
        f"Previous period: {previous['period_start']} to {previous['period_end']}. Status is "
        f"against the target: on target, near (within {DEFAULT_AMBER_WITHIN:.0%} of it) or "
        "below. A change is shown only between comparable periods.",
        tuple(tables),
    )


def _uptake(data: ProgrammeData, filters: Filters, k: int, targets: Targets) -> Section | None:
    table = departments.department_table(data, filters, k=k)
    if table.empty:
        return None
    rated = with_targets(table, targets, "uptake", value="uptake")
    satisfaction = satisfaction_text(table, k) if "satisfaction" in table else None
    frame = pd.DataFrame(
        {
            "Department": table["department"],
            "Eligible": table["eligible"],
            "Participants": table["participants"],
            "Uptake": table["uptake"],
            "Uptake target": rated["target"],
            "Status": rated["rag"].map(STATUS_TEXT).fillna("—"),
        }
    )
    formats: dict[str, Format] = {
        "Eligible": "count",
        "Participants": "count",
        "Uptake": "rate",
        "Uptake target": "rate",
    }
    if "goal_completion" in table:
        frame["Goal completion"] = table["goal_completion"]
        formats["Goal completion"] = "rate"
    if satisfaction is not None:
        frame["Satisfaction"] = satisfaction
    if "open_obstacles" in table:
        frame["Open obstacles"] = table["open_obstacles"]
        formats["Open obstacles"] = "count"
    # Worst first: below target, then near, then on, lowest uptake first within each.
    frame = frame.loc[departments.uptake_worst_first(table, targets).index]
    # Like the page's chart, each bar shows its department's target and is coloured against it.
    chart = rate_bars(
        uptake_against_targets(data, filters, by="department", targets=targets),
        key="department",
        rate_title="Uptake",
    )
    return Section(
        "uptake",
        "Uptake by department",
        "Uptake = eligible employees in a coaching or mentoring pairing during the period. "
        f"Satisfaction counts only groups of {k} or more people that no filter can split "
        "(whole calendar months).",
        (Table("Uptake by department", frame, formats),),
        (chart,),
    )


def _goals(data: ProgrammeData, filters: Filters, targets: Targets) -> Section | None:
    if data.goals is None:
        return None
    totals = goal_breakdown.goal_totals(data, filters)
    if not totals["denominator"].sum():
        return None
    labels = {"completion": "Completed", "on_time": "Completed on time", "overdue": "Overdue"}
    overall = pd.DataFrame(
        {
            "Measure": totals.index.map(labels),
            "Goals": totals["numerator"].to_numpy(),
            "Out of": totals["denominator"].to_numpy(),
            "Rate": totals["rate"].to_numpy(),
        }
    )
    # The Goals page's rates by department, for the table and the chart alike; a department with
    # no goal closed or overdue has no completion rate and is left out of the table.
    rates = goal_breakdown.goal_rates(data, filters, by="department")
    rated = goal_breakdown.side_by_side_rated(rates, "department", targets)
    rated = rated[rated["completion_denominator"] > 0]
    per_department = pd.DataFrame(
        {
            "Department": rated["label"],
            "Closed or overdue": rated["completion_denominator"],
            "Completed": rated["completion_numerator"],
            "Completion": rated["completion_rate"],
            "On time": rated["on_time_rate"],
            "Overdue": rated["overdue_rate"],
            "Target": rated["target"],
            "Status": rated["rag"].map(STATUS_TEXT).fillna("—"),
        }
    )
    chart = rate_bars(
        goal_breakdown.completion_rated(rates, targets),
        key="department",
        rate_title="Goal completion",
    )
    return Section(
        "goals",
        "Goal completion",
        "Completion = goals completed / goals closed or overdue (completed or abandoned in the "
        "period, or open past their target date at its end); on time = completed by the target "
        "date / completed. An abandoned goal was closed without being achieved and counts as "
        "not completed.",
        (
            Table(
                "Goals, whole selection",
                overall,
                {"Goals": "count", "Out of": "count", "Rate": "rate"},
            ),
            Table(
                "Goals by department",
                per_department,
                {
                    "Closed or overdue": "count",
                    "Completed": "count",
                    "Completion": "rate",
                    "On time": "rate",
                    "Overdue": "rate",
                    "Target": "rate",
                },
            ),
        ),
        (chart,),
    )


def _managers(
    data: ProgrammeData,
    filters: Filters,
    min_n: int,
    reference: dict[str, managers.MeasureFit] | None,
) -> tuple[Section | None, Any]:
    page = reviewed(data, filters, min_n=min_n, reference=reference)
    review, actions = page.review, page.actions
    if review.table.empty:
        return None, review
    counts = review.table["status"].value_counts()
    by_flag = pd.DataFrame(
        {
            "Status": [managers.STATUS_LABELS[s] for s in managers.STATUS_ORDER],
            "Managers": [int(counts.get(s, 0)) for s in managers.STATUS_ORDER],
        }
    )
    by_flag = by_flag[by_flag["Managers"] > 0]
    tables = [Table("Managers by status", by_flag, {"Managers": "count"})]
    columns = {
        "manager": "Manager",
        "department": "Department",
        "evidence": "Why, in plain words",
        "recommended_actions": "What to do",
    }
    for label, title in (
        ("Under-performing", "Under-performing managers"),
        ("Over-performing", "Over-performing managers"),
    ):
        chosen = actions[actions["status"] == label]
        if len(chosen):
            shown = chosen.assign(
                recommended_actions="• " + chosen["recommended_actions"].str.replace("; ", "\n• ")
            )
            tables.append(Table(title, shown[list(columns)].rename(columns=columns)))
    if len(page.pairing.pairs):
        pairs = page.pairing.pairs.rename(
            columns={
                "mentee": "Mentee",
                "mentee_department": "Mentee's department",
                "mentee_concerns": "Concerns",
                "mentor": "Proposed mentor",
                "mentor_department": "Mentor's department",
                "mentor_strengths": "Mentor's strengths",
            }
        )[
            [
                "Mentee",
                "Mentee's department",
                "Concerns",
                "Proposed mentor",
                "Mentor's department",
                "Mentor's strengths",
            ]
        ]
        tables.append(Table("Proposed peer-mentor pairings", pairs))
    watch = int(counts.get("watch", 0)) + int(counts.get("strong", 0))
    return (
        Section(
            "managers",
            "Operational managers",
            f"Each manager's team (eligible direct reports, at least {min_n}) is compared with "
            "the organisation's rate for "
            + ", ".join(managers.TEAM_MEASURES[m].lower() for m in review.measures)
            + ". Under-performing: a gap so large that chance alone would give it less than "
            "1 time in 1,000 for a team of that size; over-performing likewise above. "
            + (
                f"{watch} more managers on watch or strong are in the workbook and on the "
                "Managers page."
                if watch
                else ""
            ),
            tuple(tables),
        ),
        review,
    )


def _obstacles(data: ProgrammeData, filters: Filters) -> Section | None:
    if data.obstacles is None:
        return None
    grid = department_category_grid(
        select(data, filters).obstacles, filters.start, filters.end, which="open"
    )
    if grid.empty:
        return None
    labelled = grid.assign(category=category_label(grid["category"]))
    matrix = labelled.pivot(index="department", columns="category", values="count")
    matrix = matrix.reindex(index=list(dict.fromkeys(labelled["department"])))
    matrix = matrix[list(dict.fromkeys(labelled["category"]))]
    matrix["Total"] = matrix.sum(axis=1)
    frame = matrix.rename_axis(columns=None).rename_axis("Department").reset_index()
    frame.columns = [str(c) for c in frame.columns]
    return Section(
        "obstacles",
        "Obstacles by department and category",
        "Obstacles reported by the end of the period and not resolved by then.",
        (Table("Open obstacles", frame, dict.fromkeys(frame.columns[1:], "count")),),
        sheet="Obstacles",
    )


def _coaches(
    data: ProgrammeData,
    filters: Filters,
    limit: int,
    organisation: organisation_metrics.Organisation | None,
) -> Section | None:
    if data.relationships is None:
        return None
    # As on the Participation page: a coach's load counts their pairings across the
    # organisation, whoever reads the pack.
    totals = None if organisation is None else organisation.coaches
    load = capacity.coach_load(data, filters, totals)
    if load.empty:
        return None
    numbers = capacity.capacity_summary(data, load, limit)
    over_title = f"Carrying more than {limit}"
    summary = pd.DataFrame(
        {
            "Coaches": [numbers["coaches"]],
            "Participants per coach": [numbers["mean"]],
            "Median": [numbers["median"]],
            over_title: [numbers["over"]],
        }
    )
    formats: dict[str, Format] = {
        "Coaches": "count",
        "Participants per coach": "decimal",
        "Median": "decimal",
        over_title: "count",
    }
    tables = [Table("Coach load", summary, formats)]
    over = capacity.over_capacity(load, limit)
    if len(over):
        frame = pd.DataFrame(
            {
                "Coach": over["coach"],
                "Department": over["department"],
                "Participants": over["participants"],
                "In selection": over["in_selection"],
            }
        )
        tables.append(
            Table(
                f"Coaches carrying more than {limit} participants",
                frame,
                {"Participants": "count", "In selection": "count"},
            )
        )
    return Section(
        "coaches",
        "Coach capacity",
        f"Distinct participants each coach carries in pairings running at {filters.end:%d %b %Y}, "
        f"across the organisation, against the limit of {limit}; In selection counts only the "
        "pairings that match the filters.",
        tuple(tables),
    )


def _risks_and_successes(data: ProgrammeData, filters: Filters, idle_days: int) -> Section | None:
    sl = select(data, filters)
    tables = []
    if sl.relationships is not None and len(sl.relationships):
        counts, at_risk = risks.at_risk_by_reason(data, filters, idle_days=idle_days)
        frame = pd.DataFrame({"Reason": counts["label"], "Relationships": counts["relationships"]})
        total = pd.DataFrame({"Reason": ["Any reason"], "Relationships": [at_risk]})
        tables.append(
            Table(
                "Relationships at risk, by reason",
                pd.concat([frame, total], ignore_index=True),
                {"Relationships": "count"},
                "A pairing with two reasons counts under both.",
            )
        )
    recognised = []
    if sl.goals is not None:
        on_time = success_metrics.on_time_completions(sl.goals, filters.start, filters.end)
        recognised.append(("Goals completed on time", len(on_time)))
    if recognised:
        tables.append(
            Table(
                "Successes",
                pd.DataFrame(recognised, columns=["Success", "Count"]),
                {"Count": "count"},
            )
        )
    improved = success_metrics.most_improved(data, filters, "department")
    if len(improved):
        tables.append(
            Table(
                "Most improved departments (uptake)",
                pd.DataFrame(
                    {
                        "Department": improved["department"],
                        "Uptake": improved["rate"],
                        "Previous period": improved["previous_rate"],
                        "Change (pts)": improved["change_points"],
                    }
                ),
                {"Uptake": "rate", "Previous period": "rate", "Change (pts)": "points"},
            )
        )
    if not tables:
        return None
    return Section(
        "risks",
        "Relationships at risk and successes",
        f"At risk: no session held for {idle_days} days, sessions missed in a row, or ended as "
        "a mismatch. A pack circulates, so nothing read from one pairing's own feedback (a low "
        "or high score) is in it.",
        tuple(tables),
        sheet="Risks and successes",
    )


def _methods(k: int, min_n: int, review: Any) -> Section:
    definitions = pd.DataFrame(
        {"KPI": [c.label for c in CARDS], "Definition": [c.definition for c in CARDS]}
    )
    bullets = [
        "Funnel plots: each manager's team rate is compared with the benchmark rate; the "
        "control limits (95 % and 99.8 %) narrow as the team grows, so small teams are not "
        "flagged for chance variation. Teams smaller than "
        f"{min_n} are listed but not judged.",
        "Over-dispersion: when managers vary more than chance explains (φ > 1), the limits "
        f"are widened with an additive random effect τ² ({ARCSINE}).",
        f"Small-group rule: satisfaction is a sum of fixed groups of at least {k} people "
        "(department, calendar month and, where large enough, team, kind, format and "
        "programme); a selection counts only the groups it holds whole, so no two figures "
        "can be subtracted to single anyone out. Means are rounded to one decimal, shares "
        "to whole percent, respondents down to a multiple of 5.",
        "Free-text comments never appear in this pack; it is built from the same data, "
        "scope and filters as the dashboard.",
    ]
    if review is not None:
        for measure, fit in review.fits.items():
            bullets.append(
                f"{managers.TEAM_MEASURES[measure]}: benchmark {fit.target:.1%}, "
                f"φ = {fit.phi:.2f}, "
                f"τ² = {fit.tau2:.4f}, {fit.units} teams, "
                + ("limits widened." if fit.adjusted else "exact binomial limits.")
            )
    return Section(
        "methods",
        "Methods",
        "How the figures in this pack are defined.",
        (Table("Definitions", definitions),),
        bullets=tuple(bullets),
    )


def build(
    data: ProgrammeData,
    filters: Filters,
    *,
    scope: str,
    targets: Targets | None = None,
    k: int = DEFAULT_K,
    min_n: int = managers.DEFAULT_MIN_N,
    idle_days: int = risks.DEFAULT_IDLE_DAYS,
    coach_limit: int = capacity.DEFAULT_MAX_PARTICIPANTS,
    today: dt.date | None = None,
    organisation: organisation_metrics.Organisation | None = None,
) -> BoardPack:
    """The pack for already-scoped data: the verdict on page 1, headline KPIs first, methods
    last. `organisation` is the whole organisation's figures when `data` is only part of it
    (a department head's); for a department filter they are computed from `data`."""
    targets = targets or Targets()
    if organisation is None and (filters.departments or filters.managers):
        organisation = organisation_metrics.organisation(data, filters, k=k)
    reference = None
    if organisation is not None and data.scope.split("|")[0] != "all":
        reference = dict(organisation.fits)
    manager_section, review = _managers(data, filters, min_n, reference)
    parts: list[Callable[[], Section | None]] = [
        lambda: _kpis(data, filters, k, targets, organisation),
        lambda: _uptake(data, filters, k, targets),
        lambda: _coaches(data, filters, coach_limit, organisation),
        lambda: _goals(data, filters, targets),
        lambda: manager_section,
        lambda: _obstacles(data, filters),
        lambda: _risks_and_successes(data, filters, idle_days),
        lambda: _methods(k, min_n, review if manager_section else None),
    ]
    sections = tuple(s for s in (part() for part in parts) if s is not None)
    evidence = verdict_metrics.gather(
        data,
        filters,
        targets=targets,
        k=k,
        idle_days=idle_days,
        reference=reference,
        organisation=None if organisation is None else organisation.kpis,
        scope=verdict_metrics.whose(data, filters),
    )
    return BoardPack(
        "Programme health board pack",
        scope,
        f"{filters.start:%d %b %Y} – {filters.end:%d %b %Y}",
        filter_text(filters),
        today or dt.date.today(),
        sections,
        verdict_metrics.decide(evidence),
    )
