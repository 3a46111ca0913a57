"""Read the canonical tables from any SQLAlchemy database, read-only."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from dashboard.model import ProgrammeData
from dashboard.schema import TABLES
from dashboard.validate import ValidationReport, validate_tables


class SourceError(Exception):
    """A source could not be read; the message says what is wrong and how to fix it."""


def redact(url: str) -> str:
    """The URL with its password hidden, for messages and the sidebar."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "<unparseable database URL>"


def _read_only_engine(url: str) -> sa.Engine:
    """An engine that cannot change the source; SQLite files are opened read-only."""
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            path = Path(parsed.database)
            if not path.is_file():
                raise SourceError(
                    f"No SQLite database file at {path}. Build the demo with "
                    "`python -m dashboard demo`, or point DASHBOARD_DB_URL at your database."
                )
            parsed = parsed.set(database=f"file:{path.resolve()}?mode=ro", query={"uri": "true"})
        return sa.create_engine(parsed)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as exc:
        raise SourceError(f"Database URL {redact(url)} is not usable: {exc}") from exc


def read_tables(url: str) -> dict[str, pd.DataFrame]:
    """Every canonical table the database has, with only the canonical columns it holds."""
    engine = _read_only_engine(url)
    try:
        with engine.connect() as conn:
            inspector = sa.inspect(conn)
            present = set(inspector.get_table_names()) | set(inspector.get_view_names())
            frames = {}
            for name, table in TABLES.items():
                if name not in present:
                    continue
                have = {c["name"] for c in inspector.get_columns(name)}
                cols = [c for c in table.column_names if c in have]
                query = sa.select(*(sa.column(c) for c in cols)).select_from(sa.table(name))
                frames[name] = pd.read_sql_query(query, conn)
            conn.rollback()
    except sa.exc.OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise SourceError(
            f"Cannot read the database at {redact(url)}: {reason}. Check that the server is "
            "running and that the host, port, database name, user and password are right."
        ) from exc
    except sa.exc.SQLAlchemyError as exc:
        raise SourceError(f"Reading {redact(url)} failed: {exc}") from exc
    finally:
        engine.dispose()
    return frames


def load_sql(url: str) -> tuple[ProgrammeData, ValidationReport]:
    """Read and validate the canonical tables of the database at `url`."""
    return validate_tables(read_tables(url), source=redact(url))
