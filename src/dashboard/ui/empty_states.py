"""What a page says instead of a chart: nothing matches the filters, or a table is missing."""

from __future__ import annotations

import streamlit as st

from dashboard.schema import TABLES


def no_data(what: str) -> None:
    """Nothing in the selection: say so, and how to widen it."""
    st.info(
        f"No {what} in this selection. Widen it: choose a longer period (e.g. *Last 12 months*), "
        "clear the department, manager, kind, format or programme filters in the sidebar, or "
        "go back up the breadcrumb.",
        icon=":material/filter_alt_off:",
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
