"""The action list: who needs an action, in which order, with evidence, responses and mentoring."""

import pandas as pd
from fixtures import adherence_flagged as people

from dashboard.metrics.pairing import propose
from dashboard.metrics.responses import ACTION_COLUMNS, RESPONSES, action_list, evidence

BOTH = ["uptake", "adherence"]


def managers(rows: list[tuple]) -> pd.DataFrame:
    """Rows of (id, department, status, uptake flag, x, n, adherence flag, x, n); the name is
    the id in capitals, every division North, the team size the uptake n."""
    out = pd.DataFrame(
        rows,
        columns=[
            "manager_id",
            "department",
            "status",
            "uptake_flag",
            "uptake_x",
            "uptake_n",
            "adherence_flag",
            "adherence_x",
            "adherence_n",
        ],
    )
    return out.assign(
        name=out["manager_id"].str.upper(),
        division="North",
        team_size=out["uptake_n"],
        uptake_rate=out["uptake_x"] / out["uptake_n"],
        adherence_rate=out["adherence_x"] / out["adherence_n"],
    )


TABLE = managers(
    [
        ("s1", "Alpha", "strong", "strong", 6, 8, "in_control", 10, 12),
        ("o1", "Beta", "over", "in_control", 4, 8, "over", 19, 20),
        ("u0", "Beta", "under", "under", 1, 10, "in_control", 9, 12),
        ("u1", "Alpha", "under", "in_control", 3, 6, "under", 5, 20),
        ("w1", "Alpha", "watch", "watch", 1, 4, "watch", 2, 5),
        ("ok", "Alpha", "in_control", "in_control", 3, 6, "in_control", 6, 8),
        ("tiny", "Alpha", "too_small", "too_small", 1, 2, "too_small", 1, 1),
        ("none", "Beta", "no_data", "in_control", 2, 4, "no_data", 0, 0),
    ]
)


def test_evidence_names_each_flagged_measure_with_its_rate_and_counts():
    out = evidence(TABLE, BOTH)
    by_id = dict(zip(TABLE["manager_id"], out, strict=True))
    assert by_id["w1"] == (
        # 1/4 = 25 %, 2/5 = 40 %.
        "Team uptake 25% (1 of 4): watch; Session adherence 40% (2 of 5): watch"
    )
    assert by_id["s1"] == "Team uptake 75% (6 of 8): strong"
    assert by_id["o1"] == "Session adherence 95% (19 of 20): over-performing"
    # As expected, too small or no data is no evidence of anything.
    assert by_id["ok"] == by_id["tiny"] == by_id["none"] == ""


def test_evidence_follows_the_order_and_choice_of_measures():
    w1 = TABLE[TABLE["manager_id"] == "w1"]
    assert evidence(w1, ["adherence", "uptake"]).tolist() == [
        "Session adherence 40% (2 of 5): watch; Team uptake 25% (1 of 4): watch"
    ]
    assert evidence(w1, []).tolist() == [""]


def test_concerns_come_first_then_department_then_name():
    actions = action_list(TABLE, BOTH)
    assert tuple(actions.columns) == ACTION_COLUMNS
    # u1 (Alpha) before u0 (Beta): department decides before the name.
    assert actions["manager_id"].tolist() == ["u1", "u0", "w1", "o1", "s1"]
    assert actions["status"].tolist() == [
        "Under-performing",
        "Under-performing",
        "Watch",
        "Over-performing",
        "Strong",
    ]
    assert actions["team_size"].tolist() == [6, 10, 4, 8, 8]
    assert actions["peer_mentoring"].tolist() == [""] * 5


def test_each_status_gets_its_responses_in_order():
    actions = action_list(TABLE, BOTH).set_index("manager_id")["recommended_actions"]
    assert actions["u1"] == "; ".join(RESPONSES["under"])
    assert actions["w1"] == "A check-in conversation about the team's figures"
    recognise = (
        "Recognition of the team's results; An invitation to mentor other managers; "
        "Advanced development"
    )
    assert actions["o1"] == actions["s1"] == recognise


def test_mentors_and_mentees_are_named_both_ways():
    pairs = pd.DataFrame(
        {
            "mentee_id": ["u1", "u0"],
            "mentee": ["U1", "U0"],
            "mentee_department": ["Alpha", "Beta"],
            "mentor_id": ["s1", "s1"],
            "mentor": ["S1", "S1"],
            "mentor_department": ["Alpha", "Alpha"],
        }
    )
    mentoring = action_list(TABLE, BOTH, pairs).set_index("manager_id")["peer_mentoring"]
    assert mentoring.to_dict() == {
        "u1": "Proposed peer mentor: S1 (Alpha)",
        "u0": "Proposed peer mentor: S1 (Alpha)",
        "w1": "",
        "o1": "",  # over-performing, but nobody's proposed mentor
        "s1": "Proposed mentee(s): U1 (Alpha), U0 (Beta)",
    }


def test_an_empty_pairs_frame_proposes_no_mentoring():
    pairs = pd.DataFrame(columns=["mentee_id", "mentee", "mentee_department", "mentor_id"])
    assert action_list(TABLE, BOTH, pairs)["peer_mentoring"].tolist() == [""] * 5


def test_advice_replaces_the_evidence_and_responses():
    advice = pd.DataFrame(
        {
            "explanation": [f"why {i}" for i in TABLE["manager_id"]],
            "responses": [f"do {i}" for i in TABLE["manager_id"]],
        },
        index=TABLE.index,
    )
    actions = action_list(TABLE, BOTH, advice=advice)
    assert actions["evidence"].tolist() == ["why u1", "why u0", "why w1", "why o1", "why s1"]
    assert actions["recommended_actions"].tolist() == ["do u1", "do u0", "do w1", "do o1", "do s1"]


def test_nobody_flagged_gives_an_empty_list_with_its_columns():
    calm = TABLE[TABLE["status"].isin(["in_control", "too_small", "no_data"])]
    actions = action_list(calm, BOTH)
    assert actions.empty
    assert tuple(actions.columns) == ACTION_COLUMNS


def test_responses_follow_the_methodology():
    assert "Targeted coaching-skills training" in RESPONSES["under"]
    assert any("peer mentor" in r for r in RESPONSES["under"])
    assert RESPONSES["watch"] == ("A check-in conversation about the team's figures",)
    assert RESPONSES["over"] == RESPONSES["strong"]
    assert any("mentor other managers" in r for r in RESPONSES["over"])
    assert any("Recognition" in r for r in RESPONSES["over"])
    assert any("Advanced development" in r for r in RESPONSES["over"])
    assert RESPONSES["in_control"] == ()


def test_action_list_orders_concerns_first_and_names_the_mentors():
    table = people(
        [
            ("s1", "Alpha", "North", "strong", "strong", 2.5),
            ("u1", "Alpha", "North", "under", "under", -4.0),
            ("ok", "Alpha", "North", "in_control", "in_control", 0.1),
            ("w1", "Beta", "North", "watch", "watch", -2.1),
        ]
    ).assign(
        team_size=[5, 20, 8, 6],
        uptake_x=[3, 2, 4, 3],
        uptake_n=[5, 20, 8, 6],
        uptake_rate=[0.6, 0.1, 0.5, 0.5],
        adherence_x=[19, 5, 30, 10],
        adherence_n=[20, 20, 40, 16],
        adherence_rate=[0.95, 0.25, 0.75, 0.625],
    )
    pairs = propose(table, BOTH).pairs
    actions = action_list(table, BOTH, pairs)
    assert tuple(actions.columns) == ACTION_COLUMNS
    assert actions["manager_id"].tolist() == ["u1", "w1", "s1"]
    assert actions["status"].tolist() == ["Under-performing", "Watch", "Strong"]
    under = actions.iloc[0]
    assert under["evidence"] == "Session adherence 25% (5 of 20): under-performing"
    assert under["recommended_actions"].startswith("Targeted coaching-skills training")
    assert under["peer_mentoring"] == "Proposed peer mentor: S1 (Alpha)"
    assert actions.iloc[1]["peer_mentoring"] == ""
    assert actions.iloc[2]["peer_mentoring"] == "Proposed mentee(s): U1 (Alpha)"
    assert "mentor other managers" in actions.iloc[2]["recommended_actions"]


def test_action_list_of_nobody_flagged_is_empty():
    table = people([("ok", "Alpha", "North", "in_control", "in_control", 0.1)]).assign(
        team_size=8, adherence_x=30, adherence_n=40, adherence_rate=0.75
    )
    actions = action_list(table, ["adherence"])
    assert actions.empty
    assert tuple(actions.columns) == ACTION_COLUMNS
