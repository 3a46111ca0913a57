"""KPI cards with their change against the previous period and red/amber/green on target."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard.kpis import CARDS, card_change, card_help, card_label, card_target, card_value
from dashboard.metrics.against_target import scope_department
from dashboard.metrics.targets import Targets
from dashboard.ui import settings
from dashboard.ui.view import current

PER_ROW = 3


def kpi_cards(kpis: dict[str, Any], k: int, targets: Targets | None = None) -> None:
    """The headline cards; targets default to the settings file's, for the current selection."""
    previous = kpis["previous"]
    targets = settings.targets() if targets is None else targets
    department = scope_department(current().filters)
    for row_start in range(0, len(CARDS), PER_ROW):
        columns = st.columns(PER_ROW)
        for column, card in zip(columns, CARDS[row_start : row_start + PER_ROW], strict=False):
            target, status = card_target(card, kpis, targets, department)
            change = card_change(card, kpis)
            column.metric(
                card_label(card, status),
                card_value(card, kpis, k, target),
                delta=change.text,
                delta_color=change.color,
                delta_arrow=change.arrow,
                delta_description=change.note,
                help=card_help(card, kpis, previous, k, target),
                border=True,
            )
