"""The columns tables share, each with its title, type and format defined once.

A table names only what differs for it: a column's title in its context (a coach who may also
be a mentor), a help text, or a column of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import streamlit as st

# A column's settings, as `st.column_config` builds them.
ColumnConfig = dict[str, Any]

# Dates as tables show them and the period pickers take them.
DATE_FORMAT = "YYYY-MM-DD"
# Shares of 1 as percentages; "%.0f%%" formats are for rates already multiplied by 100.
PERCENT = {"format": "percent"}
# Header and row heights of a table in pixels, as Streamlit draws them.
HEADER_HEIGHT = 36
ROW_HEIGHT = 35


def _date(title: str) -> ColumnConfig:
    return st.column_config.DateColumn(title, format=DATE_FORMAT)


def _text(title: str) -> ColumnConfig:
    return st.column_config.TextColumn(title)


def _number(title: str) -> ColumnConfig:
    return st.column_config.NumberColumn(title)


COLUMNS: dict[str, ColumnConfig] = {
    # Who and where
    "participant": _text("Participant"),
    "coach": _text("Coach"),
    "department": _text("Department"),
    "manager": _text("Manager"),
    "job_level": _text("Level"),
    # What
    "relationship_id": _text("Relationship"),
    "goal_id": _text("Goal"),
    "category": _text("Category"),
    "kind": _text("Kind"),
    "format": _text("Format"),
    "status": _text("Status"),
    # When
    "start_date": _date("Started"),
    "end_date": _date("Ended"),
    "set_date": _date("Set"),
    "target_date": _date("Target"),
    "completed_date": _date("Closed"),
    "last_session": _date("Last session"),
    "last_held_session": _date("Last held session"),
    "reported_date": _date("Reported"),
    "resolved_date": _date("Resolved"),
    # How many
    "eligible": _number("Eligible"),
    "participants": _number("Participants"),
    "team_size": st.column_config.NumberColumn("Team size", help="Eligible direct reports"),
    "sessions_held": _number("Sessions held"),
    "goals_completed": _number("Goals completed"),
}

# The reports of a load: its rows per table, and the validation report's issues.
LOAD_COUNTS: dict[str, ColumnConfig] = {
    "table": _text("Table"),
    "read": st.column_config.NumberColumn("Rows read", format="localized"),
    "loaded": st.column_config.NumberColumn("Loaded", format="localized"),
    "rejected": st.column_config.NumberColumn("Rejected", format="localized"),
}
ISSUES: dict[str, ColumnConfig] = {
    "row": st.column_config.NumberColumn("row", format="%d", width="small"),
    "severity": st.column_config.TextColumn("severity", width="small"),
    "reason": st.column_config.TextColumn("reason", width="large"),
}


def column_configs(
    columns: Iterable[str],
    overrides: Mapping[str, ColumnConfig | str] | None = None,
    pinned: str | None = None,
) -> dict[str, ColumnConfig]:
    """The configs of `columns`: the registry's, or `overrides` (a bare title keeps the
    registry's type and format); `pinned` stays in view when scrolling sideways."""
    overrides = overrides or {}
    configs: dict[str, ColumnConfig] = {}
    for name in columns:
        base = COLUMNS.get(name, {})
        override = overrides.get(name)
        if isinstance(override, str):
            config = {**base, "label": override}
        else:
            config = dict(override if override is not None else base)
        if not config:
            continue
        if name == pinned:
            config["pinned"] = True
        configs[name] = config
    return configs


def table_height(rows: int, max_height: int) -> int:
    """Pixels to show `rows` rows (one blank row if none) without scrolling, up to
    `max_height`."""
    return min(HEADER_HEIGHT + ROW_HEIGHT * max(rows, 1), max_height)
