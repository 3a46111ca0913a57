"""A small organisation whose feedback each test writes itself, for the small-group rules.

Two departments: Ops (managers MO1 with six participants, MO2 with two) and Sales (MS1 with
three). Each participant has one pairing; the kind, format and programme alternate, and each
pairing has its own coach, so every response comes from a different person unless a test
repeats a pairing or uses the coach's voice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd

from dashboard.model import ProgrammeData, assemble
from dashboard.validate import validate_tables

LOADED = dt.datetime(2026, 3, 15, 9, 0, tzinfo=dt.UTC)
TEAMS = {"MO1": ("Ops", 6), "MO2": ("Ops", 2), "MS1": ("Sales", 3)}


def _people() -> tuple[pd.DataFrame, pd.DataFrame]:
    employees, pairings = [], []
    for manager, (department, size) in TEAMS.items():
        employees.append((manager, department, None))
        for n in range(1, size + 1):
            person = f"{manager}-P{n}"
            employees.append((person, department, manager))
            employees.append((f"{manager}-C{n}", "Coaching", None))
            pairings.append(
                (
                    f"{manager}-R{n}",
                    person,
                    f"{manager}-C{n}",
                    ("coaching", "mentoring")[n % 2],
                    ("formal", "peer")[n // 2 % 2],
                    ("PG1", "PG2")[n // 4 % 2],
                )
            )
    frame = pd.DataFrame(employees, columns=["employee_id", "department", "manager_id"])
    rel = pd.DataFrame(
        pairings,
        columns=["relationship_id", "participant_id", "coach_id", "kind", "format", "programme_id"],
    )
    return frame.assign(hire_date="2020-01-01"), rel.assign(start_date="2024-01-01")


def pairings() -> list[str]:
    return _people()[1]["relationship_id"].tolist()


def org(
    responses: list[tuple[str, str, int, str]], *, loaded: dt.datetime = LOADED
) -> ProgrammeData:
    """The organisation with these responses: (relationship, date, score 1-5, respondent)."""
    employees, rel = _people()
    feedback = pd.DataFrame(
        [(f"F{i}", *row) for i, row in enumerate(responses)],
        columns=["feedback_id", "relationship_id", "submitted_date", "satisfaction", "respondent"],
        dtype=object,
    )
    tables = {"employees": employees, "relationships": rel, "feedback": feedback}
    data, _ = validate_tables(tables, source="test org")
    return replace(data, loaded_at=loaded)


def quick_org(responses: list[tuple[str, str, int, str]]) -> ProgrammeData:
    """The same organisation without validation (for many generated examples): enough for
    filtering and satisfaction, not for the other metrics."""
    employees, rel = _people()
    feedback = pd.DataFrame(
        [(f"F{i}", *row) for i, row in enumerate(responses)],
        columns=["feedback_id", "relationship_id", "submitted_date", "satisfaction", "respondent"],
    ).astype({"submitted_date": "datetime64[ns]", "satisfaction": "Int64", "respondent": "str"})
    tables = {"employees": employees, "relationships": rel, "feedback": feedback}
    return replace(assemble(tables, source="test org"), loaded_at=LOADED)


def everyone_answers(month: str, score: int = 4) -> list[tuple[str, str, int, str]]:
    """One participant response per pairing on the 10th of `month` ('2025-06')."""
    return [(r, f"{month}-10", score, "participant") for r in pairings()]
