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
from dashboard.ui.tables import table_data
from dashboard.ui.text import escape
from dashboard.ui.view import View

# Each expander is a block the browser redraws on every rerun; past this many managers the
# full list is in the download, and a department or manager filter brings the rest on screen.
MAX_LISTS = 25
COUNT_COLUMNS = ["manager", "to_invite", "eligible", "enrolled", "leavers"]
ENROLLED_HELP = (
    "Enrolled as the uptake funnel counts it: enrolled as a participant (any status but "
    "withdrawn), or in a pairing running in the period."
)


def _managers_to_invite(view: View) -> pd.DataFrame:
    return managers_to_invite(cached(view, invitations_by_manager))


def _totals(view: View) -> dict[str, int]:
    return invitation_summary(cached(view, invitations_by_manager))


def _line(person: tuple) -> str:
    """One person as a markdown list item: name (id), job level, department, a withdrawal."""
    parts = [escape(person.employee_id)]
    if pd.notna(person.name):
        parts = [f"{escape(person.name)} ({parts[0]})"]
    parts += [escape(v) for v in (person.job_level, person.department) if pd.notna(v)]
    if person.withdrew:
        parts.append("withdrew from an earlier enrolment")
    return "- " + " · ".join(parts)


def _lists(view: View) -> list[tuple[str, list[str]]]:
    """Each manager's label and the people to invite as markdown lines, most people first."""
    people = cached(view, invitees)
    order = _managers_to_invite(view)["manager"].head(MAX_LISTS)
    return [
        (manager, [_line(p) for p in people[people["manager"] == manager].itertuples()])
        for manager in order
    ]


def _counts_table(view: View) -> None:
    st.dataframe(
        table_data(view, _managers_to_invite, columns=COUNT_COLUMNS),
        hide_index=True,
        width="stretch",
        column_config={
            "manager": st.column_config.TextColumn("Line manager", pinned=True),
            "to_invite": st.column_config.NumberColumn(
                "To invite", help="Eligible direct reports not enrolled, leavers left out."
            ),
            "eligible": st.column_config.NumberColumn("Eligible"),
            "enrolled": st.column_config.NumberColumn("Enrolled", help=ENROLLED_HELP),
            "leavers": st.column_config.NumberColumn(
                "Leavers left out", help="Not enrolled, but with a leave date."
            ),
        },
    )


def _names(view: View, totals: dict[str, int]) -> None:
    for manager, lines in derived(view, _lists):
        with st.expander(f"{escape(manager)}: {len(lines):,} to invite"):
            st.markdown("\n".join(lines))
    if totals["groups"] > MAX_LISTS:
        st.caption(
            f"Names for the {MAX_LISTS} managers with the most people to invite; all "
            f"{totals['groups']:,} lists are in the download, and a department or manager "
            "filter brings the others here."
        )
    download_buttons(lambda: cached(view, invitees), "invitations", key="invite-people")


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def section(view: View, *, drilled: bool) -> None:
    """Whom to invite in this selection: per-manager counts, names where the user may see them."""
    st.subheader("Whom to invite")
    totals = derived(view, _totals)
    if not totals["eligible"]:
        no_data("eligible employees", drilled=drilled)
        return
    leavers = (
        " "
        + _count(totals["leavers"], "person", "people")
        + " not enrolled but with a leave date (gone or going) left out."
        if totals["leavers"]
        else ""
    )
    if not totals["to_invite"]:
        st.success(f"Everyone eligible in this selection is enrolled.{leavers}")
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
    st.caption(
        _count(totals["to_invite"], "eligible employee is", "eligible employees are")
        + " not enrolled, under "
        + _count(totals["managers"], "line manager", "line managers")
        + (f" ({totals['unmanaged']:,} with none)" if totals["unmanaged"] else "")
        + f".{leavers} {ENROLLED_HELP}"
    )
    _counts_table(view)
    download_buttons(
        lambda: _managers_to_invite(view), "invitations_by_manager", key="invite-counts"
    )
    if may_see_names:
        _names(view, totals)
    else:
        st.caption("Your access does not include names, so the list shows counts only.")
