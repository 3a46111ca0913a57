"""Roles from the settings file, and scoping data to a user's departments."""

import pytest
from fixtures import tiny_data

from dashboard.access import (
    COMMAND_LINE_GRANT,
    LOCAL_GRANT,
    Grant,
    Policy,
    import_refusal,
    load_policy,
    scope,
)

CONFIG = {
    "privacy": {"k": 3},
    "access": {
        "users": [
            {"email": "Head@Example.org", "role": "department_head", "departments": ["Beta"]},
            {"email": "boss@example.org", "role": "executive"},
            {"email": "ana@example.org", "role": "analyst"},
        ]
    },
}


def test_policy_reads_roles_case_insensitively():
    policy = load_policy(CONFIG)
    assert policy.k == 3
    assert policy.grant_for("head@EXAMPLE.org") == Grant(
        "head@example.org", "department_head", ("Beta",)
    )
    assert policy.grant_for("ana@example.org").show_names is False
    assert policy.grant_for("stranger@example.org") is None
    assert policy.grant_for(None) is None


@pytest.mark.parametrize(
    "config,message",
    [
        ({"access": {"users": [{"email": "x", "role": "executive"}]}}, r"access.users\[0\].email"),
        ({"access": {"users": [{"email": "a@b.c", "role": "boss"}]}}, r"access.users\[0\].role"),
        (
            {"access": {"users": [{"email": "a@b.c", "role": "department_head"}]}},
            "must list their departments",
        ),
        ({"privacy": {"k": 0}}, "privacy.k"),
        ({"privacy": {"show_free_text": "yes"}}, "privacy.show_free_text"),
        (
            {"access": {"users": [{"email": "a@b.c", "role": "analyst", "can_imports": True}]}},
            r"access.users\[0\] has unknown setting\(s\) can_imports",
        ),
        (
            {
                "access": {
                    "users": [
                        {
                            "email": "h@b.c",
                            "role": "department_head",
                            "departments": ["Sales"],
                            "can_import": True,
                        }
                    ]
                }
            },
            r"access.users\[0\] is a department_head.*cannot have can_import = true",
        ),
        (
            {
                "access": {
                    "users": [
                        {"email": "a@b.c", "role": "analyst"},
                        {"email": "A@B.c", "role": "executive"},
                    ]
                }
            },
            r"access.users\[1\].email 'A@B.c' is already given in access.users\[0\]",
        ),
        ({"access": {"users": ["a@b.c"]}}, r"access.users\[0\] must be a table of settings"),
        (
            {"access": {"users": [{"email": "a@b.c", "role": "analyst", "can_import": 1}]}},
            r"access.users\[0\].can_import must be true or false",
        ),
    ],
)
def test_policy_mistakes_name_the_entry(config, message):
    with pytest.raises(ValueError, match=message):
        load_policy(config)


def test_scope_keeps_only_the_heads_departments():
    data = tiny_data()
    beta = scope(data, Grant("h@x.org", "department_head", ("Beta",)), Policy())
    assert set(beta.employees["department"]) == {"Beta"}
    assert set(beta.relationships["relationship_id"]) == {"R2", "R5"}
    assert set(beta.sessions["session_id"]) == {"S3", "S4", "S6"}
    assert set(beta.obstacles["department"]) == {"Beta"}
    assert set(beta.departments["department_name"]) == {"Beta"}
    assert beta.department_names == ["Beta"]
    assert beta.scope != data.scope  # caches keyed by scope never mix users


def test_scope_hides_names_and_free_text():
    data = tiny_data()
    seen = scope(data, Grant("a@x.org", "analyst", show_names=False), Policy())
    assert seen.employees["name"].isna().all()
    assert "description" not in seen.obstacles.columns
    full = scope(data, LOCAL_GRANT, Policy(show_free_text=True))
    assert full.employees["name"].notna().all()
    assert len(full.employees) == len(data.employees)


def test_saving_is_for_analysts_and_those_given_it():
    users = [
        {"email": "ana@example.org", "role": "analyst"},
        {"email": "ro@example.org", "role": "analyst", "can_import": False},
        {"email": "ceo@example.org", "role": "executive"},
        {"email": "admin@example.org", "role": "executive", "can_import": True},
        {"email": "head@example.org", "role": "department_head", "departments": ["Beta"]},
    ]
    policy = load_policy({"access": {"users": users}})
    may = {g.email: import_refusal(g) is None for g in policy.grants}
    assert may == {
        "ana@example.org": True,
        "ro@example.org": False,
        "ceo@example.org": False,
        "admin@example.org": True,
        "head@example.org": False,
    }
    assert "(department head) does not include it" in import_refusal(policy.grants[-1])
    # Without sign-in, whoever runs the app or the command line owns its files anyway.
    assert import_refusal(LOCAL_GRANT) is None and import_refusal(COMMAND_LINE_GRANT) is None
