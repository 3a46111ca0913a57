"""Whether a headline KPI's change against the previous period means anything, and if not why;
defined in docs/METRICS.md#targets-changes-and-the-verdict (rules: docs/TARGETS.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

MIN_BASE = 20
MAX_BASE_RATIO = 3.0
MAX_POPULATION_CHANGE = 0.25

# Each rate KPI's base (the key holding its denominator) and what the base counts.
BASES: dict[str, tuple[str, str]] = {
    "participation_rate": ("participation_rate_denominator", "eligible employees"),
    "session_adherence": ("session_adherence_denominator", "sessions due"),
    "goal_completion_rate": ("goal_completion_rate_denominator", "goals closed or overdue"),
    "on_time_rate": ("on_time_rate_denominator", "completed goals"),
    "early_ending_rate": ("early_ending_rate_denominator", "ended pairings"),
    "satisfaction_mean": ("satisfaction_respondents", "respondents"),
}


@dataclass(frozen=True)
class Comparison:
    """Whether a KPI's change means anything; `reason` says why not, in a sentence fragment,
    and `short` in a few words (for a card)."""

    comparable: bool
    reason: str | None = None
    short: str | None = None


COMPARABLE = Comparison(True)


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _whole_period(previous: dict[str, Any], first_start: dt.date | None) -> Comparison:
    """Not comparable when the programme's first pairing started after the previous period
    began: that period was (partly) before the programme."""
    if first_start is None:
        return COMPARABLE
    start, end = _date(previous["period_start"]), _date(previous["period_end"])
    if first_start > end:
        return Comparison(False, "the programme had not started in the previous period")
    if first_start > start:
        return Comparison(
            False,
            f"the programme started on {first_start:%d %b %Y}, partway through the previous period",
        )
    return COMPARABLE


def _population(current: dict[str, Any], previous: dict[str, Any]) -> Comparison:
    now, then = current.get("eligible_headcount"), previous.get("eligible_headcount")
    if not now or not then:
        return COMPARABLE
    if abs(now - then) / then > MAX_POPULATION_CHANGE:
        return Comparison(
            False,
            f"the eligible population changed from {then:,} to {now:,} employees",
            f"population {then:,} → {now:,}",
        )
    return COMPARABLE


def _base(key: str, current: dict[str, Any], previous: dict[str, Any]) -> Comparison:
    if key not in BASES:
        return COMPARABLE
    base, noun = BASES[key]
    now, then = current.get(base), previous.get(base)
    if now is None or then is None:
        return COMPARABLE
    if then < MIN_BASE:
        return Comparison(
            False, f"only {then:,} {noun} in the previous period", f"only {then:,} {noun} then"
        )
    if now < MIN_BASE:
        return Comparison(False, f"only {now:,} {noun} in this period", f"only {now:,} {noun}")
    if max(now, then) > MAX_BASE_RATIO * min(now, then):
        return Comparison(
            False,
            f"{then:,} {noun} in the previous period against {now:,} now",
            f"{then:,} → {now:,} {noun}",
        )
    return COMPARABLE


def compare(
    current: dict[str, Any],
    previous: dict[str, Any],
    keys: tuple[str, ...],
    *,
    first_start: dt.date | None,
) -> dict[str, Comparison]:
    """Per KPI key, whether its change against the previous period is comparable; the first
    rule that fails gives the reason (programme start, population, then the rate's base)."""
    period = _whole_period(previous, first_start)
    population = _population(current, previous)
    out = {}
    for key in keys:
        for check in (period, population, _base(key, current, previous)):
            if not check.comparable:
                out[key] = check
                break
        else:
            out[key] = COMPARABLE
    return out


def as_json(comparisons: dict[str, Comparison]) -> dict[str, dict[str, Any]]:
    return {key: asdict(c) for key, c in comparisons.items()}
