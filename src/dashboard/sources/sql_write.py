"""Write canonical tables into a SQL database, and build the embedded demo database."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from dashboard.schema import TABLE_ORDER, TABLES, Column
from dashboard.sources import demo
from dashboard.sources.sql_schema import canonical_metadata

CHUNK_ROWS = 20_000


def write_tables(
    url_or_engine: str | sa.Engine,
    frames: dict[str, pd.DataFrame],
    *,
    schema: str | None = None,
) -> dict[str, int]:
    """Drop and recreate the nine canonical tables and insert `frames`, all in one transaction.

    Returns the rows written per canonical table (0 for tables not given). On MySQL/MariaDB
    DDL commits implicitly, so there a failed insert can leave empty tables behind.
    """
    unknown = sorted(set(frames) - set(TABLES))
    if unknown:
        raise ValueError(f"not canonical tables: {', '.join(unknown)}")
    # Convert everything before touching the database, so bad data fails before any DDL.
    columns = {name: _python_columns(name, frames[name]) for name in TABLE_ORDER if name in frames}

    owned = isinstance(url_or_engine, str)
    engine = sa.create_engine(url_or_engine) if owned else url_or_engine
    metadata = canonical_metadata(schema)
    try:
        with engine.connect() as conn, _sqlite_ddl_in_transaction(conn), conn.begin():
            metadata.drop_all(conn)
            metadata.create_all(conn)
            for name, values in columns.items():
                table = metadata.tables[f"{schema}.{name}" if schema else name]
                _insert(conn, table, values)
    finally:
        if owned:
            engine.dispose()
    return {name: len(frames[name]) if name in frames else 0 for name in TABLE_ORDER}


def build_demo_database(
    path_or_url: str, *, employees: int = 1500, seed: int = 42
) -> dict[str, int]:
    """Generate the demo organisation and write it; a bare path means a SQLite file there.

    A SQLite file is built under a temporary name and renamed into place, so a half-built
    database never appears at `path_or_url`.
    """
    frames = demo.generate(employees=employees, seed=seed)
    if "://" in path_or_url:
        return write_tables(path_or_url, frames)
    target = Path(path_or_url)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    os.close(handle)
    try:
        engine = sa.create_engine(sa.URL.create("sqlite", database=temporary))
        try:
            counts = write_tables(engine, frames)
        finally:
            engine.dispose()
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return counts


@contextmanager
def _sqlite_ddl_in_transaction(conn: sa.Connection) -> Iterator[None]:
    """On SQLite, make DROP/CREATE part of the transaction.

    Python's sqlite3 module runs DDL outside any transaction it opened itself, so a failed
    insert would otherwise leave the tables dropped; with its own transaction handling off,
    an explicit BEGIN covers everything and SQLAlchemy's commit or rollback ends it.
    """
    if conn.dialect.name != "sqlite":
        yield
        return
    raw = conn.connection.driver_connection
    saved = raw.isolation_level
    raw.isolation_level = None

    @sa.event.listens_for(conn, "begin")
    def begin(connection: sa.Connection) -> None:
        connection.exec_driver_sql("BEGIN")

    try:
        yield
    finally:
        sa.event.remove(conn, "begin", begin)
        raw.isolation_level = saved


def _python_columns(name: str, frame: pd.DataFrame) -> dict[str, list[object]]:
    """Each canonical column as a list of plain Python values, None for missing."""
    table = TABLES[name]
    extra = sorted(set(frame.columns) - set(table.column_names))
    if extra:
        raise ValueError(f"{name}: columns not in the canonical model: {', '.join(extra)}")
    return {
        c.name: _python_values(c, frame[c.name]) if c.name in frame else [None] * len(frame)
        for c in table.columns
    }


def _python_values(column: Column, values: pd.Series) -> list[object]:
    if column.kind == "date":
        days = pd.to_datetime(values).to_numpy(dtype="datetime64[D]")
        return days.astype(object).tolist()  # datetime.date, and None for NaT
    if column.kind == "int":
        return values.astype("Int64").to_numpy(dtype=object, na_value=None).tolist()
    if column.kind == "bool":
        return values.astype("boolean").to_numpy(dtype=object, na_value=None).tolist()
    if not pd.api.types.is_string_dtype(values):
        values = values.astype("str")
    return values.to_numpy(dtype=object, na_value=None).tolist()


def _insert(conn: sa.Connection, table: sa.Table, columns: dict[str, list[object]]) -> None:
    names = list(columns)
    rows = len(next(iter(columns.values()), []))
    for start in range(0, rows, CHUNK_ROWS):
        chunk = [values[start : start + CHUNK_ROWS] for values in columns.values()]
        conn.execute(
            table.insert(), [dict(zip(names, row, strict=True)) for row in zip(*chunk, strict=True)]
        )
