"""The Participation page's sentences: the funnel stages a source cannot show, and a team's
uptake."""

from __future__ import annotations

from collections.abc import Iterable


def not_shown(absent: Iterable[tuple[str, str]]) -> str:
    """The funnel stages left out, each with the (table, stage) it would need."""
    return (
        "Not shown: "
        + "; ".join(f"*{stage}* (add a `{table}` table)" for table, stage in absent)
        + "."
    )


def team_uptake(numerator: int, denominator: int, rate: float) -> str:
    """How many of a manager's eligible direct reports take part."""
    return (
        f"{numerator:,} of {denominator:,} eligible direct reports take part ({rate:.0%})."
        if denominator
        else "No eligible direct reports."
    )
