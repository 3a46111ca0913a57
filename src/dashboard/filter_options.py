"""What the sidebar filters offer: departments, managers' labels by department, programmes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from dashboard.model import ProgrammeData
from dashboard.period import latest_activity


def _labels(frame: pd.DataFrame, key: str, label: str) -> dict[str, str]:
    return dict(zip(frame[key], frame[label].fillna(frame[key]), strict=True))


@dataclass(frozen=True)
class FilterOptions:
    """What the sidebar filters offer for one load and scope."""

    latest: dt.date
    departments: list[str]
    manager_labels: dict[str, str]
    # Manager labels (index: id) in menu order, per department and for everyone (key None).
    labels_by_department: dict[str | None, pd.Series]
    programmes: dict[str, str]

    def labels_in(self, departments: list[str]) -> pd.Series:
        """The labels of the managers in these departments (all managers if none)."""
        if not departments:
            return self.labels_by_department[None]
        parts = [self.labels_by_department.get(d) for d in departments]
        return pd.concat(
            [p for p in parts if p is not None] or [self.labels_by_department[None].iloc[:0]]
        )


def filter_options(data: ProgrammeData) -> FilterOptions:
    """The latest activity, departments, manager labels (by department) and programmes."""
    managers = data.employees[data.employees["is_manager"]]
    names = _labels(managers, "employee_id", "name")
    department = dict(zip(managers["employee_id"], managers["department"], strict=True))
    programmes = (
        {}
        if data.programmes is None
        else _labels(data.programmes, "programme_id", "programme_name")
    )
    ids = data.manager_ids
    labels = {m: f"{names.get(m, m)} ({department.get(m, '?')})" for m in names}
    everyone = pd.Series([labels.get(m, m) for m in ids], index=ids, dtype="str")
    home = everyone.index.map(department)
    by_department: dict[str | None, pd.Series] = {
        d: everyone[home == d] for d in dict.fromkeys(home.dropna())
    }
    return FilterOptions(
        latest=latest_activity(data),
        departments=data.department_names,
        manager_labels=labels,
        labels_by_department={None: everyone, **by_department},
        programmes=programmes,
    )
