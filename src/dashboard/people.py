"""How people are named on screen: the employee's name where the data has one, else the id."""

from __future__ import annotations

import pandas as pd


def display_names(ids: pd.Series, employees: pd.DataFrame) -> pd.Series:
    """Each id's name, or the id itself when there is no name (e.g. an external coach)."""
    known = employees.drop_duplicates("employee_id").set_index("employee_id")["name"]
    return ids.map(known).fillna(ids).astype("str").where(ids.notna())


def unique_labels(ids: pd.Series, employees: pd.DataFrame) -> pd.Series:
    """Names for chart axes: people who share a name get their id added, so no two merge."""
    names = display_names(ids, employees)
    ids_per_name = pd.DataFrame({"id": ids, "name": names}).groupby("name")["id"].nunique()
    shared = (names.map(ids_per_name) > 1) & (names != ids)
    return names.mask(shared, names + " (" + ids.astype("str") + ")")


def manager_labels(employees: pd.DataFrame) -> pd.Series:
    """Every operational manager's label (index: manager id), unique across the whole data, so
    a manager reads the same on every chart, menu and link whatever the filters."""
    ids = pd.Series(employees["manager_id"].dropna().unique(), dtype="str").sort_values()
    return pd.Series(unique_labels(ids, employees).to_numpy(), index=ids.to_numpy())
