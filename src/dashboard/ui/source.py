"""Which data the app shows, loaded once per source and version and shared read-only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from dashboard import config
from dashboard.model import ProgrammeData
from dashboard.sources.sql import SourceError, load_sql, redact
from dashboard.validate import DataError, ValidationReport

SQL_TTL_SECONDS = 15 * 60


@dataclass(frozen=True)
class Loaded:
    data: ProgrammeData
    report: ValidationReport
    label: str
    loaded_at: dt.datetime


# Held as a shared resource, not cache_data: pickling a large ProgrammeData on every rerun
# would cost more than the page itself. Nothing downstream mutates it.
@st.cache_resource(max_entries=4, ttl=SQL_TTL_SECONDS, show_spinner=False)
def _load(url: str, label: str, version: int) -> Loaded:
    data, report = load_sql(url)
    return Loaded(data, report, label, dt.datetime.now(dt.UTC))


def _demo_url() -> str:
    if not config.demo_path().exists():
        with st.spinner("Building the demo organisation (first start only)…"):
            return config.demo_url(build=True)
    return config.demo_url()


def active_source() -> tuple[str, str]:
    """(url, label) of the configured database, or of the embedded demo."""
    url = config.configured_url()
    if url:
        return url, f"Database · {redact(url)}"
    return _demo_url(), "Demo organisation (synthetic)"


def load() -> Loaded | None:
    """The current data, or None after showing the user why it could not be loaded."""
    version = st.session_state.setdefault("source_version", 0)
    try:
        url, label = active_source()
        with st.spinner("Loading programme data…"):
            return _load(url, label, version)
    except (SourceError, DataError) as exc:
        st.error(f"**The programme data could not be loaded.** {exc}", icon=":material/error:")
        if isinstance(exc, DataError):
            st.dataframe(exc.report.to_frame(), hide_index=True)
        return None


def refresh() -> None:
    """Forget the loaded data so the next run reads the source again."""
    _load.clear()
    st.session_state["source_version"] = st.session_state.get("source_version", 0) + 1


def describe(loaded: Loaded) -> str:
    """The sidebar's note on where the data came from and when."""
    note = f"**Source:** {loaded.label}  \nLoaded {loaded.loaded_at:%d %b %Y, %H:%M} UTC"
    if loaded.report.rows_rejected:
        note += f"  \n{loaded.report.rows_rejected:,} rows rejected by validation"
    return note
