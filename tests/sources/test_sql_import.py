"""Saving an upload into SQLite: upsert by key, idempotent, all or nothing."""

import sqlite3

import pandas as pd
import pytest
from spreadsheets import EMPLOYEES, RELATIONSHIPS, csv

from dashboard.sources.sql import SourceError, read_tables
from dashboard.sources.sql_import import canonical_frames, import_tables, save_target
from dashboard.sources.sql_write import write_tables
from dashboard.sources.upload import UploadedFile, ingest
from dashboard.template import template_workbook


def _frames(**tables: list) -> dict[str, pd.DataFrame]:
    files = [UploadedFile(f"{name}.csv", csv(rows)) for name, rows in tables.items()]
    result = ingest(files)
    assert result.data is not None, result.report.to_frame()
    return canonical_frames(result.data)


def _rows(path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def test_into_a_new_database_then_again_changes_nothing(tmp_path):
    url = f"sqlite:///{tmp_path}/new/imported.db"
    frames = canonical_frames(ingest([UploadedFile("t.xlsx", template_workbook())]).data)
    first = import_tables(url, frames)
    assert {t: c.added for t, c in first.items()} == {t: len(f) for t, f in frames.items()}
    before = (tmp_path / "new/imported.db").read_bytes()
    second = import_tables(url, frames)
    assert all(c.written == 0 for c in second.values())
    assert {t: c.unchanged for t, c in second.items()} == {t: len(f) for t, f in frames.items()}
    assert (tmp_path / "new/imported.db").read_bytes() == before
    read = read_tables(url)
    assert {t: len(f) for t, f in read.items()} == {t: len(f) for t, f in frames.items()}


def test_changed_rows_replace_by_key_new_rows_add_and_others_stay(tmp_path):
    url = f"sqlite:///{tmp_path}/db.sqlite"
    import_tables(url, _frames(employees=EMPLOYEES, relationships=RELATIONSHIPS))
    staff = [*EMPLOYEES[:3], ("E3", "Finance", "E1", "Cy"), ("E4", "IT", "E1", "Di")]
    counts = import_tables(url, _frames(employees=staff, relationships=RELATIONSHIPS[:2]))
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
    import_tables(url, _frames(**tables))
    enrolments[1] = ("E2", "participant", "matched", None)
    counts = import_tables(url, _frames(**tables))["enrolments"]
    assert (counts.added, counts.updated, counts.unchanged) == (0, 1, 1)
    rows = _rows(tmp_path / "db.sqlite", "SELECT employee_id, status FROM enrolments ORDER BY 1")
    assert rows == [("E2", "matched"), ("E3", "invited")]


def test_a_failure_part_way_writes_nothing(tmp_path):
    url = f"sqlite:///{tmp_path}/db.sqlite"
    import_tables(url, _frames(employees=EMPLOYEES, relationships=RELATIONSHIPS))
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
        import_tables(url, frames)
    assert (tmp_path / "db.sqlite").read_bytes() == before
    assert ("E9",) not in _rows(tmp_path / "db.sqlite", "SELECT employee_id FROM employees")


def test_into_the_demo_database_keeps_the_demo(tmp_path):
    from dashboard.sources.demo import generate

    url = f"sqlite:///{tmp_path}/demo.db"
    write_tables(url, generate(employees=500))
    counts = import_tables(url, _frames(employees=EMPLOYEES, relationships=RELATIONSHIPS))
    assert counts["employees"].added == 3
    assert len(read_tables(url)["employees"]) == 503


def test_unusable_url_and_unknown_tables_are_clear_errors():
    with pytest.raises(SourceError, match="is not usable"):
        import_tables("nosuchdialect://x", {})
    with pytest.raises(ValueError, match="not canonical tables: staff"):
        import_tables("sqlite://", {"staff": pd.DataFrame()})


def test_save_target_is_the_upload_setting_else_the_embedded_database(monkeypatch, tmp_path):
    monkeypatch.setenv("DASHBOARD_DEMO_PATH", str(tmp_path / "demo.db"))
    assert save_target({}) == f"sqlite:///{tmp_path / 'demo.db'}"
    assert save_target({"upload": {"database": "sqlite:///x.db"}}) == "sqlite:///x.db"
    with pytest.raises(ValueError, match=r"\[upload\] database"):
        save_target({"upload": {"database": 5}})


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
    counts = import_tables(
        f"sqlite:///{path}", _frames(employees=staff, relationships=RELATIONSHIPS)
    )
    assert counts["employees"].added == 3
    emails = dict(_rows(path, "SELECT employee_id, email FROM employees"))
    assert emails == {"E9": None, "E1": "a@x.org", "E2": "b@x.org", "E3": None}
