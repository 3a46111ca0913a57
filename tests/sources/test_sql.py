"""Reading SQL sources (on SQLite): mapping, read-only connections, the history window, messages."""

import datetime as dt
import json
import shutil
import sqlite3
import tomllib

import pandas as pd
import pytest
import renamed_schema
import sqlalchemy as sa

from dashboard.cli import main
from dashboard.errors import DataError, SourceError
from dashboard.filtering import select
from dashboard.metrics.participation import uptake_funnel
from dashboard.metrics.risks import at_risk_relationships
from dashboard.metrics.summary import headline, headline_with_previous
from dashboard.metrics.trend import monthly_trend
from dashboard.model import Filters
from dashboard.period import default_period
from dashboard.sources.sql_connect import read_only_engine
from dashboard.sources.sql_mapping import SqlSettings, parse_sql_settings
from dashboard.sources.sql_read import load_sql, read_source, read_tables
from dashboard.validate import validate_tables


def _summary(data) -> dict:
    start, end = default_period(data)
    return headline_with_previous(data, Filters(start, end))


def _settings(text: str) -> SqlSettings:
    return parse_sql_settings(tomllib.loads(text))


@pytest.fixture(scope="module")
def renamed_db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("renamed") / "hr.db"
    renamed_schema.build(f"sqlite:///{path}")
    return f"sqlite:///{path}"


@pytest.fixture
def demo_copy(demo_db, tmp_path) -> str:
    """A copy of the demo database that a test may change."""
    path = tmp_path / "copy.db"
    shutil.copy(demo_db, path)
    return str(path)


def test_mapping_reads_renamed_tables_views_and_queries_as_the_demo(renamed_db, demo_db):
    settings = _settings(renamed_schema.mapping_toml())
    mapped, report = load_sql(renamed_db, settings=settings)
    expected, _ = load_sql(f"sqlite:///{demo_db}", settings=SqlSettings())
    assert report.rows_rejected == 0
    assert _summary(mapped) == _summary(expected)


def test_cli_reads_the_mapping_from_dashboard_toml(
    renamed_db, demo_db, tmp_path, monkeypatch, capsys
):
    def summary(url: str) -> dict:
        capsys.readouterr()
        assert main(["summary", "--db", url, "--json"]) == 0
        return json.loads(capsys.readouterr().out)

    expected = summary(f"sqlite:///{demo_db}")
    path = tmp_path / "dashboard.toml"
    path.write_text(renamed_schema.mapping_toml())
    monkeypatch.setenv("DASHBOARD_CONFIG", str(path))
    assert summary(renamed_db) == expected


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        (
            '[sql.tables.employees]\ntable = "personnel"',
            r"dashboard.toml \[sql.tables.employees\]: there is no table or view personnel"
            r".*Tables and views there: .*staff",
        ),
        (
            '[sql.tables.employees]\ntable = "staff"\n[sql.tables.employees.columns]\n'
            'employee_id = "staff_no"\ndepartment = "dept"',
            r'\[sql.tables.employees.columns\]: department = "dept", but staff has no column dept'
            r".*Its columns: .*org_unit",
        ),
        (
            '[sql.tables.employees]\ntable = "staff"\n[sql.tables.employees.columns]\n'
            'employee_id = "staff_no"',
            r"staff \(employees\) has no column for the required canonical column\(s\) "
            r'department.*\[sql.tables.employees.columns\], e.g. department = "<your column>"',
        ),
        (
            '[sql.tables.sessions]\nquery = "SELECT x FROM nowhere"',
            r"dashboard.toml \[sql.tables.sessions\]: the query failed: no such table: nowhere",
        ),
        (
            '[sql.tables.employees]\ntable = "staff"\nschema = "hr"',
            r"dashboard.toml \[sql.tables.employees\]: the database has no schema 'hr'",
        ),
    ],
)
def test_mapping_mistakes_found_in_the_database_name_the_entry(renamed_db, mapping, message):
    with pytest.raises(SourceError, match=message):
        read_tables(renamed_db, settings=_settings(mapping))


def test_missing_required_tables_say_how_to_fix_it(renamed_db):
    with pytest.raises(SourceError) as caught:
        read_tables(renamed_db)
    message = str(caught.value)
    assert "required table(s) missing or unusable: employees, relationships" in message
    assert "map your tables in dashboard.toml [sql.tables.<name>]" in message
    assert "staff" in message and "v_pairings" in message


def test_missing_required_column_without_mapping_is_named(demo_copy):
    with sqlite3.connect(demo_copy) as conn:
        conn.execute("ALTER TABLE employees RENAME COLUMN department TO unit")
    with pytest.raises(
        SourceError, match=r"employees \(employees\) has no column for the required"
    ):
        read_tables(f"sqlite:///{demo_copy}")


def test_wrong_types_name_the_table_column_and_problem(demo_copy):
    with sqlite3.connect(demo_copy) as conn:
        conn.execute("UPDATE relationships SET start_date = 'soon'")
    with pytest.raises(DataError) as caught:
        load_sql(f"sqlite:///{demo_copy}")
    message = str(caught.value)
    assert message.startswith("every row of relationships was rejected")
    assert "relationships.start_date: not a date (646 rows)" in message


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


def _windowed(url: str, since: dt.date):
    return validate_tables(read_tables(url, since=since), source="windowed")[0]


def test_history_window_leaves_out_rows_but_changes_no_figure_inside_it(demo_db):
    url = f"sqlite:///{demo_db}"
    full, _ = load_sql(url, settings=SqlSettings())
    since = dt.date(2025, 11, 1)
    windowed = _windowed(url, since)
    # The window really cuts (pairings that ended before it): else this test proves nothing.
    assert len(windowed.sessions) < len(full.sessions) - 300
    assert len(windowed.goals) < len(full.goals) and len(windowed.feedback) < len(full.feedback)
    for name in ("employees", "relationships", "obstacles", "enrolments"):
        assert len(windowed.table(name)) == len(full.table(name)), name
    # A period whose previous period also lies in the window: every KPI and its change.
    recent = Filters(dt.date(2026, 6, 1), dt.date(2026, 10, 31))
    assert recent.previous().start >= since
    assert headline_with_previous(windowed, recent) == headline_with_previous(full, recent)
    # The first period the window covers: the figures of the period itself.
    for filters in (recent, Filters(since, dt.date(2026, 1, 31))):
        assert headline(windowed, filters) == headline(full, filters)
        for metric in (at_risk_relationships, monthly_trend, uptake_funnel):
            pd.testing.assert_frame_equal(
                metric(select(windowed, filters), filters.start, filters.end),
                metric(select(full, filters), filters.start, filters.end),
            )


def test_open_goals_and_running_pairings_keep_their_history(demo_copy):
    url = f"sqlite:///{demo_copy}"
    with sqlite3.connect(demo_copy) as conn:
        conn.execute(
            "UPDATE goals SET set_date = '2024-12-01', target_date = '2025-01-01', "
            "completed_date = NULL, status = 'in_progress' WHERE goal_id = (SELECT MIN(goal_id) "
            "FROM goals)"
        )
        old_open = conn.execute("SELECT MIN(goal_id) FROM goals").fetchone()[0]
        running = conn.execute(
            "SELECT relationship_id FROM relationships WHERE end_date IS NULL "
            "AND start_date < '2025-06-01' LIMIT 1"
        ).fetchone()[0]
    windowed = _windowed(url, dt.date(2025, 11, 1))
    assert old_open in set(windowed.goals["goal_id"])
    full, _ = load_sql(url, settings=SqlSettings())
    kept = windowed.sessions[windowed.sessions["relationship_id"] == running]
    assert len(kept) == (full.sessions["relationship_id"] == running).sum()


def test_configured_history_equals_the_full_load_on_the_demo(demo_db):
    url = f"sqlite:///{demo_db}"
    windowed = read_source(url, settings=SqlSettings(history_months=24))
    full, _ = load_sql(url, settings=SqlSettings())
    assert windowed.history_from == dt.date(2024, 11, 1)
    assert _summary(windowed.data) == _summary(full)


def test_history_window_falls_back_to_everything_when_validation_moves_the_latest_date(demo_copy):
    # A far-future session that validation rejects (its pairing does not exist) makes the
    # database's latest date wrong; the window would then miss part of the default period.
    with sqlite3.connect(demo_copy) as conn:
        conn.execute(
            "INSERT INTO sessions (session_id, relationship_id, session_date, status) "
            "VALUES ('S-ghost', 'R-none', '2030-01-01', 'held')"
        )
    loaded = read_source(f"sqlite:///{demo_copy}", settings=SqlSettings(history_months=24))
    assert loaded.history_from is None
    assert len(loaded.data.sessions) == loaded.report.counts["sessions"].loaded


def test_closed_port_is_a_readable_cli_error(capsys):
    code = main(["summary", "--db", "postgresql+psycopg://postgres@127.0.0.1:1/test"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: Cannot reach the database server at 127.0.0.1:1")
    assert "Traceback" not in err


def test_demo_into_a_closed_port_is_a_readable_cli_error(capsys):
    code = main(["demo", "--db", "mysql+pymysql://root@127.0.0.1:1/test"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: Cannot reach the database server at 127.0.0.1:1")


def test_unknown_dialect_and_garbage_urls_are_readable():
    with pytest.raises(SourceError, match="Install the SQLAlchemy dialect and driver"):
        read_tables("snowflake://someone@account/db")
    with pytest.raises(SourceError, match="not one SQLAlchemy understands"):
        read_tables("not a url")
