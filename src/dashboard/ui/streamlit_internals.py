"""The three things the app takes from Streamlit's private modules, and nowhere else.

Streamlit is pinned (requirements.txt); tests/ui/test_streamlit_internals.py fails the day an
upgrade moves or changes any of them, so an upgrade is a change to this file alone.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
from streamlit import dataframe_util
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx


def vega_lite_spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The spec `st.altair_chart` would send for `chart` (its theme handling applied, datasets
    as Arrow IPC bytes), so a cached spec drawn by `st.vega_lite_chart` looks the same."""
    return _convert_altair_to_vega_lite_spec(chart)


def arrow_compatible(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with the columns Arrow cannot take as they are made text, as `st.dataframe` does."""
    return dataframe_util.fix_arrow_incompatible_column_types(frame)


def session_id() -> str:
    """The id of the browser tab whose script is running ("bare" outside a Streamlit run);
    Streamlit has no public one, and an upload is held for the tab that shows it."""
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else "bare"
