"""Where saving may write: the same database is recognised however its URL is written, and
only grants that may import pass."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.access import LOCAL_GRANT, Grant
from dashboard.sources.sql_target import refusal, same_database

PG = "postgresql+psycopg://reader:secret@db.example.org:5432/hr"


@pytest.mark.parametrize(
    "other",
    [
        "postgresql://writer@db.example.org/hr",
        "postgresql+psycopg2://etl:other@DB.example.org.:5432/HR",
        "postgresql+psycopg://db.example.org/hr?sslmode=require&options=-c%20x%3Dy",
    ],
)
def test_the_same_server_database_however_written(other):
    assert same_database(PG, other)


@pytest.mark.parametrize(
    "other",
    [
        "postgresql://writer@db.example.org/hr_copy",
        "postgresql://writer@db.example.org:5433/hr",
        "mysql+pymysql://writer@db.example.org:5432/hr",
        "sqlite:///hr.db",
    ],
)
def test_another_database_is_another(other):
    assert not same_database(PG, other)


@pytest.mark.parametrize(
    "a,b",
    [
        ("postgresql://u@localhost/hr", "postgresql+psycopg://v@127.0.0.1:5432/hr"),
        ("postgresql://u@[::1]/hr", "postgresql://u@localhost/hr"),
        ("postgresql://u@/hr?host=/var/run/postgresql", "postgresql://u@127.0.0.1/hr"),
        ("mysql+pymysql://root@localhost/hr", "mariadb+pymysql://etl@127.0.0.1:3306/hr"),
    ],
)
def test_this_machine_is_one_host(a, b):
    assert same_database(a, b)


def test_sqlite_paths_are_compared_as_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "hr.db").write_bytes(b"")
    absolute = f"sqlite:///{tmp_path}/data/hr.db"
    assert same_database("sqlite:///data/hr.db", absolute)
    assert same_database("sqlite:///data/./x/../hr.db", absolute)
    assert same_database(f"sqlite:///file:{tmp_path}/data/hr.db?mode=ro&uri=true", absolute)
    assert same_database("sqlite:///data/not-yet.db", f"sqlite:///{tmp_path}/data/not-yet.db")
    assert not same_database("sqlite:///data/other.db", absolute)
    assert not same_database("sqlite://", "sqlite://")


@settings(deadline=None)
@given(
    user=st.text(alphabet="abcdefghij_", min_size=1, max_size=8),
    password=st.text(alphabet="abcXYZ123!$", min_size=1, max_size=12),
    driver=st.sampled_from(["", "+psycopg", "+psycopg2", "+pg8000"]),
)
def test_users_passwords_and_drivers_do_not_make_another_database(user, password, driver):
    assert same_database(PG, f"postgresql{driver}://{user}:{password}@db.example.org/hr")


def test_refusal_names_the_reason():
    source = "sqlite:////srv/hr.db"
    head = Grant("head@example.org", "department_head", ("Sales",))
    assert "for analysts and administrators" in refusal(head, "sqlite:////srv/up.db", [source])
    assert refusal(LOCAL_GRANT, "sqlite:////srv/up.db", [source]) is None
    assert "never writes" in refusal(LOCAL_GRANT, "sqlite:////srv/./hr.db", [source])
    assert "secret" not in refusal(LOCAL_GRANT, PG, [PG.replace("reader", "x")])
