"""Download the data behind a chart or table as CSV or XLSX, built only when clicked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard.exports import file_stem, to_csv, to_xlsx
from dashboard.labels import labelled
from dashboard.ui.view import current


def download_buttons(
    frame: pd.DataFrame | Callable[[], pd.DataFrame], name: str, *, key: str
) -> None:
    """CSV and XLSX buttons for `frame`, or for what `frame()` returns when clicked, its codes
    written as words."""
    # Codes are written as the words the screen shows ("in_progress" as "In progress").
    rows = (lambda: labelled(frame())) if callable(frame) else lambda: labelled(frame)
    stem = file_stem(name, current().filters, dt.date.today())
    # One row block rather than columns: a rerun draws many of these, and each column is a block.
    row = st.container(horizontal=True, gap="small")
    row.download_button(
        "CSV",
        data=lambda: to_csv(rows()),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"{key}-csv",
        icon=":material/download:",
        on_click="ignore",
    )
    row.download_button(
        "XLSX",
        data=lambda: to_xlsx(rows(), sheet=name),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}-xlsx",
        icon=":material/download:",
        on_click="ignore",
    )
