"""Manager flags: team uptake, goal completion and session adherence judged on funnel plots;
defined in docs/METRICS.md#manager-flags (rules: docs/MANAGERS.md)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import pandas as pd

from dashboard.filtering import select
from dashboard.metrics import funnel, goals, participation, sessions
from dashboard.metrics.rates import as_percent
from dashboard.model import Filters, ProgrammeData

TEAM_MEASURES: dict[str, str] = {
    "uptake": "Team uptake",
    "goals": "Goal completion",
    "adherence": "Session adherence",
}
# What the denominator n of each measure counts, for axis titles and notes.
DENOMINATORS: dict[str, str] = {
    "uptake": "Eligible direct reports",
    "goals": "Team goals closed or overdue",
    "adherence": "Team sessions due (held, cancelled or no-show)",
}
NUMERATORS: dict[str, str] = {
    "uptake": "taking part",
    "goals": "completed",
    "adherence": "held",
}

Benchmark = Literal["organisation", "selection"]
BENCHMARKS: dict[str, str] = {
    "organisation": "The organisation's rate",
    "selection": "The selected managers' own rate",
}

# Overall status precedence: any concern outranks any strength (docs/MANAGERS.md).
STATUS_ORDER = ("under", "watch", "over", "strong", "in_control", "too_small", "no_data")
STATUS_LABELS: dict[str, str] = {
    "under": "Under-performing",
    "watch": "Watch",
    "over": "Over-performing",
    "strong": "Strong",
    "in_control": "As expected",
    "too_small": "Too small to judge",
    "no_data": "No data",
}
CONCERNS = ("under", "watch")
STRENGTHS = ("over", "strong")
DEFAULT_MIN_N = 3

_PER_MEASURE = ("x", "n", "rate", "shrunken_rate", "z", "p_value", "flag")


@dataclass(frozen=True)
class MeasureFit:
    """How one measure was judged: the benchmark rate and the over-dispersion found."""

    target: float
    phi: float
    tau2: float
    method: str
    units: int

    @property
    def adjusted(self) -> bool:
        """True when the limits were widened for over-dispersion (arcsine with tau²)."""
        return self.method == funnel.ARCSINE


@dataclass(frozen=True)
class ManagerReview:
    """One row per manager in `table`; per measure the funnel rows and the fit behind them."""

    table: pd.DataFrame
    funnels: dict[str, pd.DataFrame]
    fits: dict[str, MeasureFit]
    benchmark: str
    min_n: int

    @property
    def measures(self) -> list[str]:
        return list(self.funnels)


def team_counts(data: ProgrammeData, filters: Filters) -> pd.DataFrame:
    """x and n per measure for every manager with an eligible report, indexed by manager_id;
    department and manager filters are ignored (they pick managers, not team members)."""
    start, end = filters.start, filters.end
    sl = select(data, replace(filters, departments=(), managers=()))
    people = participation.people_flags(sl, start, end)
    people = people[people["manager_id"].notna()]
    counts = {"uptake": _xn(people.assign(x=people["participant"]), "x")}
    if sl.goals is not None:
        counts["goals"] = _rename(goals.completion(sl.goals, start, end, by="manager_id"))
    if sl.sessions is not None:
        counts["adherence"] = _rename(sessions.adherence(sl.sessions, start, end, by="manager_id"))
    team = counts["uptake"].index
    out = pd.DataFrame({"team_size": counts["uptake"]["n"]}, index=team)
    for measure, frame in counts.items():
        aligned = frame.reindex(team, fill_value=0)
        out[f"{measure}_x"] = aligned["x"].astype("int64")
        out[f"{measure}_n"] = aligned["n"].astype("int64")
    out.index.name = "manager_id"
    return out[out["team_size"] > 0]


def review(
    data: ProgrammeData,
    filters: Filters,
    *,
    benchmark: Benchmark = "organisation",
    min_n: int = DEFAULT_MIN_N,
    overdispersion: funnel.Overdispersion = "auto",
    reference: Mapping[str, MeasureFit] | None = None,
) -> ManagerReview:
    """Flags per measure and an overall status for the managers the filter selects, judged
    against the organisation's rate or (benchmark "selection") the selected managers' own.

    `reference` holds the organisation's fits when `data` is only part of it (a department
    head's scope): with the organisation's benchmark, managers are then judged against the
    organisation's pooled rate and spread, exactly as when the whole organisation is seen.
    """
    if benchmark not in BENCHMARKS:
        raise ValueError(f"benchmark must be one of {', '.join(BENCHMARKS)}, not {benchmark!r}")
    if min_n < 1:
        raise ValueError("the minimum team size must be at least 1")
    counts = team_counts(data, filters)
    people = _manager_facts(data, counts.index)
    chosen = _selected(people, filters)
    units = counts if benchmark == "organisation" else counts[chosen]
    measures = [m for m in TEAM_MEASURES if f"{m}_n" in counts]
    facts = people[chosen].join(counts[["team_size"]])
    table = facts.copy()
    funnels: dict[str, pd.DataFrame] = {}
    fits: dict[str, MeasureFit] = {}
    given = reference if benchmark == "organisation" and reference else {}
    for measure in measures:
        judged, fits[measure] = _judge(units, measure, min_n, overdispersion, given.get(measure))
        judged = judged[judged.index.isin(facts.index)]
        funnels[measure] = facts.join(judged)
        for column in _PER_MEASURE:
            table[f"{measure}_{column}"] = judged[column]
    table["status"] = overall_status(table, measures)
    order = table["status"].map({s: i for i, s in enumerate(STATUS_ORDER)})
    table = table.assign(_order=order).sort_values(["_order", "name", "manager_id"])
    table = table.drop(columns="_order").reset_index()
    funnels = {m: f.reset_index() for m, f in funnels.items()}
    return ManagerReview(table, funnels, fits, benchmark, min_n)


def overall_status(table: pd.DataFrame, measures: list[str]) -> pd.Series:
    """The first status in STATUS_ORDER that any measure's flag reaches; too_small or no_data
    only when no measure could be judged."""
    flags = table[[f"{m}_flag" for m in measures]]
    status = pd.Series("no_data", index=table.index, dtype="str")
    for candidate in reversed(STATUS_ORDER):
        status = status.mask(flags.eq(candidate).any(axis=1), candidate)
    return status


def status_counts(table: pd.DataFrame) -> dict[str, int]:
    """How many managers of a `review` table have each overall status."""
    return {str(k): int(v) for k, v in table["status"].value_counts().items()}


def fits_table(fits: Mapping[str, MeasureFit]) -> pd.DataFrame:
    """How each measure was judged, one row a measure: benchmark (in percent), managers, phi,
    tau2 and whether the limits were widened."""
    return pd.DataFrame(
        {
            "measure": [TEAM_MEASURES[m] for m in fits],
            "benchmark": [100 * f.target for f in fits.values()],
            "managers": [f.units for f in fits.values()],
            "phi": [f.phi for f in fits.values()],
            "tau2": [f.tau2 for f in fits.values()],
            "limits": ["widened (τ²)" if f.adjusted else "exact binomial" for f in fits.values()],
        }
    )


FUNNEL_ROW_COLUMNS = [
    "name",
    "department",
    "team_size",
    "x",
    "n",
    "rate",
    "shrunken_rate",
    "lower95",
    "upper95",
    "p_value",
    "flag",
]


def funnel_rows(points: pd.DataFrame) -> pd.DataFrame:
    """One measure's funnel points as listed: managers with a denominator, smallest p-value
    first, rates in percent and the flag in words."""
    shown = points[points["n"] > 0].sort_values("p_value")
    shown = as_percent(shown, ["rate", "shrunken_rate", "lower95", "upper95"])
    return shown.assign(flag=shown["flag"].map(STATUS_LABELS))[FUNNEL_ROW_COLUMNS]


def grid_order(measures: Sequence[str]) -> list[str]:
    """The manager grid's columns: who, then per measure its flag, rate, x of n and shrunken
    rate."""
    order = ["name", "department", "team_size", "status"]
    for m in measures:
        order += [f"{m}_flag", f"{m}_rate", f"{m}_xn", f"{m}_shrunken_rate"]
    return order


def grid_rows(review: ManagerReview) -> pd.DataFrame:
    """The review's managers as the grid lists them (`grid_order`, then manager_id): statuses
    and flags in words, rates in percent, each measure's x of n as text."""
    table = review.table.assign(status=review.table["status"].map(STATUS_LABELS))
    table = as_percent(
        table, [f"{m}_{c}" for m in review.measures for c in ("rate", "shrunken_rate")]
    )
    for measure in review.measures:
        table[f"{measure}_flag"] = table[f"{measure}_flag"].map(STATUS_LABELS)
        table[f"{measure}_xn"] = (
            table[f"{measure}_x"].astype("str") + " of " + table[f"{measure}_n"].astype("str")
        )
    # The id is sent but not shown: it names the row a click selects.
    return table[[*grid_order(review.measures), "manager_id"]]


def team_relationships(data: ProgrammeData, filters: Filters, *, manager_id: str) -> pd.DataFrame:
    """The relationships of one manager's team running in the period, with sessions and goals."""
    start, end = filters.start, filters.end
    sl = select(data, replace(filters, departments=(), managers=(manager_id,)))
    rel = participation.overlapping(sl.relationships, start, end)
    names = data.employees.set_index("employee_id")["name"]
    out = pd.DataFrame(
        {
            "relationship_id": rel["relationship_id"],
            "participant": rel["participant_id"].map(names).fillna(rel["participant_id"]),
            "kind": rel["kind"],
            "format": rel["format"],
            "status": rel["status"],
            "start_date": rel["start_date"],
            "end_date": rel["end_date"],
        }
    )
    if sl.sessions is not None:
        due = sessions.sessions_in(sl.sessions, start, end)
        due = due[due["status"].isin(sessions.ATTENDANCE_OUTCOMES)]
        grouped = (due["status"] == "held").groupby(due["relationship_id"])
        out["sessions_held"] = rel["relationship_id"].map(grouped.sum()).fillna(0).astype("int64")
        out["sessions_due"] = rel["relationship_id"].map(grouped.size()).fillna(0).astype("int64")
    if sl.goals is not None:
        decided = goals.goal_outcomes(sl.goals, start, end)
        grouped = (decided["outcome"] == "completed").groupby(decided["relationship_id"])
        out["goals_completed"] = rel["relationship_id"].map(grouped.sum()).fillna(0).astype("int64")
        out["goals_due"] = rel["relationship_id"].map(grouped.size()).fillna(0).astype("int64")
    return out.sort_values(["participant", "start_date"], ignore_index=True)


def _xn(frame: pd.DataFrame, flag: str) -> pd.DataFrame:
    grouped = frame[flag].astype(bool).groupby(frame["manager_id"])
    return pd.DataFrame({"x": grouped.sum(), "n": grouped.size()})


def _rename(rates: pd.DataFrame) -> pd.DataFrame:
    return rates.rename(columns={"numerator": "x", "denominator": "n"})[["x", "n"]]


def _manager_facts(data: ProgrammeData, ids: pd.Index) -> pd.DataFrame:
    """Name, department and division per manager id (the id stands in for a missing name)."""
    people = data.employees.set_index("employee_id")
    facts = pd.DataFrame(index=ids)
    facts["name"] = pd.Series(ids, index=ids).map(people["name"]).fillna(pd.Series(ids, index=ids))
    facts["department"] = facts.index.map(people["department"])
    division = pd.Series(pd.NA, index=ids, dtype="str")
    if data.departments is not None:
        divisions = data.departments.drop_duplicates("department_name").set_index(
            "department_name"
        )["division"]
        division = facts["department"].map(divisions).astype("str")
    facts["division"] = division
    return facts.astype({"name": "str", "department": "str"})


def _selected(people: pd.DataFrame, filters: Filters) -> pd.Series:
    """Managers picked by the department filter (their own department) and the manager filter."""
    chosen = pd.Series(True, index=people.index)
    if filters.departments:
        chosen &= people["department"].isin(filters.departments)
    if filters.managers:
        chosen &= people.index.isin(filters.managers)
    return chosen


def _judge(
    units: pd.DataFrame,
    measure: str,
    min_n: int,
    overdispersion: funnel.Overdispersion,
    reference: MeasureFit | None = None,
) -> tuple[pd.DataFrame, MeasureFit]:
    """funnel.assess over the units, with the team-size rule and n == 0 as no_data; against
    the reference's rate and spread when one is given."""
    x, n = units[f"{measure}_x"], units[f"{measure}_n"]
    fixed = {}
    if reference is not None:
        fixed = {"target": reference.target, "spread": (reference.phi, reference.tau2)}
    judged = funnel.assess(
        x, n, min_n=min_n, overdispersion=overdispersion, index=units.index, **fixed
    )
    judged["shrunken_rate"] = funnel.shrunken_rates(x, n).to_numpy()
    judged["p_value"] = np.fmin(judged["p_low"], judged["p_high"])
    small = units["team_size"] < min_n
    judged["flag"] = judged["flag"].mask(n == 0, "no_data").mask(small, "too_small")
    attrs = judged.attrs
    target = float(judged["target"].iloc[0]) if len(judged) else float("nan")
    if reference is not None:
        target, units_estimated = reference.target, reference.units
    else:
        units_estimated = int((n > 0).sum())
    fit = MeasureFit(target, attrs["phi"], attrs["tau2"], attrs["method"], units_estimated)
    return judged, fit
