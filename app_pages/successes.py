"""Successes & risks: pairings needing attention, successes to recognise, retention, leadership."""

import streamlit as st

from dashboard.ui import successes
from dashboard.ui.view import current, scope_caption

view = current()
st.title("Successes & risks")
scope_caption(view, "at risk as of the period end")

individual_feedback = successes.individual_feedback()
st.subheader("Relationships at risk")
successes.at_risk(view, successes.idle_days_default(), individual_feedback)

st.subheader("Successes to recognise")
on_time, happy, improved = st.tabs(
    ["Goals completed on time", "Completed with satisfaction ≥ 4", "Most improved"]
)
with on_time:
    successes.on_time_goals(view)
with happy:
    successes.happy_completions(view, individual_feedback)
with improved:
    successes.most_improved(view)

st.subheader("Retention: participants and non-participants")
successes.retention_section(view)

shows = successes.leadership_parts(view)
if shows["sponsors"] or shows["leaders"]:
    st.subheader("Visible support from strategic managers")
    if shows["sponsors"]:
        st.markdown("**Programme sponsors**")
        successes.sponsors(view)
    if shows["leaders"]:
        st.markdown("**Senior leaders as coaches and mentors**")
        successes.senior_leaders(view, successes.senior_levels())
