"""The Successes & risks page's sentences on hand-worked counts."""

import datetime as dt

from dashboard.wording.successes import (
    happy_sentence,
    improvement_caption,
    on_time_sentence,
    senior_levels_help,
)


def test_goals_on_time_with_their_share_of_those_completed():
    assert on_time_sentence(1, 4) == (
        "**1 goal** was completed on or before their target date in the period (25% of the 4 "
        "completed). Goal text is never shown."
    )
    assert on_time_sentence(0, 0) == (
        "**0 goals** were completed on or before their target date in the period. Goal text is "
        "never shown."
    )


def test_happy_completions_say_why_the_score_is_hidden():
    assert happy_sentence(2, 5) == (
        "**2 relationships** were completed in the period with a mean satisfaction of 4 or "
        "more (all responses, participant and coach). The score itself is not shown: one "
        "pairing has fewer than 5 respondents."
    )


def test_improvement_is_against_the_previous_period():
    assert improvement_caption(dt.date(2025, 1, 1), dt.date(2025, 6, 30)) == (
        "Against 01 Jan 2025 – 30 Jun 2025, the period of equal length before. Only rises "
        "count, and only groups with at least 5 in the base in both periods."
    )


def test_senior_levels_are_escaped():
    assert senior_levels_help(("L1", "C-suite")) == (
        "Job levels counted as senior: L1, C\\-suite (`[leadership] senior_levels` in "
        "dashboard.toml). Coaching or mentoring in a relationship running in the period."
    )
