"""The Overview page's parts: cached metric calls and the widgets that show them."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.charts.trend import MEASURE_LABELS, monthly_trend_chart
from dashboard.metrics import departments, summary
from dashboard.metrics import trend as trend_metrics
from dashboard.metrics.against_target import scope_department
from dashboard.metrics.organisation import side_by_side
from dashboard.metrics.targets import Targets
from dashboard.ui.cache import cached, derived
from dashboard.ui.empty_states import widen_advice
from dashboard.ui.figures import show
from dashboard.ui.organisation import of as organisation_of
from dashboard.ui.tables import show_table, table_data
from dashboard.ui.view import View


def headline(view: View) -> dict[str, Any]:
    return cached(view, summary.headline_with_previous, k=view.k)


def trend(view: View) -> pd.DataFrame:
    return cached(view, trend_metrics.monthly_trend_of)


def _trend_figure(view: View, *, measure: str) -> alt.LayerChart:
    return monthly_trend_chart(trend(view), measure)


def trend_chart(view: View, measure: str) -> None:
    show(view, _trend_figure, measure=measure, alt_text=f"{MEASURE_LABELS[measure]} by month")


def department_table(view: View) -> pd.DataFrame:
    return cached(view, departments.department_table, k=view.k)


def _worst_first(view: View, *, targets: Targets) -> pd.DataFrame:
    return departments.uptake_worst_first(department_table(view), targets).drop(columns="rag")


def departments_worst_first(view: View, targets: Targets) -> pd.DataFrame:
    """Every department with its uptake status against target, worst first (derived once per
    view: the page's table and its download both read it on every rerun)."""
    return derived(view, _worst_first, targets=targets)


def empty_state() -> None:
    st.info(
        "No eligible employees match these filters. " + widen_advice(),
        icon=":material/filter_alt_off:",
    )


def _department_rows(view: View, *, targets: Targets) -> pd.DataFrame:
    return departments.grid_rows(departments_worst_first(view, targets), view.k)


def department_grid(view: View, targets: Targets) -> None:
    """The departments, worst uptake against its target first."""
    k = view.k
    percent = {"format": "%.0f%%", "width": "small"}
    show_table(
        table_data(view, _department_rows, targets=targets),
        width="stretch",
        pinned="department",
        config={
            "status": st.column_config.TextColumn(
                "Uptake status", help="Uptake against the department's target"
            ),
            "eligible": st.column_config.NumberColumn("Eligible", help="Eligible headcount"),
            "uptake": st.column_config.ProgressColumn(
                "Uptake", min_value=0, max_value=100, **percent
            ),
            "goal_completion": st.column_config.NumberColumn(
                "Goal completion",
                help="Completed / goals closed or overdue; abandoned goals (closed without "
                "being achieved) count as not completed",
                format="%.0f%%",
            ),
            "goals_due": st.column_config.NumberColumn(
                "Closed or overdue", help="Goals closed or overdue (the rate's denominator)"
            ),
            "satisfaction": st.column_config.TextColumn(
                "Satisfaction",
                help=f"Mean 1–5 score, over whole calendar months. Counted only in groups of "
                f"{k} or more people that these filters cannot split, so no combination of "
                "filters can single anyone out; a hidden department's answers are in no total.",
            ),
            "respondents": st.column_config.NumberColumn(
                "Respondents", help="People counted, rounded down to a multiple of 5"
            ),
            "open_obstacles": st.column_config.NumberColumn("Open obstacles"),
            "obstacles_per_100": st.column_config.NumberColumn(
                "Obstacles per 100", format="%.1f", help="Open obstacles per 100 eligible"
            ),
        },
    )


def _against_organisation(view: View, *, targets: Targets) -> pd.DataFrame:
    department = scope_department(view.filters)
    return side_by_side(
        headline(view), organisation_of(view), k=view.k, targets=targets, department=department
    )


def against_organisation(view: View, whose: str, targets: Targets) -> None:
    """The view's headline figures beside the whole organisation's (figures only)."""
    show_table(
        table_data(view, _against_organisation, targets=targets),
        pinned="measure",
        config={
            "measure": st.column_config.TextColumn("Measure"),
            "mine": st.column_config.TextColumn(whose),
            "organisation": st.column_config.TextColumn(
                "Organisation", help="Every department, for the same period and filters"
            ),
            "difference": st.column_config.TextColumn(
                "Difference", help="Points for rates; hidden where either side is hidden"
            ),
        },
    )
