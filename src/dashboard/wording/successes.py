"""The Successes & risks page's sentences: goals on time, pairings ended happily, what the rises
are measured against, and which levels count as senior."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from dashboard.labels import plural, were
from dashboard.wording.markdown import escape


def on_time_sentence(on_time: int, completed: int) -> str:
    """How many goals were completed by their target date, and their share of all completed."""
    share = f"{on_time / completed:.0%} of the {completed:,} completed" if completed else ""
    return (
        f"**{plural(on_time, 'goal')}** {were(on_time)} completed on or before their "
        "target date in the period"
        + (f" ({share})." if share else ".")
        + " Goal text is never shown."
    )


def happy_sentence(relationships: int, k: int) -> str:
    """How many pairings ended with high satisfaction, and why their score is not shown."""
    return (
        f"**{plural(relationships, 'relationship')}** {were(relationships)} completed in the "
        "period with a mean "
        "satisfaction of 4 or more (all responses, participant and coach). The score itself is "
        f"not shown: one pairing has fewer than {k} respondents."
    )


def improvement_caption(start: dt.date, end: dt.date) -> str:
    """The previous period (`start` to `end`) the rises are measured against, and what counts."""
    return (
        f"Against {start:%d %b %Y} – {end:%d %b %Y}, the period of equal "
        "length before. Only rises count, and only groups with at least 5 in the base in both "
        "periods."
    )


def senior_levels_help(levels: Iterable[str]) -> str:
    """Which job levels count as senior, where that is set, and what counts as coaching."""
    return (
        f"Job levels counted as senior: {', '.join(map(escape, levels))} "
        "(`[leadership] senior_levels` in dashboard.toml). Coaching or mentoring in a "
        "relationship running in the period."
    )
