"""Programme Health Dashboard: the entry script wires the source, the filters and the pages."""

import streamlit as st

from dashboard.ui import access, links, organisation, source, uploaded
from dashboard.ui.filters import sidebar_filters
from dashboard.ui.view import View, publish
from dashboard.validate import ValidationReport
from dashboard.wording.access import access_note
from dashboard.wording.markdown import escape

st.set_page_config(
    page_title="Programme Health",
    page_icon=":material/diversity_3:",
    layout="wide",
    initial_sidebar_state="auto",
)

try:
    policy = access.policy()
except ValueError as exc:
    st.error(f"**The settings file has a mistake.** {escape(exc)}", icon=":material/error:")
    st.stop()
grant = access.require_grant(policy)

pages = st.navigation(
    [
        st.Page(
            "app_pages/overview.py", title="Overview", icon=":material/dashboard:", default=True
        ),
        st.Page("app_pages/participation.py", title="Participation", icon=":material/group_add:"),
        st.Page("app_pages/goals.py", title="Goals", icon=":material/flag:"),
        st.Page("app_pages/managers.py", title="Managers", icon=":material/supervisor_account:"),
        st.Page("app_pages/obstacles.py", title="Obstacles", icon=":material/block:"),
        st.Page(
            "app_pages/successes.py", title="Successes & risks", icon=":material/emoji_events:"
        ),
        st.Page("app_pages/data.py", title="Data", icon=":material/upload_file:"),
    ]
)

loaded = source.load(grant)
if loaded is None:
    st.stop()

data = (
    uploaded.scoped(loaded, grant, policy)
    if loaded.kind == "upload"
    else access.scoped(loaded.data, grant, policy)
)

with st.sidebar:
    uploaded.source_switch()
    source.sidebar(loaded, grant)
    st.caption(access_note(grant))

# Department heads see no validation report: its rows may come from other departments.
report = loaded.report if grant.all_departments else ValidationReport()
links.follow()
filters = sidebar_filters(data)
source.history_notice(loaded, filters)
# A department head is compared with the whole organisation: its figures, not its rows.
benchmark = organisation.for_grant(loaded.data, filters, policy.k, grant)
publish(View(data, filters, report, policy.k, benchmark))
pages.run()
