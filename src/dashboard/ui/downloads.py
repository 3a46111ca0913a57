"""Download the data behind a chart or table as CSV or XLSX, built only when clicked."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.exports import file_stem, to_csv, to_xlsx
from dashboard.ui.view import current


def download_buttons(frame: pd.DataFrame, name: str, *, key: str) -> None:
    stem = file_stem(name, current().filters, dt.date.today())
    left, right, _ = st.columns([1, 1, 4])
    left.download_button(
        "CSV",
        data=lambda: to_csv(frame),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"{key}-csv",
        icon=":material/download:",
        on_click="ignore",
    )
    right.download_button(
        "XLSX",
        data=lambda: to_xlsx(frame, sheet=name),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}-xlsx",
        icon=":material/download:",
        on_click="ignore",
    )
