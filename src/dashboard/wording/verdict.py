"""The Overview's verdict in Markdown: the status badge with its sentence, and each action."""

from __future__ import annotations

from dashboard.metrics.verdict import PRIORITY, Action, Verdict

BADGES = {
    "on_track": ":green-badge[:material/check_circle: On track]",
    "attention": ":orange-badge[:material/error: Needs attention]",
    "off_track": ":red-badge[:material/cancel: Off track]",
}
SEVERITY = {"red": ":red[●]", "amber": ":orange[◐]"}  # with PRIORITY in words beside


def headline(result: Verdict) -> str:
    """The status badge and the verdict's sentence."""
    return f"{BADGES[result.status]} {result.sentence}"


def action_line(number: int, action: Action) -> str:
    """One numbered action: its severity as a mark and in words, its title and evidence."""
    priority = PRIORITY[action.severity].lower()
    return (
        f"{number}. {SEVERITY[action.severity]} **{action.title}** "
        f":gray[({priority} priority)] — {action.evidence}"
    )
