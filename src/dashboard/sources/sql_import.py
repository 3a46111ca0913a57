"""Save validated tables into a database: an upsert by primary key, in one transaction.

Rows whose key is new are inserted, rows whose key exists with other values are replaced, and
identical rows are left alone, so importing the same files twice changes nothing. enrolments
has no SQL primary key (its programme_id may be blank), so it is matched on its natural key
(employee_id, role, programme_id), blanks equal to blanks. Any failure rolls everything back.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from dashboard import config
from dashboard.model import ProgrammeData
from dashboard.schema import TABLE_ORDER, TABLES
from dashboard.sources.sql import SourceError, redact
from dashboard.sources.sql_schema import canonical_metadata
from dashboard.sources.sql_write import (
    CHUNK_ROWS,
    _python_columns,
    _sqlite_ddl_in_transaction,
)

_KEYS_PER_DELETE = 500


@dataclass(frozen=True)
class ImportCount:
    added: int
    updated: int
    unchanged: int

    @property
    def written(self) -> int:
        return self.added + self.updated


def save_target(settings: dict[str, Any]) -> str:
    """Where uploads are saved: [upload] database in dashboard.toml, else the embedded SQLite.

    Never the configured source database, which the app only reads.
    """
    url = settings.get("upload", {}).get("database")
    if url is not None and not isinstance(url, str):
        raise ValueError(f"[upload] database must be a database URL in quotes, not {url!r}")
    return url or config.demo_url()


def canonical_frames(data: ProgrammeData) -> dict[str, pd.DataFrame]:
    """The canonical columns of every table the data has (without the facts the loader adds)."""
    return {
        name: data.table(name)[TABLES[name].column_names] for name in TABLE_ORDER if data.has(name)
    }


def import_tables(
    url: str, frames: dict[str, pd.DataFrame], *, schema: str | None = None
) -> dict[str, ImportCount]:
    """Upsert `frames` into the database at `url`, creating missing tables; all or nothing.

    Raises SourceError, with nothing written, when any step fails. On MySQL/MariaDB creating a
    table commits at once, so a table created by a failed import stays behind, empty.
    """
    unknown = sorted(set(frames) - set(TABLES))
    if unknown:
        raise ValueError(f"not canonical tables: {', '.join(unknown)}")
    columns = {n: _python_columns(n, frames[n]) for n in TABLE_ORDER if n in frames}
    _make_sqlite_folder(url)
    try:
        engine = sa.create_engine(url)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as exc:
        raise SourceError(f"Database URL {redact(url)} is not usable: {exc}") from exc
    metadata = canonical_metadata(schema)
    counts: dict[str, ImportCount] = {}
    try:
        with engine.connect() as conn, _sqlite_ddl_in_transaction(conn), conn.begin():
            metadata.create_all(conn, checkfirst=True)
            for name, values in columns.items():
                table = metadata.tables[f"{schema}.{name}" if schema else name]
                _add_optional_columns(conn, table)
                counts[name] = _upsert(conn, table, values)
    except sa.exc.SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise SourceError(
            f"Saving into {redact(url)} failed, and nothing was written: {reason}"
        ) from exc
    finally:
        engine.dispose()
    return counts


def _add_optional_columns(conn: sa.Connection, table: sa.Table) -> None:
    """Add canonical columns a table made by an earlier version lacks (all optional)."""
    present = {c["name"] for c in sa.inspect(conn).get_columns(table.name, schema=table.schema)}
    quote = conn.dialect.identifier_preparer
    for column in table.columns:
        if column.name not in present and column.nullable:
            kind = column.type.compile(dialect=conn.dialect)
            conn.execute(
                sa.text(
                    f"ALTER TABLE {quote.format_table(table)} "
                    f"ADD COLUMN {quote.format_column(column)} {kind}"
                )
            )


def _make_sqlite_folder(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


def _upsert(conn: sa.Connection, table: sa.Table, columns: dict[str, list[object]]) -> ImportCount:
    names = list(columns)
    key = list(TABLES[table.name].key)
    at = [names.index(k) for k in key]
    incoming: dict[tuple, tuple] = {}
    for row in zip(*columns.values(), strict=True):
        incoming[tuple(row[i] for i in at)] = row  # a later duplicate wins, as in a re-import
    existing = {
        tuple(row[i] for i in at): tuple(row)
        for row in conn.execute(sa.select(*(table.c[n] for n in names)))
    }
    added = [row for k, row in incoming.items() if k not in existing]
    changed = [row for k, row in incoming.items() if k in existing and existing[k] != row]
    for chunk in _chunks([tuple(r[i] for i in at) for r in changed], _KEYS_PER_DELETE):
        conn.execute(table.delete().where(_any_key(table, key, chunk)))
    rows = added + changed
    for chunk in _chunks(rows, CHUNK_ROWS):
        conn.execute(table.insert(), [dict(zip(names, r, strict=True)) for r in chunk])
    return ImportCount(len(added), len(changed), len(incoming) - len(added) - len(changed))


def _any_key(table: sa.Table, key: list[str], values: list[tuple]) -> sa.ColumnElement[bool]:
    """Rows matching any of the key tuples, a blank matching a blank (IS NULL)."""
    if len(key) == 1:
        return table.c[key[0]].in_([v[0] for v in values])
    return sa.or_(
        *(
            sa.and_(
                *(
                    table.c[k].is_(None) if v is None else table.c[k] == v
                    for k, v in zip(key, one, strict=True)
                )
            )
            for one in values
        )
    )


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
