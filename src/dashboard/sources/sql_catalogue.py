"""What a database holds of the canonical tables: which table, view or mapped query each comes
from, and which of its columns are canonical."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

import sqlalchemy as sa

from dashboard.errors import SourceError
from dashboard.schema import REQUIRED_TABLES, TABLES
from dashboard.sources.sql_mapping import SqlSettings, TableSource, check_query
from dashboard.sources.sql_url import failure_reason

_LISTED_NAMES = 15


@dataclass(frozen=True)
class Relation:
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


def _query_relation(catalogue: _Catalogue, source: TableSource) -> Relation:
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
            f"dashboard.toml {source.entry}: the query failed: {failure_reason(exc)}. "
            "Run it in a SQL client to see what is wrong."
        ) from exc
    columns = _columns(source, names, "the query")
    sub = text.columns(*(sa.column(n) for n in columns.values())).subquery("src")
    return Relation(source, sub, columns, frozenset())


def _table_relation(catalogue: _Catalogue, source: TableSource) -> Relation | None:
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
    return Relation(source, table, columns, frozenset(dated))


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


def find_relations(conn: sa.Connection, settings: SqlSettings) -> dict[str, Relation]:
    """Every canonical table the database has, by name; SourceError naming the entry to fix
    for a mapping the database contradicts or a required table it lacks."""
    catalogue = _Catalogue(conn)
    relations: dict[str, Relation] = {}
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
