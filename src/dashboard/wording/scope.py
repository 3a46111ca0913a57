"""What a page is showing, in one line: the period, the filters in force, and the page's note."""

from __future__ import annotations

from dashboard.model import Filters
from dashboard.wording.markdown import escape


def scope_line(filters: Filters, note: str) -> str:
    """The period, each filter that is set with its values, and `note`, joined by dots."""
    parts = [f"{filters.start:%d %b %Y} – {filters.end:%d %b %Y}"]
    for label, values in (
        ("departments", filters.departments),
        ("managers", filters.managers),
        ("kinds", filters.kinds),
        ("formats", filters.formats),
        ("programmes", filters.programmes),
    ):
        if values:
            parts.append(f"{label}: {', '.join(map(escape, values))}")
    parts.append(note)
    return " · ".join(parts)


def drill_line(filters: Filters) -> str:
    """The drill-down's period and what its changes and filters apply to."""
    return (
        f"{filters.start:%d %b %Y} – {filters.end:%d %b %Y} · changes are against the previous "
        "period of equal length · the sidebar filters apply at every level"
    )


def bars_shown(max_bars: int, rated: int, what: str) -> str:
    """A rate chart shows only `max_bars` of `rated` groups: which, and where the rest are."""
    return (
        f"Showing {max_bars} of {rated:,} {what}: the {max_bars // 2} whose 95 % interval "
        "lies lowest and those whose interval lies highest. The table and the downloads "
        "list them all, and *Go to…* opens any of them."
    )
