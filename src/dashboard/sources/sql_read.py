"""Read the canonical tables from any SQLAlchemy database, read-only, and validate them.

Each canonical table comes from a table or view of its name or from what dashboard.toml's
[sql.tables.*] maps it to (sql_catalogue); only canonical columns are selected. Every
connection is read-only where the database can enforce it (sql_connect), and every failure
becomes a SourceError whose message says what is wrong and how to fix it (sql_url).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from dashboard.errors import DataError, SourceError
from dashboard.model import ProgrammeData
from dashboard.period import latest_activity, months_back
from dashboard.schema import REQUIRED_TABLES
from dashboard.sources.base import SourceData
from dashboard.sources.sql_catalogue import Relation, find_relations
from dashboard.sources.sql_connect import arrow_reader, read_only_connection
from dashboard.sources.sql_mapping import SqlSettings, sql_settings
from dashboard.sources.sql_url import database_label, explain_failure, redact
from dashboard.sources.sql_window import history_start, window
from dashboard.validate import ValidationReport, validate_tables

DEMO_LABEL = "Demo organisation (synthetic)"


def _as_dates(frame: pd.DataFrame, relation: Relation) -> pd.DataFrame:
    """Date columns stored as dates become datetime64, which validation takes as they are.

    Columns with values outside datetime64's range (e.g. 9999-12-31) stay as they are, so
    validation reports those rows instead of a crash.
    """
    lo, hi = pd.Timestamp.min, pd.Timestamp.max
    out = {}
    for column in relation.date_typed:
        values = frame[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            if values.notna().any() and (values.min() < lo or values.max() > hi):
                out[column] = values.dt.date.astype(object)
            continue
        try:
            parsed = pd.to_datetime(values, format="ISO8601")
        except (ValueError, TypeError, OverflowError):
            continue
        if not parsed.notna().any() or (parsed.min() >= lo and parsed.max() <= hi):
            out[column] = parsed
    return frame.assign(**out) if out else frame


_ARROW_DIALECT = postgresql.dialect(paramstyle="named")


def _fetch(conn: sa.Connection, arrow: object | None, query: sa.Select) -> pd.DataFrame:
    if arrow is None:
        return pd.read_sql_query(query, conn)
    sql = str(query.compile(dialect=_ARROW_DIALECT, compile_kwargs={"literal_binds": True}))
    with arrow.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetch_arrow_table().to_pandas(date_as_object=False)


def _is_driver_error(exc: BaseException) -> bool:
    # ADBC raises its own DB-API errors, which SQLAlchemy never wraps.
    return isinstance(exc, sa.exc.DBAPIError) or type(exc).__module__.startswith("adbc_driver")


def _read(
    url: str, conn: sa.Connection, arrow: object | None, relation: Relation, query: sa.Select
) -> pd.DataFrame:
    try:
        return _as_dates(_fetch(conn, arrow, query), relation)
    except Exception as raised:
        # pandas wraps the database's error in its own.
        exc = raised.__cause__ if isinstance(raised, pd.errors.DatabaseError) else raised
        if exc is None or not _is_driver_error(exc):
            raise
        source = relation.source
        reading = source.canonical
        if source.describe() != source.canonical:
            reading += f" from {source.describe()}"
        if source.mapped:
            reading += f" (dashboard.toml {source.entry})"
        raise SourceError(explain_failure(exc, url, reading)) from raised


def read_tables(
    url: str, *, settings: SqlSettings | None = None, since: dt.date | None = None
) -> dict[str, pd.DataFrame]:
    """Every canonical table the database has, with only the canonical columns it holds.

    With `since`, sessions, goals and feedback that no period from that date on can use are
    left in the database (see sql_window.window).
    """
    settings = settings or SqlSettings()
    with read_only_connection(url) as conn:
        relations = find_relations(conn, settings)
        cut = window(relations, since) if since else {}
        frames = {}
        with arrow_reader(conn.engine.url, settings) as arrow:
            for name, relation in relations.items():
                query = relation.select()
                if name in cut:
                    query = query.where(cut[name])
                frames[name] = _read(url, conn, arrow, relation, query)
    return frames


def rejection_summary(
    report: ValidationReport, tables: tuple[str, ...] | None = None, *, top: int = 3
) -> str:
    """The commonest reasons rows were rejected, e.g. 'sessions.session_date: not a date
    (12 rows)', so a wrong-typed or wrongly mapped column is named; '' if none were."""
    issues = report.to_frame()
    issues = issues[issues["severity"] == "error"]
    if tables is not None:
        issues = issues[issues["table"].isin(tables)]
    if issues.empty:
        return ""
    counts = (
        issues.assign(column=issues["column"].fillna("-"))
        .groupby(["table", "column", "reason"], sort=False)
        .size()
        .sort_values(ascending=False)
        .head(top)
    )
    return "; ".join(f"{t}.{c}: {r} ({n:,} rows)" for (t, c, r), n in counts.items())


def _validated(url: str, frames: dict[str, pd.DataFrame]) -> tuple[ProgrammeData, ValidationReport]:
    """Validated data; a required table that lost every row is an error naming the cause."""
    try:
        data, report = validate_tables(frames, source=redact(url))
    except DataError as exc:
        detail = rejection_summary(exc.report, REQUIRED_TABLES)
        raise DataError(
            f"{exc}. Most common problems: {detail}." if detail else str(exc), exc.report
        ) from exc
    emptied = [t for t in REQUIRED_TABLES if report.counts[t].read and not report.counts[t].loaded]
    if emptied:
        raise DataError(
            f"every row of {', '.join(emptied)} was rejected, so there is nothing to show. "
            f"Most common problems: {rejection_summary(report, tuple(emptied))}. Check that "
            "these columns hold what the data model expects (docs/DATA-MODEL.md), or map or "
            "convert them in a view (docs/DATABASES.md).",
            report,
        )
    return data, report


def read_source(url: str, *, settings: SqlSettings | None = None) -> SourceData:
    """Read and validate the database, within the history window the settings ask for.

    If validation moves the latest activity date so far back that the window would miss part
    of the default period or the one before it, everything is read instead.
    """
    settings = settings if settings is not None else sql_settings()
    since = history_start(url, settings)
    data, report = _validated(url, read_tables(url, settings=settings, since=since))
    if since is not None and since > months_back(latest_activity(data), settings.history_months):
        data, report = _validated(url, read_tables(url, settings=settings))
        since = None
    return SourceData(data, report, since)


@dataclass(frozen=True)
class SqlSource:
    """A database (or the built-in demo) read with `settings`: its mapping and history window."""

    url: str
    settings: SqlSettings
    kind: str = "database"  # or demo

    @property
    def label(self) -> str:
        return DEMO_LABEL if self.kind == "demo" else database_label(self.url)

    def load(self) -> SourceData:
        return read_source(self.url, settings=self.settings)
