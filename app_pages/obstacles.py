"""Obstacles: where adoption is blocked, by department and category, and whether it is resolved."""

import streamlit as st

from dashboard.ui import obstacles
from dashboard.ui.empty_states import missing_table
from dashboard.ui.view import current, scope_caption

view = current()
st.title("Obstacles")
scope_caption(view, "obstacles carry their own department; 'open' is as of the period end")
if view.data.obstacles is None:
    missing_table("obstacles", "The Obstacles page")
    st.stop()

obstacles.kpis(view)

st.subheader("By department and category")
which, measure = obstacles.controls()
cell = obstacles.heatmap(view, which, measure)

st.subheader("Obstacle log")
obstacles.log(view, which, cell)

st.subheader("Severity")
obstacles.severity(view, which)

st.subheader("Reported each month")
obstacles.monthly(view)

st.subheader("Resolution")
by_category, by_department = st.tabs(["By category", "By department"])
with by_category:
    obstacles.resolution(view, "category", "Obstacle")
with by_department:
    obstacles.resolution(view, "department", "Department")

st.subheader("Where obstacles meet low uptake")
obstacles.uptake_view(view)
