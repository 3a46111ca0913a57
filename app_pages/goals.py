"""Goals: set, completed, on time and overdue, from the organisation down to one team."""

import streamlit as st

from dashboard.ui import goals, settings
from dashboard.ui.drill import drill_controls
from dashboard.ui.empty_states import missing_table, no_data
from dashboard.ui.view import current

st.title("Goals")
place = drill_controls(current())
view = place.view
if not view.data.has("goals"):
    missing_table("goals", "The Goals page")
    st.stop()
if not goals.any_in_play(view):
    no_data("goals set, due or closed in the period")
    st.stop()
targets = settings.targets()
goals.headline(view, goals.totals(view), targets)

goals.breakdown(place, targets)

st.subheader("State at the end of the period")
goals.states(view)

st.subheader("Time to complete")
goals.durations(view)

st.subheader("Goals by category")
goals.categories(view)

st.subheader("Overdue goals")
goals.overdue(view)
