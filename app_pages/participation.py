"""Participation: who takes part, from the whole organisation down to one manager's team."""

import streamlit as st

from dashboard.ui import invitations, participation, settings
from dashboard.ui.drill import drill_controls
from dashboard.ui.empty_states import no_data
from dashboard.ui.view import current

st.title("Participation")
place = drill_controls(current())
view = place.view
drilled = place.drill.level != "organisation"
targets = settings.targets()

stages = participation.funnel(view)
if not stages["people"].iloc[0]:
    no_data("eligible employees", drilled=drilled)
    st.stop()
participation.headline(view, targets)

st.subheader("Uptake funnel")
participation.funnel_section(stages, view)

participation.breakdown(place, targets)

invitations.section(view, drilled=drilled)

st.subheader("New pairings per month")
participation.new_relationships(view)

st.subheader("Coach capacity")
participation.coach_capacity(view)
