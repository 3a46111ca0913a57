"""Whom to invite, in words, from hand-made counts."""

from dashboard.wording.invitations import ENROLLED_HELP, all_enrolled, menu_note, to_invite

TOTALS = {"eligible": 40, "to_invite": 12, "managers": 3, "unmanaged": 2, "leavers": 1, "groups": 3}


def test_everyone_enrolled_mentions_the_leavers_left_out():
    assert all_enrolled(TOTALS) == (
        "Everyone eligible in this selection is enrolled. 1 person not enrolled but with a "
        "leave date (gone or going) left out."
    )
    assert all_enrolled(TOTALS | {"leavers": 0}) == (
        "Everyone eligible in this selection is enrolled."
    )


def test_to_invite_counts_people_and_managers():
    assert to_invite(TOTALS) == (
        "12 eligible employees are not enrolled, under 3 line managers (2 with none). 1 person "
        "not enrolled but with a leave date (gone or going) left out. " + ENROLLED_HELP
    )
    one = {"to_invite": 1, "managers": 1, "unmanaged": 0, "leavers": 2}
    assert to_invite(one) == (
        "1 eligible employee is not enrolled, under 1 line manager. 2 people not enrolled but "
        "with a leave date (gone or going) left out. Enrolled as the uptake funnel counts it: "
        "enrolled as a participant (any status but withdrawn), or in a pairing running in the "
        "period."
    )


def test_menu_note_says_where_the_other_lists_are():
    assert menu_note(500, 1234) == (
        "The menu offers the 500 managers with the most people to invite; all 1,234 lists are "
        "in the download, and a department or manager filter brings the others into the menu."
    )
