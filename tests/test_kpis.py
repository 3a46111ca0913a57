"""How the Overview's KPI cards read: values, changes, colours, tooltips and withheld figures."""

import pytest

from dashboard.kpis import (
    CARDS,
    card_change,
    card_help,
    card_value,
    format_against,
    format_change,
    format_value,
    satisfaction_notes,
)

BY_KEY = {card.key: card for card in CARDS}
PREVIOUS = {"period_start": "2024-01-01", "period_end": "2024-12-31"}


def test_cards_are_the_documented_headline_figures_in_order():
    assert [c.key for c in CARDS] == [
        "participation_rate",
        "active_participants",
        "session_adherence",
        "goal_completion_rate",
        "goals_overdue",
        "on_time_rate",
        "satisfaction_mean",
        "early_ending_rate",
        "obstacles_open",
    ]
    # Lower is better only for the overdue goals, early endings and open obstacles.
    assert {c.key for c in CARDS if not c.higher_is_better} == {
        "goals_overdue",
        "early_ending_rate",
        "obstacles_open",
    }


@pytest.mark.parametrize(
    ("value", "fmt", "text"),
    [
        (None, "rate", "—"),
        (0, "rate", "0%"),
        (0.1, "rate", "10%"),  # from 10 % up, whole percent
        (0.456, "rate", "46%"),
        (1.0, "rate", "100%"),
        (0.05, "rate", "5.0%"),  # below 10 %, one decimal
        (0.0012, "rate", "0.1%"),
        (0.0999, "rate", "10%"),  # 9.99 shown to one decimal would be 10.0: whole percent
        (1234567, "count", "1,234,567"),
        (0, "count", "0"),
        (3.96, "score", "4.0 / 5"),
        (4.0, "score", "4.0 / 5"),
    ],
)
def test_format_value(value, fmt, text):
    assert format_value(value, fmt) == text


def test_format_against_leaves_counts_and_met_targets_alone():
    # A count is never given decimals, even when short of a target.
    assert format_against(39, 40, "count") == "39"
    assert format_against(0.35, None, "rate") == "35%"
    assert format_against(0.45, 0.4, "rate") == "45%"
    # 0.3949 shows as 39% already, not the target's 40%: no extra decimals needed.
    assert format_against(0.3949, 0.4, "rate") == "39%"
    # 0.395 rounds to the target's 40%; one decimal, 39.5%, does not.
    assert format_against(0.395, 0.4, "rate") == "39.5%"


@pytest.mark.parametrize(
    ("current", "previous", "fmt", "text"),
    [
        (0.5, 0.4, "rate", "+10.0 pts"),
        (0.4, 0.45, "rate", "-5.0 pts"),
        (0.3996, 0.4, "rate", "±0.0 pts"),  # -0.04 points rounds to nothing
        (4.2, 4.5, "score", "-0.3"),
        (4.04, 4.0, "score", "±0.0"),
        (1500, 200, "count", "+1,300"),
        (3, 5, "count", "-2"),
        (None, 0.4, "rate", None),
        (0.4, None, "rate", None),
    ],
)
def test_format_change(current, previous, fmt, text):
    assert format_change(current, previous, fmt) == text


def test_a_rise_is_green_where_higher_is_better_and_red_where_lower_is():
    up = {"participation_rate": 0.5, "previous": {"participation_rate": 0.4}}
    change = card_change(BY_KEY["participation_rate"], up)
    assert (change.text, change.color, change.arrow, change.note) == (
        "+10.0 pts",
        "normal",
        "auto",
        "vs previous period",
    )
    early = {"early_ending_rate": 0.3, "previous": {"early_ending_rate": 0.2}}
    assert card_change(BY_KEY["early_ending_rate"], early).color == "inverse"


def test_no_change_without_both_values():
    kpis = {"session_adherence": 0.8, "previous": {}}
    change = card_change(BY_KEY["session_adherence"], kpis)
    assert (change.text, change.color, change.arrow, change.note) == (None, "off", "off", None)


def test_not_comparable_without_a_short_note_uses_the_reason():
    kpis = {
        "goal_completion_rate": 0.6,
        "previous": {"goal_completion_rate": 0.5},
        "comparison": {"goal_completion_rate": {"comparable": False, "reason": "too few goals"}},
    }
    change = card_change(BY_KEY["goal_completion_rate"], kpis)
    assert (change.text, change.note, change.reason) == (
        "not comparable",
        "too few goals",
        "too few goals",
    )


def test_not_comparable_needs_both_values_to_say_so():
    # Without a previous value there is nothing to compare, whatever the comparison says.
    kpis = {
        "goal_completion_rate": 0.6,
        "previous": {},
        "comparison": {"goal_completion_rate": {"comparable": False, "reason": "r"}},
    }
    assert card_change(BY_KEY["goal_completion_rate"], kpis).text is None


def test_help_lists_definition_counts_target_gap_and_previous_period():
    card = BY_KEY["participation_rate"]
    kpis = {
        "participation_rate": 0.35,
        "participation_rate_numerator": 1050,
        "participation_rate_denominator": 3000,
    }
    previous = {**PREVIOUS, "participation_rate": 0.3}
    assert card_help(card, kpis, previous, 5, 0.4).split("  \n") == [
        card.definition,
        "1,050 of 3,000.",
        "Target: 40% (amber within 10% of it, red beyond).",
        # 0.40 - 0.35 = 5 points, given to two decimals.
        "35% is 5.00 points short of it.",
        "Previous period (2024-01-01 – 2024-12-31): 30%.",
    ]


def test_help_without_counts_target_or_previous_value():
    card = BY_KEY["goals_overdue"]
    text = card_help(card, {"goals_overdue": 4}, PREVIOUS, 5)
    assert text.split("  \n") == [
        card.definition,
        "Previous period (2024-01-01 – 2024-12-31): —.",
    ]


def test_satisfaction_notes_cover_the_months_and_why_a_figure_is_hidden():
    months = {"satisfaction_from": "2025-01", "satisfaction_to": "2025-11"}
    assert satisfaction_notes({}, 5) == ["No whole calendar month lies inside this period."]
    assert satisfaction_notes({**months, "satisfaction_few": True}, 5) == [
        "Feedback from 2025-01 to 2025-11 (whole months).",
        "Hidden: fewer than 5 people answered.",
    ]
    assert satisfaction_notes({**months, "satisfaction_suppressed": True}, 7) == [
        "Feedback from 2025-01 to 2025-11 (whole months).",
        "Hidden: these filters would single out groups of fewer than 7 people.",
    ]
    shown = {**months, "satisfaction_favourable": 0.8, "satisfaction_respondents": 1250}
    assert satisfaction_notes(shown, 5) == [
        "Feedback from 2025-01 to 2025-11 (whole months).",
        "80% favourable (4–5), 1,250+ respondents (rounded down to 5s).",
    ]
    # No favourable share (nothing published) and nothing hidden: only the months.
    assert satisfaction_notes(months, 5) == ["Feedback from 2025-01 to 2025-11 (whole months)."]


def test_a_withheld_satisfaction_never_shows_its_value():
    card = BY_KEY["satisfaction_mean"]
    base = {"satisfaction_mean": 4.3, "satisfaction_suppressed": True}
    assert card_value(card, {**base, "satisfaction_few": True}, 5) == "fewer than 5"
    assert card_value(card, base, 5) == "hidden"
    assert card_value(card, {"satisfaction_mean": 4.3}, 5) == "4.3 / 5"


def test_card_value_of_an_absent_figure_is_a_dash():
    assert card_value(BY_KEY["obstacles_open"], {}, 5) == "—"
    assert card_value(BY_KEY["obstacles_open"], {"obstacles_open": 12}, 5) == "12"
