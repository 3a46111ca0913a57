"""ProgrammeData (validated canonical tables) and Filters (a slice of it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import pandas as pd

from dashboard.schema import TABLE_ORDER

# Relationship attributes copied onto sessions, goals and feedback once per load, so every
# filter is a plain column test on each table instead of a join on every rerun.
RELATIONSHIP_FACTS = (
    "participant_id",
    "coach_id",
    "department",
    "manager_id",
    "kind",
    "format",
    "programme_id",
)


@dataclass(frozen=True)
class ProgrammeData:
    """The canonical tables after validation; absent optional tables are None."""

    employees: pd.DataFrame
    relationships: pd.DataFrame
    departments: pd.DataFrame | None = None
    programmes: pd.DataFrame | None = None
    enrolments: pd.DataFrame | None = None
    sessions: pd.DataFrame | None = None
    goals: pd.DataFrame | None = None
    feedback: pd.DataFrame | None = None
    obstacles: pd.DataFrame | None = None
    source: str = "unknown"
    loaded_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    scope: str = "all"

    def table(self, name: str) -> pd.DataFrame | None:
        return getattr(self, name)

    def has(self, name: str) -> bool:
        return self.table(name) is not None

    @property
    def present_tables(self) -> list[str]:
        return [t for t in TABLE_ORDER if self.has(t)]

    @property
    def department_names(self) -> list[str]:
        names = set(self.employees["department"].dropna().unique())
        if self.obstacles is not None:
            names |= set(self.obstacles["department"].dropna().unique())
        return sorted(names)

    @property
    def manager_ids(self) -> list[str]:
        """Operational managers who are themselves in the data (and so in scope)."""
        managers = self.employees.loc[self.employees["is_manager"], "employee_id"]
        return sorted(managers.unique())


def assemble(tables: dict[str, pd.DataFrame], *, source: str) -> ProgrammeData:
    """Build ProgrammeData from validated tables, attaching each relationship's facts."""
    employees = tables["employees"]
    managers = set(employees["manager_id"].dropna())
    employees = employees.assign(is_manager=employees["employee_id"].isin(managers))
    people = employees.set_index("employee_id")
    rel = tables["relationships"]
    rel = rel.assign(
        department=rel["participant_id"].map(people["department"]),
        manager_id=rel["participant_id"].map(people["manager_id"]),
    )
    facts = rel.set_index("relationship_id")[list(RELATIONSHIP_FACTS)]
    enriched = {"employees": employees, "relationships": rel}
    for name in ("sessions", "goals", "feedback"):
        frame = tables.get(name)
        if frame is not None:
            enriched[name] = frame.join(facts, on="relationship_id")
    rest = {n: tables.get(n) for n in ("departments", "programmes", "enrolments", "obstacles")}
    return ProgrammeData(**enriched, **rest, source=source)


@dataclass(frozen=True)
class Filters:
    """The sidebar selection: a period and, per dimension, the chosen values (empty = all)."""

    start: dt.date
    end: dt.date
    departments: tuple[str, ...] = ()
    managers: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period end {self.end} is before its start {self.start}")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Filters:
        """The same filter over the period of equal length immediately before."""
        end = self.start - dt.timedelta(days=1)
        return replace(self, start=end - dt.timedelta(days=self.days - 1), end=end)

    def with_period(self, start: dt.date, end: dt.date) -> Filters:
        return replace(self, start=start, end=end)
