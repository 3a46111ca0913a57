"""The whole organisation's figures, as numbers only, to set a narrower view against; defined in
docs/METRICS.md#breakdowns."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from dashboard.filtering import select
from dashboard.kpis import format_against, format_change
from dashboard.metrics import capacity, managers, satisfaction
from dashboard.metrics.satisfaction import DEFAULT_K
from dashboard.metrics.summary import headline
from dashboard.metrics.targets import Measure, Targets, target_for
from dashboard.model import Filters, ProgrammeData

# The headline figures a narrower view is set against, how each reads, and its target.
COMPARED: dict[str, tuple[str, str, Measure | None]] = {
    "participation_rate": ("Uptake", "rate", "uptake"),
    "session_adherence": ("Session adherence", "rate", None),
    "goal_completion_rate": ("Goal completion", "rate", "goal_completion"),
    "on_time_rate": ("Completed on time", "rate", None),
    "satisfaction_mean": ("Satisfaction", "score", "satisfaction"),
    "early_ending_rate": ("Ended early", "rate", None),
    "obstacles_per_100": ("Open obstacles per 100 eligible", "decimal", None),
}


@dataclass(frozen=True)
class Organisation:
    """The organisation's headline figures for the period, per manager measure the pooled rate
    and spread every manager is judged against, and each coach's load at the period end."""

    kpis: dict[str, Any]
    fits: dict[str, managers.MeasureFit] = field(default_factory=dict)
    coaches: pd.DataFrame | None = None


def whole(filters: Filters) -> Filters:
    """The same period, kind, format and programme, over every department and manager."""
    return replace(filters, departments=(), managers=())


def obstacles_per_100(kpis: dict[str, Any]) -> float | None:
    """Open obstacles per 100 eligible employees; None without obstacles or headcount."""
    open_, eligible = kpis.get("obstacles_open"), kpis.get("eligible_headcount")
    return None if open_ is None or not eligible else 100 * open_ / eligible


def _outside_too_few(
    data: ProgrammeData, filters: Filters, inside: tuple[str, ...], k: int
) -> bool:
    """True when fewer than k people answered outside `inside`: the organisation's mean and a
    view's own would then give away the mean of that small group."""
    if not inside or data.feedback is None:
        return False
    rows = select(data, filters).feedback
    outside = rows[~rows["department"].isin(inside)]
    result = satisfaction.satisfaction(data, outside, filters.start, filters.end, k=k)
    return bool(result["suppressed"].iloc[0])


def organisation(
    data: ProgrammeData,
    filters: Filters,
    *,
    k: int = DEFAULT_K,
    inside: tuple[str, ...] = (),
) -> Organisation:
    """The organisation's figures for the filter's period (departments and managers ignored).

    `data` must be the uncut data; `inside` names the departments the viewer sees, whose
    complement must itself reach k respondents before the organisation's satisfaction shows.
    """
    everyone = whole(filters)
    kpis = headline(data, everyone, k=k)
    kpis["obstacles_per_100"] = obstacles_per_100(kpis)
    if kpis.get("satisfaction_mean") is not None and _outside_too_few(data, everyone, inside, k):
        kpis |= {"satisfaction_mean": None, "satisfaction_favourable": None}
        kpis["satisfaction_suppressed"] = True
    fits = managers.review(data, everyone).fits
    return Organisation(kpis, fits, capacity.coach_totals(data, filters.end))


def _shown(kpis: dict[str, Any], key: str, fmt: str, hidden: str, target: float | None) -> str:
    """As the KPI cards show it: against its target, precise enough not to read as met."""
    value = kpis.get(key)
    if key == "satisfaction_mean" and kpis.get("satisfaction_suppressed"):
        return hidden
    if value is None:
        return "—"
    return f"{value:.1f}" if fmt == "decimal" else format_against(value, target, fmt)


def _difference(mine: Any, theirs: Any, fmt: str) -> str:
    if mine is None or theirs is None:
        return "—"
    if fmt == "decimal":
        return f"{mine - theirs:+.1f}"
    return format_change(mine, theirs, fmt) or "—"


def side_by_side(
    mine: dict[str, Any],
    org: Organisation,
    *,
    k: int = DEFAULT_K,
    targets: Targets | None = None,
    department: str | None = None,
) -> pd.DataFrame:
    """A view's headline figures beside the organisation's, as text: measure, mine,
    organisation, difference. A figure hidden below k on either side has no difference.
    `department` is the view's one department, whose own targets its figures are read by."""
    targets = targets or Targets()
    mine = {**mine, "obstacles_per_100": obstacles_per_100(mine)}
    rows = []
    for key, (label, fmt, measure) in COMPARED.items():
        if mine.get(key) is None and org.kpis.get(key) is None:
            continue
        hidden_mine = key == "satisfaction_mean" and mine.get("satisfaction_suppressed")
        own = None if measure is None else target_for(targets, measure, department)
        whole = None if measure is None else target_for(targets, measure)
        rows.append(
            {
                "measure": label,
                "mine": _shown(mine, key, fmt, f"fewer than {k}", own),
                "organisation": _shown(org.kpis, key, fmt, "hidden", whole),
                "difference": "—"
                if hidden_mine
                else _difference(mine.get(key), org.kpis.get(key), fmt),
            }
        )
    return pd.DataFrame(rows, columns=["measure", "mine", "organisation", "difference"])
