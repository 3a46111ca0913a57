"""Roles from the settings file, and scoping data to a user's departments."""

import pytest
from fixtures import tiny_data

from dashboard.access import LOCAL_GRANT, Grant, Policy, load_policy, scope

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
