"""The sidebar's access note on hand-made grants."""

from dashboard.access import LOCAL_GRANT, Grant
from dashboard.wording.access import access_note


def test_a_local_run_has_full_access():
    assert access_note(LOCAL_GRANT) == (
        "**Access:** local run without sign-in: full access to every department."
    )


def test_a_grant_names_its_role_departments_and_hidden_names():
    head = Grant("h@example.org", "department_head", ("Ops & Co", "HR"), show_names=False)
    assert access_note(head) == "**Access:** Department head · Ops \\& Co, HR · names hidden"
    assert access_note(Grant("e@example.org", "executive")) == (
        "**Access:** Executive · all departments"
    )
