"""Counting at-risk relationships by reason, and the idle-days setting."""

import pandas as pd
import pytest
from fixtures import PERIOD, tiny_data

from dashboard.filtering import select
from dashboard.metrics import risks


def test_reason_counts_count_a_pairing_under_each_of_its_reasons():
    flags = pd.DataFrame(
        {
            "relationship_id": ["A", "B", "C"],
            "idle": [True, False, True],
            "low_satisfaction": [True, False, False],
            "missed_sessions": [False, False, False],
            "mismatch": [False, True, False],
        }
    )
    counts = risks.reason_counts(flags)
    assert counts["reason"].tolist() == list(risks.REASON_FLAGS)
    assert counts["relationships"].tolist() == [2, 1, 0, 1]
    assert counts["label"].tolist() == [risks.REASON_LABELS[r] for r in risks.REASON_FLAGS]


def test_reason_counts_of_the_fixture():
    # tests/fixtures.py in 2025: R2 ended early as a mismatch; R1 (active) last held a session
    # on 2025-02-01 with one cancellation after it: idle, not a run of two. R4 (active, E3)
    # held 2025-03-01: idle. Latest scores: R1 4 and 3 on 04-01 -> 3, not low.
    sl = select(tiny_data(), PERIOD)
    for individual_feedback in (True, False):
        at_risk = risks.at_risk_relationships(
            sl, PERIOD.start, PERIOD.end, individual_feedback=individual_feedback
        )
        counts = risks.reason_counts(at_risk).set_index("reason")["relationships"]
        expected = {"idle": 2, "low_satisfaction": 0, "missed_sessions": 0, "mismatch": 1}
        if not individual_feedback:
            del expected["low_satisfaction"]  # not judged, so not even a zero
        assert counts.to_dict() == expected
        assert sorted(at_risk["relationship_id"]) == ["R1", "R2", "R4"]


@pytest.mark.parametrize("individual_feedback", [True, False])
def test_reason_counts_of_nothing_are_zeros(individual_feedback):
    flags = risks.reason_flags(individual_feedback)
    empty = pd.DataFrame(columns=list(risks.columns(individual_feedback))).astype(
        dict.fromkeys(flags, bool)
    )
    counts = risks.reason_counts(empty)
    assert counts["reason"].tolist() == list(flags)
    assert counts["relationships"].tolist() == [0] * len(flags)
    assert ("low_satisfaction" in flags) is individual_feedback


def test_idle_days_setting():
    assert risks.idle_days_setting({}) == 45
    assert risks.idle_days_setting({"risks": {}}) == 45
    assert risks.idle_days_setting({"risks": {"idle_days": 30}}) == 30
    for bad in (0, -5, 4.5, "45", True):
        with pytest.raises(ValueError, match=r"risks\.idle_days must be a whole number"):
            risks.idle_days_setting({"risks": {"idle_days": bad}})
    with pytest.raises(ValueError, match="risks must be a table"):
        risks.idle_days_setting({"risks": 45})
