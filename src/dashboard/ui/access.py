"""Sign-in, the user's grant, and the data scoped to it before anything else sees the data."""

from __future__ import annotations

import streamlit as st

from dashboard import access, config
from dashboard.model import ProgrammeData
from dashboard.ui.cache import data_key
from dashboard.wording.markdown import escape


@st.cache_data(ttl=60, show_spinner=False)
def _policy(path: str, mtime: float) -> access.Policy:
    return access.load_policy(config.read_config())


def policy() -> access.Policy:
    """The access policy from the settings file, re-read when the file changes."""
    path = config.config_path()
    return _policy(path=str(path), mtime=path.stat().st_mtime if path.is_file() else 0.0)


def _blocked(title: str, body: str, *, sign_in: bool = False) -> None:
    """Show only a message (no pages, no data) and stop the run."""

    def page() -> None:
        st.title(title)
        st.info(body, icon=":material/lock:")
        if sign_in:
            st.button("Sign in", type="primary", on_click=st.login)
        else:
            st.button("Sign out", on_click=st.logout)

    st.navigation([st.Page(page, title=title)], position="hidden").run()
    st.stop()


def _verified(user: dict) -> bool:
    """Whether the sign-in provider vouches for the e-mail address; providers that send no
    `email_verified` claim (e.g. Microsoft Entra ID) vouch for the addresses they issue."""
    if "email_verified" not in user:
        return True
    claim = user["email_verified"]
    return claim is True or (isinstance(claim, str) and claim.strip().lower() == "true")


def require_grant(pol: access.Policy) -> access.Grant:
    """The signed-in user's grant; a local run without sign-in has full access."""
    user = st.user.to_dict()
    if "is_logged_in" not in user:
        return access.LOCAL_GRANT
    if not user["is_logged_in"]:
        _blocked(
            "Programme health",
            "This dashboard shows confidential programme data. Please sign in with your "
            "organisation account.",
            sign_in=True,
        )
    email = user.get("email")
    shown = escape(email) if email else "an account without an e-mail address"
    if not _verified(user):
        # Roles are matched on the address, so an address nobody proved to own grants nothing.
        _blocked(
            "E-mail address not verified",
            f"You are signed in as {shown}, but your sign-in provider has not verified this "
            "e-mail address, so it cannot be matched to any access. Verify the address with "
            "your provider, then sign in again.",
        )
    grant = pol.grant_for(email)
    if grant is None:
        _blocked(
            "No access",
            f"You are signed in as {shown}, which has not been given access to this dashboard. "
            "If you need it, please ask the programme team to add you.",
        )
    return grant


def current_grant() -> access.Grant:
    """The grant of whoever runs this page, worked out afresh (never taken from the session)."""
    return require_grant(policy())


@st.cache_resource(max_entries=32, show_spinner=False)
def _scoped(
    key: str, _grant: access.Grant, _pol: access.Policy, _data: ProgrammeData
) -> ProgrammeData:
    return access.scope(_data, _grant, _pol)


def scoped(data: ProgrammeData, grant: access.Grant, pol: access.Policy) -> ProgrammeData:
    """The data cut to the grant, computed once per load and grant."""
    # One string key: Streamlit would hash the two dataclasses afresh on every rerun.
    return _scoped(key=f"{data_key(data)}|{grant!r}|{pol!r}", _grant=grant, _pol=pol, _data=data)
