"""The shared sidebar filters, bound to the URL and kept across pages."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard.model import Filters, ProgrammeData
from dashboard.period import PRESETS, latest_activity, preset_period
from dashboard.schema import RELATIONSHIP_FORMATS, RELATIONSHIP_KINDS

# Bound widgets: the key is the URL parameter, the value survives page switches.
_BOUND = {"bind": "query-params", "persist_state": "session"}


def _multiselect(label: str, options: list[str], key: str, **kwargs) -> list[str]:
    """A bound multiselect that drops remembered values no longer offered (e.g. out of scope)."""
    remembered = st.session_state.get(key)
    if isinstance(remembered, list) and not set(remembered) <= set(options):
        st.session_state[key] = [v for v in remembered if v in options]
    return st.multiselect(label, options, key=key, **kwargs, **_BOUND)


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
    with st.sidebar:
        departments = _multiselect(
            "Department", data.department_names, "dept", placeholder="All departments"
        )
    people = _labels(data.employees, "employee_id", "name")
    team_of = data.employees.set_index("employee_id")["department"]
    managers = [
        m for m in data.manager_ids if not departments or team_of.get(m) in set(departments)
    ]
    with st.sidebar:
        chosen_managers = _multiselect(
            "Manager",
            managers,
            "manager",
            format_func=lambda m: f"{people.get(m, m)} ({team_of.get(m, '?')})",
            placeholder="All managers",
        )
        kinds = _multiselect(
            "Kind", list(RELATIONSHIP_KINDS), "kind", placeholder="Coaching and mentoring"
        )
    with st.sidebar.expander("More filters"):
        formats = _multiselect(
            "Format", list(RELATIONSHIP_FORMATS), "format", placeholder="All formats"
        )
        programmes: list[str] = []
        if data.programmes is not None:
            names = _labels(data.programmes, "programme_id", "programme_name")
            programmes = _multiselect(
                "Programme",
                list(names),
                "programme",
                format_func=lambda p: names.get(p, p),
                placeholder="All programmes",
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
