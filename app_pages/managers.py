"""Managers: who implements the programme well or poorly, judged fairly for team size."""

import streamlit as st

from dashboard.ui import managers
from dashboard.ui.view import current, scope_caption

view = current()
st.title("Operational managers")
scope_caption(view, "a team is the manager's eligible direct reports")
settings = managers.settings_row(view)

page = managers.assess(view, settings)
review = page.review
if review.table.empty:
    managers.no_managers(view)
    st.stop()
if (review.table["status"] == "too_small").all():
    managers.none_judged(settings.min_n)
managers.status_summary(view, settings, review)

st.subheader("What to do, manager by manager")
managers.in_plain_words(view, settings)

st.subheader("Funnel plots")
clicked = managers.funnel_tabs(view, settings, review)
if clicked:
    managers.team_drill(view, clicked, review, key="chart")
managers.method_note(view, settings, review)

st.subheader("Managers")
chosen = managers.manager_grid(view, settings, review)
if chosen:
    managers.team_drill(view, chosen, review, key="table")

st.subheader("Action list")
managers.action_list(view, settings, page.actions)

st.subheader("Peer-mentor pairing proposals")
managers.pairing_tables(view, settings, page.pairing)
