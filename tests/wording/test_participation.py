"""The Participation page's sentences on hand-worked values."""

import math

from dashboard.wording.participation import not_shown, team_uptake


def test_not_shown_names_each_stage_and_its_table():
    assert not_shown([("sessions", "Active"), ("goals", "Achieved")]) == (
        "Not shown: *Active* (add a `sessions` table); *Achieved* (add a `goals` table)."
    )


def test_team_uptake():
    assert team_uptake(3, 4, 0.75) == "3 of 4 eligible direct reports take part (75%)."
    assert team_uptake(1200, 1500, 0.8) == (
        "1,200 of 1,500 eligible direct reports take part (80%)."
    )
    assert team_uptake(0, 0, math.nan) == "No eligible direct reports."
