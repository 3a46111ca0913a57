"""KPI cards with their change against the previous period."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard.kpis import CARDS, card_help, card_value, format_change

PER_ROW = 3


def kpi_cards(kpis: dict[str, Any], k: int) -> None:
    previous = kpis["previous"]
    for row_start in range(0, len(CARDS), PER_ROW):
        columns = st.columns(PER_ROW)
        for column, card in zip(columns, CARDS[row_start : row_start + PER_ROW], strict=False):
            column.metric(
                card.label,
                card_value(card, kpis, k),
                delta=format_change(kpis.get(card.key), previous.get(card.key), card.format),
                delta_color="normal" if card.higher_is_better else "inverse",
                delta_description="vs previous period",
                help=card_help(card, kpis, previous, k),
                border=True,
            )
