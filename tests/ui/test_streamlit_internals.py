"""Guards for what the app takes from Streamlit's private modules: an upgrade that moves or
changes any of them fails here (the spec's equality with st.altair_chart is in test_figures)."""

import pandas as pd
import pyarrow as pa
from streamlit.testing.v1 import AppTest

from dashboard.ui import streamlit_internals


def test_mixed_type_columns_become_text_as_st_dataframe_sends_them():
    frame = pd.DataFrame({"mixed": [1, "two", 3.0], "number": [1, 2, 3]})
    fixed = streamlit_internals.arrow_compatible(frame)
    table = pa.Table.from_pandas(fixed, preserve_index=False)
    assert table.column("mixed").to_pylist() == ["1", "two", "3.0"]
    assert table.column("number").to_pylist() == [1, 2, 3]


def test_outside_a_streamlit_run_there_is_no_session():
    assert streamlit_internals.session_id() == "bare"


def _show_session() -> None:
    import streamlit as st

    from dashboard.ui.streamlit_internals import session_id

    st.write(session_id())


def test_a_running_script_has_its_tab_s_session_id():
    at = AppTest.from_function(_show_session).run()
    shown = at.markdown[0].value
    assert shown and shown != "bare"
