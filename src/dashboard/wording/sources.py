"""Where the data shown came from, in words: the sidebar's source note and a save target."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dashboard.labels import plural
from dashboard.sources.sql_url import redact
from dashboard.wording.markdown import escape


def source_note(
    label: str,
    loaded_at: dt.datetime,
    *,
    origin: str | None = None,
    kind: str = "database",
    ttl_seconds: int | None = None,
    stale_since: dt.datetime | None = None,
    history_from: dt.date | None = None,
    rejected: int = 0,
    commonest: str = "",
) -> str:
    """The sidebar's note on where the data came from and when; `rejected` rows (with the
    `commonest` reason) are named only when the caller may show them."""
    lines = [f"**Source:** {escape(label)}"]
    if origin:
        lines.append(f"Set in {origin}")
    elif kind == "demo":
        lines.append("Connect your own database: see docs/DATABASES.md")
    read = f"Read {loaded_at:%d %b %Y, %H:%M} UTC"
    if ttl_seconds and kind != "upload":
        read += f", kept {duration(ttl_seconds)}"
    lines.append(read)
    if stale_since is not None:
        lines.append(f":orange[**Stale since {stale_since:%H:%M} UTC**]")
    if history_from is not None:
        lines.append(f"Activity from {history_from:%d %b %Y} loaded")
    if rejected:
        lines.append(
            f"{plural(rejected, 'row')} rejected by validation (most: {escape(commonest)})"
        )
    return "  \n".join(lines)


def duration(seconds: int) -> str:
    """A cache lifetime in the largest whole unit: '2 h', '5 min', '30 s'."""
    if seconds % 3600 == 0:
        return f"{seconds // 3600} h"
    return f"{seconds // 60} min" if seconds >= 60 else f"{seconds} s"


def save_target_label(url: str, embedded: Path) -> str:
    """The database an upload is saved into, named without its secrets; `embedded` is the
    default uploads database, which the dashboard does not show."""
    if url == f"sqlite:///{embedded}":
        return (
            f"the embedded database {escape(embedded)}, kept apart from the data "
            "the dashboard shows (point DASHBOARD_DB_URL at it to show it)"
        )
    return f"{escape(redact(url))} (the [upload] database in dashboard.toml)"
