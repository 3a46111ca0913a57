"""The shared sidebar filters, bound to the URL and kept across pages."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard.model import Filters, ProgrammeData
from dashboard.period import PRESETS, latest_activity, preset_period
from dashboard.schema import RELATIONSHIP_FORMATS, RELATIONSHIP_KINDS

# Bound widgets: the key is the URL parameter, the value survives page switches.
_BOUND = {"bind": "query-params", "persist_state": "session"}


def _labels(frame, key: str, label: str) -> dict[str, str]:
    return dict(zip(frame[key], frame[label].fillna(frame[key]), strict=True))


def _period(latest: dt.date) -> tuple[dt.date, dt.date]:
    preset = st.sidebar.selectbox("Period", PRESETS, key="period", **_BOUND)
    if preset != "Custom":
        start, end = preset_period(preset, latest)
        st.sidebar.caption(f"{start:%d %b %Y} – {end:%d %b %Y}")
        return start, end
    default_start, _ = preset_period("Last 12 months", latest)
    left, right = st.sidebar.columns(2)
    start = left.date_input("From", default_start, key="from", format="YYYY-MM-DD", **_BOUND)
    end = right.date_input("To", latest, key="to", format="YYYY-MM-DD", **_BOUND)
    if start > end:
        st.sidebar.warning("'From' is after 'To': the dates were swapped.")
        start, end = end, start
    return start, end


def sidebar_filters(data: ProgrammeData) -> Filters:
    """Draw the filters and return the selection they make."""
    start, end = _period(latest_activity(data))
    departments = st.sidebar.multiselect(
        "Department", data.department_names, key="dept", placeholder="All departments", **_BOUND
    )
    people = _labels(data.employees, "employee_id", "name")
    team_of = data.employees.set_index("employee_id")["department"]
    managers = [
        m for m in data.manager_ids if not departments or team_of.get(m) in set(departments)
    ]
    chosen_managers = st.sidebar.multiselect(
        "Manager",
        managers,
        key="manager",
        format_func=lambda m: f"{people.get(m, m)} ({team_of.get(m, '?')})",
        placeholder="All managers",
        **_BOUND,
    )
    kinds = st.sidebar.multiselect(
        "Kind", RELATIONSHIP_KINDS, key="kind", placeholder="Coaching and mentoring", **_BOUND
    )
    with st.sidebar.expander("More filters"):
        formats = st.multiselect(
            "Format", RELATIONSHIP_FORMATS, key="format", placeholder="All formats", **_BOUND
        )
        programmes: list[str] = []
        if data.programmes is not None:
            names = _labels(data.programmes, "programme_id", "programme_name")
            programmes = st.multiselect(
                "Programme",
                list(names),
                key="programme",
                format_func=lambda p: names.get(p, p),
                placeholder="All programmes",
                **_BOUND,
            )
    return Filters(
        start=start,
        end=end,
        departments=tuple(departments),
        managers=tuple(chosen_managers),
        kinds=tuple(kinds),
        formats=tuple(formats),
        programmes=tuple(programmes),
    )
