"""Connections to a source that cannot change it (on SQLite), and failures as messages."""

import pytest
import sqlalchemy as sa

from dashboard.errors import SourceError
from dashboard.sources.sql_connect import read_only_connection, read_only_engine


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO departments (department_id, department_name) VALUES ('X', 'X')",
        "UPDATE employees SET name = 'changed'",
        "CREATE TABLE written (a INTEGER)",
        "DROP TABLE obstacles",
    ],
)
def test_the_apps_connection_cannot_write_sqlite(demo_copy, statement):
    engine = read_only_engine(f"sqlite:///{demo_copy}")
    try:
        with engine.connect() as conn, pytest.raises(sa.exc.OperationalError, match="readonly"):
            conn.execute(sa.text(statement))
    finally:
        engine.dispose()


def test_the_query_only_guard_holds_without_the_read_only_file_mode():
    engine = read_only_engine("sqlite://")
    with engine.connect() as conn, pytest.raises(sa.exc.OperationalError, match="readonly"):
        conn.execute(sa.text("CREATE TABLE t (a INTEGER)"))


def test_an_unknown_dialect_says_what_to_install():
    with pytest.raises(SourceError, match="Install the SQLAlchemy dialect and driver"):
        read_only_engine("snowflake://someone@account/db")


def test_a_missing_sqlite_file_is_not_created(tmp_path):
    with pytest.raises(SourceError, match="No SQLite database file at"):
        read_only_engine(f"sqlite:///{tmp_path / 'absent.db'}")
    assert not (tmp_path / "absent.db").exists()


def test_a_failing_connection_is_a_source_error_saying_why():
    url = "postgresql+psycopg://postgres@127.0.0.1:1/test"
    with (
        pytest.raises(SourceError, match=r"Cannot reach the database server at 127.0.0.1:1"),
        read_only_connection(url),
    ):
        pass
