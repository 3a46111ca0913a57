"""What a page says instead of a chart: nothing matches the filters, or a table is missing."""

from __future__ import annotations

import streamlit as st

from dashboard.empty_advice import (
    missing_table_text,
    no_line_managers_text,
    widen_sentence,
    widen_steps,
)
from dashboard.period import activity_span
from dashboard.ui.cache import lookup
from dashboard.ui.view import current


def widen_advice(*, drilled: bool = False) -> str:
    """How to widen the current selection, in one sentence that never offers the period
    already chosen."""
    view = current()
    earliest, latest = lookup(view.data, activity_span)
    return widen_sentence(
        widen_steps(view.filters, earliest=earliest, latest=latest, drilled=drilled)
    )


def no_data(what: str, *, drilled: bool = False) -> None:
    """Nothing in the selection: say so, and how to widen it."""
    st.info(
        f"No {what} in this selection. {widen_advice(drilled=drilled)}",
        icon=":material/filter_alt_off:",
    )


def no_line_managers() -> None:
    """The data names no line manager at all: no filter or period can show a team."""
    st.info(
        no_line_managers_text("there are no operational managers' teams to show"),
        icon=":material/account_tree:",
    )


def missing_table(name: str, needed_for: str) -> None:
    """A source without the table a part of the page needs: say which sheet or table to add."""
    st.info(
        missing_table_text(name, needed_for),
        icon=":material/table_view:",
    )
