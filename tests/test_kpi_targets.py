"""KPI cards against their targets: which cards have one, the badge and the tooltip line."""

from dashboard.kpis import (
    CARDS,
    RAG_BADGES,
    card_change,
    card_help,
    card_label,
    card_target,
    card_value,
    delta_style,
    format_against,
    format_change,
)
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
    assert card_label(card, None) == "Uptake"
    assert card_label(card, "red") == "Uptake " + RAG_BADGES["red"]
    assert "below target" in RAG_BADGES["red"]


def test_help_names_the_target():
    card = BY_KEY["participation_rate"]
    kpis = {"participation_rate": 0.3}
    assert "Target: 40%" in card_help(card, kpis, PREVIOUS, 5, 0.4)
    assert "Target" not in card_help(card, kpis, PREVIOUS, 5)


def test_a_value_short_of_its_target_never_reads_as_the_target():
    assert format_against(3.9954, 4.0, "score") == "3.995 / 5"
    assert format_against(0.3996, 0.4, "rate") == "39.96%"
    assert format_against(0.612, 0.7, "rate") == "61%"
    assert format_against(4.2, 4.0, "score") == "4.2 / 5"
    assert format_against(0.4, 0.4, "rate") == "40%"
    assert format_against(0.39999999999, 0.4, "rate") == "just under 40%"
    assert format_against(None, 0.4, "rate") == "—"


def test_card_value_and_help_show_why_a_card_is_near_target():
    card = BY_KEY["satisfaction_mean"]
    kpis = {"satisfaction_mean": 3.9954, "satisfaction_respondents": 547}
    target, status = card_target(card, kpis, Targets())
    assert (target, status) == (4.0, "amber")
    assert card_value(card, kpis, 5, target) == "3.995 / 5"
    assert "3.995 / 5 is 0.005 short of it." in card_help(card, kpis, PREVIOUS, 5, target)


def test_a_change_that_rounds_to_nothing_is_grey_and_unsigned():
    assert format_change(0.40001, 0.4, "rate") == "±0.0 pts"
    assert format_change(7, 7, "count") == "±0"
    card = BY_KEY["obstacles_open"]  # lower is better: a "+0" would be red
    change = card_change(card, {"obstacles_open": 7, "previous": {"obstacles_open": 7}})
    assert (change.text, change.color, change.arrow) == ("±0", "off", "off")
    rise = card_change(card, {"obstacles_open": 9, "previous": {"obstacles_open": 7}})
    assert (rise.text, rise.color, rise.arrow) == ("+2", "inverse", "auto")


def test_a_change_between_periods_that_do_not_compare_says_why():
    card = BY_KEY["early_ending_rate"]
    reason = "40 ended pairings in the previous period against 298 now"
    kpis = {
        "early_ending_rate": 0.218,
        "previous": {**PREVIOUS, "early_ending_rate": 0.975},
        "comparison": {
            "early_ending_rate": {
                "comparable": False,
                "reason": reason,
                "short": "40 → 298 ended pairings",
            }
        },
    }
    change = card_change(card, kpis)
    assert (change.text, change.color, change.arrow, change.note) == (
        "not comparable",
        "off",
        "off",
        "40 → 298 ended pairings",
    )
    assert f"The change is not shown: {reason}." in card_help(card, kpis, kpis["previous"], 5)


def test_delta_style_greys_a_zero_written_any_way():
    for text in ("+0", "-0", "+0.0 pts", "-0.0 pts", "+0 days"):
        style = delta_style(text, "inverse")
        assert style["delta_color"] == "off" and style["delta_arrow"] == "off", text
        assert style["delta"].startswith("±")
    assert delta_style("+3", "inverse") == {"delta": "+3", "delta_color": "inverse"}
    assert delta_style(None) == {"delta": None, "delta_color": "normal"}
