"""`import` into real PostgreSQL and MariaDB servers: idempotent, and all or nothing."""

import uuid
from collections.abc import Iterator

import pandas as pd
import pytest
import sqlalchemy as sa
from conftest import require_in_ci

from dashboard.cli import main
from dashboard.sources.demo import generate
from dashboard.sources.sql import SourceError, read_tables
from dashboard.sources.sql_import import import_tables
from dashboard.template import template_workbook

pytestmark = pytest.mark.database

SERVERS = {
    "postgresql": "postgresql+psycopg://postgres@127.0.0.1:5432",
    "mariadb": "mysql+pymysql://root@127.0.0.1:3306",
}


def _admin_engine(kind: str) -> sa.Engine:
    engine = sa.create_engine(
        f"{SERVERS[kind]}/test", isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5}
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
    name = f"dash_import_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    try:
        yield f"{SERVERS[kind]}/{name}"
    finally:
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


def _counts(url: str) -> dict[str, int]:
    return {name: len(frame) for name, frame in read_tables(url).items()}


def test_import_twice_changes_nothing(database_url, tmp_path, capsys):
    workbook = tmp_path / "demo.xlsx"
    workbook.write_bytes(template_workbook(generate(employees=500)))
    assert main(["import", str(workbook), "--db", database_url]) == 0
    first = _counts(database_url)
    assert first["sessions"] > 1000
    capsys.readouterr()
    assert main(["import", str(workbook), "--db", database_url]) == 0
    out = capsys.readouterr().out
    assert _counts(database_url) == first
    assert out.count(" 0 added        0 updated") == len(first), out


def test_a_failure_part_way_writes_nothing(database_url):
    frames = generate(employees=500)
    import_tables(database_url, frames)
    before = _counts(database_url)
    changed = {
        "employees": frames["employees"].assign(name="Renamed"),
        # A NULL where the column is NOT NULL: the relationships insert fails after the
        # employees were already replaced inside the transaction.
        "relationships": pd.concat(
            [
                frames["relationships"],
                frames["relationships"].head(1).assign(relationship_id="R-new", kind=None),
            ]
        ),
    }
    with pytest.raises(SourceError, match="nothing was written"):
        import_tables(database_url, changed)
    assert _counts(database_url) == before
    names = read_tables(database_url)["employees"]["name"]
    assert not names.eq("Renamed").any()
