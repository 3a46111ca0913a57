"""The shared sidebar filters, bound to the URL and kept across pages."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard.filter_options import FilterOptions, filter_options
from dashboard.model import Filters, ProgrammeData
from dashboard.option_search import SEARCH_ABOVE, matches
from dashboard.period import PRESETS, preset_period
from dashboard.schema import RELATIONSHIP_FORMATS, RELATIONSHIP_KINDS
from dashboard.ui.cache import lookup
from dashboard.ui.columns import DATE_FORMAT

# Bound widgets: the key is the URL parameter, the value survives page switches.
_BOUND = {"bind": "query-params", "persist_state": "session"}


def _multiselect(label: str, options: list[str], key: str, **kwargs) -> list[str]:
    """A bound multiselect that drops remembered values no longer offered (e.g. out of scope)."""
    remembered = st.session_state.get(key)
    if isinstance(remembered, list) and not set(remembered) <= set(options):
        st.session_state[key] = [v for v in remembered if v in options]
    return st.multiselect(label, options, key=key, **kwargs, **_BOUND)


def _period(latest: dt.date) -> tuple[dt.date, dt.date]:
    preset = st.sidebar.selectbox("Period", PRESETS, key="period", **_BOUND)
    if preset != "Custom":
        start, end = preset_period(preset, latest)
        st.sidebar.caption(f"{start:%d %b %Y} – {end:%d %b %Y}")
        return start, end
    default_start, _ = preset_period("Last 12 months", latest)
    left, right = st.sidebar.columns(2)
    start = left.date_input("From", default_start, key="from", format=DATE_FORMAT, **_BOUND)
    end = right.date_input("To", latest, key="to", format=DATE_FORMAT, **_BOUND)
    if start > end:
        st.sidebar.warning("'From' is after 'To': the dates were swapped.")
        start, end = end, start
    return start, end


def _managers(options: FilterOptions, departments: list[str]) -> list[str]:
    """The manager filter: a menu of the managers in the chosen departments, or, when there are
    more than a menu can carry, a search box whose matches (and the chosen) are offered."""
    offered = options.labels_in(departments)

    def label(manager: str) -> str:
        return options.manager_labels.get(manager, manager)

    if len(offered) <= SEARCH_ABOVE:
        return _multiselect(
            "Manager", list(offered.index), "manager", format_func=label, placeholder="All managers"
        )
    text = st.text_input(
        "Find a manager",
        key="manager_search",
        placeholder=f"Type a name or id: {len(offered):,} managers",
        help="With this many managers the menu below lists only those whose name or id "
        "contains every word typed here (and those already chosen).",
    )
    found, total = matches(offered, text)
    if "manager" in st.session_state:
        kept = [m for m in st.session_state["manager"] if m in offered.index]
    else:
        # A session's first run: a bookmarked choice is only in the URL, by its label.
        bookmarked = st.query_params.get_all("manager")
        kept = list(offered.index[offered.isin(bookmarked)]) if bookmarked else []
    menu = kept + [m for m in found.index if m not in set(kept)]
    if text.strip():
        shown = (
            f"{len(found):,} of {total:,} matches" if total > len(found) else f"{total:,} matches"
        )
        st.caption(
            f"{shown}: pick below." + (" Type more to narrow." if total > len(found) else "")
        )
    return _multiselect(
        "Manager",
        menu,
        "manager",
        format_func=label,
        placeholder="All managers" if not text.strip() else "Pick from the matches",
    )


def sidebar_filters(data: ProgrammeData) -> Filters:
    """Draw the filters and return the selection they make."""
    # Every rerun draws the sidebar; at 100,000 employees building these lists took most of a
    # rerun, so they are built once per load and scope.
    options = lookup(data, filter_options)
    start, end = _period(options.latest)
    with st.sidebar:
        departments = _multiselect(
            "Department", options.departments, "dept", placeholder="All departments"
        )
    with st.sidebar:
        chosen_managers = _managers(options, departments)
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
