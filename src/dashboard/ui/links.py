"""Links that land on another page with the sidebar filters set: the verdict's actions.

A bound filter keeps its session value over a link's URL parameters (Streamlit merges the two),
so a link carries its filters as `set_<key>` parameters with the marker `link`; `follow`,
called by the entry script before the filters are drawn, moves them onto the filters. The
period and other filters are left as they are.
"""

from __future__ import annotations

import streamlit as st

from dashboard.metrics.verdict import Link

MARKER = "link"
PREFIX = "set_"
# The sidebar filters a link sets: both, always (an empty list clears the filter).
KEYS = ("dept", "manager")


def query(link: Link) -> dict[str, str | list[str]]:
    """The query a link's page is opened with."""
    params = link.params()
    return {MARKER: "1", **{PREFIX + key: params.get(key, []) for key in KEYS}}


def follow() -> None:
    """Apply a followed link's filters, before the filter widgets are drawn in this run."""
    if MARKER not in st.query_params:
        return
    for key in KEYS:
        values = [v for v in st.query_params.get_all(PREFIX + key) if v]
        fresh = key not in st.session_state
        st.session_state[key] = values
        if fresh and values:
            # A fresh session (a copied link): a widget not yet drawn does not write its value
            # to the URL on its first run, so the URL is given it here.
            st.query_params[key] = values
        st.query_params.pop(PREFIX + key, None)
    st.query_params.pop(MARKER, None)


def page_link(link: Link, *, label: str | None = None) -> None:
    st.page_link(
        f"app_pages/{link.page}.py",
        label=label or link.label,
        icon=":material/arrow_forward:",
        query_params=query(link),
    )
