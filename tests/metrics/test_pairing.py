"""Peer-mentor proposals: who mentors whom, the gap between them, and who is left unpaired."""

import math

import pandas as pd
import pytest
from fixtures import adherence_flagged as people
from fixtures import flagged_managers as managers

from dashboard.metrics import pairing
from dashboard.metrics.pairing import (
    NO_MENTORS,
    PAIR_COLUMNS,
    UNPAIRED_COLUMNS,
    propose,
)

BOTH = ["uptake", "adherence"]


def test_a_mentor_must_take_at_least_one_mentee():
    table = managers([("u1", "Alpha", "North", "under", "under", -3.0, "in_control", 0.0)])
    with pytest.raises(ValueError, match="at least one mentee"):
        propose(table, BOTH, capacity=0)


def test_an_empty_table_gives_empty_frames_with_their_columns():
    result = propose(managers([]), BOTH)
    assert result.pairs.empty and result.unpaired.empty
    assert tuple(result.pairs.columns) == PAIR_COLUMNS
    assert tuple(result.unpaired.columns) == UNPAIRED_COLUMNS


def test_mentors_without_mentees_propose_nothing():
    table = managers([("m1", "Alpha", "North", "over", "over", 4.0, "in_control", 0.0)])
    result = propose(table, BOTH)
    assert result.pairs.empty and result.unpaired.empty


def test_watch_and_as_expected_managers_are_neither_mentees_nor_mentors():
    table = managers(
        [
            ("w1", "Alpha", "North", "watch", "watch", -2.0, "in_control", 0.0),
            ("ok", "Alpha", "North", "in_control", "in_control", 0.5, "in_control", 0.0),
        ]
    )
    result = propose(table, BOTH)
    assert result.pairs.empty and result.unpaired.empty


def test_the_gap_is_the_mean_over_the_mentees_concerns_with_an_unjudged_measure_at_zero():
    table = managers(
        [
            ("u1", "Alpha", "North", "under", "under", -3.0, "watch", -2.0),
            # Too small to judge on adherence: its z of 5 counts as 0.
            ("m1", "Beta", "North", "over", "over", 4.0, "too_small", 5.0),
        ]
    )
    pair = propose(table, BOTH).pairs.iloc[0]
    # Uptake: 4 - (-3) = 7; adherence: 0 - (-2) = 2; mean 4.5.
    assert pair["gap"] == pytest.approx(4.5)
    assert pair["mentee_concerns"] == "Team uptake, Session adherence"
    assert pair["mentor_strengths"] == "Team uptake"
    assert pair["mentor_status"] == "Over-performing"
    assert pair["closeness"] == "same division"
    assert (pair["mentee"], pair["mentor"], pair["mentor_department"]) == ("U1", "M1", "Beta")


def test_only_the_measures_asked_for_count():
    table = managers(
        [
            ("u1", "Alpha", "North", "under", "under", -3.0, "watch", -2.0),
            ("m1", "Beta", "North", "over", "over", 4.0, "in_control", 1.0),
        ]
    )
    pair = propose(table, ["adherence"]).pairs.iloc[0]
    # Adherence only: 1 - (-2) = 3.
    assert pair["gap"] == pytest.approx(3.0)
    assert pair["mentee_concerns"] == "Session adherence"
    # m1's uptake strength is not among the measures asked for.
    assert pair["mentor_strengths"] == ""


def test_a_mentor_weaker_on_the_mentees_concern_is_still_proposed_with_a_negative_gap():
    table = managers(
        [
            ("u1", "Alpha", "North", "under", "in_control", 0.0, "under", -2.0),
            ("m1", "Alpha", "North", "strong", "strong", 2.5, "in_control", -3.0),
        ]
    )
    pair = propose(table, BOTH).pairs.iloc[0]
    assert pair["gap"] == pytest.approx(-1.0)  # -3 - (-2)
    assert pair["closeness"] == "same department"


def test_with_one_place_the_largest_gap_among_equals_is_paired():
    table = managers(
        [
            ("u1", "Alpha", "North", "under", "in_control", 0.0, "under", -1.0),
            ("u2", "Alpha", "North", "under", "in_control", 0.0, "under", -4.0),
            ("m1", "Alpha", "North", "over", "in_control", 0.0, "over", 2.0),
        ]
    )
    result = propose(table, BOTH, capacity=1)
    # Gaps: u1 2 - (-1) = 3, u2 2 - (-4) = 6.
    assert result.pairs[["mentee_id", "mentor_id"]].values.tolist() == [["u2", "m1"]]
    assert result.unpaired.to_dict("records") == [
        {
            "manager_id": "u1",
            "manager": "U1",
            "department": "Alpha",
            "reason": "every over-performing or strong manager already has 1 mentee",
        }
    ]


def test_pairs_are_listed_by_mentee_department_then_name():
    table = managers(
        [
            ("a", "Beta", "North", "under", "under", -3.0, "in_control", 0.0),
            ("z", "Alpha", "North", "under", "under", -3.0, "in_control", 0.0),
            ("b", "Alpha", "North", "under", "under", -3.0, "in_control", 0.0),
            ("m1", "Alpha", "North", "over", "over", 3.0, "in_control", 0.0),
            ("m2", "Beta", "North", "over", "over", 3.0, "in_control", 0.0),
        ]
    )
    pairs = propose(table, BOTH).pairs
    assert pairs[["mentee_department", "mentee"]].values.tolist() == [
        ["Alpha", "B"],
        ["Alpha", "Z"],
        ["Beta", "A"],
    ]
    # Two places each: Alpha's mentees with m1, Beta's with m2, all in their own department.
    assert pairs["mentor_id"].tolist() == ["m1", "m1", "m2"]
    assert set(pairs["closeness"]) == {"same department"}
    assert all(isinstance(v, float) and not math.isnan(v) for v in pairs["gap"])


def test_no_mentor_leaves_every_mentee_unpaired_in_id_order():
    table = managers(
        [
            ("u2", "Beta", "South", "under", "under", -3.0, "in_control", 0.0),
            ("u1", "Alpha", "North", "under", "under", -3.0, "in_control", 0.0),
        ]
    )
    unpaired = propose(table, BOTH).unpaired
    assert unpaired[["manager_id", "reason"]].values.tolist() == [
        ["u1", NO_MENTORS],
        ["u2", NO_MENTORS],
    ]


def test_same_department_before_a_bigger_gap_elsewhere():
    table = people(
        [
            ("u1", "Alpha", "North", "under", "under", -4.0),
            ("far", "Beta", "North", "over", "over", 5.0),
            ("near", "Alpha", "North", "strong", "strong", 2.0),
        ]
    )
    result = pairing.propose(table, BOTH)
    assert result.pairs[["mentee_id", "mentor_id", "closeness"]].values.tolist() == [
        ["u1", "near", "same department"]
    ]
    assert result.pairs["gap"].iloc[0] == pytest.approx(6.0)
    assert result.unpaired.empty


def test_same_division_before_another_division():
    table = people(
        [
            ("u1", "Alpha", "North", "under", "under", -4.0),
            ("south", "Gamma", "South", "over", "over", 6.0),
            ("north", "Beta", "North", "strong", "strong", 2.0),
        ]
    )
    result = pairing.propose(table, BOTH)
    assert result.pairs[["mentor_id", "closeness"]].values.tolist() == [["north", "same division"]]


def test_largest_gap_on_the_mentees_weak_measures_breaks_ties():
    table = people(
        [
            ("u1", "Alpha", "North", "under", "under", -4.0),
            ("uptake_star", "Alpha", "North", "over", "in_control", 0.5),
            ("adherence_star", "Alpha", "North", "strong", "strong", 3.0),
        ]
    )
    table.loc[table["manager_id"] == "uptake_star", ["uptake_flag", "uptake_z"]] = ["over", 6.0]
    result = pairing.propose(table, BOTH)
    assert result.pairs["mentor_id"].tolist() == ["adherence_star"]
    assert result.pairs["mentor_strengths"].tolist() == ["Session adherence"]
    assert result.pairs["mentee_concerns"].tolist() == ["Session adherence"]


def test_most_same_department_pairs_win_over_a_greedy_choice():
    # u1 could take m1 (same division) but then u2 would go without its same-department mentor.
    table = people(
        [
            ("u1", "Alpha", "North", "under", "under", -4.0),
            ("u2", "Beta", "North", "under", "under", -4.0),
            ("m1", "Beta", "North", "over", "over", 9.0),
            ("m2", "Gamma", "South", "over", "over", 1.0),
        ]
    )
    result = pairing.propose(table, BOTH, capacity=1)
    pairs = dict(result.pairs[["mentee_id", "mentor_id"]].values.tolist())
    assert pairs == {"u1": "m2", "u2": "m1"}


def test_no_mentor_takes_more_than_two_and_the_rest_say_why():
    table = people(
        [
            ("u1", "Alpha", "North", "under", "under", -4.0),
            ("u2", "Alpha", "North", "under", "under", -5.0),
            ("u3", "Alpha", "North", "under", "under", -3.0),
            ("m1", "Alpha", "North", "over", "over", 4.0),
        ]
    )
    result = pairing.propose(table, BOTH)
    assert result.pairs["mentor_id"].tolist() == ["m1", "m1"]
    assert len(result.unpaired) == 1
    assert result.unpaired["reason"].iloc[0] == pairing.no_capacity(pairing.MENTOR_CAPACITY)
    # A second mentor elsewhere takes the third mentee.
    more = pd.concat([table, people([("m2", "Gamma", "South", "strong", "strong", 2.0)])])
    result = pairing.propose(more, BOTH)
    assert result.pairs["mentor_id"].value_counts().to_dict() == {"m1": 2, "m2": 1}
    assert result.unpaired.empty


def test_without_mentors_every_under_performer_is_unpaired_with_the_reason():
    table = people(
        [
            ("u1", "Alpha", "North", "under", "under", -4.0),
            ("w1", "Alpha", "North", "watch", "watch", -2.0),
        ]
    )
    result = pairing.propose(table, BOTH)
    assert result.pairs.empty
    assert result.unpaired[["manager_id", "reason"]].values.tolist() == [["u1", pairing.NO_MENTORS]]


def test_unknown_division_never_counts_as_the_same_division():
    table = people(
        [
            ("u1", "Alpha", None, "under", "under", -4.0),
            ("m1", "Beta", None, "over", "over", 4.0),
        ]
    )
    assert pairing.propose(table, BOTH).pairs["closeness"].tolist() == ["different division"]
