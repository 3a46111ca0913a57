"""Find the employees that other files name by e-mail or by name, as platforms export them.

A reference that is an employee id stays as it is. Otherwise it is looked up by work e-mail
(case ignored), then by name (case, accents, spacing and 'Last, First' order ignored; a
trailing '(12345)' is read as the id). A name or e-mail that two employees share is ambiguous
and is not guessed. (How people are *shown* is dashboard.people.)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

import pandas as pd

How = Literal["id", "email", "name", "ambiguous", "unknown"]
_BRACKETED = re.compile(r"^(.*?)\s*\(([^()]+)\)\s*$")


@dataclass(frozen=True)
class Directory:
    """Employees by id, e-mail and name, for resolving references."""

    ids: frozenset[str]
    emails: dict[str, tuple[str, ...]]
    names: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Resolution:
    """Per row: the employee id (the value itself when unresolved) and how it was found."""

    ids: pd.Series
    how: pd.Series  # How, or missing for a blank reference

    def count(self, how: How) -> int:
        return int((self.how == how).sum())


def name_key(name: object) -> str:
    """'Lee, Ann', 'ANN  LEE' and 'Ann Lée' all become 'ann lee'."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower()
    if text.count(",") == 1:
        last, first = text.split(",")
        text = f"{first} {last}"
    return " ".join(re.sub(r"[^a-z0-9']+", " ", text).split())


def directory(employees: pd.DataFrame) -> Directory:
    """The lookup tables of an employees frame (employee_id, and email and name if present)."""
    ids = employees["employee_id"].dropna().astype(str)

    def index(column: str, key) -> dict[str, tuple[str, ...]]:
        if column not in employees.columns:
            return {}
        pairs = pd.DataFrame({"key": employees[column], "id": employees["employee_id"]}).dropna()
        pairs = pairs.assign(key=pairs["key"].astype(str).map(key)).drop_duplicates()
        pairs = pairs[pairs["key"] != ""]
        return {k: tuple(g) for k, g in pairs.groupby("key", sort=False)["id"]}

    return Directory(
        frozenset(ids),
        index("email", lambda e: e.strip().lower()),
        index("name", name_key),
    )


def _find(value: str, people: Directory) -> tuple[str, How]:
    if value in people.ids:
        return value, "id"
    if "@" in value:
        found = people.emails.get(value.strip().lower(), ())
        if len(found) == 1:
            return found[0], "email"
        return value, "ambiguous" if found else "unknown"
    bracketed = _BRACKETED.match(value)
    if bracketed and bracketed.group(2).strip() in people.ids:
        return bracketed.group(2).strip(), "id"
    name = name_key(bracketed.group(1) if bracketed else value)
    found = people.names.get(name, ())
    if len(found) == 1:
        return found[0], "name"
    return value, "ambiguous" if found else "unknown"


def resolve(values: pd.Series, people: Directory) -> Resolution:
    """Each reference as an employee id where one employee matches it, with how it was found."""
    distinct = values.dropna().unique()
    found = {v: _find(str(v), people) for v in distinct}
    ids = values.map({v: f[0] for v, f in found.items()}, na_action="ignore")
    how = values.map({v: f[1] for v, f in found.items()}, na_action="ignore")
    return Resolution(ids.astype(values.dtype), how.astype(object))


def namesakes(value: str, people: Directory) -> tuple[str, ...]:
    """The employee ids an ambiguous reference could mean."""
    if "@" in value:
        return people.emails.get(value.strip().lower(), ())
    bracketed = _BRACKETED.match(value)
    return people.names.get(name_key(bracketed.group(1) if bracketed else value), ())
