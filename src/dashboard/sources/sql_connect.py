"""Connections to a source database that cannot change it: read-only wherever the database
can enforce it, one statement per call, and a connect timeout."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlencode

import sqlalchemy as sa

from dashboard.errors import SourceError
from dashboard.sources.sql_mapping import SqlSettings
from dashboard.sources.sql_url import explain_failure, parse_url, redact, scrub

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


def read_only_engine(url: str) -> sa.Engine:
    """An engine that cannot change the source: SQLite files open read-only, and PostgreSQL
    and MySQL/MariaDB sessions are set to read-only transactions on connect."""
    parsed = parse_url(url)
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


@contextmanager
def read_only_connection(url: str) -> Iterator[sa.Connection]:
    """A connection of a read_only_engine, rolled back when done and closed with its engine.

    A failure of the database becomes a SourceError saying what is wrong and how to fix it.
    """
    engine = read_only_engine(url)
    try:
        with engine.connect() as conn:
            yield conn
            conn.rollback()
    except sa.exc.DBAPIError as exc:
        raise SourceError(explain_failure(exc, url)) from exc
    except sa.exc.SQLAlchemyError as exc:
        raise SourceError(f"Reading {redact(url)} failed: {exc}") from exc
    finally:
        engine.dispose()


def _libpq_uri(url: sa.URL) -> str:
    """The URL as libpq takes it, asking the server for read-only transactions."""
    query = dict(url.query)
    options = str(query.get("options", ""))
    query["options"] = f"{options} -c default_transaction_read_only=on".strip()
    base = url.set(drivername="postgresql", query={}).render_as_string(hide_password=False)
    return f"{base}?{urlencode(query, quote_via=quote, doseq=True)}"


@contextmanager
def arrow_reader(url: sa.URL, settings: SqlSettings) -> Iterator[object | None]:
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
