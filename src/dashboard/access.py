"""Who may see what: roles from the settings file, and the data cut to a user's departments.

Scoping happens right after loading, before filters, pages, caches or downloads see the data,
so nothing downstream can reach rows outside the user's departments.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

import pandas as pd

from dashboard.metrics.satisfaction import DEFAULT_K
from dashboard.model import ProgrammeData
from dashboard.schema import TABLES

Role = Literal["executive", "department_head", "analyst"]
ROLES: tuple[Role, ...] = ("executive", "department_head", "analyst")
ROLE_LABELS = {
    "executive": "Executive",
    "department_head": "Department head",
    "analyst": "Analyst",
}


@dataclass(frozen=True)
class Grant:
    """One user's access: a role, the departments they may see (empty = all), names or not."""

    email: str
    role: Role
    departments: tuple[str, ...] = ()
    show_names: bool = True

    @property
    def all_departments(self) -> bool:
        return not self.departments


LOCAL_GRANT = Grant("local", "executive")
"""A run without sign-in: whoever can start the app can read its data anyway."""


@dataclass(frozen=True)
class Policy:
    """Access and privacy settings from `[access]` and `[privacy]` in the settings file."""

    grants: tuple[Grant, ...] = ()
    k: int = DEFAULT_K
    show_free_text: bool = False

    def grant_for(self, email: str | None) -> Grant | None:
        """The grant for a signed-in e-mail address (case-insensitive), or None."""
        if not email:
            return None
        wanted = email.strip().lower()
        return next((g for g in self.grants if g.email == wanted), None)


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{where} must be true or false, got {value!r}")
    return value


def load_policy(config: dict[str, Any]) -> Policy:
    """Parse `[[access.users]]` and `[privacy]`; a ValueError names the faulty entry."""
    privacy = config.get("privacy", {})
    k = privacy.get("k", DEFAULT_K)
    if not isinstance(k, int) or isinstance(k, bool) or k < 1:
        raise ValueError(f"privacy.k must be a whole number of at least 1, got {k!r}")
    show_free_text = _bool(privacy.get("show_free_text", False), "privacy.show_free_text")
    analysts_see_names = _bool(
        privacy.get("analysts_see_names", False), "privacy.analysts_see_names"
    )
    grants = []
    for i, entry in enumerate(config.get("access", {}).get("users", [])):
        where = f"access.users[{i}]"
        email = entry.get("email")
        if not isinstance(email, str) or "@" not in email:
            raise ValueError(f"{where}.email must be an e-mail address, got {email!r}")
        role = entry.get("role")
        if role not in ROLES:
            raise ValueError(f"{where}.role must be one of {', '.join(ROLES)}, got {role!r}")
        departments = entry.get("departments", [])
        if not isinstance(departments, list) or not all(isinstance(d, str) for d in departments):
            raise ValueError(f"{where}.departments must be a list of department names")
        if role == "department_head" and not departments:
            raise ValueError(f"{where} is a department_head and must list their departments")
        default_names = role != "analyst" or analysts_see_names
        show_names = _bool(entry.get("show_names", default_names), f"{where}.show_names")
        grants.append(
            Grant(
                email.strip().lower(),
                role,
                tuple(departments) if role == "department_head" else (),
                show_names,
            )
        )
    return Policy(tuple(grants), k, show_free_text)


FREE_TEXT = {name: [c.name for c in table.columns if c.free_text] for name, table in TABLES.items()}


def _rows(frame: pd.DataFrame | None, mask) -> pd.DataFrame | None:
    return None if frame is None else frame[mask(frame)]


def scope(data: ProgrammeData, grant: Grant, policy: Policy) -> ProgrammeData:
    """The data this grant may see: its departments' rows, without names or free text if so."""
    tables: dict[str, pd.DataFrame | None] = {
        name: data.table(name) for name in data.__dataclass_fields__ if name in TABLES
    }
    if not grant.all_departments:
        mine = set(grant.departments)

        def in_mine(frame: pd.DataFrame) -> pd.Series:
            return frame["department"].isin(mine)

        employees = data.employees[in_mine(data.employees)]
        people = set(employees["employee_id"])
        tables |= {
            "employees": employees,
            "relationships": _rows(data.relationships, in_mine),
            "sessions": _rows(data.sessions, in_mine),
            "goals": _rows(data.goals, in_mine),
            "feedback": _rows(data.feedback, in_mine),
            "obstacles": _rows(data.obstacles, in_mine),
            "enrolments": _rows(data.enrolments, lambda f: f["employee_id"].isin(people)),
            "departments": _rows(data.departments, lambda f: f["department_name"].isin(mine)),
        }
    if not grant.show_names:
        tables["employees"] = tables["employees"].assign(name=pd.NA)
    if not policy.show_free_text:
        for name, columns in FREE_TEXT.items():
            if tables.get(name) is not None and columns:
                tables[name] = tables[name].drop(columns=columns, errors="ignore")
    label = "all" if grant.all_departments else ",".join(sorted(grant.departments))
    return replace(
        data,
        **tables,
        scope=f"{label}|names={grant.show_names}|text={policy.show_free_text}",
    )
