"""Flagged managers in plain words, and responses that fit the weak measure and its obstacles."""

import numpy as np
import pandas as pd

from dashboard.metrics import manager_advice, managers, responses
from dashboard.metrics.funnel import ARCSINE, BINOMIAL
from dashboard.metrics.manager_advice import advise, explanation, odds
from dashboard.metrics.managers import MeasureFit

FITS = {
    "uptake": MeasureFit(0.41, 1.2, 0.01, ARCSINE, 120),
    "adherence": MeasureFit(0.81, 0.9, 0.0, BINOMIAL, 110),
}
MEASURES = ["uptake", "adherence"]


def _managers(rows: list[dict]) -> pd.DataFrame:
    base = {
        "division": "North",
        "team_size": 11,
        "uptake_x": 5,
        "uptake_n": 11,
        "uptake_rate": 5 / 11,
        "uptake_flag": "in_control",
        "uptake_p_value": 0.4,
        "adherence_x": 40,
        "adherence_n": 50,
        "adherence_rate": 0.8,
        "adherence_flag": "in_control",
        "adherence_p_value": 0.4,
    }
    return pd.DataFrame([{**base, **row} for row in rows])


ANA = {
    "manager_id": "M1",
    "name": "Ana",
    "department": "Operations",
    "status": "under",
    "uptake_x": 2,
    "uptake_rate": 2 / 11,
    "uptake_flag": "under",
    "uptake_p_value": 0.0008,
}


def _open(rows: list[tuple[str, str, str | None]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["department", "category", "manager_id"])


def test_odds_in_words():
    assert odds(0.0008) == "less than 1 time in 1,000"
    assert odds(0.02) == "less than 1 time in 40"
    assert odds(0.00001) == "less than 1 time in 10,000"
    assert odds(0.2) == "about 1 time in 5"
    assert (odds(0.0), odds(1.0)) == ("less than 1 time in 10,000", "about 1 time in 1")


def test_the_explanation_can_be_repeated_to_the_manager():
    row = _managers([ANA]).iloc[0]
    text = explanation("Ana", ["uptake"], row, FITS)
    assert text == (
        "Ana's team: 2 of 11 eligible direct reports take part (18%); across the organisation "
        "41%. A gap this large happens by chance less than 1 time in 1,000 for a team of 11. "
        "(This allows for how much teams usually differ.)"
    )
    strong = {**ANA, "status": "strong", "uptake_x": 11, "uptake_rate": 1.0}
    lead = explanation(
        "Ana", ["uptake"], _managers([{**strong, "uptake_flag": "strong"}]).iloc[0], FITS
    )
    assert "A lead this large" in lead


def test_exact_limits_need_no_note_on_spread_and_a_selection_is_named_as_such():
    row = _managers(
        [
            {
                **ANA,
                "uptake_flag": "in_control",
                "adherence_flag": "watch",
                "adherence_x": 30,
                "adherence_rate": 0.6,
                "adherence_p_value": 0.003,
            }
        ]
    ).iloc[0]
    text = explanation("Ana", ["adherence"], row, FITS, benchmark="selection")
    assert text.startswith(
        "Ana's team: 30 of 50 sessions due were held (60%); across the selection"
    )
    assert "usually differ" not in text


def test_low_uptake_with_lack_of_time_gets_protected_time_not_training():
    table = _managers([ANA])
    busy = _open([("Operations", "lack_of_time", "M1"), ("Operations", "lack_of_time", "M1")])
    advice = advise(table, MEASURES, FITS, open_obstacles=busy).iloc[0]
    assert advice["responses"].startswith(
        "Agree protected time for coaching in the team's working week (2 open 'lack of time' "
        "obstacles for this team); Invite the 9 eligible direct reports not yet taking part"
    )
    assert "coaching-skills training" not in advice["responses"]
    assert "peer mentor" in advice["responses"]
    # Without any obstacle the methodology's training is the answer.
    plain = advise(table, MEASURES, FITS).iloc[0]["responses"]
    assert "Targeted coaching-skills training on championing the programme" in plain


def test_department_obstacles_count_only_when_there_are_several():
    table = _managers([ANA])
    few = _open([("Operations", "resistance_to_change", "M9")] * 2)
    assert "resistance" not in advise(table, MEASURES, FITS, open_obstacles=few).iloc[0, 1]
    many = _open([("Operations", "resistance_to_change", "M9")] * 30)
    chosen = advise(table, MEASURES, FITS, open_obstacles=many).iloc[0]["responses"]
    assert "(30 open 'resistance to change' obstacles in Operations)" in chosen
    # An obstacle that cannot explain low uptake is not offered for it.
    mismatch = _open([("Operations", "mismatch", "M1")] * 5)
    assert "re-match" not in advise(table, MEASURES, FITS, open_obstacles=mismatch).iloc[0, 1]


def test_adherence_and_strengths_have_their_own_responses():
    table = _managers(
        [
            {
                "manager_id": "M2",
                "name": None,
                "department": "Sales",
                "status": "watch",
                "adherence_x": 30,
                "adherence_rate": 0.6,
                "adherence_flag": "watch",
                "adherence_p_value": 0.01,
            },
            {
                "manager_id": "M3",
                "name": "Bo",
                "department": "Sales",
                "status": "over",
                "uptake_x": 11,
                "uptake_rate": 1.0,
                "uptake_flag": "over",
                "uptake_p_value": 0.00001,
            },
            {"manager_id": "M4", "name": "Cy", "department": "Sales", "status": "in_control"},
        ]
    )
    advice = advise(table, MEASURES, FITS)
    watch, over, fine = advice.to_dict("records")
    assert watch["explanation"].startswith("Manager M2's team: 30 of 50 sessions due were held")
    assert watch["responses"] == (
        "Follow up each missed session with the team and their coaches; A check-in "
        "conversation about the team's session adherence"
    )
    assert over["responses"] == (
        "Recognition of the team's uptake; An invitation to mentor other managers; "
        "Advanced development"
    )
    assert fine == {"explanation": "", "responses": ""}


def test_action_list_carries_the_advice():
    table = _managers([ANA])
    advice = advise(table, MEASURES, FITS)
    actions = responses.action_list(table, MEASURES, advice=advice)
    assert actions["evidence"].iloc[0] == advice["explanation"].iloc[0]
    assert actions["recommended_actions"].iloc[0] == advice["responses"].iloc[0]


def test_the_proposed_peer_is_named_and_each_measure_has_its_line():
    both = {**ANA, "adherence_flag": "under", "adherence_x": 10, "adherence_rate": 0.2}
    table = _managers([both | {"adherence_p_value": 0.00001}])
    advice = advise(table, MEASURES, FITS, peers={"M1": "Bo (Sales)"}).iloc[0]
    assert advice["responses"].endswith("Pairing with Bo (Sales) as peer mentor")
    first, second = advice["explanation"].split("\n")
    assert first.startswith("Ana's team: 2 of 11 eligible direct reports take part")
    assert second.startswith("10 of 50 sessions due were held (20%); across the organisation 81%")


def test_grouped_actions_strongest_evidence_first():
    labels = managers.STATUS_LABELS
    table = pd.DataFrame(
        {
            "manager_id": ["M1", "M2", "M3", "M4"],
            "uptake_p_value": [0.04, 0.001, 0.2, 0.01],
            "goals_p_value": [0.5, 0.3, 0.03, np.nan],
        }
    )
    review = managers.ManagerReview(
        table, {"uptake": pd.DataFrame(), "goals": pd.DataFrame()}, {}, "organisation", 3
    )
    actions = pd.DataFrame(
        {
            "manager_id": ["M1", "M2", "M3", "M4"],
            "status": [labels["under"], labels["under"], labels["watch"], labels["strong"]],
        }
    )
    groups = manager_advice.grouped_actions(actions, review)
    # M2's smallest p-value (0.001) is below M1's (0.04).
    assert groups["under"]["manager_id"].tolist() == ["M2", "M1"]
    assert groups["watch"]["manager_id"].tolist() == ["M3"]
    assert groups["good"]["manager_id"].tolist() == ["M4"]
    assert groups["under"].columns.tolist() == ["manager_id", "status"]
