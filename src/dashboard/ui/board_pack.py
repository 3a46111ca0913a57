"""The Overview's "Board pack" downloads: the PDF and XLSX for the current scope and filters."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard.boardpack.content import BoardPack, build, scope_label
from dashboard.boardpack.pdf import to_pdf
from dashboard.boardpack.xlsx import to_workbook
from dashboard.config import read_config
from dashboard.exports import file_stem
from dashboard.metrics.risks import DEFAULT_IDLE_DAYS, idle_days_setting
from dashboard.ui import settings
from dashboard.ui.view import View


def _idle_days() -> int:
    try:
        return idle_days_setting(read_config())
    except ValueError:
        return DEFAULT_IDLE_DAYS


def _pack(view: View) -> BoardPack:
    return build(
        view.data,
        view.filters,
        scope=scope_label(view.data),
        targets=settings.targets(),
        k=view.k,
        idle_days=_idle_days(),
        coach_limit=settings.coach_limit(),
        organisation=view.organisation,
    )


def _pdf(view: View) -> bytes:
    with st.spinner("Building the board pack PDF…"):
        return to_pdf(_pack(view))


def _xlsx(view: View) -> bytes:
    with st.spinner("Building the board pack workbook…"):
        return to_workbook(_pack(view))


def board_pack_buttons(view: View) -> None:
    """PDF and XLSX of programme health for the current filters, built only when clicked."""
    stem = file_stem("board_pack", view.filters, dt.date.today())
    st.subheader("Board pack")
    st.caption(
        "Headline KPIs against targets, uptake, coach capacity, goals, managers, obstacles, "
        "risks and methods for the filters above, as a printable PDF or a workbook."
    )
    left, right, _ = st.columns([1, 1, 4])
    left.download_button(
        "Board pack PDF",
        data=lambda: _pdf(view),
        file_name=f"{stem}.pdf",
        mime="application/pdf",
        key="board-pack-pdf",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
    )
    right.download_button(
        "Board pack XLSX",
        data=lambda: _xlsx(view),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="board-pack-xlsx",
        icon=":material/download:",
        on_click="ignore",
    )
