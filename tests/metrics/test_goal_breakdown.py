"""Goal rates by department and team, states, time to complete, categories and the overdue list.

In 2025: G1 completed on time, G2 completed late, G5 abandoned, G3 and G7 overdue at the end;
G4 (due 2026) is in progress; G6 belongs to 2024. Alpha holds R1's goals (G1, G2, G7), Beta
R2's (G3, G4) and R5's (G5).
"""

import datetime as dt
from dataclasses import replace

import pandas as pd
import pytest
from fixtures import PERIOD, tiny_data

from dashboard.metrics import goal_breakdown as gb
from dashboard.metrics import goals
from dashboard.metrics.rates import rate_frame
from dashboard.metrics.targets import Targets


@pytest.fixture(scope="module")
def tiny():
    return tiny_data()


def _rate(frame: pd.DataFrame, key: str, measure: str) -> list[int]:
    row = frame[(frame.iloc[:, 0] == key) & (frame["measure"] == measure)]
    return row[["numerator", "denominator"]].values.ravel().tolist()


def test_totals(tiny):
    out = gb.goal_totals(tiny, PERIOD)
    assert out.loc["completion", ["numerator", "denominator"]].tolist() == [2, 5]
    assert out.loc["on_time", ["numerator", "denominator"]].tolist() == [1, 2]
    assert out.loc["overdue", ["numerator", "denominator"]].tolist() == [2, 5]


def test_rates_by_department(tiny):
    out = gb.goal_rates(tiny, PERIOD, by="department")
    assert _rate(out, "Alpha", "completion") == [2, 3]
    assert _rate(out, "Beta", "completion") == [0, 2]
    assert _rate(out, "Alpha", "on_time") == [1, 2]
    # Beta completed nothing, so it has no on-time rate at all.
    assert _rate(out, "Beta", "on_time") == []
    assert _rate(out, "Alpha", "overdue") == [1, 3]
    assert _rate(out, "Beta", "overdue") == [1, 2]
    assert set(out["measure"]) == set(gb.GOAL_RATES)


def test_rates_by_manager_follow_the_participants_line_manager(tiny):
    out = gb.goal_rates(tiny, PERIOD, by="manager_id")
    # R5's participant M2 has no manager, so G5 belongs to no team.
    assert _rate(out, "M1", "completion") == [2, 3]
    assert _rate(out, "M2", "completion") == [0, 1]
    assert set(out.loc[out["manager_id"] == "M1", "label"]) == {"Mara"}


def test_side_by_side(tiny):
    wide = gb.side_by_side(gb.goal_rates(tiny, PERIOD, by="department"), "department")
    alpha = wide.set_index("department").loc["Alpha"]
    assert alpha["completion_rate"] == pytest.approx(2 / 3)
    assert alpha["overdue_numerator"] == 1
    assert wide.columns[:4].tolist() == [
        "department",
        "label",
        "completion_numerator",
        "completion_denominator",
    ]


def test_status_breakdown(tiny):
    out = gb.status_breakdown(tiny, PERIOD).set_index("state")
    assert out["goals"].to_dict() == {
        "completed": 2,
        "abandoned": 1,
        "overdue": 2,
        "in_progress": 1,
        "not_started": 0,
    }
    assert out["share"].sum() == pytest.approx(1)


def test_a_goal_closed_after_the_period_end_was_open_then(tiny):
    mid = replace(PERIOD, end=dt.date(2025, 8, 31))
    states = goals.in_play(tiny.goals, mid.start, mid.end).set_index("goal_id")["state"]
    # G2 (due 31 Aug, completed 15 Sep) was neither overdue nor done on 31 Aug.
    assert states["G2"] == "in_progress"
    assert states["G1"] == "completed"
    assert states["G7"] == "not_started"


def test_time_to_complete(tiny):
    out = gb.time_to_complete(tiny, PERIOD).set_index("goal_id")
    assert out["days_to_complete"].to_dict() == {"G1": 151, "G2": 257}
    assert out["on_time"].tolist() == [True, False]


def test_time_to_complete_drops_goals_completed_before_they_were_set(tiny):
    late_set = tiny.goals["set_date"].mask(
        tiny.goals["goal_id"] == "G1", pd.Timestamp("2025-07-01")
    )
    out = gb.time_to_complete(replace(tiny, goals=tiny.goals.assign(set_date=late_set)), PERIOD)
    assert out["goal_id"].tolist() == ["G2"]


def test_goals_by_category_names_missing_categories(tiny):
    out = gb.goals_by_category(tiny, PERIOD)
    assert set(out["category"]) == {gb.UNCATEGORISED}
    assert out.set_index("state")["goals"].to_dict() == {
        "abandoned": 1,
        "completed": 2,
        "in_progress": 1,
        "overdue": 2,
    }


def test_overdue_list_most_overdue_first_with_names(tiny):
    out = gb.overdue_list(tiny, PERIOD)
    assert out["goal_id"].tolist() == ["G3", "G7"]
    assert out["days_overdue"].tolist() == [91, 16]
    assert out.iloc[0][["participant", "coach", "manager"]].tolist() == ["Enzo", "Mara", "Milo"]


def test_team_goals(tiny):
    team = replace(PERIOD, departments=("Alpha",), managers=("M1",))
    out = gb.team_goals(tiny, team)
    assert out.set_index("goal_id")["state"].to_dict() == {
        "G1": "completed",
        "G2": "completed",
        "G7": "overdue",
    }


def test_goal_text_is_never_returned(tiny):
    data = replace(tiny, goals=tiny.goals.assign(goal_text="=HYPERLINK(secret)"))
    for frame in (
        gb.goal_rates(data, PERIOD, by="department"),
        gb.time_to_complete(data, PERIOD),
        gb.goals_by_category(data, PERIOD),
        gb.overdue_list(data, PERIOD),
        gb.team_goals(data, PERIOD),
        gb.status_breakdown(data, PERIOD),
    ):
        assert "goal_text" not in frame.columns
        assert not frame.astype(str).apply(lambda c: c.str.contains("secret")).any().any()


def test_without_a_goals_table_the_functions_say_so():
    with pytest.raises(ValueError, match="no goals table"):
        gb.status_breakdown(tiny_data(goals=None), PERIOD)


def test_rate_of_one_measure(tiny):
    out = gb.rate_of(gb.goal_rates(tiny, PERIOD, by="department"), "overdue")
    assert set(out["measure"]) == {"overdue"}
    assert _rate(out, "Alpha", "overdue") == [1, 3]


def test_completion_against_targets(tiny):
    out = gb.completion_against_targets(
        tiny, PERIOD, by="department", targets=Targets(goal_completion=0.6)
    )
    # Alpha 2 of 3 against 60 %: on it; Beta 0 of 2: below.
    assert out.set_index("department")["rag"].to_dict() == {"Alpha": "green", "Beta": "red"}


def test_rates_against_targets_side_by_side_worst_first(tiny):
    out = gb.rates_against_targets(
        tiny, PERIOD, by="department", targets=Targets(goal_completion=0.6)
    )
    assert out["department"].tolist() == ["Beta", "Alpha"]
    assert out["target"].tolist() == [0.6, 0.6]
    alpha = out.set_index("department").loc["Alpha"]
    assert (alpha["completion_rate"], alpha["on_time_rate"]) == (pytest.approx(2 / 3), 0.5)
    assert alpha["status"] == "● On target"


def _long(measure: str, counts: dict[str, tuple[int, int]]) -> pd.DataFrame:
    numerators = pd.Series({d: n for d, (n, _) in counts.items()})
    denominators = pd.Series({d: n for d, (_, n) in counts.items()})
    frame = rate_frame(numerators, denominators).rename_axis("department").reset_index()
    return frame.assign(label=frame["department"], measure=measure)


def test_side_by_side_rated_on_hand_worked_rates():
    rates = pd.concat(
        [
            # Completion: A 3/4, B 1/4, C 13/20, D none closed or overdue.
            _long("completion", {"A": (3, 4), "B": (1, 4), "C": (13, 20), "D": (0, 0)}),
            _long("on_time", {"A": (2, 3), "B": (1, 1), "C": (10, 13)}),
            _long("overdue", {"A": (1, 4), "B": (2, 4), "C": (0, 20), "D": (0, 0)}),
        ],
        ignore_index=True,
    )
    targets = Targets(goal_completion=0.7, departments={"B": {"goal_completion": 0.3}})
    out = gb.side_by_side_rated(rates, "department", targets)
    # B 25 % against its own 30 %: below (near would be 27 % or more); C 65 % against 70 %:
    # near (63 % or more); A 75 %: on target; D has no rate and comes last.
    assert out["department"].tolist() == ["B", "C", "A", "D"]
    assert out["rag"].tolist()[:3] == ["red", "amber", "green"] and pd.isna(out["rag"].iloc[3])
    assert out["target"].tolist() == [0.3, 0.7, 0.7, 0.7]
    a = out.set_index("department").loc["A"]
    assert (a["completion_numerator"], a["completion_denominator"]) == (3, 4)
    assert (a["on_time_rate"], a["overdue_rate"]) == (pytest.approx(2 / 3), 0.25)
    assert pd.isna(out.set_index("department").loc["D", "on_time_rate"])
    # Given a department, every group is held to that department's target.
    inside = gb.side_by_side_rated(rates, "department", targets, department="B")
    assert inside["target"].tolist() == [0.3] * 4


def test_rates_against_targets_are_side_by_side_rated_goal_rates(tiny):
    targets = Targets(goal_completion=0.6)
    pd.testing.assert_frame_equal(
        gb.rates_against_targets(tiny, PERIOD, by="department", targets=targets),
        gb.side_by_side_rated(gb.goal_rates(tiny, PERIOD, by="department"), "department", targets),
    )
