"""`[privacy] individual_feedback`: nobody by default, everyone, or the listed users."""

import pytest

from dashboard.individual_feedback import (
    individual_feedback_setting,
    may_see_individual_feedback,
)


def test_nobody_by_default():
    assert individual_feedback_setting({}) is False
    assert not may_see_individual_feedback({}, "ceo@example.org")
    assert not may_see_individual_feedback({"privacy": {"k": 5}}, None)


def test_everyone_when_true():
    config = {"privacy": {"individual_feedback": True}}
    assert may_see_individual_feedback(config, None)
    assert may_see_individual_feedback(config, "anyone@example.org")


def test_listed_users_only_case_insensitive():
    config = {"privacy": {"individual_feedback": [" Programme.Team@Example.org "]}}
    assert individual_feedback_setting(config) == frozenset({"programme.team@example.org"})
    assert may_see_individual_feedback(config, "programme.team@example.org")
    assert may_see_individual_feedback(config, "PROGRAMME.TEAM@EXAMPLE.ORG")
    assert not may_see_individual_feedback(config, "ceo@example.org")
    assert not may_see_individual_feedback(config, None)  # a run without sign-in


@pytest.mark.parametrize("bad", ["yes", 1, ["not an address"], [True], {"a": 1}])
def test_a_mistake_is_named(bad):
    with pytest.raises(ValueError, match=r"privacy\.individual_feedback must be true, false"):
        individual_feedback_setting({"privacy": {"individual_feedback": bad}})
