"""`import` into real PostgreSQL and MariaDB servers: idempotent, all or nothing, only the
columns the upload gave, and ids MariaDB cannot tell apart reported per row."""

import uuid
from collections.abc import Iterator

import pandas as pd
import pytest
import sqlalchemy as sa
from conftest import require_in_ci
from spreadsheets import EMPLOYEES, RELATIONSHIPS, csv

from dashboard.access import Grant
from dashboard.cli import main
from dashboard.errors import SourceError
from dashboard.sources.demo import generate
from dashboard.sources.sql_import import canonical_frames, import_tables, supplied_columns
from dashboard.sources.sql_read import read_tables
from dashboard.sources.upload import UploadedFile, ingest

ANALYST = Grant("ana@example.org", "analyst", can_import=True)

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


def test_import_twice_changes_nothing(database_url, tmp_path, capsys, demo_workbook_500):
    workbook = tmp_path / "demo.xlsx"
    workbook.write_bytes(demo_workbook_500)
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
    import_tables(database_url, frames, grant=ANALYST, read_only=())
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
        import_tables(database_url, changed, grant=ANALYST, read_only=())
    assert _counts(database_url) == before
    names = read_tables(database_url)["employees"]["name"]
    assert not names.eq("Renamed").any()


def _upload(url: str, **tables: list):
    result = ingest([UploadedFile(f"{name}.csv", csv(rows)) for name, rows in tables.items()])
    frames = canonical_frames(result.data)
    supplied = supplied_columns(result)
    return import_tables(url, frames, grant=ANALYST, read_only=(), supplied=supplied)


def test_ids_differing_only_in_case_are_reported_per_row(database_url):
    _upload(database_url, employees=EMPLOYEES, relationships=RELATIONSHIPS)
    staff = [
        *EMPLOYEES,
        ("e2", "IT", None, "Eve"),
        ("X1", "IT", None, "Xi"),
        ("x1", "IT", None, "xi"),
    ]
    pairs = [
        *RELATIONSHIPS,
        ("R3", "e2", None, "coaching", "2025-05-01"),
        ("R4", "X1", None, "coaching", "2025-05-01"),
    ]
    first = _upload(database_url, employees=staff, relationships=pairs)
    second = _upload(database_url, employees=staff, relationships=pairs)
    ids = set(read_tables(database_url)["employees"]["employee_id"])
    pairings = set(read_tables(database_url)["relationships"]["relationship_id"])
    if "mysql" not in database_url:
        assert not first.skipped and ids == {"E1", "E2", "E3", "e2", "X1", "x1"}
        return
    reasons = {(i.table, i.value): i.reason for i in first.skipped}
    assert set(reasons) == {("employees", "e2"), ("employees", "x1"), ("relationships", "e2")}
    assert "cannot tell it from 'E2', already in the database" in reasons[("employees", "e2")]
    assert "cannot tell it from 'X1', earlier in the upload" in reasons[("employees", "x1")]
    assert "the employees row it refers to was not saved" in reasons[("relationships", "e2")]
    assert (first.counts["employees"].added, first.counts["relationships"].added) == (1, 1)
    assert ids == {"E1", "E2", "E3", "X1"} and pairings == {"R1", "R2", "R4"}
    assert {(i.table, i.value) for i in second.skipped} == set(reasons)
    assert all(c.written == 0 for c in second.counts.values())


def test_columns_the_upload_lacks_keep_their_stored_values(database_url):
    _upload(database_url, employees=EMPLOYEES, relationships=RELATIONSHIPS)
    pairs = [("relationship_id", "participant_id", "kind", "start_date")]
    pairs += [("R1", "E2", "coaching", "2025-03-01")]
    counts = _upload(database_url, employees=EMPLOYEES, relationships=pairs).counts
    assert counts["relationships"].updated == 1
    stored = read_tables(database_url)["relationships"].set_index("relationship_id")
    assert stored.loc["R1", "kind"] == "coaching"
    assert stored["coach_id"].tolist() == ["E1", "E1"]
