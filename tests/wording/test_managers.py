"""The Managers page's sentences on hand-worked fits and rows."""

import math

from dashboard.metrics.funnel import ARCSINE, BINOMIAL
from dashboard.metrics.managers import MeasureFit
from dashboard.wording.managers import (
    benchmark_sentence,
    fit_sentence,
    how_judged,
    manager_card,
)

QUIET = MeasureFit(0.4, 0.87, 0.0012, BINOMIAL, 5)
WIDE = MeasureFit(0.4, 1.94, 0.0295, ARCSINE, 169)
OFF = MeasureFit(0.4, 1.94, 0.0295, BINOMIAL, 169)


def test_benchmark_sentence_names_what_the_dots_are_compared_with():
    assert benchmark_sentence(QUIET, "organisation", False) == (
        "Each dot is a team; compared with the organisation's rate: 40.0%. Dashed lines: 95 % "
        "limits; solid lines: 99.8 % limits. Below the solid lower line a team is "
        "under-performing, between the lower lines on watch; above the upper lines strong or "
        "over-performing. Click a dot to see the team."
    )
    assert benchmark_sentence(QUIET, "organisation", True).startswith(
        "Each dot is a team; compared with the organisation's rate (every department's "
        "managers, not only those you see): 40.0%. "
    )
    # The selection's own rate is the same whether or not the view is part of the organisation.
    for part in (False, True):
        own = benchmark_sentence(MeasureFit(0.125, 1, 0, BINOMIAL, 3), "selection", part)
        assert own.startswith(
            "Each dot is a team; compared with the selected managers' own rate: 12.5%. Dashed"
        )


def test_phi_at_or_below_one_is_never_called_an_excess():
    assert fit_sentence(QUIET, "organisation") == (
        "Benchmark: 40.0%, the pooled rate of the organisation (5 managers). Managers vary no "
        "more than chance would explain (φ = 0.87, not above 1), so the limits are exact "
        "binomial ones, not widened."
    )
    at_one = fit_sentence(MeasureFit(0.4, 1.0, 0.0, BINOMIAL, 5), "organisation")
    assert "(φ = 1.00, not above 1)" in at_one and "vary more than chance" not in at_one
    unknown = fit_sentence(MeasureFit(0.4, math.nan, math.nan, BINOMIAL, 1), "selection")
    assert unknown == (
        "Benchmark: 40.0%, the pooled rate of the selected managers (1 managers). Managers vary "
        "no more than chance would explain (no estimate), so the limits are exact binomial "
        "ones, not widened."
    )


def test_an_excess_says_whether_the_limits_were_widened():
    assert fit_sentence(WIDE, "organisation") == (
        "Benchmark: 40.0%, the pooled rate of the organisation (169 managers). Managers vary "
        "more than chance would explain (φ = 1.94, above 1), so the limits are widened by "
        "τ² = 0.0295 on the arcsine scale."
    )
    assert fit_sentence(OFF, "selection") == (
        "Benchmark: 40.0%, the pooled rate of the selected managers (169 managers). Managers "
        "vary more than chance would explain (φ = 1.94, τ² = 0.0295) but widening is switched "
        "off: exact binomial limits."
    )


def test_a_card_escapes_the_data_and_lists_each_response():
    row = {
        "manager": "Ann *A*",
        "department": None,
        "status": "Under-performing",
        "evidence": "Uptake 20% [2 of 10]\nGoals_due 3",
        "recommended_actions": "Training; A peer mentor",
    }
    assert manager_card(row) == (
        "**Ann \\*A\\*** · — · Under-performing\n\n"
        "Uptake 20\\% \\[2 of 10\\]  \nGoals\\_due 3\n\n"
        "- Training\n- A peer mentor"
    )


def test_how_judged_names_the_minimum_team_size():
    text = how_judged(7)
    assert text.startswith("\nEach manager's team is their **eligible direct reports**.")
    assert "Teams under\n  **7** eligible direct reports are listed, not judged." in text
    assert text.endswith("a lack of time calls for protected time, not training.\n")
