"""Which data the app shows, loaded once per source and shared read-only across sessions.

When reading the source again fails, the app keeps showing the last data it read, marked
stale since the first failure, and retries on Refresh or after RETRY_SECONDS.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import streamlit as st

from dashboard import config
from dashboard.model import Filters, ProgrammeData
from dashboard.sources.sql import (
    SourceError,
    SqlLoad,
    read_source,
    redact,
    rejection_summary,
)
from dashboard.sources.sql_mapping import SqlSettings, sql_settings
from dashboard.ui import uploaded
from dashboard.validate import DataError, ValidationReport

RETRY_SECONDS = 30
DEMO_LABEL = "Demo organisation (synthetic)"


@dataclass(frozen=True)
class Loaded:
    data: ProgrammeData
    report: ValidationReport
    label: str
    loaded_at: dt.datetime
    kind: str = "database"  # demo, database or upload
    origin: str | None = None  # where the source was configured
    history_from: dt.date | None = None  # activity before this day was not loaded
    ttl_seconds: int | None = None
    stale_since: dt.datetime | None = None
    stale_reason: str | None = None


@dataclass
class _Health:
    """The last good load of one source, and since when reading it again has failed."""

    good: Loaded | None = None
    failed_at: dt.datetime | None = None
    error: str | None = None


@st.cache_resource(show_spinner=False)
def _health() -> dict[str, _Health]:
    return {}


def _read(url: str, label: str, settings_key: str, _settings: SqlSettings) -> SqlLoad:
    return read_source(url, settings=_settings)


# Held as a shared resource, not cache_data: pickling a large ProgrammeData on every rerun
# would cost more than the page itself. Nothing downstream mutates it. The TTL and bound come
# from dashboard.toml, so the cached function is made for those values on first use.
@functools.cache
def _loader(ttl_seconds: int, max_entries: int) -> Callable[..., SqlLoad]:
    return st.cache_resource(ttl=ttl_seconds or None, max_entries=max_entries, show_spinner=False)(
        _read
    )


def _secrets() -> Mapping[str, Any]:
    """st.secrets as a dict; {} when there is no secrets file, which is no mistake."""
    try:
        return st.secrets.to_dict()
    except FileNotFoundError as exc:
        if any(Path(p).is_file() for p in st.get_option("secrets.files")):
            raise config.ConfigError(f"The secrets file could not be read: {exc}") from exc
        return {}


def _demo_url() -> str:
    if not config.demo_path().exists():
        with st.spinner("Building the demo organisation (first start only)…"):
            return config.demo_url(build=True)
    return config.demo_url()


_PRODUCTS = {"postgresql": "PostgreSQL", "mysql": "MySQL/MariaDB", "mariadb": "MariaDB"}


def database_label(url: str) -> str:
    """How the sidebar names a database: 'PostgreSQL · hr on db.example.org:5432'."""
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError:
        return f"Database · {redact(url)}"
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return f"SQLite · {Path(parsed.database or ':memory:').name}"
    server = parsed.host or "localhost"
    server += f":{parsed.port}" if parsed.port else ""
    product = _PRODUCTS.get(backend, backend.capitalize())
    return f"{product} · {parsed.database} on {server}" if parsed.database else product


def active_source() -> tuple[str, str]:
    """(url, label) of the configured database, or of the embedded demo."""
    found = config.configured_source(_secrets())
    if found:
        return found[0], database_label(found[0])
    return _demo_url(), DEMO_LABEL


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _stale(health: _Health) -> Loaded:
    """The last good data, marked stale, with a notice saying so."""
    good = health.good
    st.warning(
        f"**Showing the data read at {good.loaded_at:%H:%M} UTC, stale since "
        f"{health.failed_at:%H:%M} UTC.** Reading the source again failed: {health.error} "
        "Use *Refresh data* in the sidebar to try again.",
        icon=":material/history:",
    )
    return replace(good, stale_since=health.failed_at, stale_reason=health.error)


def _waiting(health: _Health) -> bool:
    """Whether the source failed so recently that reading it again would only fail again."""
    if health.good is None or health.failed_at is None:
        return False
    return (_now() - health.failed_at).total_seconds() < RETRY_SECONDS


def _failed(exc: Exception, origin: str | None) -> None:
    where = f" The database URL is set in {origin}." if origin else ""
    st.error(f"**The programme data could not be loaded.** {exc}{where}", icon=":material/error:")
    if isinstance(exc, DataError):
        st.dataframe(exc.report.to_frame(), hide_index=True)


def load() -> Loaded | None:
    """The current data, or None after showing the user why it could not be loaded."""
    upload = uploaded.chosen()
    if upload is not None:
        return upload
    retry = st.session_state.pop("source_retry", False)
    try:
        found = config.configured_source(_secrets())
        settings = sql_settings()
    except ValueError as exc:
        st.error(f"**The data source settings have a mistake.** {exc}", icon=":material/error:")
        return None
    if found:
        (url, origin), kind = found, "database"
        label = database_label(url)
    else:
        url, origin, kind, label = _demo_url(), None, "demo", DEMO_LABEL
        # The mapping and history window describe the configured database, not the demo.
        settings = SqlSettings(ttl_seconds=settings.ttl_seconds, max_entries=settings.max_entries)
    health = _health().setdefault(url, _Health())
    if _waiting(health) and not retry:
        return _stale(health)
    try:
        with st.spinner("Loading programme data…"):
            read = _loader(settings.ttl_seconds, settings.max_entries)(
                url=url, label=label, settings_key=repr(settings), _settings=settings
            )
    except (SourceError, DataError) as exc:
        health.failed_at = health.failed_at or _now()
        health.error = str(exc)
        if health.good is not None:
            return _stale(health)
        _failed(exc, origin)
        return None
    if health.good is None or health.good.data is not read.data:
        health.good = Loaded(
            read.data,
            read.report,
            label,
            read.data.loaded_at,
            kind=kind,
            origin=origin,
            history_from=read.history_from,
            ttl_seconds=settings.ttl_seconds or None,
        )
    health.failed_at = health.error = None
    return health.good


def refresh() -> None:
    """Forget the loaded data so the next run reads the source again."""
    for loader in _loaders():
        loader.clear()
    st.session_state["source_retry"] = True
    st.session_state["source_version"] = st.session_state.get("source_version", 0) + 1


def _loaders() -> list[Callable[..., SqlLoad]]:
    try:
        settings = sql_settings()
    except ValueError:
        return []
    return [_loader(settings.ttl_seconds, settings.max_entries)]


def describe(loaded: Loaded) -> str:
    """The sidebar's note on where the data came from and when."""
    lines = [f"**Source:** {loaded.label}"]
    if loaded.origin:
        lines.append(f"Set in {loaded.origin}")
    elif loaded.kind == "demo":
        lines.append("Connect your own database: see docs/DATABASES.md")
    read = f"Read {loaded.loaded_at:%d %b %Y, %H:%M} UTC"
    if loaded.ttl_seconds and loaded.kind != "upload":
        read += f", kept {_duration(loaded.ttl_seconds)}"
    lines.append(read)
    if loaded.stale_since is not None:
        lines.append(f":orange[**Stale since {loaded.stale_since:%H:%M} UTC**]")
    if loaded.history_from is not None:
        lines.append(f"Activity from {loaded.history_from:%d %b %Y} loaded")
    if loaded.report.rows_rejected:
        commonest = rejection_summary(loaded.report, top=1)
        lines.append(
            f"{loaded.report.rows_rejected:,} rows rejected by validation (most: {commonest})"
        )
    return "  \n".join(lines)


def _duration(seconds: int) -> str:
    if seconds % 3600 == 0:
        return f"{seconds // 3600} h"
    return f"{seconds // 60} min" if seconds >= 60 else f"{seconds} s"


def sidebar(loaded: Loaded) -> None:
    """The source note and the Refresh button."""
    st.caption(describe(loaded))
    st.button(
        "Refresh data",
        icon=":material/refresh:",
        on_click=refresh,
        help="Read the source again now instead of waiting for the cache to expire.",
    )


def history_notice(loaded: Loaded, filters: Filters) -> None:
    """Warn when the period, or the one it is compared with, reaches before the loaded history."""
    if loaded.history_from is None or filters.previous().start >= loaded.history_from:
        return
    st.sidebar.warning(
        f"Only activity from {loaded.history_from:%d %b %Y} on is loaded "
        "(`history_months` in dashboard.toml), so figures for this period or the one before "
        "it are incomplete. Choose a later period, or raise `history_months`.",
        icon=":material/warning:",
    )
