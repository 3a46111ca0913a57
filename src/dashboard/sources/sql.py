"""Read the canonical tables from any SQLAlchemy database, read-only.

Each canonical table comes from a table or view of its name or from what dashboard.toml's
[sql.tables.*] maps it to (sources/sql_mapping.py); only canonical columns are selected.
Every connection is read-only where the database can enforce it, and every failure becomes a
SourceError whose message says what is wrong and how to fix it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, quote_plus, urlencode

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import make_url

from dashboard.config import demo_url
from dashboard.errors import DataError, SourceError
from dashboard.model import ProgrammeData
from dashboard.period import latest_activity, months_back
from dashboard.schema import ACTIVITY_DATES, REQUIRED_TABLES, TABLES
from dashboard.sources.sql_mapping import SqlSettings, TableSource, check_query, sql_settings
from dashboard.validate import ValidationReport, validate_tables

CONNECT_TIMEOUT_SECONDS = 10
# Run on every new connection: each transaction it opens is then read-only, so even a
# mapped query that tries to write is refused by the server.
_READ_ONLY_SESSION = {
    "postgresql": "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
    "mysql": "SET SESSION TRANSACTION READ ONLY",
    "mariadb": "SET SESSION TRANSACTION READ ONLY",
    "sqlite": "PRAGMA query_only = ON",
}
# Run first in every transaction: the reads happen in an explicit read-only transaction,
# which is always rolled back.
_READ_ONLY_TRANSACTION = {
    "postgresql": "SET TRANSACTION READ ONLY",
    "mysql": "START TRANSACTION READ ONLY",
    "mariadb": "START TRANSACTION READ ONLY",
}
_TIMEOUT_DRIVERS = {"psycopg", "psycopg2", "pymysql", "mysqldb", "mariadbconnector"}
# MySQL's client flag that lets one call run several statements (COMMIT; ... included).
_MYSQL_MULTI_STATEMENTS = 1 << 16
# Query parameters of a URL whose values are secrets; matched within the parameter's name.
_SECRET_PARAMETERS = ("password", "passwd", "pwd", "secret", "token", "key", "credential")
# `name=value` or `name: value` pairs inside text: in a URL's option (an ODBC connection
# string) a value runs to ';' unless braced, in a driver's message to a space as well.
_SECRET_NAME = r"(?i)\b([\w.-]*(?:" + "|".join(_SECRET_PARAMETERS) + r")[\w.-]*)(\s*[=:]\s*)"
_SECRET_OPTION = re.compile(_SECRET_NAME + r"(\{[^}]*\}?|[^;]+)")
_SECRET_PAIR = re.compile(_SECRET_NAME + r"(\{[^}]*\}?|[^\s;&]+)")
_HIDDEN = "***"
# Children of a relationship that may be left out of a history window (see _window).
_WINDOWED = {
    "sessions": ("session_date",),
    "goals": ("set_date", "target_date", "completed_date"),
    "feedback": ("submitted_date",),
}
_CLOSED_RELATIONSHIP = ("completed", "ended_early")
_LISTED_NAMES = 15
_MYSQL_UNREACHABLE = (2002, 2003, 2005, 2006, 2013)
_UNREACHABLE = (
    "connection refused",
    "could not connect",
    "timeout expired",
    "timed out",
    "could not translate host name",
    "name or service not known",
    "no route to host",
    "network is unreachable",
)


def _secret_parameter(name: str) -> bool:
    return any(word in name.lower() for word in _SECRET_PARAMETERS)


def _hide_pairs(text: str, pattern: re.Pattern[str] = _SECRET_PAIR) -> str:
    return pattern.sub(lambda m: f"{m[1]}{m[2]}{_HIDDEN}", text)


def redact(url: str) -> str:
    """The URL with its password and every secret query parameter (`password`, `sslpassword`,
    `token`, `secret`, a `PWD=` inside an ODBC string …) hidden, for messages and the sidebar."""
    try:
        parsed = make_url(url)
    except sa.exc.ArgumentError:
        return "<unparseable database URL>"
    base = parsed.set(query={}).render_as_string(hide_password=True)
    pairs = []
    for name, value in sorted(parsed.query.items()):
        for item in value if isinstance(value, tuple) else (value,):
            shown = _HIDDEN if _secret_parameter(name) else _hide_pairs(item, _SECRET_OPTION)
            pairs.append(f"{quote_plus(name)}={quote_plus(shown, safe='*')}")
    return f"{base}?{'&'.join(pairs)}" if pairs else base


def _secrets(url: str) -> list[str]:
    """The secret values inside a URL, as written and as decoded, longest first."""
    try:
        parsed = make_url(url)
    except sa.exc.ArgumentError:
        return []
    values = [parsed.password] if parsed.password else []
    for name, value in parsed.query.items():
        items = value if isinstance(value, tuple) else (value,)
        if _secret_parameter(name):
            values += list(items)
        for item in items:
            values += [m[3] for m in _SECRET_OPTION.finditer(item)]
    spelled = {str(v) for v in values if str(v)} | {quote(str(v), safe="") for v in values if v}
    return sorted(spelled | {quote_plus(v) for v in spelled}, key=len, reverse=True)


def scrub(text: str, url: str) -> str:
    """`text` (an error message, say) without any secret the URL holds, nor `pwd=…`-like pairs."""
    for secret in _secrets(url):
        text = text.replace(secret, _HIDDEN)
    return _hide_pairs(text)


def _parse(url: str) -> sa.URL:
    try:
        return make_url(url)
    except sa.exc.ArgumentError as exc:
        raise SourceError(
            "The database URL is not one SQLAlchemy understands. A URL looks like "
            "dialect+driver://user:password@host:port/database, e.g. "
            "postgresql+psycopg://reader@db.example.org/hr (docs/DATABASES.md)."
        ) from exc


def read_only_engine(url: str) -> sa.Engine:
    """An engine that cannot change the source: SQLite files open read-only, and PostgreSQL
    and MySQL/MariaDB sessions are set to read-only transactions on connect."""
    parsed = _parse(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database)
        if not path.is_file():
            raise SourceError(
                f"No SQLite database file at {path}. Build the demo with "
                "`python -m dashboard demo`, or point DASHBOARD_DB_URL at your database."
            )
        parsed = parsed.set(database=f"file:{path.resolve()}?mode=ro", query={"uri": "true"})
    try:
        engine = sa.create_engine(parsed, connect_args=_connect_args(parsed))
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as exc:
        raise SourceError(
            f"Database URL {redact(url)} is not usable: {scrub(str(exc), url)}. Install the "
            "SQLAlchemy dialect and driver for this kind of database (docs/DATABASES.md lists "
            "some)."
        ) from exc
    statement = _READ_ONLY_SESSION.get(engine.dialect.name)
    if statement:

        @sa.event.listens_for(engine, "connect")
        def _read_only(dbapi_connection, _record) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute(statement)
            cursor.close()
            # SET is transactional in PostgreSQL: commit it, or the pool's reset undoes it.
            dbapi_connection.commit()

    begin = _READ_ONLY_TRANSACTION.get(engine.dialect.name)
    if begin:

        @sa.event.listens_for(engine, "begin")
        def _read_only_transaction(conn: sa.Connection) -> None:
            conn.exec_driver_sql(begin)

    return engine


def _connect_args(url: sa.URL) -> dict[str, object]:
    """Driver options that keep a connection to reading: one statement per call, read-only
    transactions from the login on (PostgreSQL), and a connect timeout."""
    args: dict[str, object] = {}
    driver = url.get_driver_name()
    if driver in _TIMEOUT_DRIVERS and "connect_timeout" not in url.query:
        args["connect_timeout"] = CONNECT_TIMEOUT_SECONDS
    if url.get_backend_name() == "postgresql" and driver in ("psycopg", "psycopg2"):
        options = str(url.query.get("options", ""))
        args["options"] = f"{options} -c default_transaction_read_only=on".strip()
        if driver == "psycopg":
            # Every statement is prepared, and PostgreSQL refuses several in one prepared
            # statement: a "; COMMIT; BEGIN READ WRITE; ..." cannot ride along a query.
            args["prepare_threshold"] = 0
    if driver in ("pymysql", "mysqldb"):
        flag = int(str(url.query.get("client_flag", "0")) or 0)
        args["client_flag"] = flag & ~_MYSQL_MULTI_STATEMENTS
    return args


@dataclass(frozen=True)
class _Relation:
    """A canonical table as found in the database: what to select from and which columns."""

    source: TableSource
    selectable: sa.FromClause
    columns: dict[str, str]  # canonical name -> the source's column name
    date_typed: frozenset[str]  # canonical date columns the database stores as dates

    def column(self, canonical: str) -> sa.ColumnElement:
        return self.selectable.c[self.columns[canonical]]

    def select(self) -> sa.Select:
        return sa.select(*(self.column(c).label(c) for c in self.columns))

    def dated(self, *canonical: str) -> bool:
        return all(c in self.date_typed for c in canonical)


def _match(name: str, available: list[str]) -> str | None:
    """The available name equal to `name`, else the only one equal ignoring case."""
    if name in available:
        return name
    folded = [a for a in available if a.lower() == name.lower()]
    return folded[0] if len(folded) == 1 else None


def _listing(names: list[str]) -> str:
    shown = ", ".join(sorted(names)[:_LISTED_NAMES]) or "none"
    return shown + (f" and {len(names) - _LISTED_NAMES} more" if len(names) > _LISTED_NAMES else "")


class _Catalogue:
    """Tables, views and columns of the database, looked up once per schema."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn
        self.inspector = sa.inspect(conn)
        self._relations: dict[str | None, list[str]] = {}

    def relations(self, schema: str | None, entry: str) -> list[str]:
        if schema not in self._relations:
            if schema is not None and schema not in self.inspector.get_schema_names():
                raise SourceError(
                    f"{entry}: the database has no schema '{schema}'. "
                    f"Its schemas: {_listing(self.inspector.get_schema_names())}."
                )
            names = self.inspector.get_table_names(schema=schema)
            # Some dialects cannot list views; their tables are enough.
            with suppress(NotImplementedError):
                names += self.inspector.get_view_names(schema=schema)
            self._relations[schema] = names
        return self._relations[schema]


def _query_relation(catalogue: _Catalogue, source: TableSource) -> _Relation:
    try:
        check_query(source.query, catalogue.conn.dialect.name)
    except ValueError as exc:
        raise SourceError(f"dashboard.toml {source.entry}: {exc}") from exc
    # A colon in the query is SQL, never a bind parameter.
    text = sa.text(source.query.replace(":", r"\:"))
    try:
        probe = sa.select(sa.text("*")).select_from(text.columns().subquery("src"))
        names = list(catalogue.conn.execute(probe.where(sa.false())).keys())
    except sa.exc.DBAPIError as exc:
        catalogue.conn.rollback()
        raise SourceError(
            f"dashboard.toml {source.entry}: the query failed: {_reason(exc)}. "
            "Run it in a SQL client to see what is wrong."
        ) from exc
    columns = _columns(source, names, "the query")
    sub = text.columns(*(sa.column(n) for n in columns.values())).subquery("src")
    return _Relation(source, sub, columns, frozenset())


def _table_relation(catalogue: _Catalogue, source: TableSource) -> _Relation | None:
    """The table or view for `source`, or None when an unmapped optional table is absent."""
    entry = f"dashboard.toml {source.entry}"
    available = catalogue.relations(source.schema, entry)
    name = _match(source.table, available)
    if name is None:
        if source.mapped:
            raise SourceError(
                f"{entry}: there is no table or view {source.describe()} in the database. "
                f"Tables and views there: {_listing(available)}."
            )
        return None
    described = catalogue.inspector.get_columns(name, schema=source.schema)
    types = {c["name"]: c["type"] for c in described}
    columns = _columns(source, list(types), f"{source.describe()}")
    dated = {
        canonical
        for canonical, actual in columns.items()
        if TABLES[source.canonical].column(canonical).kind == "date"
        and isinstance(types[actual], sa.Date | sa.DateTime)
    }
    table = sa.table(name, *(sa.column(c) for c in columns.values()), schema=source.schema)
    return _Relation(source, table, columns, frozenset(dated))


def _columns(source: TableSource, available: list[str], where: str) -> dict[str, str]:
    """Canonical column -> source column for every canonical column the source provides."""
    table = TABLES[source.canonical]
    columns = {}
    for canonical in table.column_names:
        wanted = source.source_column(canonical)
        actual = _match(wanted, available)
        if actual is None and canonical in source.columns:
            raise SourceError(
                f"dashboard.toml [sql.tables.{source.canonical}.columns]: {canonical} = "
                f'"{wanted}", but {where} has no column {wanted}. '
                f"Its columns: {_listing(available)}."
            )
        if actual is not None:
            columns[canonical] = actual
    missing = [c for c in table.required_columns if c not in columns]
    if missing and (source.mapped or table.required):
        example = missing[0]
        raise SourceError(
            f"{where} ({source.canonical}) has no column for the required canonical column(s) "
            f"{', '.join(missing)}. Name them so in a view, or map them in dashboard.toml "
            f'[sql.tables.{source.canonical}.columns], e.g. {example} = "<your column>". '
            f"Its columns: {_listing(available)}."
        )
    return columns


def _plan(catalogue: _Catalogue, settings: SqlSettings) -> dict[str, _Relation]:
    relations: dict[str, _Relation] = {}
    absent = []
    for name in TABLES:
        source = settings.table_source(name)
        relation = (
            _query_relation(catalogue, source)
            if source.query is not None
            else _table_relation(catalogue, source)
        )
        if relation is not None:
            relations[name] = relation
        elif name in REQUIRED_TABLES:
            absent.append(name)
    if absent:
        where = f" in schema {settings.schema}" if settings.schema else ""
        raise SourceError(
            f"required table(s) missing or unusable: {', '.join(absent)}: the database has no "
            f"table or view of that name{where}. Create views with these names over your "
            "tables, or map your tables in dashboard.toml [sql.tables.<name>] "
            "(docs/DATABASES.md). Tables and views it has: "
            f"{_listing(catalogue.relations(settings.schema, 'dashboard.toml [sql]'))}."
        )
    return relations


def _latest_activity(conn: sa.Connection, relations: dict[str, _Relation]) -> dt.date | None:
    """The latest activity date computed by the database; None if any activity date column
    is not stored as a date (its MAX could not be trusted)."""
    latest = []
    for name, columns in ACTIVITY_DATES.items():
        relation = relations.get(name)
        if relation is None:
            continue
        present = [c for c in columns if c in relation.columns]
        if not relation.dated(*present):
            return None
        query = sa.select(*(sa.func.max(relation.column(c)) for c in present))
        if name == "sessions" and "status" in relation.columns:
            query = query.where(
                sa.func.coalesce(relation.column("status"), "") != sa.literal("scheduled")
            )
        latest += [v for v in conn.execute(query).one() if v is not None]
    days = [pd.Timestamp(v).date() for v in latest]
    return max(days) if days else None


def _window(relations: dict[str, _Relation], since: dt.date) -> dict[str, sa.ColumnElement]:
    """Row conditions that leave out only what no period from `since` on can use.

    A session, goal or feedback row is left out when all its dates are before `since` and its
    relationship was completed or ended early before `since`: everything about pairings still
    running (last session, latest score, open goals) stays. Nothing else is cut.
    """
    rel = relations.get("relationships")
    if rel is None or "status" not in rel.columns or not rel.dated("end_date"):
        return {}
    cutoff = sa.literal(since, sa.Date)
    closed_before = sa.select(rel.column("relationship_id")).where(
        rel.column("end_date") < cutoff,
        rel.column("status").in_(_CLOSED_RELATIONSHIP),
    )
    conditions = {}
    for name, dates in _WINDOWED.items():
        relation = relations.get(name)
        present = [d for d in dates if relation is not None and d in relation.columns]
        if relation is None or not relation.dated(*present):
            continue
        # A missing date makes the comparison NULL, and COALESCE keeps such rows.
        old = sa.and_(
            *(relation.column(d) < cutoff for d in present),
            relation.column("relationship_id").in_(closed_before),
        )
        conditions[name] = sa.not_(sa.func.coalesce(old, sa.false()))
    return conditions


def _as_dates(frame: pd.DataFrame, relation: _Relation) -> pd.DataFrame:
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


def _libpq_uri(url: sa.URL) -> str:
    """The URL as libpq takes it, asking the server for read-only transactions."""
    query = dict(url.query)
    options = str(query.get("options", ""))
    query["options"] = f"{options} -c default_transaction_read_only=on".strip()
    base = url.set(drivername="postgresql", query={}).render_as_string(hide_password=False)
    return f"{base}?{urlencode(query, quote_via=quote, doseq=True)}"


@contextmanager
def _arrow_reader(url: sa.URL, settings: SqlSettings) -> Iterator[object | None]:
    """An ADBC connection for PostgreSQL bulk reads when available and allowed, else None.

    Arrow hands columns to pandas without a Python object per value: about 4x faster than
    psycopg on the enterprise set (docs/PERFORMANCE.md).
    """
    if settings.reader != "auto" or url.get_backend_name() != "postgresql":
        yield None
        return
    try:
        import adbc_driver_postgresql.dbapi as adbc
    except ImportError:
        yield None
        return
    try:
        connection = adbc.connect(_libpq_uri(url))
    except adbc.Error:
        # SQLAlchemy reached the server, so its reader still works: only slower.
        yield None
        return
    try:
        yield connection
    finally:
        connection.rollback()
        connection.close()


_ARROW_DIALECT = postgresql.dialect(paramstyle="named")


def _fetch(conn: sa.Connection, arrow: object | None, query: sa.Select) -> pd.DataFrame:
    if arrow is None:
        return pd.read_sql_query(query, conn)
    sql = str(query.compile(dialect=_ARROW_DIALECT, compile_kwargs={"literal_binds": True}))
    with arrow.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetch_arrow_table().to_pandas(date_as_object=False)


def _driver_error(exc: BaseException) -> BaseException:
    """The driver's own exception inside SQLAlchemy's wrapper (ADBC's come unwrapped)."""
    return getattr(exc, "orig", None) or exc


def _reason(exc: BaseException) -> str:
    """The driver's message, first line only; the server's own words when libpq wraps them."""
    text = str(_driver_error(exc)).strip()
    if not text:
        return type(exc).__name__
    line = text.splitlines()[0]
    if "] Failed to execute query" in line and "ERROR:" in line:
        line = line.rsplit("ERROR:", 1)[1]
    return " ".join(line.split())


def explain_failure(
    exc: BaseException, url: str, what: str | None = None, *, writing: bool = False
) -> str:
    """What a database failure means for the person who gave the URL: unreachable server,
    refused login, unknown database, missing privilege, or else the database's own words.
    `what` names what was being read (or written) when the failure is about that."""
    parsed = _parse(url)
    reason = _reason(exc)
    error = _driver_error(exc)
    text = str(error).lower()
    code = error.args[0] if error.args and isinstance(error.args[0], int) else None
    sqlstate = getattr(error, "sqlstate", None)
    server = f"{parsed.host or 'localhost'}" + (f":{parsed.port}" if parsed.port else "")
    user = parsed.username or "(none)"
    if parsed.get_backend_name() == "sqlite":
        return f"Cannot read the SQLite file {parsed.database}: {reason}."
    if code == 1049 or sqlstate == "3D000" or ("database" in text and "does not exist" in text):
        return (
            f"The server at {server} has no database named '{parsed.database}' ({reason}). "
            f"Check the database name in the database URL, or create it (CREATE DATABASE "
            f"{parsed.database}); `python -m dashboard demo --db URL` writes the demo "
            "organisation into an empty one."
        )
    if code in (1142, 1143) or sqlstate == "42501" or "permission denied" in text:
        if writing:
            return (
                f"The database user '{user}' may not write {what or 'the tables'} ({reason}). "
                "Writing needs a user that may create tables and insert rows."
            )
        return (
            f"The database user '{user}' may not read {what or 'the tables'} ({reason}). "
            "Grant it SELECT on the tables or views the dashboard reads (docs/DATABASES.md)."
        )
    if (
        code in (1045, 1044, 1698)
        or sqlstate in ("28P01", "28000")
        or "password authentication failed" in text
        or ("role" in text and "does not exist" in text)
        or "access denied" in text
    ):
        return (
            f"The server at {server} refused the login of user '{user}' ({reason}). "
            "Check the username and password in the database URL, and that this user may "
            "connect to the database."
        )
    if code in _MYSQL_UNREACHABLE or any(sign in text for sign in _UNREACHABLE):
        return (
            f"Cannot reach the database server at {server} ({reason}). Check that the server "
            "is running and that the host and port in the database URL are right."
        )
    if what is not None:
        return f"{'Writing' if writing else 'Reading'} {what} failed: {reason}."
    return (
        f"Cannot read the database at {redact(url)}: {reason}. Check that the server is "
        "running and that the host, port, database name, user and password are right."
    )


def _is_driver_error(exc: BaseException) -> bool:
    # ADBC raises its own DB-API errors, which SQLAlchemy never wraps.
    return isinstance(exc, sa.exc.DBAPIError) or type(exc).__module__.startswith("adbc_driver")


def _read(
    url: str, conn: sa.Connection, arrow: object | None, relation: _Relation, query: sa.Select
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
    left in the database (see _window).
    """
    settings = settings or SqlSettings()
    engine = read_only_engine(url)
    try:
        with engine.connect() as conn:
            relations = _plan(_Catalogue(conn), settings)
            window = _window(relations, since) if since else {}
            frames = {}
            with _arrow_reader(engine.url, settings) as arrow:
                for name, relation in relations.items():
                    query = relation.select()
                    if name in window:
                        query = query.where(window[name])
                    frames[name] = _read(url, conn, arrow, relation, query)
            conn.rollback()
    except sa.exc.DBAPIError as exc:
        raise SourceError(explain_failure(exc, url)) from exc
    except sa.exc.SQLAlchemyError as exc:
        raise SourceError(f"Reading {redact(url)} failed: {exc}") from exc
    finally:
        engine.dispose()
    return frames


def history_start(url: str, settings: SqlSettings) -> dt.date | None:
    """The first day of the history window `settings.history_months` asks for, if any."""
    if settings.history_months is None:
        return None
    engine = read_only_engine(url)
    try:
        with engine.connect() as conn:
            latest = _latest_activity(conn, _plan(_Catalogue(conn), settings))
            conn.rollback()
    except sa.exc.DBAPIError as exc:
        raise SourceError(explain_failure(exc, url)) from exc
    except sa.exc.SQLAlchemyError as exc:
        raise SourceError(f"Reading {redact(url)} failed: {exc}") from exc
    finally:
        engine.dispose()
    return None if latest is None else months_back(latest, settings.history_months)


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


@dataclass(frozen=True)
class SqlLoad:
    """Validated data from a database; activity before `history_from` was not loaded."""

    data: ProgrammeData
    report: ValidationReport
    history_from: dt.date | None = None


def read_source(url: str, *, settings: SqlSettings | None = None) -> SqlLoad:
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
    return SqlLoad(data, report, since)


def load_sql(
    url: str, *, settings: SqlSettings | None = None
) -> tuple[ProgrammeData, ValidationReport]:
    """Read and validate every row of the canonical tables of the database at `url`."""
    if settings is None:
        # The mapping describes the configured database; the built-in demo is canonical.
        settings = SqlSettings() if url == demo_url() else sql_settings()
    return _validated(url, read_tables(url, settings=settings))
