"""A tiny hand-made organisation whose every metric is worked out by hand in the tests."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.model import Filters, ProgrammeData
from dashboard.validate import validate_tables

PERIOD = Filters(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))


def _frame(columns: str, rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns.split(), dtype=object)


def tiny_tables() -> dict[str, pd.DataFrame]:
    return {
        "departments": _frame(
            "department_id department_name division",
            [("A", "Alpha", "North"), ("B", "Beta", "South")],
        ),
        "employees": _frame(
            "employee_id department manager_id name hire_date leave_date eligible",
            [
                ("M1", "A", None, "Mara", "2020-01-01", None, "yes"),
                ("E1", "A", "M1", "Eli", "2021-01-01", None, "yes"),
                ("E2", "A", "M1", "Eva", "2021-01-01", None, "yes"),
                ("E3", "A", "M1", "Ezra", "2021-01-01", None, "no"),
                ("M2", "Beta", None, "Milo", "2020-01-01", None, None),
                ("E4", "B", "M2", "Enzo", "2022-01-01", None, "yes"),
                ("E5", "B", "M2", "Edda", "2022-01-01", "2024-06-30", "yes"),
                ("E6", "B", "M2", "Emil", "2026-01-01", None, "yes"),
                ("C1", "B", "M2", "Cleo", "2019-01-01", None, "yes"),
            ],
        ),
        "relationships": _frame(
            "relationship_id participant_id coach_id kind format start_date end_date status "
            "end_reason",
            [
                ("R1", "E1", "C1", "coaching", "formal", "2024-11-01", None, "active", None),
                (
                    "R2",
                    "E4",
                    "M1",
                    "mentoring",
                    "peer",
                    "2025-03-01",
                    "2025-09-30",
                    "ended_early",
                    "mismatch",
                ),
                (
                    "R3",
                    "E2",
                    "C1",
                    "coaching",
                    "formal",
                    "2024-01-01",
                    "2024-12-31",
                    "completed",
                    None,
                ),
                ("R4", "E3", "C1", "coaching", "formal", "2025-02-01", None, "active", None),
                (
                    "R5",
                    "M2",
                    "C1",
                    "mentoring",
                    "formal",
                    "2025-06-01",
                    "2025-11-30",
                    "completed",
                    None,
                ),
            ],
        ),
        "sessions": _frame(
            "session_id relationship_id session_date status",
            [
                ("S1", "R1", "2025-02-01", "held"),
                ("S2", "R1", "2025-03-01", "cancelled"),
                ("S3", "R2", "2025-04-01", "held"),
                ("S4", "R2", "2025-05-01", "no_show"),
                ("S5", "R1", "2024-12-01", "held"),
                ("S6", "R5", "2026-02-01", "scheduled"),
                ("S7", "R4", "2025-03-01", "held"),
            ],
        ),
        "goals": _frame(
            "goal_id relationship_id set_date target_date completed_date status",
            [
                ("G1", "R1", "2025-01-01", "2025-06-30", "2025-06-01", "completed"),
                ("G2", "R1", "2025-01-01", "2025-08-31", "2025-09-15", "completed"),
                ("G3", "R2", "2025-03-01", "2025-10-01", None, "in_progress"),
                ("G4", "R2", "2025-03-01", "2026-03-01", None, "in_progress"),
                ("G5", "R5", "2025-06-01", "2025-12-01", "2025-11-01", "abandoned"),
                ("G6", "R3", "2024-01-01", "2024-06-01", "2024-05-01", "completed"),
                ("G7", "R1", "2025-01-01", "2025-12-15", None, "not_started"),
            ],
        ),
        "feedback": _frame(
            "feedback_id relationship_id submitted_date satisfaction respondent",
            [
                ("F1", "R1", "2025-03-01", 5, "participant"),
                ("F2", "R1", "2025-04-01", 4, "participant"),
                ("F3", "R1", "2025-04-01", 3, "coach"),
                ("F4", "R2", "2025-05-01", 2, "participant"),
                ("F5", "R5", "2025-07-01", 5, "coach"),
                ("F6", "R2", "2024-05-01", 1, "participant"),
            ],
        ),
        "obstacles": _frame(
            "obstacle_id department reported_date category status resolved_date",
            [
                ("O1", "A", "2025-02-01", "lack_of_time", "open", None),
                ("O2", "A", "2024-10-01", "Resistance to change", "resolved", "2025-01-15"),
                ("O3", "B", "2025-05-01", "weather", "in_progress", None),
                ("O4", "B", "2025-03-01", "lack_of_resources", "resolved", "2026-01-10"),
                ("O5", "B", "2026-01-05", "lack_of_time", "open", None),
            ],
        ),
    }


def tiny_data(**overrides: pd.DataFrame | None) -> ProgrammeData:
    tables = {**tiny_tables(), **overrides}
    data, _report = validate_tables(
        {k: v for k, v in tables.items() if v is not None}, source="tiny fixture"
    )
    return data


def flagged_managers(rows: list[tuple]) -> pd.DataFrame:
    """A review table of managers from rows of (id, department, division, status, uptake flag,
    uptake z, adherence flag, adherence z); the name is the id in capitals."""
    columns = "manager_id department division status uptake_flag uptake_z adherence_flag"
    out = pd.DataFrame(rows, columns=[*columns.split(), "adherence_z"])
    return out.assign(name=out["manager_id"].str.upper())


def adherence_flagged(rows: list[tuple]) -> pd.DataFrame:
    """As `flagged_managers`, from rows of (id, department, division, status, adherence flag,
    adherence z), with uptake in control for everyone."""
    return flagged_managers([(i, d, v, s, "in_control", 0.0, f, z) for i, d, v, s, f, z in rows])
