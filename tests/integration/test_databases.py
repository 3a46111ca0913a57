"""The demo organisation written into real PostgreSQL and MariaDB servers reads back the same."""

import json
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from conftest import require_in_ci

from dashboard.cli import main
from dashboard.sources.demo import generate
from dashboard.sources.sql import SourceError, read_tables
from dashboard.sources.sql_write import write_tables

pytestmark = pytest.mark.database

SERVERS = {
    "postgresql": "postgresql+psycopg://postgres@127.0.0.1:5432",
    "mariadb": "mysql+pymysql://root@127.0.0.1:3306",
}
ADMIN_DB = {"postgresql": "test", "mariadb": "test"}


def _admin_engine(kind: str) -> sa.Engine:
    engine = sa.create_engine(
        f"{SERVERS[kind]}/{ADMIN_DB[kind]}",
        isolation_level="AUTOCOMMIT",
        connect_args={"connect_timeout": 5},
    )
    try:
        with engine.connect():
            pass
    except sa.exc.OperationalError as exc:
        require_in_ci(f"no {kind} server at {SERVERS[kind]}: {exc.orig}")
    return engine


@pytest.fixture(params=list(SERVERS))
def database_url(request) -> Iterator[str]:
    """A database of its own on the real server, dropped afterwards."""
    kind = request.param
    admin = _admin_engine(kind)
    name = f"dash_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    try:
        yield f"{SERVERS[kind]}/{name}"
    finally:
        sa.create_engine(f"{SERVERS[kind]}/{name}").dispose()
        with admin.connect() as conn:
            if kind == "postgresql":
                conn.execute(
                    sa.text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": name},
                )
            conn.execute(sa.text(f"DROP DATABASE {name}"))
        admin.dispose()


def _summary(capsys, url: str) -> dict:
    capsys.readouterr()
    assert main(["summary", "--db", url, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_summary_equals_sqlite_demo_key_by_key(database_url, demo_db, capsys):
    write_tables(database_url, generate())
    expected = _summary(capsys, f"sqlite:///{demo_db}")
    got = _summary(capsys, database_url)
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        assert got[key] == (pytest.approx(value) if isinstance(value, float) else value), key


def test_every_canonical_table_round_trips(database_url):
    frames = generate()
    write_tables(database_url, frames)
    read = read_tables(database_url)
    assert {name: len(f) for name, f in read.items()} == {n: len(f) for n, f in frames.items()}


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://postgres@127.0.0.1:1/test",
        "mysql+pymysql://root@127.0.0.1:1/test",
    ],
)
def test_unreachable_server_gives_a_readable_message(url):
    with pytest.raises(SourceError, match="Check that the server is running"):
        read_tables(url)
