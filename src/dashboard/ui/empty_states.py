"""What a page says instead of a chart: nothing matches the filters, or a table is missing."""

from __future__ import annotations

import streamlit as st

from dashboard.empty_advice import no_line_managers_text, widen_sentence, widen_steps
from dashboard.period import activity_span
from dashboard.schema import TABLES
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
    table = TABLES[name]
    required = ", ".join(f"`{c}`" for c in table.required_columns)
    optional = ", ".join(f"`{c.name}`" for c in table.columns if not c.required and not c.free_text)
    st.info(
        f"**{needed_for} needs a `{name}` table**, which this source does not have. Add a sheet "
        f"(or a database table or view) named `{name}` with the columns {required}"
        + (f", and optionally {optional}" if optional else "")
        + ". The data model (docs/DATA-MODEL.md) describes every column.",
        icon=":material/table_view:",
    )
