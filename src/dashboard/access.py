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


# Saving an upload writes rows of any department, so only roles that see them all may.
IMPORTING_ROLES: tuple[Role, ...] = ("executive", "analyst")
_USER_KEYS = ("email", "role", "departments", "show_names", "can_import")


@dataclass(frozen=True)
class Grant:
    """One user's access: a role, the departments they may see (empty = all), names or not,
    and whether they may save uploaded data into a database."""

    email: str
    role: Role
    departments: tuple[str, ...] = ()
    show_names: bool = True
    can_import: bool = False

    @property
    def all_departments(self) -> bool:
        return not self.departments


LOCAL_GRANT = Grant("local", "executive", can_import=True)
"""A run without sign-in: whoever can start the app can read and write its files anyway."""

COMMAND_LINE_GRANT = Grant("command line", "executive", can_import=True)
"""The command line has no sign-in: whoever runs it on the server administers it."""


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


def import_refusal(grant: Grant) -> str | None:
    """Why this grant may not save uploaded data into a database, or None if it may."""
    if grant.can_import:
        return None
    return (
        f"Saving into a database is for analysts and administrators; your access "
        f"({ROLE_LABELS[grant.role].lower()}) does not include it."
    )


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
    grants: list[Grant] = []
    for i, entry in enumerate(config.get("access", {}).get("users", [])):
        where = f"access.users[{i}]"
        if not isinstance(entry, dict):
            raise ValueError(f"{where} must be a table of settings ([[access.users]])")
        unknown = sorted(str(k) for k in entry if k not in _USER_KEYS)
        if unknown:
            # A misspelt permission must not silently fall back to its default.
            raise ValueError(
                f"{where} has unknown setting(s) {', '.join(unknown)}; "
                f"the settings are {', '.join(_USER_KEYS)}"
            )
        email = entry.get("email")
        if not isinstance(email, str) or "@" not in email:
            raise ValueError(f"{where}.email must be an e-mail address, got {email!r}")
        earlier = next((j for j, g in enumerate(grants) if g.email == email.strip().lower()), None)
        if earlier is not None:
            raise ValueError(f"{where}.email {email!r} is already given in access.users[{earlier}]")
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
        can_import = _bool(entry.get("can_import", role == "analyst"), f"{where}.can_import")
        if can_import and role not in IMPORTING_ROLES:
            raise ValueError(
                f"{where} is a department_head, who sees only their departments, so cannot "
                "have can_import = true: saving an upload may change rows of every department. "
                "Give saving to an analyst or an executive."
            )
        grants.append(
            Grant(
                email.strip().lower(),
                role,
                tuple(departments) if role == "department_head" else (),
                show_names,
                can_import,
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
