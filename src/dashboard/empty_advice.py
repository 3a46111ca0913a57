"""What an empty state says: how to widen the selection, offering only what would widen it
(never the period already chosen, never a filter that is not set), and whether the data has
line managers at all."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.model import Filters
from dashboard.period import PRESETS, preset_period
from dashboard.schema import TABLES

NO_LINE_MANAGERS = "This data has no line managers (employees.manager_id is empty)"
_FILL_IN = (
    "Fill in each employee's `manager_id` (their line manager's `employee_id`) in the source; "
    "another period or filter will not help."
)


def no_line_managers_text(consequence: str) -> str:
    """Why a part that needs line managers is empty: `consequence` says what is missing."""
    return f"{NO_LINE_MANAGERS}, so {consequence}. {_FILL_IN}"


def missing_table_text(name: str, needed_for: str) -> str:
    """Which table a part of a page needs and the source lacks, with its columns to add."""
    table = TABLES[name]
    required = ", ".join(f"`{c}`" for c in table.required_columns)
    optional = ", ".join(f"`{c.name}`" for c in table.columns if not c.required and not c.free_text)
    return (
        f"**{needed_for} needs a `{name}` table**, which this source does not have. Add a sheet "
        f"(or a database table or view) named `{name}` with the columns {required}"
        + (f", and optionally {optional}" if optional else "")
        + ". The data model (docs/DATA-MODEL.md) describes every column."
    )


_FILTER_NAMES = (
    ("departments", "department"),
    ("managers", "manager"),
    ("kinds", "kind"),
    ("formats", "format"),
    ("programmes", "programme"),
)


def has_line_managers(employees: pd.DataFrame) -> bool:
    """Whether any employee names a line manager."""
    return bool(employees["manager_id"].notna().any())


def _days_of_data(start: dt.date, end: dt.date, earliest: dt.date, latest: dt.date) -> int:
    """How many days of [start, end] fall between the first and the last activity date."""
    return max(0, (min(end, latest) - max(start, earliest)).days + 1)


def longer_period(filters: Filters, *, earliest: dt.date, latest: dt.date) -> str | None:
    """The preset holding the most days of the data, if more than the chosen period holds (an
    empty selection wants the likeliest fix), else Custom dates spanning all of it; None when
    the chosen period already spans every activity date."""
    held = _days_of_data(filters.start, filters.end, earliest, latest)
    wider = []
    for preset in PRESETS:
        if preset == "Custom":
            continue
        start, end = preset_period(preset, latest)
        days = _days_of_data(start, end, earliest, latest)
        if days > held:
            # Of presets holding as much of the data, the shorter is the smaller change.
            wider.append((days, -(end - start).days, preset))
    if wider:
        return f"choose the period *{max(wider)[2]}*"
    if held < _days_of_data(earliest, latest, earliest, latest):
        return (
            f"choose *Custom* dates from {earliest:%d %b %Y} to {latest:%d %b %Y}, all of the data"
        )
    return None


def widen_steps(
    filters: Filters, *, earliest: dt.date, latest: dt.date, drilled: bool = False
) -> list[str]:
    """The steps that would widen this selection, in the order a reader would try them."""
    steps = []
    period = longer_period(filters, earliest=earliest, latest=latest)
    if period:
        steps.append(period)
    chosen = [name for field, name in _FILTER_NAMES if getattr(filters, field)]
    if chosen:
        names = chosen[0] if len(chosen) == 1 else f"{', '.join(chosen[:-1])} and {chosen[-1]}"
        plural = "filter" if len(chosen) == 1 else "filters"
        steps.append(f"clear the {names} {plural} in the sidebar")
    if drilled:
        steps.append("go back up the breadcrumb")
    return steps


def widen_sentence(steps: list[str]) -> str:
    """The steps as one sentence, or what it means that there are none."""
    if not steps:
        return (
            "The period already spans all of the data and no filter is set, so the data "
            "itself has none."
        )
    listed = steps[0] if len(steps) == 1 else f"{', '.join(steps[:-1])}, or {steps[-1]}"
    return f"Widen the selection: {listed}."
