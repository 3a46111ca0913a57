"""Real PostgreSQL and MariaDB servers: the demo reads back the same, connections are read-only,
failures are readable, and a differently named schema maps onto the canonical model."""

import datetime as dt
import json
import tomllib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import pytest
import renamed_schema
import sqlalchemy as sa
from conftest import require_in_ci

from dashboard.cli import main
from dashboard.errors import MappingError, SourceError
from dashboard.metrics.summary import headline_with_previous
from dashboard.model import Filters
from dashboard.sources import sql_catalogue
from dashboard.sources.demo import generate
from dashboard.sources.sql_connect import arrow_reader, read_only_engine
from dashboard.sources.sql_mapping import SqlSettings, TableSource, parse_sql_settings
from dashboard.sources.sql_read import SqlSource, read_tables
from dashboard.sources.sql_write import write_tables
from dashboard.validate import validate_tables

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


def _kind(url: str) -> str:
    return "postgresql" if url.startswith("postgresql") else "mariadb"


def _drop_database(admin: sa.Engine, kind: str, name: str) -> None:
    with admin.connect() as conn:
        if kind == "postgresql":
            conn.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name}"))


@contextmanager
def _own_database(kind: str) -> Iterator[str]:
    """A database of its own on the real server (and on MariaDB a second one, `<name>_hr`, for
    schema tests), dropped afterwards."""
    admin = _admin_engine(kind)
    name = f"dash_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    try:
        yield f"{SERVERS[kind]}/{name}"
    finally:
        _drop_database(admin, kind, name)
        if kind == "mariadb":
            _drop_database(admin, kind, f"{name}_hr")
        admin.dispose()


@pytest.fixture(params=list(SERVERS))
def database_url(request) -> Iterator[str]:
    with _own_database(request.param) as url:
        yield url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    with _own_database("postgresql") as url:
        yield url


def _summary(capsys, url: str, *args: str) -> dict:
    capsys.readouterr()
    assert main(["summary", "--db", url, "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def _assert_same(got: dict, expected: dict) -> None:
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        assert got[key] == (pytest.approx(value) if isinstance(value, float) else value), key


def test_demo_command_writes_a_database_whose_summary_equals_sqlite_demo(
    database_url, demo_db, capsys
):
    capsys.readouterr()
    assert main(["demo", "--db", database_url]) == 0
    assert "1500 employees" in capsys.readouterr().out
    expected = _summary(capsys, f"sqlite:///{demo_db}")
    _assert_same(_summary(capsys, database_url), expected)


def test_every_reader_reads_the_same(database_url, demo_db):
    write_tables(database_url, generate())
    expected = SqlSource(f"sqlite:///{demo_db}", SqlSettings()).load().data
    filters = Filters(dt.date(2025, 11, 1), dt.date(2026, 10, 31))
    for reader in ("auto", "sqlalchemy"):
        loaded = SqlSource(database_url, SqlSettings(reader=reader)).load()
        data, report = loaded.data, loaded.report
        assert report.rows_rejected == 0
        _assert_same(
            headline_with_previous(data, filters), headline_with_previous(expected, filters)
        )


def test_every_canonical_table_round_trips(database_url):
    frames = generate()
    write_tables(database_url, frames)
    read = read_tables(database_url)
    assert {name: len(f) for name, f in read.items()} == {n: len(f) for n, f in frames.items()}


WRITES = [
    "INSERT INTO departments (department_id, department_name) VALUES ('X', 'X')",
    "UPDATE employees SET name = 'changed'",
    "DELETE FROM obstacles",
    "CREATE TABLE written (a INTEGER)",
    "DROP TABLE goals",
]


def test_the_apps_connection_refuses_every_write(database_url):
    write_tables(database_url, generate(employees=500))
    engine = read_only_engine(database_url)
    try:
        for statement in WRITES:
            with engine.connect() as conn, pytest.raises(sa.exc.DBAPIError) as refused:
                conn.execute(sa.text(statement))
            assert "read-only transaction" in str(refused.value).replace("READ ONLY", "read-only")
    finally:
        engine.dispose()
    assert {n: len(f) for n, f in read_tables(database_url).items()}["obstacles"] > 0


# A mapped query that ends the read-only transaction and opens a writing one.
BREAK_OUT = {
    "postgresql": "SELECT * FROM sessions) AS x; COMMIT; BEGIN READ WRITE; "
    "CREATE TABLE written (a INTEGER); COMMIT; SELECT * FROM (SELECT * FROM sessions",
    "mariadb": "SELECT * FROM sessions) AS x; COMMIT; START TRANSACTION READ WRITE; "
    "CREATE TABLE written (a INTEGER); COMMIT; SELECT * FROM (SELECT * FROM sessions",
}


def _tables(url: str) -> list[str]:
    engine = sa.create_engine(url)
    try:
        return sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_a_mapped_query_that_breaks_out_of_read_only_creates_nothing(database_url, monkeypatch):
    write_tables(database_url, generate(employees=500))
    attack = BREAK_OUT[_kind(database_url)]
    with pytest.raises(MappingError, match="a query must be a single SELECT without ';'"):
        parse_sql_settings(tomllib.loads(f'[sql.tables.sessions]\nquery = """{attack}"""'))
    mapped = SqlSettings(tables={"sessions": TableSource("sessions", query=attack, mapped=True)})
    for reader in ("auto", "sqlalchemy"):
        with pytest.raises(SourceError, match="a query must be a single SELECT"):
            read_tables(database_url, settings=replace(mapped, reader=reader))
    # Past the check (as if it had a hole), the connection still runs one statement per call.
    monkeypatch.setattr(sql_catalogue, "check_query", lambda query, dialect: None)
    for reader in ("auto", "sqlalchemy"):
        with pytest.raises(SourceError, match="the query failed"):
            read_tables(database_url, settings=replace(mapped, reader=reader))
    assert "written" not in _tables(database_url)


def test_a_select_whose_function_writes_is_refused_by_the_server(database_url):
    """No parser sees inside a function: the read-only transaction is what stops it."""
    write_tables(database_url, generate(employees=500))
    before = len(read_tables(database_url)["obstacles"])
    engine = sa.create_engine(database_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if _kind(database_url) == "postgresql":
            conn.exec_driver_sql(
                "CREATE FUNCTION wipe() RETURNS integer LANGUAGE sql AS "
                "$$ DELETE FROM obstacles; SELECT 1 $$"
            )
        else:
            conn.exec_driver_sql(
                "CREATE FUNCTION wipe() RETURNS integer MODIFIES SQL DATA "
                "BEGIN DELETE FROM obstacles; RETURN 1; END"
            )
    engine.dispose()
    query = "SELECT * FROM sessions WHERE wipe() = 1"
    mapped = SqlSettings(tables={"sessions": TableSource("sessions", query=query, mapped=True)})
    for reader in ("auto", "sqlalchemy"):
        with pytest.raises(SourceError, match=r"(?i)read.only transaction"):
            read_tables(database_url, settings=replace(mapped, reader=reader))
    assert len(read_tables(database_url)["obstacles"]) == before


def test_the_apps_connection_stays_read_only_after_a_commit(database_url):
    write_tables(database_url, generate(employees=500))
    engine = read_only_engine(database_url)
    try:
        with engine.connect() as conn:
            if _kind(database_url) == "postgresql":
                assert conn.exec_driver_sql("SHOW default_transaction_read_only").scalar() == "on"
                assert conn.exec_driver_sql("SHOW transaction_read_only").scalar() == "on"
            conn.exec_driver_sql("COMMIT")
            with pytest.raises(sa.exc.DBAPIError, match=r"(?i)read.only"):
                conn.exec_driver_sql("CREATE TABLE written (a INTEGER)")
        with engine.connect() as conn, pytest.raises(sa.exc.DBAPIError):
            conn.exec_driver_sql("SELECT 1; SELECT 2")
    finally:
        engine.dispose()
    assert "written" not in _tables(database_url)


def test_the_arrow_reader_refuses_writes_on_postgresql(postgres_url):
    write_tables(postgres_url, generate(employees=500))
    with arrow_reader(sa.make_url(postgres_url), SqlSettings()) as arrow:
        assert arrow is not None
        for statement in WRITES:
            with arrow.cursor() as cursor, pytest.raises(Exception, match="read-only"):
                cursor.execute(statement)
            arrow.rollback()


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://postgres@127.0.0.1:1/test",
        "mysql+pymysql://root@127.0.0.1:1/test",
    ],
)
def test_unreachable_server_gives_a_readable_message(url):
    with pytest.raises(SourceError, match=r"Cannot reach the database server at 127.0.0.1:1 .*"):
        read_tables(url)


def test_unknown_database_is_named(database_url):
    url = f"{SERVERS[_kind(database_url)]}/no_such_database_here"
    with pytest.raises(SourceError, match="has no database named 'no_such_database_here'"):
        read_tables(url)


def test_refused_login_names_the_user(database_url):
    # PostgreSQL trusts every local login here, so a role that does not exist stands in for a
    # wrong password; MariaDB's root has no password, so giving one is wrong.
    name = database_url.rsplit("/", 1)[1]
    url = {
        "postgresql": f"postgresql+psycopg://nobody_{name}@127.0.0.1:5432/{name}",
        "mariadb": f"mysql+pymysql://root:wrong-password@127.0.0.1:3306/{name}",
    }[_kind(database_url)]
    user = "nobody_" + name if _kind(database_url) == "postgresql" else "root"
    with pytest.raises(SourceError, match=rf"refused the login of user '{user}'") as caught:
        read_tables(url)
    assert "wrong-password" not in str(caught.value)


def test_a_user_without_select_is_told_what_to_grant(postgres_url):
    write_tables(postgres_url, generate(employees=500))
    role = f"noread_{uuid.uuid4().hex[:8]}"
    admin = _admin_engine("postgresql")
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE ROLE {role} LOGIN"))
    url = postgres_url.replace("postgres@", f"{role}@", 1)
    try:
        for reader in ("auto", "sqlalchemy"):
            with pytest.raises(SourceError, match=rf"user '{role}' may not read departments"):
                read_tables(url, settings=SqlSettings(reader=reader))
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f"DROP ROLE {role}"))
        admin.dispose()


def test_empty_database_says_which_tables_to_create(database_url):
    with pytest.raises(
        SourceError, match=r"required table.* missing.*Create views with these names"
    ):
        read_tables(database_url)


def test_renamed_schema_maps_onto_the_canonical_model(database_url, demo_db, capsys):
    kind = _kind(database_url)
    schema = "hr" if kind == "postgresql" else database_url.rsplit("/", 1)[1] + "_hr"
    engine = sa.create_engine(database_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f"CREATE {'SCHEMA' if kind == 'postgresql' else 'DATABASE'} {schema}"))
    engine.dispose()
    renamed_schema.build(database_url, schema)
    settings = parse_sql_settings(tomllib.loads(renamed_schema.mapping_toml(schema)))
    loaded = SqlSource(database_url, settings).load()
    mapped, report = loaded.data, loaded.report
    expected = SqlSource(f"sqlite:///{demo_db}", SqlSettings()).load().data
    filters = Filters(dt.date(2025, 11, 1), dt.date(2026, 10, 31))
    assert report.rows_rejected == 0
    _assert_same(headline_with_previous(mapped, filters), headline_with_previous(expected, filters))
    wrong = parse_sql_settings(
        tomllib.loads(renamed_schema.mapping_toml(schema).replace('"ORG_UNIT"', '"unit"', 1))
    )
    with pytest.raises(SourceError, match=r"\[sql.tables.employees.columns\]: department = "):
        read_tables(database_url, settings=wrong)


def test_history_window_is_pushed_into_sql_and_changes_no_figure(database_url):
    write_tables(database_url, generate())
    full = SqlSource(database_url, SqlSettings()).load().data
    since = dt.date(2025, 11, 1)
    windowed, _ = validate_tables(read_tables(database_url, since=since), source="windowed")
    assert len(windowed.sessions) < len(full.sessions) - 300
    recent = Filters(dt.date(2026, 6, 1), dt.date(2026, 10, 31))
    assert headline_with_previous(windowed, recent) == headline_with_previous(full, recent)
