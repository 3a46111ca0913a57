"""The Participation page's list of whom to invite: counts per line manager for everyone, the
names behind them only for a user who may see names."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.empty_advice import has_line_managers, no_line_managers_text
from dashboard.metrics.invitations import (
    invitation_summary,
    invitations_by_manager,
    invitees,
    managers_to_invite,
)
from dashboard.ui.access import current_grant
from dashboard.ui.cache import cached, derived
from dashboard.ui.downloads import download_buttons
from dashboard.ui.empty_states import no_data
from dashboard.ui.tables import show_table, table_data
from dashboard.ui.view import View
from dashboard.wording import invitations as words

# Every option is sent on every rerun; past this many managers the full list is in the
# download, and a department or manager filter brings the rest into the menu.
MAX_MENU = 500
PERSON_COLUMNS = ["name", "employee_id", "job_level", "department", "withdrew"]
COUNT_COLUMNS = ["manager", "to_invite", "eligible", "enrolled", "leavers"]


def _managers_to_invite(view: View) -> pd.DataFrame:
    return managers_to_invite(cached(view, invitations_by_manager))


def _totals(view: View) -> dict[str, int]:
    return invitation_summary(cached(view, invitations_by_manager))


def _menu(view: View) -> dict[str, int]:
    """The managers offered by name, most people to invite first, with how many each has."""
    top = _managers_to_invite(view).head(MAX_MENU)
    return dict(zip(top["manager"], top["to_invite"].astype(int), strict=True))


def _team(view: View, *, manager: str) -> pd.DataFrame:
    people = cached(view, invitees)
    return people[people["manager"] == manager].reset_index(drop=True)


def _counts_table(view: View) -> None:
    show_table(
        table_data(view, _managers_to_invite, columns=COUNT_COLUMNS),
        width="stretch",
        pinned="manager",
        config={
            "manager": "Line manager",
            "to_invite": st.column_config.NumberColumn(
                "To invite", help="Eligible direct reports not enrolled, leavers left out."
            ),
            "enrolled": st.column_config.NumberColumn("Enrolled", help=words.ENROLLED_HELP),
            "leavers": st.column_config.NumberColumn(
                "Leavers left out", help="Not enrolled, but with a leave date."
            ),
        },
    )


def _names(view: View, totals: dict[str, int]) -> None:
    menu = derived(view, _menu)
    manager = st.selectbox(
        "Names to invite, by line manager",
        list(menu),
        format_func=lambda m: f"{m}: {menu[m]:,} to invite",
        key="invite-manager",
    )
    if manager is not None:
        show_table(
            table_data(view, _team, columns=PERSON_COLUMNS, manager=manager),
            width="stretch",
            pinned="name",
            config={
                "name": st.column_config.TextColumn("Name"),
                "employee_id": st.column_config.TextColumn("Employee id"),
                "job_level": "Job level",
                "withdrew": st.column_config.CheckboxColumn(
                    "Withdrew", help="Withdrew from an earlier enrolment."
                ),
            },
        )
    if totals["groups"] > MAX_MENU:
        st.caption(words.menu_note(MAX_MENU, totals["groups"]))
    download_buttons(lambda: cached(view, invitees), "invitations", key="invite-people")


def section(view: View, *, drilled: bool) -> None:
    """Whom to invite in this selection: per-manager counts, names where the user may see them."""
    st.subheader("Whom to invite")
    totals = derived(view, _totals)
    if not totals["eligible"]:
        no_data("eligible employees", drilled=drilled)
        return
    if not totals["to_invite"]:
        st.success(words.all_enrolled(totals))
        return
    may_see_names = current_grant().show_names
    if not has_line_managers(view.data.employees):
        st.info(
            no_line_managers_text(
                f"the eligible employees not enrolled ({totals['to_invite']:,}) cannot be "
                "grouped by line manager"
            ),
            icon=":material/account_tree:",
        )
        if may_see_names:
            download_buttons(lambda: cached(view, invitees), "invitations", key="invite-people")
        return
    st.caption(words.to_invite(totals))
    _counts_table(view)
    download_buttons(
        lambda: _managers_to_invite(view), "invitations_by_manager", key="invite-counts"
    )
    if may_see_names:
        _names(view, totals)
    else:
        st.caption("Your access does not include names, so the list shows counts only.")
