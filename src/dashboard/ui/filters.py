"""The shared sidebar filters, bound to the URL and kept across pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from dashboard.model import Filters, ProgrammeData
from dashboard.period import PRESETS, latest_activity, preset_period
from dashboard.schema import RELATIONSHIP_FORMATS, RELATIONSHIP_KINDS
from dashboard.ui.cache import data_key

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


@dataclass(frozen=True)
class _Options:
    latest: dt.date
    departments: list[str]
    managers: list[str]
    manager_labels: dict[str, str]
    manager_department: dict[str, str]
    programmes: dict[str, str]


# Every rerun draws the sidebar; at 100,000 employees building these lists took most of a
# rerun, so they are built once per load and scope.
@st.cache_resource(max_entries=16, show_spinner=False)
def _options(key: str, _data: ProgrammeData) -> _Options:
    managers = _data.employees[_data.employees["is_manager"]]
    names = _labels(managers, "employee_id", "name")
    department = dict(zip(managers["employee_id"], managers["department"], strict=True))
    programmes = (
        {}
        if _data.programmes is None
        else _labels(_data.programmes, "programme_id", "programme_name")
    )
    return _Options(
        latest=latest_activity(_data),
        departments=_data.department_names,
        managers=_data.manager_ids,
        manager_labels={m: f"{names.get(m, m)} ({department.get(m, '?')})" for m in names},
        manager_department=department,
        programmes=programmes,
    )


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
    options = _options(data_key(data), data)
    start, end = _period(options.latest)
    with st.sidebar:
        departments = _multiselect(
            "Department", options.departments, "dept", placeholder="All departments"
        )
    chosen = set(departments)
    managers = [
        m for m in options.managers if not chosen or options.manager_department.get(m) in chosen
    ]
    with st.sidebar:
        chosen_managers = _multiselect(
            "Manager",
            managers,
            "manager",
            format_func=lambda m: options.manager_labels.get(m, m),
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
        if options.programmes:
            programmes = _multiselect(
                "Programme",
                list(options.programmes),
                "programme",
                format_func=lambda p: options.programmes.get(p, p),
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
