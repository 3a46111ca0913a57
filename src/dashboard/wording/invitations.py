"""The Participation page's words on whom to invite, from the counts of
metrics.invitations.invitation_summary."""

from __future__ import annotations

from collections.abc import Mapping

from dashboard.labels import plural

ENROLLED_HELP = (
    "Enrolled as the uptake funnel counts it: enrolled as a participant (any status but "
    "withdrawn), or in a pairing running in the period."
)


def _leavers(totals: Mapping[str, int]) -> str:
    return (
        " "
        + plural(totals["leavers"], "person", "people")
        + " not enrolled but with a leave date (gone or going) left out."
        if totals["leavers"]
        else ""
    )


def all_enrolled(totals: Mapping[str, int]) -> str:
    """Nobody left to invite, and the leavers left out of the count."""
    return f"Everyone eligible in this selection is enrolled.{_leavers(totals)}"


def to_invite(totals: Mapping[str, int]) -> str:
    """How many to invite under how many line managers, the leavers left out, and what
    enrolled means."""
    return (
        plural(totals["to_invite"], "eligible employee is", "eligible employees are")
        + " not enrolled, under "
        + plural(totals["managers"], "line manager")
        + (f" ({totals['unmanaged']:,} with none)" if totals["unmanaged"] else "")
        + f".{_leavers(totals)} {ENROLLED_HELP}"
    )


def menu_note(offered: int, lists: int) -> str:
    """The names menu offers only the first `offered` of `lists` managers' lists."""
    return (
        f"The menu offers the {offered} managers with the most people to invite; all "
        f"{lists:,} lists are in the download, and a department or manager "
        "filter brings the others into the menu."
    )
