"""Cut ProgrammeData to a filter's departments, managers, kinds, formats and programmes.

The period is not applied here: each metric decides which dates fall in it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.membership import is_in
from dashboard.model import Filters, ProgrammeData


@dataclass(frozen=True)
class Slice:
    """The rows a filter keeps; absent tables stay None."""

    employees: pd.DataFrame
    relationships: pd.DataFrame
    sessions: pd.DataFrame | None
    goals: pd.DataFrame | None
    feedback: pd.DataFrame | None
    obstacles: pd.DataFrame | None
    enrolments: pd.DataFrame | None


def _mask(frame: pd.DataFrame, column: str, values: tuple[str, ...]) -> pd.Series:
    return is_in(frame[column], values) if values else pd.Series(True, index=frame.index)


def _organisation_mask(frame: pd.DataFrame, filters: Filters) -> pd.Series:
    return _mask(frame, "department", filters.departments) & _mask(
        frame, "manager_id", filters.managers
    )


def _relationship_mask(frame: pd.DataFrame, filters: Filters) -> pd.Series:
    return (
        _organisation_mask(frame, filters)
        & _mask(frame, "kind", filters.kinds)
        & _mask(frame, "format", filters.formats)
        & _mask(frame, "programme_id", filters.programmes)
    )


def _pairing_rows(frame: pd.DataFrame | None, filters: Filters) -> pd.DataFrame | None:
    return None if frame is None else frame[_relationship_mask(frame, filters)]


def select(data: ProgrammeData, filters: Filters) -> Slice:
    """Department and manager cut people and pairings; kind, format and programme cut pairings."""
    employees = data.employees[_organisation_mask(data.employees, filters)]
    enrolments = data.enrolments
    if enrolments is not None:
        enrolments = enrolments[is_in(enrolments["employee_id"], employees["employee_id"])]
        if filters.programmes:
            enrolments = enrolments[enrolments["programme_id"].isin(filters.programmes)]
    obstacles = data.obstacles
    if obstacles is not None:
        obstacles = obstacles[
            _mask(obstacles, "department", filters.departments)
            & _mask(obstacles, "manager_id", filters.managers)
        ]
    return Slice(
        employees=employees,
        relationships=data.relationships[_relationship_mask(data.relationships, filters)],
        sessions=_pairing_rows(data.sessions, filters),
        goals=_pairing_rows(data.goals, filters),
        feedback=_pairing_rows(data.feedback, filters),
        obstacles=obstacles,
        enrolments=enrolments,
    )
