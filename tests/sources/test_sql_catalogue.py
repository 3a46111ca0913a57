"""Finding the canonical tables in a database (on SQLite): names, mapped entries, mistakes."""

import sqlite3
import tomllib

import pytest
import renamed_schema

from dashboard.errors import SourceError
from dashboard.schema import TABLES
from dashboard.sources.sql_catalogue import Relation, find_relations
from dashboard.sources.sql_connect import read_only_connection
from dashboard.sources.sql_mapping import SqlSettings, parse_sql_settings


def _settings(text: str) -> SqlSettings:
    return parse_sql_settings(tomllib.loads(text))


def _relations(url: str, *, settings: SqlSettings | None = None) -> dict[str, Relation]:
    with read_only_connection(url) as conn:
        return find_relations(conn, settings or SqlSettings())


def test_the_demo_has_every_table_with_its_dates_stored_as_dates(demo_db):
    relations = _relations(f"sqlite:///{demo_db}")
    assert set(relations) == set(TABLES)
    assert relations["sessions"].dated("session_date")
    assert set(relations["employees"].columns) == set(TABLES["employees"].column_names)


def test_mapped_tables_views_and_queries_are_found_under_their_own_names(renamed_db):
    relations = _relations(renamed_db, settings=_settings(renamed_schema.mapping_toml()))
    assert {"employees", "relationships", "sessions"} <= set(relations)
    employees = relations["employees"]
    assert employees.columns["employee_id"] != "employee_id"  # read from the renamed column
    # A query's column types are unknown, so none of its dates is trusted as a date.
    queried = [r for r in relations.values() if r.source.query is not None]
    assert queried and all(not r.date_typed for r in queried)


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
        _relations(renamed_db, settings=_settings(mapping))


def test_missing_required_tables_say_how_to_fix_it(renamed_db):
    with pytest.raises(SourceError) as caught:
        _relations(renamed_db)
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
        _relations(f"sqlite:///{demo_copy}")
