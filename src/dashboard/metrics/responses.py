"""The methodology's responses to a manager's status, and the action list; part of
docs/METRICS.md#manager-flags (rules: docs/MANAGERS.md)."""

from __future__ import annotations

import pandas as pd

from dashboard.metrics.managers import (
    CONCERNS,
    STATUS_LABELS,
    STATUS_ORDER,
    STRENGTHS,
    TEAM_MEASURES,
)

_RECOGNISE = (
    "Recognition of the team's results",
    "An invitation to mentor other managers",
    "Advanced development",
)
RESPONSES: dict[str, tuple[str, ...]] = {
    "under": (
        "Targeted coaching-skills training",
        "A periodic review of the team's programme figures",
        "Pairing with an over-performing manager as peer mentor",
    ),
    "watch": ("A check-in conversation about the team's figures",),
    "over": _RECOGNISE,
    "strong": _RECOGNISE,
    "in_control": (),
    "too_small": (),
    "no_data": (),
}

ACTION_COLUMNS = (
    "manager_id",
    "manager",
    "department",
    "division",
    "team_size",
    "status",
    "evidence",
    "recommended_actions",
    "peer_mentoring",
)


def evidence(table: pd.DataFrame, measures: list[str]) -> pd.Series:
    """Per manager, the flagged measures in words: 'Session adherence 25% (5 of 20): under…'."""
    parts = pd.DataFrame(index=table.index)
    for measure in measures:
        flag = table[f"{measure}_flag"]
        text = (
            f"{TEAM_MEASURES[measure]} "
            + table[f"{measure}_rate"].map("{:.0%}".format, na_action="ignore").astype("str")
            + " ("
            + table[f"{measure}_x"].astype("str")
            + " of "
            + table[f"{measure}_n"].astype("str")
            + "): "
            + flag.map(STATUS_LABELS).astype("str").str.lower()
        )
        parts[measure] = text.where(flag.isin(CONCERNS + STRENGTHS))
    joined = parts.stack().dropna().groupby(level=0).agg("; ".join)
    # Empty when nothing is flagged, and then not text: made text before the blanks are filled.
    return joined.astype("str").reindex(table.index, fill_value="")


def action_list(
    table: pd.DataFrame,
    measures: list[str],
    pairs: pd.DataFrame | None = None,
    advice: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per manager who needs an action (any status but as expected / too small / no
    data), concerns first, with the evidence, the responses and any proposed peer mentoring.

    `advice` (`manager_advice.advise`) puts the plain-language explanation in place of the
    evidence and responses fitted to the measure and its obstacles in place of the status's.
    """
    flagged = table[table["status"].isin(CONCERNS + STRENGTHS)]
    order = flagged["status"].map({s: i for i, s in enumerate(STATUS_ORDER)})
    flagged = flagged.assign(_order=order).sort_values(["_order", "department", "name"])
    mentoring = pd.Series("", index=flagged.index, dtype="str")
    if pairs is not None and len(pairs):
        mentor_of = pairs.set_index("mentee_id")
        mentoring = flagged["manager_id"].map(
            "Proposed peer mentor: "
            + mentor_of["mentor"]
            + " ("
            + mentor_of["mentor_department"]
            + ")"
        )
        mentees = pairs.groupby("mentor_id").apply(
            lambda g: (
                "Proposed mentee(s): "
                + ", ".join(g["mentee"] + " (" + g["mentee_department"] + ")")
            ),
            include_groups=False,
        )
        mentoring = mentoring.fillna(flagged["manager_id"].map(mentees)).fillna("")
    return pd.DataFrame(
        {
            "manager_id": flagged["manager_id"],
            "manager": flagged["name"],
            "department": flagged["department"],
            "division": flagged["division"],
            "team_size": flagged["team_size"],
            "status": flagged["status"].map(STATUS_LABELS),
            "evidence": evidence(flagged, measures)
            if advice is None
            else advice.loc[flagged.index, "explanation"],
            "recommended_actions": flagged["status"].map(lambda s: "; ".join(RESPONSES[s]))
            if advice is None
            else advice.loc[flagged.index, "responses"],
            "peer_mentoring": mentoring.astype("str"),
        },
        columns=list(ACTION_COLUMNS),
    ).reset_index(drop=True)
