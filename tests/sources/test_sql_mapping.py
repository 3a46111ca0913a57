"""dashboard.toml's [sql] settings: what parses, and mistakes named by their entry."""

import re
import tomllib

import pytest

from dashboard.errors import MappingError
from dashboard.sources.sql_mapping import (
    DEFAULT_MAX_ENTRIES,
    DEFAULT_TTL_SECONDS,
    check_query,
    parse_sql_settings,
    sql_settings,
)


def _parse(text: str):
    return parse_sql_settings(tomllib.loads(text))


def test_no_settings_mean_canonical_tables_and_default_cache():
    settings = _parse("")
    assert (settings.ttl_seconds, settings.max_entries) == (
        DEFAULT_TTL_SECONDS,
        DEFAULT_MAX_ENTRIES,
    )
    assert settings.history_months is None and settings.reader == "auto"
    source = settings.table_source("employees")
    assert (source.table, source.schema, source.mapped) == ("employees", None, False)


def test_table_view_and_query_with_schemas_and_columns():
    settings = _parse(
        """
        [sql]
        schema = "programme"
        ttl_seconds = 60
        max_entries = 2
        history_months = 36
        reader = "sqlalchemy"
        [sql.tables.employees]
        table = "staff"
        schema = "hr"
        columns = { employee_id = "staff_no" }
        [sql.tables.relationships]
        view = "v_pairings"
        [sql.tables.sessions]
        query = "SELECT * FROM meetings"
        """
    )
    assert (settings.ttl_seconds, settings.max_entries, settings.history_months) == (60, 2, 36)
    staff = settings.table_source("employees")
    assert (staff.table, staff.schema, staff.describe()) == ("staff", "hr", "hr.staff")
    assert staff.source_column("employee_id") == "staff_no"
    assert staff.source_column("department") == "department"
    assert settings.table_source("relationships").describe() == "programme.v_pairings"
    assert settings.table_source("sessions").query == "SELECT * FROM meetings"
    assert settings.table_source("goals").schema == "programme"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[sql.tables.staff]\ntable = "x"',
            r"\[sql.tables.staff\]: 'staff' is not a canonical table",
        ),
        (
            '[sql.tables.employees.columns]\ndept = "x"',
            r"\[sql.tables.employees.columns\]: 'dept' is not a column of employees",
        ),
        (
            '[sql.tables.employees]\ntable = "a"\nquery = "SELECT 1"',
            r"\[sql.tables.employees\]: give one of table, view or query, not table and query",
        ),
        (
            '[sql.tables.sessions]\nquery = "SELECT 1"\nschema = "hr"',
            r"\[sql.tables.sessions\]: schema applies to a table or view",
        ),
        (
            '[sql.tables.employees]\ntabel = "a"',
            r"\[sql.tables.employees\]: unknown setting 'tabel'",
        ),
        ('[sql.tables.employees]\ntable = ""', r"\[sql.tables.employees\]: table must be"),
        (
            "[sql.tables.employees.columns]\nemployee_id = 3",
            r"\[sql.tables.employees.columns\]: employee_id must be a non-empty text",
        ),
        ("[sql]\nttl_second = 5", r"\[sql\]: unknown setting 'ttl_second'"),
        ("[sql]\nttl_seconds = -1", r"\[sql\]: ttl_seconds must be a whole number ≥ 0"),
        ("[sql]\nmax_entries = 0", r"\[sql\]: max_entries must be a whole number ≥ 1"),
        ("[sql]\nhistory_months = 12", r"\[sql\]: history_months must be a whole number ≥ 24"),
        ('[sql]\nreader = "fast"', r"\[sql\]: reader must be one of auto, sqlalchemy"),
        (
            '[sql.tables.sessions]\nquery = "SELECT 1) x; COMMIT; BEGIN READ WRITE; '
            'CREATE TABLE t (a int); SELECT * FROM (SELECT 1"',
            r"\[sql.tables.sessions\]: a query must be a single SELECT without ';'",
        ),
        (
            '[sql.tables.sessions]\nquery = "SELECT 1 /*! , (SELECT 2) */"',
            r"\[sql.tables.sessions\]: a query may not hold /\*! … \*/ comments",
        ),
    ],
)
def test_mistakes_name_their_entry(text, message):
    with pytest.raises(MappingError, match=message):
        _parse(text)


def test_settings_file_is_read_from_dashboard_config(tmp_path, monkeypatch):
    path = tmp_path / "settings.toml"
    path.write_text('[sql.tables.employees]\ntable = "staff"\n')
    monkeypatch.setenv("DASHBOARD_CONFIG", str(path))
    assert sql_settings().table_source("employees").table == "staff"


def test_the_example_in_docs_databases_parses():
    from conftest import ROOT

    text = (ROOT / "docs" / "DATABASES.md").read_text()
    example = text.split("```toml\n", 1)[1].split("```", 1)[0]
    settings = _parse(example)
    assert settings.table_source("employees").describe() == "hr.staff"
    assert settings.table_source("relationships").describe() == "programme.v_pairings"
    assert "FROM mentoring.meetings" in settings.table_source("sessions").query


@pytest.mark.parametrize(
    ("query", "dialect"),
    [
        ("SELECT a::date AS a FROM t WHERE b <> 'test'", "postgresql"),
        ("WITH x AS (SELECT 1 AS a) SELECT a FROM x UNION ALL SELECT 2", "postgresql"),
        ("SELECT `a` FROM `hr`.`staff`", "mysql"),
        (
            "select id, pairing from mentoring.meetings -- the live ones\nwhere status <> 'x'",
            "sqlite",
        ),
        ("SELECT pairing FROM meetings", "snowflake"),
    ],
)
def test_a_single_select_is_accepted(query, dialect):
    check_query(query, dialect)


@pytest.mark.parametrize(
    ("query", "dialect", "message"),
    [
        ("SELECT 1;", "postgresql", "without ';'"),
        ("SELECT 'a;b' AS a", "postgresql", "without ';'"),
        ("COMMIT", "postgresql", "must be a single SELECT, but this one is COMMIT"),
        ("DELETE FROM sessions", "mysql", "must be a single SELECT, but this one is DELETE"),
        ("VALUES (1)", "postgresql", "must be a single SELECT, but this one is VALUES"),
        ("WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", "postgresql", "holds DELETE"),
        ("SELECT * INTO copy FROM sessions", "postgresql", "SELECT … INTO"),
        ("SELECT * FROM sessions FOR UPDATE", "postgresql", "FOR UPDATE or FOR SHARE"),
        ("SELECT * FROM sessions INTO OUTFILE '/tmp/x'", "mysql", "could not be read"),
        ("SELECT FROM WHERE", "postgresql", "could not be read as a single SELECT"),
    ],
)
def test_anything_but_one_select_is_refused(query, dialect, message):
    with pytest.raises(MappingError, match=re.escape(message)):
        check_query(query, dialect)
