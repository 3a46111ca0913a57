"""Data: upload spreadsheet exports, map their columns, read the validation report, save them."""

import streamlit as st

from dashboard.ui import data as page
from dashboard.ui import mapping_step
from dashboard.ui.view import current

view = current()
st.title("Data")
st.caption(
    "Upload the exports of your people system or mentoring platform to explore them in the "
    "dashboard, check them row by row, or save them into the database."
)

files = page.uploader()
if not files:
    page.current_source(view)
    st.stop()

result = page.process()
page.not_kept(result)
mapping_step.detected(result.plan)
mapping_step.mapping_step(result.plan)
page.report(result)
page.use(result)
