"""KPI cards against their targets: which cards have one, the badge and the tooltip line."""

from dashboard.kpis import CARDS, RAG_BADGES, card_help, card_label, card_target
from dashboard.metrics.targets import Targets

BY_KEY = {card.key: card for card in CARDS}
TARGETS = Targets(goal_completion=0.7, departments={"Ops": {"goal_completion": 0.5}})
PREVIOUS = {"period_start": "2024-01-01", "period_end": "2024-12-31"}


def test_uptake_goal_completion_and_satisfaction_have_targets():
    assert {c.key: c.target for c in CARDS if c.target} == {
        "participation_rate": "uptake",
        "goal_completion_rate": "goal_completion",
        "satisfaction_mean": "satisfaction",
    }


def test_status_against_the_organisation_or_the_department():
    card = BY_KEY["goal_completion_rate"]
    kpis = {"goal_completion_rate": 0.6}
    assert card_target(card, kpis, TARGETS) == (0.7, "red")
    assert card_target(card, kpis, TARGETS, "Ops") == (0.5, "green")
    assert card_target(card, {"goal_completion_rate": 0.65}, TARGETS) == (0.7, "amber")


def test_cards_without_a_target_or_a_value_get_no_status():
    assert card_target(BY_KEY["goals_overdue"], {"goals_overdue": 3}, TARGETS) == (None, None)
    # Satisfaction hidden below k: no value, so no colour that could hint at it.
    satisfaction = BY_KEY["satisfaction_mean"]
    assert card_target(satisfaction, {"satisfaction_mean": None}, TARGETS) == (4.0, None)


def test_label_carries_the_badge_in_words():
    card = BY_KEY["participation_rate"]
    assert card_label(card, None) == "Participation"
    assert card_label(card, "red") == "Participation " + RAG_BADGES["red"]
    assert "below target" in RAG_BADGES["red"]


def test_help_names_the_target():
    card = BY_KEY["participation_rate"]
    kpis = {"participation_rate": 0.3}
    assert "Target: 40%" in card_help(card, kpis, PREVIOUS, 5, 0.4)
    assert "Target" not in card_help(card, kpis, PREVIOUS, 5)
