"""The uploaded data a user may switch the whole app to, held on the server under a token.

The Data page holds a successful upload here; the sidebar switch (drawn by app.py) chooses
between it and the database; `chosen()` is what ui.source.load returns when the switch says so.

An upload lives in the server's upload store (dashboard.upload_store), not in the session:
the tab keeps only its token, in its state and in its URL (`?upload=…`), so a reload finds
the upload again. Only the same browser (and signed-in user) can, and only while the store
holds it: as long as a tab shows it, then `[upload] keep_minutes`, within `[upload] keep_mb`
for all uploads together; "Clear the upload" frees it at once. When it goes, everything
cached from it goes too (ui.cache.forget). docs/UPLOADS.md ("After an upload").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from typing import Any

import streamlit as st

from dashboard import access
from dashboard.byte_budget import nbytes
from dashboard.model import ProgrammeData
from dashboard.ui.cache import forget, load_key, memory
from dashboard.ui.streamlit_internals import session_id
from dashboard.upload_store import CLEARED, EXPIRED, NOT_YOURS, UploadStore, owner

DATABASE = "Database"
UPLOADED = "Uploaded files"
PARAM = "upload"  # the URL parameter that carries the token across reloads
_TOKEN = "_upload_token"
_CHOICE = "data_source"
_NEXT = "_data_source_next"
_GONE = "_upload_gone"


@dataclasses.dataclass
class Held:
    """One upload as the store holds it: the loaded data, its files' names, when it came, and
    the data as each user's scope cuts it (freed with it)."""

    loaded: Any  # ui.source.Loaded
    names: tuple[str, ...]
    at: dt.datetime
    scoped: dict[str, ProgrammeData] = dataclasses.field(default_factory=dict)


def _freed(held: Held) -> None:
    forget(load_key(held.loaded.data))


@st.cache_resource(show_spinner=False)
def store() -> UploadStore:
    """The uploads of every session, within `[upload] keep_mb` and `keep_minutes`."""
    settings = memory()
    return UploadStore(settings.upload_keep_bytes, settings.upload_keep_seconds, on_free=_freed)


def _owner() -> str:
    user = st.user.to_dict()
    email = user.get("email") if user.get("is_logged_in") else None
    cookie = st.context.cookies.get("_streamlit_xsrf")
    return owner(email, cookie if isinstance(cookie, str) else None)


@dataclasses.dataclass(frozen=True)
class _Showing:
    token: str
    session: str


def _session_ended(showing: _Showing) -> None:
    held_uploads = store()
    held_uploads.detach(showing.token, showing.session)
    # The store also frees late uploads whenever it is used; this covers a quiet server.
    timer = threading.Timer(held_uploads.keep_seconds + 1, held_uploads.sweep)
    timer.daemon = True
    timer.start()


# Session-scoped: Streamlit releases it (and so ends this session's claim on the upload) as
# soon as the session's connection closes; a reconnecting session claims it again.
@st.cache_resource(scope="session", on_release=_session_ended, show_spinner=False)
def _show(token: str) -> _Showing:
    store().attach(token, session_id())
    return _Showing(token, session_id())


def _forget_token(reason: str | None) -> None:
    st.session_state.pop(_TOKEN, None)
    if st.query_params.get(PARAM) is not None:
        del st.query_params[PARAM]
    if reason is not None:
        st.session_state[_GONE] = reason


def held() -> Held | None:
    """This tab's upload, if the store still holds it for this browser and user."""
    token = st.session_state.get(_TOKEN)
    restoring = token is None
    token = token or st.query_params.get(PARAM)
    if not token:
        return None
    found = store().get(token, _owner())
    if found is None:
        gone = NOT_YOURS if store().holds(token) else store().why_gone(token) or EXPIRED
        _forget_token(gone)
        return None
    if restoring:
        # A reload (a new session) comes back to what the tab showed: the upload.
        st.session_state[_TOKEN] = token
        st.session_state[_NEXT] = UPLOADED
    if st.query_params.get(PARAM) != token:
        st.query_params[PARAM] = token  # a page switch drops parameters no widget owns
    _show(token)
    return found


def hold(loaded: Any, names: tuple[str, ...], *, switch: bool) -> None:
    """Hold an upload for this tab (freeing its previous one); with `switch`, the app shows
    it from the next run."""
    previous = st.session_state.get(_TOKEN)
    if previous is not None:
        store().drop(previous)
    upload = Held(loaded, names, dt.datetime.now(dt.UTC))
    token = store().put(upload, owner=_owner(), size=nbytes(loaded.data), session=session_id())
    st.session_state[_TOKEN] = token
    st.query_params[PARAM] = token
    _show(token)
    if switch:
        st.session_state[_NEXT] = UPLOADED


def drop() -> None:
    """Free the upload now and go back to the database."""
    token = st.session_state.get(_TOKEN)
    if token is not None:
        store().drop(token)
    _forget_token(None)
    st.session_state[_NEXT] = DATABASE


def scoped(loaded: Any, grant: access.Grant, policy: access.Policy) -> ProgrammeData:
    """An upload's data as this user's scope cuts it: worked out once and held with the
    upload (so freed with it), never in a cache shared beyond it."""
    upload = held()
    if upload is None or upload.loaded is not loaded:
        return access.scope(loaded.data, grant, policy)
    key = f"{grant!r}|{policy!r}"
    if key not in upload.scoped:
        upload.scoped[key] = access.scope(upload.loaded.data, grant, policy)
    return upload.scoped[key]


def showing_upload() -> bool:
    return st.session_state.get(_CHOICE) == UPLOADED and held() is not None


def chosen() -> Any | None:
    """The held upload's Loaded when the switch selects it; called before the switch is
    drawn."""
    # The Data page cannot set the switch itself once the sidebar has drawn it in a run.
    upload = held()
    following = st.session_state.pop(_NEXT, None)
    if following is not None:
        st.session_state[_CHOICE] = following if upload is not None else DATABASE
    return upload.loaded if upload is not None and showing_upload() else None


_GONE_WHY = {
    EXPIRED: "no tab showed them for longer than the server keeps uploads "
    "(`[upload] keep_minutes`)",
    CLEARED: "they were cleared",
    NOT_YOURS: "they were uploaded in another browser or by another user, and uploads are "
    "never shared (a link shares the filters, not the files)",
}


def source_switch() -> None:
    """The sidebar's choice between the database and the uploaded files (only once uploaded),
    or why the uploaded files this tab showed are gone."""
    gone = st.session_state.pop(_GONE, None)
    if gone is not None:
        why = _GONE_WHY.get(
            gone, "the server needed the room for newer uploads (`[upload] keep_mb`)"
        )
        held_here = "cannot be shown here" if gone == NOT_YOURS else "are no longer held"
        st.warning(
            f"The uploaded files this link points to {held_here}: {why}. The dashboard "
            "shows the database; upload the files on the Data page.",
            icon=":material/cloud_off:",
        )
    if held() is None:
        return
    # Set through session state, not `default`, because chosen() may already have set it.
    st.session_state.setdefault(_CHOICE, DATABASE)
    st.segmented_control(
        "Data source",
        (DATABASE, UPLOADED),
        key=_CHOICE,
        required=True,
        help="Uploaded files are held on the server for this browser only, while a tab shows "
        "them and for a while after (a reload keeps them); switch back at any time.",
        width="stretch",
    )
