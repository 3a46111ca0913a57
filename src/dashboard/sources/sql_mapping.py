"""The `[sql]` settings of dashboard.toml: where each canonical table lives, and cache limits.

Every mistake is reported with the entry it is in (`[sql.tables.employees.columns]`), so the
person editing the file knows which line to fix.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlglot
from sqlglot import exp

from dashboard.config import read_config
from dashboard.errors import MappingError
from dashboard.schema import TABLES

DEFAULT_TTL_SECONDS = 15 * 60
DEFAULT_MAX_ENTRIES = 4
# The default period (12 months) and the previous one it is compared with.
MIN_HISTORY_MONTHS = 24
READERS = ("auto", "sqlalchemy")

_SQL_KEYS = ("schema", "ttl_seconds", "max_entries", "history_months", "reader", "tables")
_TABLE_KEYS = ("table", "view", "query", "schema", "columns")


# SQLAlchemy's dialect names -> sqlglot's, for reading a mapped query as the database would.
_SQLGLOT_DIALECTS = {
    "postgresql": "postgres",
    "mysql": "mysql",
    "mariadb": "mysql",
    "sqlite": "sqlite",
    "mssql": "tsql",
    "oracle": "oracle",
    "snowflake": "snowflake",
    "bigquery": "bigquery",
    "trino": "trino",
    "redshift": "redshift",
    "databricks": "databricks",
    "duckdb": "duckdb",
    "clickhouse": "clickhouse",
}
# What may not appear anywhere in a mapped query: statements that write or lock, and
# SELECT ... INTO (a new table, or a file on the server).
_FORBIDDEN = tuple(
    node
    for name in (
        "Insert",
        "Update",
        "Delete",
        "Merge",
        "Create",
        "Drop",
        "Alter",
        "TruncateTable",
        "Command",
        "Into",
        "Lock",
        "Set",
        "Transaction",
        "Commit",
        "Rollback",
        "Copy",
        "LoadData",
        "Grant",
    )
    if (node := getattr(exp, name, None)) is not None
)
_WRITES_DESCRIBED = {
    "Into": "SELECT … INTO, which writes a table or a file",
    "Lock": "FOR UPDATE or FOR SHARE, which locks rows",
    "TruncateTable": "TRUNCATE",
    "Command": "a command",
}
# MySQL and MariaDB run the text of /*! ... */ and /*M! ... */ comments.
_EXECUTABLE_COMMENT = re.compile(r"/\*\s*M?!", re.IGNORECASE)


def check_query_text(query: str) -> None:
    """What any database would run as more than one statement: raise MappingError for it."""
    if ";" in query:
        raise MappingError(
            "a query must be a single SELECT without ';' (not even at the end or inside quotes); "
            "for anything more, create a view in the database and map the view"
        )
    if _EXECUTABLE_COMMENT.search(query):
        raise MappingError("a query may not hold /*! … */ comments, which the server would run")


def check_query(query: str, dialect: str) -> None:
    """Accept only one read-only SELECT (or WITH … SELECT, or a UNION of them), read as the
    database `dialect` (SQLAlchemy's name) reads it; raise MappingError saying what else was found.
    """
    check_query_text(query)
    try:
        statements = [s for s in sqlglot.parse(query, read=_SQLGLOT_DIALECTS.get(dialect)) if s]
    except (sqlglot.errors.ParseError, sqlglot.errors.TokenError) as exc:
        reason = str(exc).splitlines()[0]
        raise MappingError(
            f"the query could not be read as a single SELECT ({reason}); write it in plain SQL, "
            "or create a view in the database and map the view"
        ) from exc
    if len(statements) != 1 or not isinstance(statements[0], exp.Query):
        found = ", ".join(type(s).__name__.upper() for s in statements) or "nothing"
        raise MappingError(f"a query must be a single SELECT, but this one is {found}")
    bad = next(statements[0].find_all(*_FORBIDDEN), None)
    if bad is not None:
        what = _WRITES_DESCRIBED.get(type(bad).__name__, type(bad).__name__.upper())
        raise MappingError(
            f"a query may only read, but this one holds {what}; the dashboard never writes to "
            "the database"
        )


@dataclass(frozen=True)
class TableSource:
    """Where one canonical table comes from: a table or view (optionally in a schema) or a query.

    `columns` maps canonical column names to the source's column names; unmapped canonical
    columns are looked up under their own name.
    """

    canonical: str
    table: str | None = None
    query: str | None = None
    schema: str | None = None
    columns: Mapping[str, str] = field(default_factory=dict)
    mapped: bool = False

    @property
    def entry(self) -> str:
        """The dashboard.toml entry this source is configured in, for messages."""
        return f"[sql.tables.{self.canonical}]"

    def source_column(self, canonical_column: str) -> str:
        return self.columns.get(canonical_column, canonical_column)

    def describe(self) -> str:
        """How a person would name the source: 'hr.staff', or 'the query in [sql.tables.x]'."""
        if self.query is not None:
            return f"the query in {self.entry}"
        return f"{self.schema}.{self.table}" if self.schema else str(self.table)


@dataclass(frozen=True)
class SqlSettings:
    """Parsed [sql] settings; `table_source(name)` covers mapped and unmapped tables alike."""

    schema: str | None = None
    tables: Mapping[str, TableSource] = field(default_factory=dict)
    ttl_seconds: int = DEFAULT_TTL_SECONDS
    max_entries: int = DEFAULT_MAX_ENTRIES
    history_months: int | None = None
    reader: str = "auto"

    def table_source(self, canonical: str) -> TableSource:
        """The configured source of a canonical table, else the table of that name."""
        return self.tables.get(canonical) or TableSource(canonical, canonical, schema=self.schema)


def _choices(values: object) -> str:
    return ", ".join(str(v) for v in values)


def _text(value: object, entry: str, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise MappingError(f"dashboard.toml {entry}: {key} must be a non-empty text value")
    return value.strip()


def _whole(value: object, entry: str, key: str, *, least: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise MappingError(f"dashboard.toml {entry}: {key} must be a whole number ≥ {least}")
    return value


def _unknown_keys(settings: Mapping[str, Any], allowed: tuple[str, ...], entry: str) -> None:
    unknown = [k for k in settings if k not in allowed]
    if unknown:
        raise MappingError(
            f"dashboard.toml {entry}: unknown setting {_choices(repr(k) for k in unknown)}; "
            f"the settings there are {_choices(allowed)}"
        )


def _columns(canonical: str, value: object) -> dict[str, str]:
    entry = f"[sql.tables.{canonical}.columns]"
    if not isinstance(value, Mapping):
        raise MappingError(
            f"dashboard.toml {entry}: must be a table of canonical column = source column"
        )
    known = TABLES[canonical].column_names
    columns = {}
    for name, source in value.items():
        if name not in known:
            raise MappingError(
                f"dashboard.toml {entry}: '{name}' is not a column of {canonical}; "
                f"its columns are {_choices(known)}"
            )
        columns[name] = _text(source, entry, name)
    return columns


def _table_source(canonical: str, value: object, default_schema: str | None) -> TableSource:
    entry = f"[sql.tables.{canonical}]"
    if canonical not in TABLES:
        raise MappingError(
            f"dashboard.toml {entry}: '{canonical}' is not a canonical table; "
            f"the tables are {_choices(TABLES)}"
        )
    if not isinstance(value, Mapping):
        raise MappingError(f"dashboard.toml {entry}: must be a table of settings")
    _unknown_keys(value, _TABLE_KEYS, entry)
    given = [k for k in ("table", "view", "query") if k in value]
    if len(given) > 1:
        raise MappingError(
            f"dashboard.toml {entry}: give one of table, view or query, not {' and '.join(given)}"
        )
    columns = _columns(canonical, value.get("columns", {}))
    if given == ["query"]:
        if "schema" in value:
            raise MappingError(
                f"dashboard.toml {entry}: schema applies to a table or view; "
                "qualify the names inside the query instead"
            )
        query = _text(value["query"], entry, "query")
        try:
            # The whole query is read once the database (and so its dialect) is known.
            check_query_text(query)
        except MappingError as exc:
            raise MappingError(f"dashboard.toml {entry}: {exc}") from exc
        return TableSource(canonical, query=query, columns=columns, mapped=True)
    name = _text(value[given[0]], entry, given[0]) if given else canonical
    schema = _text(value["schema"], entry, "schema") if "schema" in value else default_schema
    return TableSource(canonical, name, schema=schema, columns=columns, mapped=True)


def parse_sql_settings(config: Mapping[str, Any]) -> SqlSettings:
    """The [sql] table of a parsed dashboard.toml; defaults where it says nothing."""
    sql = config.get("sql", {})
    if not isinstance(sql, Mapping):
        raise MappingError("dashboard.toml [sql]: must be a table of settings")
    _unknown_keys(sql, _SQL_KEYS, "[sql]")
    schema = _text(sql["schema"], "[sql]", "schema") if "schema" in sql else None
    tables = sql.get("tables", {})
    if not isinstance(tables, Mapping):
        raise MappingError("dashboard.toml [sql.tables]: must hold one table per canonical table")
    history = sql.get("history_months")
    reader = sql.get("reader", "auto")
    if reader not in READERS:
        raise MappingError(f"dashboard.toml [sql]: reader must be one of {_choices(READERS)}")
    return SqlSettings(
        schema=schema,
        tables={name: _table_source(name, value, schema) for name, value in tables.items()},
        ttl_seconds=_whole(
            sql.get("ttl_seconds", DEFAULT_TTL_SECONDS), "[sql]", "ttl_seconds", least=0
        ),
        max_entries=_whole(
            sql.get("max_entries", DEFAULT_MAX_ENTRIES), "[sql]", "max_entries", least=1
        ),
        history_months=None
        if history is None
        else _whole(history, "[sql]", "history_months", least=MIN_HISTORY_MONTHS),
        reader=reader,
    )


def sql_settings(path: Path | None = None) -> SqlSettings:
    """The [sql] settings of dashboard.toml (or $DASHBOARD_CONFIG); defaults without a file."""
    return parse_sql_settings(read_config(path))
