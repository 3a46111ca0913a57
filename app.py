"""Programme Health Dashboard: the entry script wires the source, the filters and the pages."""

import streamlit as st

from dashboard.ui import access, source
from dashboard.ui.filters import sidebar_filters
from dashboard.ui.view import View, publish
from dashboard.validate import ValidationReport

st.set_page_config(
    page_title="Programme Health",
    page_icon=":material/diversity_3:",
    layout="wide",
    initial_sidebar_state="expanded",
)

try:
    policy = access.policy()
except ValueError as exc:
    st.error(f"**The settings file has a mistake.** {exc}", icon=":material/error:")
    st.stop()
grant = access.require_grant(policy)

pages = st.navigation(
    [
        st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    ]
)

loaded = source.load()
if loaded is None:
    st.stop()

data = access.scoped(loaded.data, grant, policy)

with st.sidebar:
    st.caption(source.describe(loaded))
    st.button("Refresh data", icon=":material/refresh:", on_click=source.refresh)
    st.caption(access.sidebar_note(grant))

# Department heads see no validation report: its rows may come from other departments.
report = loaded.report if grant.all_departments else ValidationReport()
publish(View(data, sidebar_filters(data), report, policy.k))
pages.run()
