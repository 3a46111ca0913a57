"""Hand a metric only the tables it reads, so cutting the data to a filter skips the rest."""

from __future__ import annotations

from dataclasses import replace

from dashboard.model import ProgrammeData

OPTIONAL = ("enrolments", "sessions", "goals", "feedback", "obstacles")


def keep_tables(data: ProgrammeData, *names: str) -> ProgrammeData:
    """The data with employees, relationships and only the named optional tables.

    `filtering.select` cuts every table present; at a million sessions that is most of the time
    a goals chart takes, so a metric that never reads sessions should not have them cut.
    """
    unknown = sorted(set(names) - set(OPTIONAL))
    if unknown:
        raise ValueError(f"not optional tables: {', '.join(unknown)}")
    return replace(data, **{name: None for name in OPTIONAL if name not in names})
