"""The drill path (organisation → department → one manager's team): its URL form, how chart
clicks and the breadcrumb move it, and the filter it adds. Pure functions, no Streamlit."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import pandas as pd

from dashboard.filtering import select
from dashboard.metrics.participation import eligible_employees
from dashboard.metrics.subset import keep_tables
from dashboard.model import Filters, ProgrammeData
from dashboard.people import manager_labels

DEPARTMENT_PARAM = "drill_dept"
MANAGER_PARAM = "drill_mgr"
# The fields a chart's point selection reports: Altair `selection_point(fields=[...])`.
DEPARTMENT_FIELD = "department"
MANAGER_FIELD = "manager_id"

Level = Literal["organisation", "department", "team"]
LEVELS: tuple[Level, ...] = ("organisation", "department", "team")


@dataclass(frozen=True)
class Drill:
    """Where the user has drilled to: nothing, a department, or a manager's team in it."""

    department: str | None = None
    manager: str | None = None

    @property
    def level(self) -> Level:
        if self.manager is not None:
            return "team"
        return "department" if self.department is not None else "organisation"


@dataclass(frozen=True)
class Crumb:
    """One step of the breadcrumb: its text, where clicking it goes, and whether it is here."""

    label: str
    target: Drill
    current: bool


def _text(value: object) -> str | None:
    """A usable parameter value: the last of repeated values, blank and missing as None."""
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def from_params(params: Mapping[str, object], manager_ids: Mapping[str, str]) -> Drill:
    """The drill path written in URL query parameters (drill_dept, drill_mgr).

    A manager appears in the URL by the label the page shows for them (see `to_params`);
    `manager_ids` maps labels back to ids. An unknown label is kept as it is, for `resolve`
    to drop.
    """
    manager = _text(params.get(MANAGER_PARAM))
    return Drill(
        _text(params.get(DEPARTMENT_PARAM)),
        None if manager is None else manager_ids.get(manager, manager),
    )


def to_params(drill: Drill, manager_labels: Mapping[str, str]) -> dict[str, str]:
    """The query parameters for a drill path; levels not drilled into are left out.

    The manager is written as their label (their name, with the id added where two managers
    share a name), so a bookmarked link reads as what it shows.
    """
    manager = None
    if drill.manager is not None:
        manager = manager_labels.get(drill.manager, drill.manager)
    params = {DEPARTMENT_PARAM: drill.department, MANAGER_PARAM: manager}
    return {k: v for k, v in params.items() if v is not None}


def _picked(rows: Sequence[Mapping[str, object]] | None, field: str) -> str | None:
    for row in rows or ():
        value = _text(row.get(field))
        if value is not None:
            return value
    return None


def select_department(drill: Drill, rows: Sequence[Mapping[str, object]] | None) -> Drill:
    """A click on a department bar drills into it; an empty selection leaves the path alone."""
    department = _picked(rows, DEPARTMENT_FIELD)
    return drill if department is None else Drill(department=department)


def select_manager(drill: Drill, rows: Sequence[Mapping[str, object]] | None) -> Drill:
    """A click on a manager's bar opens that team, keeping the department it was found in."""
    manager = _picked(rows, MANAGER_FIELD)
    return drill if manager is None else Drill(department=drill.department, manager=manager)


def up_to(drill: Drill, level: Level) -> Drill:
    """The path cut back to a level, as the breadcrumb does: never deeper than it already is."""
    if level == "organisation":
        return Drill()
    if level == "department":
        return Drill(department=drill.department)
    if level == "team":
        return drill
    raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")


def teams_by_department(employees: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """For each department, the managers with at least one direct report in it."""
    pairs = employees[["department", "manager_id"]].dropna().drop_duplicates()
    grouped = pairs.sort_values(["department", "manager_id"]).groupby("department", sort=True)
    return {department: tuple(frame["manager_id"]) for department, frame in grouped}


def resolve(drill: Drill, teams: Mapping[str, Collection[str]]) -> Drill:
    """The part of a path that the current filters still allow.

    A department out of scope drops the whole path; a manager with no team in the department
    drops back to the department; a manager given alone is placed in the first department
    (alphabetically) where they have a team.
    """
    department, manager = drill.department, drill.manager
    if department is not None and department not in teams:
        return Drill()
    if manager is None:
        return drill
    if department is None:
        homes = sorted(d for d, managers in teams.items() if manager in managers)
        return Drill(homes[0], manager) if homes else Drill()
    return drill if manager in teams[department] else Drill(department=department)


def narrow(filters: Filters, drill: Drill) -> Filters:
    """The sidebar filters cut to the drilled department and manager."""
    if drill.department is not None:
        filters = replace(filters, departments=(drill.department,))
    if drill.manager is not None:
        filters = replace(filters, managers=(drill.manager,))
    return filters


def crumbs(drill: Drill, name_of: Callable[[str], str]) -> list[Crumb]:
    """The breadcrumb from the whole organisation down to where the user is."""
    out = [Crumb("All departments", Drill(), drill.level == "organisation")]
    if drill.department is not None:
        out.append(Crumb(drill.department, up_to(drill, "department"), drill.level == "department"))
    if drill.manager is not None:
        out.append(Crumb(f"Team of {name_of(drill.manager)}", drill, True))
    return out


@dataclass(frozen=True)
class Menus:
    """The drill menus for one load and filter; shared read-only by every rerun."""

    teams: Mapping[str, tuple[str, ...]]
    labels: Mapping[str, str]
    ids: Mapping[str, str]
    # Each department's team labels in menu order, and every team's (key None).
    team_labels: Mapping[str | None, list[str]]


def menus(data: ProgrammeData, filters: Filters) -> Menus:
    """The teams of each department (of the slice's eligible employees) and the managers'
    labels, both ways round, for the drill menus."""
    people = eligible_employees(
        select(keep_tables(data), filters).employees, filters.start, filters.end
    )
    teams = teams_by_department(people)
    labels = manager_labels(data.employees).to_dict()
    everyone = sorted({m for team in teams.values() for m in team}, key=labels.get)
    team_labels = {d: [labels[m] for m in team] for d, team in teams.items()}
    return Menus(
        teams=teams,
        labels=labels,
        ids={label: manager for manager, label in labels.items()},
        team_labels={None: [labels[m] for m in everyone], **team_labels},
    )
