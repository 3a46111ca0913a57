"""Which data the app shows, loaded once per source and shared read-only across sessions.

When reading the source again fails, the app keeps showing the last data it read, marked
stale since the first failure, and retries on Refresh or after RETRY_SECONDS. Refresh re-reads
only the source shown, at most once every REFRESH_SECONDS whoever asks, and is offered only to
those who see every department: it changes what every user of the app sees.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import streamlit as st

from dashboard import config
from dashboard.access import Grant
from dashboard.errors import ConfigError, DataError, SourceError
from dashboard.model import Filters, ProgrammeData
from dashboard.sources.base import Source, SourceData, history_warning, misses_history
from dashboard.sources.sql_mapping import SqlSettings, sql_settings
from dashboard.sources.sql_read import SqlSource, rejection_summary
from dashboard.sources.sql_target import same_database
from dashboard.ui import uploaded
from dashboard.ui.columns import ISSUES
from dashboard.ui.tables import show_table
from dashboard.validate import ValidationReport
from dashboard.wording.markdown import escape
from dashboard.wording.sources import source_note

RETRY_SECONDS = 30
REFRESH_SECONDS = 60
_REFRESH_NOTICE = "_source_refresh_notice"


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
    """The last good load of one source, since when reading it again has failed, and when it
    was last refreshed (by anyone)."""

    good: Loaded | None = None
    failed_at: dt.datetime | None = None
    error: str | None = None
    refreshed_at: dt.datetime | None = None


@dataclass(frozen=True)
class _Source:
    """The source the app reads now, and where it was configured."""

    sql: SqlSource
    origin: str | None

    @property
    def settings(self) -> SqlSettings:
        return self.sql.settings

    def cache_args(self) -> dict[str, str]:
        """The loader's hashed arguments, in call order: they name this source's cache entry."""
        return {"url": self.sql.url, "label": self.sql.label, "settings_key": repr(self.settings)}


@st.cache_resource(show_spinner=False)
def _health() -> dict[str, _Health]:
    return {}


def _read(url: str, label: str, settings_key: str, _source: Source) -> SourceData:
    return _source.load()


# Held as a shared resource, not cache_data: pickling a large ProgrammeData on every rerun
# would cost more than the page itself. Nothing downstream mutates it. The TTL and bound come
# from dashboard.toml, so the cached function is made for those values on first use.
@functools.cache
def _loader(ttl_seconds: int, max_entries: int) -> Callable[..., SourceData]:
    return st.cache_resource(ttl=ttl_seconds or None, max_entries=max_entries, show_spinner=False)(
        _read
    )


def _secrets() -> Mapping[str, Any]:
    """st.secrets as a dict; {} when there is no secrets file, which is no mistake."""
    try:
        return st.secrets.to_dict()
    except FileNotFoundError as exc:
        if any(Path(p).is_file() for p in st.get_option("secrets.files")):
            raise ConfigError(f"The secrets file could not be read: {exc}") from exc
        return {}


def _demo_url() -> str:
    if not config.demo_path().exists():
        with st.spinner("Building the demo organisation (first start only)…"):
            return config.demo_url(build=True)
    return config.demo_url()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _stale(health: _Health, grant: Grant) -> Loaded:
    """The last good data, marked stale, with a notice saying so."""
    good = health.good
    why = (
        f"Reading the source again failed: {escape(health.error)} Use *Refresh data* in the "
        "sidebar to try again."
        if grant.all_departments
        else "Reading the source again failed; it is retried shortly."
    )
    st.warning(
        f"**Showing the data read at {good.loaded_at:%H:%M} UTC, stale since "
        f"{health.failed_at:%H:%M} UTC.** {why}",
        icon=":material/history:",
    )
    return replace(good, stale_since=health.failed_at, stale_reason=health.error)


def _waiting(health: _Health) -> bool:
    """Whether the source failed so recently that reading it again would only fail again."""
    if health.good is None or health.failed_at is None:
        return False
    return (_now() - health.failed_at).total_seconds() < RETRY_SECONDS


def _failed(exc: Exception, origin: str | None, grant: Grant) -> None:
    if not grant.all_departments:
        # The reasons may quote rows, tables or servers of the whole organisation.
        st.error(
            "**The programme data could not be loaded just now.** Please try again later; the "
            "programme team can see the reason.",
            icon=":material/error:",
        )
        return
    where = f" The database URL is set in {origin}." if origin else ""
    st.error(
        f"**The programme data could not be loaded.** {escape(exc)}{where}",
        icon=":material/error:",
    )
    if isinstance(exc, DataError):
        show_table(exc.report.to_frame(), config=ISSUES)


def _current() -> _Source:
    """The configured database, else the demo (raises ValueError for a settings mistake)."""
    found = config.configured_source(_secrets())
    settings = sql_settings()
    if found:
        url, origin = found
        return _Source(SqlSource(url, settings), origin)
    # The mapping and history window describe the configured database, not the demo.
    demo = SqlSettings(ttl_seconds=settings.ttl_seconds, max_entries=settings.max_entries)
    return _Source(SqlSource(_demo_url(), demo, kind="demo"), None)


def source_urls() -> list[str]:
    """The database the dashboard is configured to read, which nothing may write."""
    found = config.configured_source(_secrets())
    return [found[0]] if found else []


def load(grant: Grant) -> Loaded | None:
    """The current data, or None after showing the user why it could not be loaded (in
    detail only to a grant that sees every department)."""
    upload = uploaded.chosen()
    if upload is not None:
        return upload
    retry = st.session_state.pop("source_retry", False)
    try:
        src = _current()
    except ValueError as exc:
        st.error(
            f"**The data source settings have a mistake.** {escape(exc)}"
            if grant.all_departments
            else "**The dashboard's settings have a mistake.** The programme team can see it.",
            icon=":material/error:",
        )
        return None
    health = _health().setdefault(src.sql.url, _Health())
    if _waiting(health) and not retry:
        return _stale(health, grant)
    try:
        with st.spinner("Loading programme data…"):
            read = _loader(src.settings.ttl_seconds, src.settings.max_entries)(
                **src.cache_args(), _source=src.sql
            )
    except (SourceError, DataError) as exc:
        health.failed_at = health.failed_at or _now()
        health.error = str(exc)
        if health.good is not None:
            return _stale(health, grant)
        _failed(exc, src.origin, grant)
        return None
    if health.good is None or health.good.data is not read.data:
        health.good = Loaded(
            read.data,
            read.report,
            src.sql.label,
            read.data.loaded_at,
            kind=src.sql.kind,
            origin=src.origin,
            history_from=read.history_from,
            ttl_seconds=src.settings.ttl_seconds or None,
        )
    health.failed_at = health.error = None
    return health.good


def _forget(src: _Source) -> None:
    """Drop the cached load of this one source, so the next run reads it again."""
    _loader(src.settings.ttl_seconds, src.settings.max_entries).clear(**src.cache_args())
    st.session_state["source_retry"] = True
    st.session_state["source_version"] = st.session_state.get("source_version", 0) + 1


def refresh_wait(url: str) -> int:
    """Seconds until this source may be refreshed again (0: now)."""
    refreshed = _health().setdefault(url, _Health()).refreshed_at
    if refreshed is None:
        return 0
    return max(0, REFRESH_SECONDS - int((_now() - refreshed).total_seconds()))


def refresh() -> None:
    """Read the source shown again on the next run, unless it was refreshed moments ago."""
    try:
        src = _current()
    except ValueError:
        return
    wait = refresh_wait(src.sql.url)
    if wait:
        st.session_state[_REFRESH_NOTICE] = (
            f"The data was read again moments ago; Refresh is available again in {wait} s."
        )
        return
    _health().setdefault(src.sql.url, _Health()).refreshed_at = _now()
    _forget(src)


def saved_into(url: str) -> None:
    """After saving into `url`: if it is the source shown, read it again on the next run."""
    try:
        src = _current()
    except ValueError:
        return
    if same_database(url, src.sql.url):
        _forget(src)


def describe(loaded: Loaded, grant: Grant) -> str:
    """The sidebar's note on where the data came from and when."""
    # The count and reasons are the whole organisation's.
    rejected = loaded.report.rows_rejected if grant.all_departments else 0
    return source_note(
        loaded.label,
        loaded.loaded_at,
        origin=loaded.origin,
        kind=loaded.kind,
        ttl_seconds=loaded.ttl_seconds,
        stale_since=loaded.stale_since,
        history_from=loaded.history_from,
        rejected=rejected,
        commonest=rejection_summary(loaded.report, top=1) if rejected else "",
    )


def sidebar(loaded: Loaded, grant: Grant) -> None:
    """The source note and, for those who see every department, the Refresh button."""
    st.caption(describe(loaded, grant))
    notice = st.session_state.pop(_REFRESH_NOTICE, None)
    if notice:
        st.caption(notice)
    if loaded.kind == "upload" or not grant.all_departments:
        return
    try:
        wait = refresh_wait(_current().sql.url)
    except ValueError:
        return
    st.button(
        "Refresh data",
        icon=":material/refresh:",
        on_click=refresh,
        disabled=bool(wait),
        help=f"Read again moments ago: available again in {wait} s."
        if wait
        else "Read the source again now instead of waiting for the cache to expire; "
        f"for every user, at most once every {REFRESH_SECONDS} s.",
    )


def history_notice(loaded: Loaded, filters: Filters) -> None:
    """Warn when the period, or the one it is compared with, reaches before the loaded history."""
    if misses_history(loaded.history_from, filters):
        st.sidebar.warning(history_warning(loaded.history_from), icon=":material/warning:")
