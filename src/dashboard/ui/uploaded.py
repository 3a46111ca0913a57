"""The uploaded data a user may switch the whole app to; kept per session, never shared.

The Data page holds a successful upload here; the sidebar switch (drawn by app.py) chooses
between it and the database; `chosen()` is what ui.source.load returns when the switch says so.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

DATABASE = "Database"
UPLOADED = "Uploaded files"
_HELD = "_uploaded_source"
_CHOICE = "data_source"
_NEXT = "_data_source_next"


def held() -> Any | None:
    """The Loaded of the last successful upload in this session, if any."""
    return st.session_state.get(_HELD)


def hold(loaded: Any, *, switch: bool) -> None:
    """Keep an upload for this session; with `switch`, the app shows it from the next run."""
    st.session_state[_HELD] = loaded
    if switch:
        st.session_state[_NEXT] = UPLOADED


def drop() -> None:
    """Forget the upload and go back to the database."""
    st.session_state.pop(_HELD, None)
    st.session_state[_NEXT] = DATABASE


def showing_upload() -> bool:
    return st.session_state.get(_CHOICE) == UPLOADED and held() is not None


def chosen() -> Any | None:
    """The held upload when the switch selects it; called before the switch is drawn."""
    # The Data page cannot set the switch itself once the sidebar has drawn it in a run.
    following = st.session_state.pop(_NEXT, None)
    if following is not None:
        st.session_state[_CHOICE] = following
    return held() if showing_upload() else None


def source_switch() -> None:
    """The sidebar's choice between the database and the uploaded files (only once uploaded)."""
    if held() is None:
        return
    # Set through session state, not `default`, because chosen() may already have set it.
    st.session_state.setdefault(_CHOICE, DATABASE)
    st.segmented_control(
        "Data source",
        (DATABASE, UPLOADED),
        key=_CHOICE,
        required=True,
        help="Uploaded files stay in this browser session only; switch back at any time.",
        width="stretch",
    )
