"""A flagged manager explained in words, with responses fitted to the weak measure and obstacles;
part of docs/METRICS.md#manager-flags (rules: docs/MANAGERS.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import pandas as pd

from dashboard.filtering import select
from dashboard.metrics import managers, pairing, responses
from dashboard.metrics.managers import CONCERNS, DEFAULT_MIN_N, STRENGTHS, MeasureFit
from dashboard.metrics.obstacles import obstacle_states
from dashboard.model import Filters, ProgrammeData
from dashboard.schema import OBSTACLE_CATEGORIES

ADVICE_COLUMNS = ("explanation", "responses")
NAMES = {"uptake": "uptake", "goals": "goal completion", "adherence": "session adherence"}

# How each measure's x of n reads in a sentence about a team.
_FIGURES = {
    "uptake": "{x:,} of {n:,} eligible direct reports take part ({rate})",
    "goals": "{x:,} of {n:,} goals closed or overdue were completed ({rate})",
    "adherence": "{x:,} of {n:,} sessions due were held ({rate})",
}
_SIZES = {"uptake": "a team of {n:,}", "goals": "{n:,} goals", "adherence": "{n:,} sessions"}
# Rarer than 1 in N: one-sided p-values, so a watch (p < 0.025) is "less than 1 time in 40".
_ODDS = ((0.0001, 10_000), (0.001, 1_000), (0.01, 100), (0.025, 40), (0.05, 20))

# Per open obstacle category: the weak measures it can explain, and the response it calls for.
OBSTACLE_RESPONSES: dict[str, tuple[tuple[str, ...], str]] = {
    "lack_of_time": (
        ("uptake", "goals", "adherence"),
        "Agree protected time for coaching in the team's working week",
    ),
    "resistance_to_change": (
        ("uptake",),
        "Have a participant or sponsor tell the team what the programme has given them",
    ),
    "perceived_loss_of_control": (
        ("uptake",),
        "Make clear that taking part is each employee's choice and their goals their own",
    ),
    "lack_of_leadership_support": (
        ("uptake",),
        "Ask the department's leadership to back the programme visibly",
    ),
    "lack_of_resources": (("uptake", "adherence"), "Secure the resources the team lacks"),
    "coach_availability": (("uptake", "adherence"), "Find coaches with time for this team"),
    "confidentiality": (
        ("uptake",),
        "Explain to the team how what is said in sessions stays confidential",
    ),
    "inadequate_coach_training": (
        ("goals",),
        "Check that the team's coaches are trained in setting goals",
    ),
    "mismatch": (("goals", "adherence"), "Review the pairings that do not work and re-match"),
    "power_imbalance": (("adherence",), "Re-match pairs where the coach is too senior"),
}
# A department's obstacles count as evidence about one team only when there are several.
DEPARTMENT_MIN = 3
DEPARTMENT_MAX = 2
TRAINING = {
    "uptake": "championing the programme to the team",
    "goals": "setting and following up goals",
}
FOLLOW_UP = "Follow up each missed session with the team and their coaches"


def odds(p_value: float) -> str:
    """A one-sided p-value in words: 'less than 1 time in 1,000'."""
    for limit, times in _ODDS:
        if p_value < limit:
            return f"less than 1 time in {times:,}"
    return f"about 1 time in {round(1 / p_value):,}"


def _percent(rate: float) -> str:
    return f"{rate:.0%}"


def explanation(
    name: str,
    measures: list[str],
    row: Mapping,
    fits: Mapping[str, MeasureFit],
    benchmark: str = "organisation",
) -> str:
    """The flagged measures of one team in words, a line each: the figure, the benchmark, and
    how rarely chance alone gives a gap (or lead) that large for a team of that size."""
    where = "across the organisation" if benchmark == "organisation" else "across the selection"
    parts = []
    for i, measure in enumerate(measures):
        x, n, rate = int(row[f"{measure}_x"]), int(row[f"{measure}_n"]), row[f"{measure}_rate"]
        figure = _FIGURES[measure].format(x=x, n=n, rate=_percent(rate))
        gap = "gap" if row[f"{measure}_flag"] in CONCERNS else "lead"
        chance = odds(row[f"{measure}_p_value"])
        size = _SIZES[measure].format(n=n)
        head = f"{name}'s team: {figure}" if i == 0 else figure[0].upper() + figure[1:]
        parts.append(
            f"{head}; {where} {_percent(fits[measure].target)}. A {gap} this large happens by "
            f"chance {chance} for {size}."
        )
    if any(fits[m].adjusted for m in measures):
        parts[-1] += " (This allows for how much teams usually differ.)"
    return "\n".join(parts)


def _listed(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _plural(count: int, label: str) -> str:
    return f"{count} open '{label}' obstacle{'s' if count != 1 else ''}"


def _obstacle_counts(open_obstacles: pd.DataFrame | None) -> tuple[dict, dict]:
    """Open obstacles per (manager, category) and per (department, category)."""
    if open_obstacles is None or open_obstacles.empty:
        return {}, {}
    by_team = open_obstacles.dropna(subset=["manager_id"]).groupby(["manager_id", "category"])
    by_dept = open_obstacles.groupby(["department", "category"])
    return by_team.size().to_dict(), by_dept.size().to_dict()


def _obstacle_responses(
    row: Mapping, concerns: list[str], team: dict, department: dict
) -> tuple[list[str], set[str]]:
    """Responses the team's own open obstacles call for (then its department's largest),
    and the weak measures they bear on."""
    mine, theirs = [], []
    for category, (bears_on, response) in OBSTACLE_RESPONSES.items():
        if not set(bears_on) & set(concerns):
            continue
        label = OBSTACLE_CATEGORIES[category].lower()
        count = team.get((row["manager_id"], category), 0)
        if count:
            mine.append((count, category, f"{response} ({_plural(count, label)} for this team)"))
            continue
        count = department.get((row["department"], category), 0)
        if count >= DEPARTMENT_MIN:
            where = f"in {row['department']}"
            theirs.append((count, category, f"{response} ({_plural(count, label)} {where})"))
    mine.sort(key=lambda t: -t[0])
    theirs = sorted(theirs, key=lambda t: -t[0])[:DEPARTMENT_MAX]
    chosen = mine + theirs
    explained = {m for _, c, _ in chosen for m in OBSTACLE_RESPONSES[c][0]}
    return [text for _, _, text in chosen], explained


def _responses_for(row: Mapping, concerns: list[str], team: dict, department: dict) -> list[str]:
    """The obstacles' responses, then per weak measure the methodology's own: training where
    no reported obstacle explains low uptake, invitations, follow-up of missed sessions."""
    out, explained = _obstacle_responses(row, concerns, team, department)
    training = []
    if "uptake" in concerns:
        missing = int(row["uptake_n"]) - int(row["uptake_x"])
        out.append(f"Invite the {missing:,} eligible direct reports not yet taking part")
        if "uptake" not in explained:
            training.append(TRAINING["uptake"])
    if "goals" in concerns:
        training.append(TRAINING["goals"])
    if training:
        out.append("Targeted coaching-skills training on " + " and on ".join(training))
    if "adherence" in concerns:
        out.append(FOLLOW_UP)
    return out


def _status_responses(
    status: str, concerns: list[str], strengths: list[str], peer: str | None
) -> list[str]:
    """The methodology's responses to the overall status, naming a proposed peer (the mentor
    of an under-performer, the mentees of a mentor) where there is one."""
    names = _listed([NAMES[m] for m in (concerns or strengths)])
    if status == "under":
        mentor = (
            f"Pairing with {peer} as peer mentor"
            if peer
            else ("Pairing with an over-performing manager as peer mentor")
        )
        return [f"A periodic review of the team's {names}", mentor]
    if status == "watch":
        return [f"A check-in conversation about the team's {names}"]
    invitation = (
        f"Mentoring {peer}, as proposed" if peer else "An invitation to mentor other managers"
    )
    if status == "over":
        return [f"Recognition of the team's {names}", invitation, "Advanced development"]
    return [
        f"Recognition of the team's {names}",
        invitation if peer else ("Ask them to share what works with peers"),
    ]


def advise(
    table: pd.DataFrame,
    measures: list[str],
    fits: Mapping[str, MeasureFit],
    *,
    benchmark: str = "organisation",
    open_obstacles: pd.DataFrame | None = None,
    peers: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Per manager (table's index): the explanation of each flagged measure and the
    recommended responses, both as text ('' for a manager needing no action).

    `open_obstacles` has one row per obstacle open at the period end (department, category,
    manager_id); without it the responses are the methodology's for each weak measure.
    `peers` names, by manager id, a proposed peer mentor (or a mentor's proposed mentees).
    """
    team, department = _obstacle_counts(open_obstacles)
    flagged = table[table["status"].isin(CONCERNS + STRENGTHS)]
    texts = []
    # Plain dicts: a pandas row per manager costs more than the sentences built from it.
    for row in flagged.to_dict("records"):
        status = row["status"]
        concerns = [m for m in measures if row[f"{m}_flag"] in CONCERNS]
        strengths = [m for m in measures if row[f"{m}_flag"] in STRENGTHS]
        name = row["name"] if pd.notna(row["name"]) else f"Manager {row['manager_id']}"
        peer = (peers or {}).get(row["manager_id"])
        chosen = _status_responses(status, concerns, strengths, peer)
        if status in CONCERNS:
            chosen = _responses_for(row, concerns, team, department) + chosen
        texts.append(
            (explanation(name, concerns + strengths, row, fits, benchmark), "; ".join(chosen))
        )
    found = pd.DataFrame(texts, index=flagged.index, columns=list(ADVICE_COLUMNS), dtype="str")
    return found.reindex(table.index, fill_value="")


@dataclass(frozen=True)
class ManagersPage:
    """The review, the peer-mentor proposals and the action list, as every view shows them."""

    review: managers.ManagerReview
    pairing: pairing.Pairing
    actions: pd.DataFrame


def open_obstacles(data: ProgrammeData, filters: Filters) -> pd.DataFrame | None:
    """Obstacles open at the period end in every department in scope: the evidence a flagged
    team's responses are fitted to (department and manager filters pick managers, not this)."""
    if data.obstacles is None:
        return None
    everyone = replace(filters, departments=(), managers=())
    states = obstacle_states(select(data, everyone).obstacles, filters.start, filters.end)
    return states.loc[states["open"], ["department", "category", "manager_id"]]


def proposed_peers(pairs: pd.DataFrame) -> dict[str, str]:
    """Per manager id, the proposed peer in words: a mentee's mentor, a mentor's mentees."""
    if pairs.empty:
        return {}
    mentor = pairs["mentor"] + " (" + pairs["mentor_department"].fillna("—") + ")"
    mentee = pairs["mentee"] + " (" + pairs["mentee_department"].fillna("—") + ")"
    out = dict(zip(pairs["mentee_id"], mentor, strict=True))
    for mentor_id, names in mentee.groupby(pairs["mentor_id"]):
        out[mentor_id] = _listed(list(names))
    return out


def reviewed(
    data: ProgrammeData,
    filters: Filters,
    *,
    benchmark: managers.Benchmark = "organisation",
    min_n: int = DEFAULT_MIN_N,
    overdispersion: str = "auto",
    reference: Mapping[str, MeasureFit] | None = None,
) -> ManagersPage:
    """`managers.review` with its pairings and an action list whose evidence is in plain words
    and whose responses fit each case; the page, the verdict and the board pack use this."""
    result = managers.review(
        data,
        filters,
        benchmark=benchmark,
        min_n=min_n,
        overdispersion=overdispersion,
        reference=reference,
    )
    pairs = pairing.propose(result.table, result.measures)
    advice = advise(
        result.table,
        result.measures,
        result.fits,
        benchmark=benchmark,
        open_obstacles=open_obstacles(data, filters),
        peers=proposed_peers(pairs.pairs),
    )
    actions = responses.action_list(result.table, result.measures, pairs.pairs, advice)
    return ManagersPage(result, pairs, actions)


# The action list's groups, each with the overall statuses it gathers.
ACTION_GROUPS = {"under": CONCERNS[:1], "watch": CONCERNS[1:], "good": STRENGTHS}


def grouped_actions(
    actions: pd.DataFrame, review: managers.ManagerReview
) -> dict[str, pd.DataFrame]:
    """The action list's managers per group of ACTION_GROUPS, strongest evidence (smallest
    p-value over their measures) first."""
    table = review.table
    p_values = table[[f"{m}_p_value" for m in review.measures]].min(axis=1)
    strongest = (
        actions.assign(
            _p=actions["manager_id"].map(dict(zip(table["manager_id"], p_values, strict=True)))
        )
        .sort_values("_p", kind="stable")
        .drop(columns="_p")
    )
    return {
        key: strongest[strongest["status"].isin([managers.STATUS_LABELS[s] for s in statuses])]
        for key, statuses in ACTION_GROUPS.items()
    }
