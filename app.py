"""Programme Health Dashboard: the entry script wires the source, the filters and the pages."""

import streamlit as st

from dashboard.metrics.satisfaction import DEFAULT_K
from dashboard.ui import source
from dashboard.ui.filters import sidebar_filters
from dashboard.ui.view import View, publish

st.set_page_config(
    page_title="Programme Health",
    page_icon=":material/diversity_3:",
    layout="wide",
    initial_sidebar_state="expanded",
)

pages = st.navigation(
    [
        st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    ]
)

loaded = source.load()
if loaded is None:
    st.stop()

with st.sidebar:
    st.caption(source.describe(loaded))
    st.button("Refresh data", icon=":material/refresh:", on_click=source.refresh)

publish(View(loaded.data, sidebar_filters(loaded.data), loaded.report, DEFAULT_K))
pages.run()
