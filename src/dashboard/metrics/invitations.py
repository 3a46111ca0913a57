"""Who to invite: the slice's eligible employees who are not enrolled, per line manager;
defined in docs/METRICS.md#invitations."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.filtering import Slice, select
from dashboard.membership import is_in
from dashboard.metrics.participation import enrolled, people_flags
from dashboard.metrics.subset import keep_tables
from dashboard.model import Filters, ProgrammeData
from dashboard.people import manager_labels

NO_MANAGER = "No line manager"
PEOPLE_COLUMNS = [
    "manager_id",
    "manager",
    "employee_id",
    "name",
    "department",
    "job_level",
    "withdrew",
]
MANAGER_COLUMNS = ["manager_id", "manager", "eligible", "enrolled", "leavers", "to_invite"]


def invitation_flags(sl: Slice, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Each eligible employee with `enrolled` (as the uptake funnel counts it), `leaver` (not
    enrolled, with a leave date: left out) and `invite` (not enrolled, no leave date)."""
    people = people_flags(sl, start, end)
    signed_up = enrolled(people, sl.enrolments)
    # Someone with a leave date has gone, or is going: an invitation would be wasted on them.
    leaving = people["leave_date"].notna()
    withdrew = pd.Series(False, index=people.index)
    if sl.enrolments is not None:
        gone = sl.enrolments[
            (sl.enrolments["role"] == "participant") & (sl.enrolments["status"] == "withdrawn")
        ]
        withdrew = is_in(people["employee_id"], gone["employee_id"])
    return people.assign(
        enrolled=signed_up,
        leaver=~signed_up & leaving,
        invite=~signed_up & ~leaving,
        withdrew=withdrew,
    )


def _flags(data: ProgrammeData, filters: Filters) -> pd.DataFrame:
    sl = select(keep_tables(data, "enrolments"), filters)
    flags = invitation_flags(sl, filters.start, filters.end)
    labels = manager_labels(data.employees)
    # Text even when no label matches, so an id (or NO_MANAGER) can fill the gaps.
    manager = flags["manager_id"].map(labels).astype("str")
    return flags.assign(manager=manager.fillna(flags["manager_id"]).fillna(NO_MANAGER))


def invitees(data: ProgrammeData, filters: Filters) -> pd.DataFrame:
    """One row per person to invite, by manager then name; `withdrew` marks a past enrolment
    they withdrew from."""
    flags = _flags(data, filters)
    people = flags[flags["invite"]].sort_values(
        ["manager", "name", "employee_id"], na_position="last"
    )
    return people[PEOPLE_COLUMNS].reset_index(drop=True)


def invitations_by_manager(data: ProgrammeData, filters: Filters) -> pd.DataFrame:
    """Per line manager (blank: none): eligible direct reports, enrolled, leavers left out and
    people to invite; most to invite first. Every manager with an eligible report is listed."""
    flags = _flags(data, filters)
    grouped = flags.groupby(["manager_id", "manager"], dropna=False, observed=True)
    counts = grouped[["enrolled", "leaver", "invite"]].sum().astype("int64")
    counts = counts.assign(eligible=grouped.size().astype("int64")).reset_index()
    counts = counts.rename(columns={"leaver": "leavers", "invite": "to_invite"})
    counts = counts.sort_values(["to_invite", "manager"], ascending=[False, True])
    return counts[MANAGER_COLUMNS].reset_index(drop=True)


def invitation_totals(by_manager: pd.DataFrame) -> pd.DataFrame:
    """One row of totals over `invitations_by_manager`: eligible, to invite, leavers left out,
    line managers with someone to invite, and people to invite who have no line manager."""
    inviting = by_manager["to_invite"] > 0
    managed = by_manager["manager_id"].notna()
    totals = {
        "eligible": by_manager["eligible"].sum(),
        "to_invite": by_manager["to_invite"].sum(),
        "leavers": by_manager["leavers"].sum(),
        "managers": (inviting & managed).sum(),
        "unmanaged": by_manager.loc[~managed, "to_invite"].sum(),
    }
    return pd.DataFrame({k: [int(v)] for k, v in totals.items()})


def managers_to_invite(by_manager: pd.DataFrame) -> pd.DataFrame:
    """The rows of `invitations_by_manager` with anyone to invite."""
    return by_manager[by_manager["to_invite"] > 0].reset_index(drop=True)


def invitation_summary(by_manager: pd.DataFrame) -> dict[str, int]:
    """`invitation_totals` as plain numbers, with `groups`: managers with anyone to invite."""
    totals = invitation_totals(by_manager)
    return {k: int(v) for k, v in totals.iloc[0].items()} | {
        "groups": len(managers_to_invite(by_manager))
    }
