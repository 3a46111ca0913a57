"""Saving an upload into SQLite: upsert by key, idempotent, all or nothing; only the columns the
upload gave; only by those who may save, and never into the source database."""

import os
import sqlite3

import pandas as pd
import pytest
from spreadsheets import EMPLOYEES, RELATIONSHIPS, csv, xlsx

from dashboard.access import Grant
from dashboard.cli import main
from dashboard.errors import SourceError, WriteRefused
from dashboard.sources.sql_import import (
    Supplied,
    canonical_frames,
    import_tables,
    supplied_columns,
)
from dashboard.sources.sql_mapping import SqlSettings
from dashboard.sources.sql_read import SqlSource, read_tables
from dashboard.sources.sql_target import save_target
from dashboard.sources.sql_write import write_tables
from dashboard.sources.upload import UploadedFile, UploadResult, ingest
from dashboard.template import template_workbook

ANALYST = Grant("ana@example.org", "analyst", can_import=True)


def _result(**tables: list) -> UploadResult:
    files = [UploadedFile(f"{name}.csv", csv(rows)) for name, rows in tables.items()]
    result = ingest(files)
    assert result.data is not None, result.report.to_frame()
    return result


def _frames(**tables: list) -> dict[str, pd.DataFrame]:
    return canonical_frames(_result(**tables).data)


def _save(url: str, result: UploadResult, grant: Grant = ANALYST, read_only=()):
    return import_tables(
        url,
        canonical_frames(result.data),
        grant=grant,
        read_only=read_only,
        supplied=supplied_columns(result),
    )


def _import(url: str, frames: dict[str, pd.DataFrame]):
    return import_tables(url, frames, grant=ANALYST, read_only=()).counts


def _rows(path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def test_into_a_new_database_then_again_changes_nothing(tmp_path):
    url = f"sqlite:///{tmp_path}/new/imported.db"
    frames = canonical_frames(ingest([UploadedFile("t.xlsx", template_workbook())]).data)
    first = _import(url, frames)
    assert {t: c.added for t, c in first.items()} == {t: len(f) for t, f in frames.items()}
    before = (tmp_path / "new/imported.db").read_bytes()
    second = _import(url, frames)
    assert all(c.written == 0 for c in second.values())
    assert {t: c.unchanged for t, c in second.items()} == {t: len(f) for t, f in frames.items()}
    assert (tmp_path / "new/imported.db").read_bytes() == before
    read = read_tables(url)
    assert {t: len(f) for t, f in read.items()} == {t: len(f) for t, f in frames.items()}


def test_changed_rows_replace_by_key_new_rows_add_and_others_stay(tmp_path):
    url = f"sqlite:///{tmp_path}/db.sqlite"
    _import(url, _frames(employees=EMPLOYEES, relationships=RELATIONSHIPS))
    staff = [*EMPLOYEES[:3], ("E3", "Finance", "E1", "Cy"), ("E4", "IT", "E1", "Di")]
    counts = _import(url, _frames(employees=staff, relationships=RELATIONSHIPS[:2]))
    assert (counts["employees"].added, counts["employees"].updated) == (1, 1)
    assert counts["employees"].unchanged == 2
    people = dict(_rows(tmp_path / "db.sqlite", "SELECT employee_id, department FROM employees"))
    assert people == {"E1": "Sales", "E2": "Sales", "E3": "Finance", "E4": "IT"}
    # R2 was not in the second upload: an upsert leaves it alone.
    assert len(_rows(tmp_path / "db.sqlite", "SELECT * FROM relationships")) == 2


def test_enrolments_match_on_their_natural_key_with_blank_programmes(tmp_path):
    url = f"sqlite:///{tmp_path}/db.sqlite"
    enrolments = [
        ("employee_id", "role", "status", "programme_id"),
        ("E2", "participant", "registered", None),
        ("E3", "participant", "invited", None),
    ]
    tables = {"employees": EMPLOYEES, "relationships": RELATIONSHIPS, "enrolments": enrolments}
    _import(url, _frames(**tables))
    enrolments[1] = ("E2", "participant", "matched", None)
    counts = _import(url, _frames(**tables))["enrolments"]
    assert (counts.added, counts.updated, counts.unchanged) == (0, 1, 1)
    rows = _rows(tmp_path / "db.sqlite", "SELECT employee_id, status FROM enrolments ORDER BY 1")
    assert rows == [("E2", "matched"), ("E3", "invited")]


def test_a_failure_part_way_writes_nothing(tmp_path):
    url = f"sqlite:///{tmp_path}/db.sqlite"
    _import(url, _frames(employees=EMPLOYEES, relationships=RELATIONSHIPS))
    before = (tmp_path / "db.sqlite").read_bytes()
    frames = _frames(employees=[*EMPLOYEES, ("E9", "HR", None, "Eve")], relationships=RELATIONSHIPS)
    # relationships comes after employees: a NULL in a NOT NULL column fails its insert.
    frames["relationships"] = pd.concat(
        [
            frames["relationships"],
            frames["relationships"].head(1).assign(relationship_id="R9", kind=None),
        ]
    )
    with pytest.raises(SourceError, match="nothing was written"):
        _import(url, frames)
    assert (tmp_path / "db.sqlite").read_bytes() == before
    assert ("E9",) not in _rows(tmp_path / "db.sqlite", "SELECT employee_id FROM employees")


def test_into_the_demo_database_keeps_the_demo(tmp_path):
    from dashboard.sources.demo import generate

    url = f"sqlite:///{tmp_path}/demo.db"
    write_tables(url, generate(employees=500))
    counts = _import(url, _frames(employees=EMPLOYEES, relationships=RELATIONSHIPS))
    assert counts["employees"].added == 3
    assert len(read_tables(url)["employees"]) == 503


def test_unusable_url_and_unknown_tables_are_clear_errors():
    with pytest.raises(SourceError, match="is not usable"):
        _import("nosuchdialect://x", {})
    with pytest.raises(ValueError, match="not canonical tables: staff"):
        _import("sqlite://", {"staff": pd.DataFrame()})


def test_save_target_is_the_upload_setting_else_a_database_apart_from_the_demo(
    monkeypatch, tmp_path
):
    monkeypatch.setenv("DASHBOARD_DEMO_PATH", str(tmp_path / "demo.db"))
    assert save_target({}) == f"sqlite:///{tmp_path / 'uploads.db'}"
    assert save_target({"upload": {"database": "sqlite:///x.db"}}) == "sqlite:///x.db"
    with pytest.raises(ValueError, match=r"\[upload\] database"):
        save_target({"upload": {"database": 5}})


def test_columns_the_upload_lacks_keep_their_stored_values(tmp_path):
    url = f"sqlite:///{tmp_path}/db.sqlite"
    employees = [(*row, "eligible") if i == 0 else (*row, "no") for i, row in enumerate(EMPLOYEES)]
    _save(url, _result(employees=employees, relationships=RELATIONSHIPS))
    # Names changed, no manager_id or eligible column; relationships without coach_id.
    staff = [("employee_id", "department", "name"), ("E1", "Sales", "Ann B"), ("E2", "Sales", "Bo")]
    pairs = [("relationship_id", "participant_id", "kind", "start_date")]
    pairs += [("R1", "E2", "coaching", "2025-03-01")]
    counts = _save(url, _result(employees=staff, relationships=pairs)).counts
    assert (counts["employees"].updated, counts["relationships"].updated) == (2, 1)
    stored = _rows(
        tmp_path / "db.sqlite",
        "SELECT employee_id, name, manager_id, eligible FROM employees ORDER BY 1",
    )
    assert stored == [("E1", "Ann B", None, 0), ("E2", "Bo", "E1", 0), ("E3", "Cy", "E1", 0)]
    pairs_stored = _rows(
        tmp_path / "db.sqlite", "SELECT relationship_id, coach_id, kind FROM relationships"
    )
    assert sorted(pairs_stored) == [("R1", "E1", "coaching"), ("R2", "E1", "coaching")]


def test_a_reference_validation_cleared_keeps_its_stored_value(tmp_path):
    url = f"sqlite:///{tmp_path}/db.sqlite"
    _save(url, _result(employees=EMPLOYEES, relationships=RELATIONSHIPS))
    # Only two employees: E1 (coach of R1, manager of E2 and E3) is not in the upload, so
    # validation clears those references; blanks must not wipe what the database holds.
    staff = [EMPLOYEES[0], EMPLOYEES[2], ("E3", "IT", "E1", "Cyril")]
    result = _result(employees=staff, relationships=RELATIONSHIPS)
    assert supplied_columns(result)["relationships"] == Supplied(
        frozenset({"relationship_id", "participant_id", "kind", "start_date"}),
        frozenset({"coach_id"}),
    )
    _save(url, result)
    assert _rows(tmp_path / "db.sqlite", "SELECT coach_id FROM relationships") == [("E1",)] * 2
    assert _rows(
        tmp_path / "db.sqlite", "SELECT name, manager_id FROM employees WHERE employee_id = 'E3'"
    ) == [("Cyril", "E1")]


def test_a_column_in_only_some_sheets_updates_but_never_blanks(tmp_path):
    url = f"sqlite:///{tmp_path}/db.sqlite"
    _save(url, _result(employees=EMPLOYEES, relationships=RELATIONSHIPS))
    header = ("relationship_id", "participant_id", "coach_id", "kind", "start_date")
    book = xlsx(
        {
            "employees": EMPLOYEES,
            "relationships 2025": [header, ("R1", "E2", "E3", "mentoring", "2025-03-01")],
            "relationships 2026": [
                header[:2] + header[3:],
                ("R2", "E3", "mentoring", "2025-04-01"),
            ],
        }
    )
    result = ingest([UploadedFile("book.xlsx", book)])
    assert supplied_columns(result)["relationships"].some == frozenset({"coach_id"})
    _save(url, result)
    stored = _rows(
        tmp_path / "db.sqlite", "SELECT relationship_id, coach_id, kind FROM relationships"
    )
    assert sorted(stored) == [("R1", "E3", "mentoring"), ("R2", "E1", "mentoring")]


@pytest.mark.parametrize(
    "grant",
    [
        Grant("head@example.org", "department_head", ("Sales",)),
        Grant("ana@example.org", "analyst", can_import=False),
        Grant("ceo@example.org", "executive"),
    ],
)
def test_only_a_grant_that_may_import_writes(tmp_path, grant):
    path = tmp_path / "db.sqlite"
    with pytest.raises(WriteRefused, match="for analysts and administrators"):
        _save(f"sqlite:///{path}", _result(employees=EMPLOYEES, relationships=RELATIONSHIPS), grant)
    assert not path.exists()


def test_the_source_database_is_never_written_however_its_url_is_spelt(tmp_path, monkeypatch):
    source = tmp_path / "data" / "hr.db"
    _import(f"sqlite:///{source}", _frames(employees=EMPLOYEES, relationships=RELATIONSHIPS))
    before = source.read_bytes()
    (tmp_path / "link.db").symlink_to(source)
    monkeypatch.chdir(tmp_path)
    os.link(source, tmp_path / "hard.db")
    result = _result(employees=[*EMPLOYEES, ("E7", "HR", None, "Gus")], relationships=RELATIONSHIPS)
    for spelling in (
        "sqlite:///data/hr.db",
        "sqlite:///./data/../data/hr.db",
        f"sqlite+pysqlite:///{source}",
        f"sqlite:///file:{source}?mode=ro&uri=true",
        "sqlite:///link.db",
        "sqlite:///hard.db",
    ):
        with pytest.raises(WriteRefused, match="never writes"):
            _save(spelling, result, read_only=[f"sqlite:///{source}"])
    assert source.read_bytes() == before


def test_values_too_long_to_save_are_reported_per_row_and_the_rest_saved(tmp_path):
    long_id, long_name = "E" * 65, "N" * 256
    staff = [*EMPLOYEES, (long_id, "IT", None, "Long id"), ("E5", "IT", None, long_name)]
    pairs = [*RELATIONSHIPS, ("R3", long_id, "E1", "coaching", "2025-05-01")]
    result = _result(employees=staff, relationships=pairs)
    issues = result.report.to_frame().set_index(["table", "row"])
    # Spreadsheet rows: the header is row 1.
    assert issues.loc[("employees", 5), "column"] == "employee_id"
    assert issues.loc[("employees", 5), "reason"] == "too long to save: 65 characters, at most 64"
    assert issues.loc[("employees", 6), "column"] == "name"
    assert issues.loc[("employees", 6), "reason"] == "too long to save: 256 characters, at most 255"
    assert issues.loc[("relationships", 4), "column"] == "participant_id"
    url = f"sqlite:///{tmp_path}/db.sqlite"
    counts = _save(url, result).counts
    assert (counts["employees"].added, counts["relationships"].added) == (3, 2)


def test_length_limits_apply_to_uploads_not_to_a_database_that_is_read(tmp_path):
    url = f"sqlite:///{tmp_path}/hr.db"
    _import(url, _frames(employees=EMPLOYEES, relationships=RELATIONSHIPS))
    with sqlite3.connect(tmp_path / "hr.db") as conn:
        conn.execute("UPDATE employees SET name = ? WHERE employee_id = 'E1'", ("N" * 300,))
    loaded = SqlSource(url, SqlSettings()).load()
    data, report = loaded.data, loaded.report
    assert report.rows_rejected == 0
    assert data.employees["name"].str.len().max() == 300


def test_the_import_command_never_writes_the_source_database(tmp_path, monkeypatch, capsys):
    source = tmp_path / "hr.db"
    _import(f"sqlite:///{source}", _frames(employees=EMPLOYEES, relationships=RELATIONSHIPS))
    before = source.read_bytes()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DASHBOARD_DB_URL", f"sqlite:///{source}")
    (tmp_path / "staff.csv").write_bytes(csv([*EMPLOYEES, ("E9", "HR", None, "Eve")]))
    (tmp_path / "matches.csv").write_bytes(csv(RELATIONSHIPS))
    files = ["staff.csv", "matches.csv"]
    assert main(["import", *files, "--db", "sqlite:///./hr.db"]) == 2
    assert "which it never writes" in capsys.readouterr().err
    (tmp_path / "dashboard.toml").write_text('[upload]\ndatabase = "sqlite:///hr.db"\n')
    monkeypatch.setenv("DASHBOARD_CONFIG", str(tmp_path / "dashboard.toml"))
    assert main(["import", *files]) == 2
    assert source.read_bytes() == before
    assert main(["import", *files, "--db", "sqlite:///elsewhere.db"]) == 0
    assert "4 added" in capsys.readouterr().out


def test_a_table_made_before_a_column_was_added_gets_it(tmp_path):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute(
            "CREATE TABLE employees (employee_id VARCHAR(64) PRIMARY KEY, "
            "department VARCHAR(255) NOT NULL, manager_id VARCHAR(64), name VARCHAR(255), "
            "job_level VARCHAR(255), hire_date DATE, leave_date DATE, eligible BOOLEAN)"
        )
        conn.execute("INSERT INTO employees (employee_id, department) VALUES ('E9', 'Ops')")
    staff = [(*r, e) for r, e in zip(EMPLOYEES, ("email", "a@x.org", "b@x.org", None), strict=True)]
    counts = _import(f"sqlite:///{path}", _frames(employees=staff, relationships=RELATIONSHIPS))
    assert counts["employees"].added == 3
    emails = dict(_rows(path, "SELECT employee_id, email FROM employees"))
    assert emails == {"E9": None, "E1": "a@x.org", "E2": "b@x.org", "E3": None}
