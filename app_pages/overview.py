"""Overview: the verdict and what to act on, headline KPIs, the trend and the department table."""

import streamlit as st

from dashboard.charts.trend import MEASURE_LABELS
from dashboard.metrics.verdict import whose
from dashboard.ui import overview, settings
from dashboard.ui import verdict as verdict_ui
from dashboard.ui.board_pack import board_pack_buttons
from dashboard.ui.downloads import download_buttons
from dashboard.ui.kpis import kpi_cards
from dashboard.ui.view import current, scope_caption

view = current()
st.title("Programme health")
scope_caption(view, "changes are against the previous period of equal length")

kpis = overview.headline(view)
if not kpis["eligible_headcount"]:
    overview.empty_state()
    st.stop()
targets = settings.targets()
verdict_ui.show_verdict(verdict_ui.of(view, targets, settings.idle_days()))
kpi_cards(kpis, view.k, targets)

if verdict_ui.narrower(view):
    name = whose(view.data, view.filters) or "This selection"
    st.subheader(f"{name} against the organisation")
    overview.against_organisation(view, name, targets)

st.subheader("Monthly trend")
trend = overview.trend(view)
for column, measure in zip(st.columns(3), MEASURE_LABELS, strict=True):
    if measure in trend:
        with column:
            overview.trend_chart(view, measure)
download_buttons(trend, "monthly_trend", key="trend")

st.subheader("Departments")
departments = overview.departments_worst_first(view, targets)
overview.department_grid(view, targets)
download_buttons(departments, "departments", key="departments")

board_pack_buttons(view)
