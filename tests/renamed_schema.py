"""An HR-style copy of the demo organisation whose tables and columns are named differently.

Employees become table `staff`, relationships a view `v_pairings` over table `pairing_data`,
sessions table `meetings` read through a SQL query; the other tables keep their canonical
names. `mapping_toml()` is the dashboard.toml that maps it back onto the canonical model.
"""

from __future__ import annotations

import sqlalchemy as sa

from dashboard.sources.demo import generate
from dashboard.sources.sql_write import write_tables

STAFF = {
    "employee_id": "staff_no",
    "department": "org_unit",
    "manager_id": "line_manager",
    "name": "full_name",
    "job_level": "grade",
    "hire_date": "joined",
    "leave_date": "left_on",
    "eligible": "in_scope",
}
PAIRINGS = {
    "relationship_id": "pairing_id",
    "participant_id": "mentee",
    "kind": "kind",
    "start_date": "started",
    "coach_id": "mentor",
    "programme_id": "programme_id",
    "format": "format",
    "end_date": "ended",
    "status": "status",
    "end_reason": "end_reason",
}
MEETINGS = {
    "session_id": "id",
    "relationship_id": "pairing",
    "session_date": "met_on",
    "status": "status",
    "duration_minutes": "duration_minutes",
}


def _select(columns: dict[str, str], table: str) -> str:
    return f"SELECT {', '.join(f'{c} AS {s}' for c, s in columns.items())} FROM {table}"


def build(url: str, schema: str | None = None) -> None:
    """Write the demo organisation into `url`, then rename employees, relationships and sessions
    into `schema` (the connection's default schema if None) and drop the canonical ones."""
    write_tables(url, generate())

    def named(table: str) -> str:
        return f"{schema}.{table}" if schema else table

    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(f"CREATE TABLE {named('staff')} AS {_select(STAFF, 'employees')}"))
            conn.execute(
                sa.text(f"CREATE TABLE {named('pairing_data')} AS SELECT * FROM relationships")
            )
            view = _select(PAIRINGS, named("pairing_data"))
            conn.execute(sa.text(f"CREATE VIEW {named('v_pairings')} AS {view}"))
            meetings = _select(MEETINGS, "sessions")
            conn.execute(sa.text(f"CREATE TABLE {named('meetings')} AS {meetings}"))
            for table in ("sessions", "relationships", "employees"):
                conn.execute(sa.text(f"DROP TABLE {table}"))
    finally:
        engine.dispose()


def mapping_toml(schema: str | None = None) -> str:
    """dashboard.toml mapping the renamed tables back; one column in other letter case."""
    where = f'schema = "{schema}"\n' if schema else ""
    meetings = f"{schema}.meetings" if schema else "meetings"
    query = (
        "SELECT id, pairing, met_on, status, duration_minutes FROM "
        f"{meetings} WHERE status <> 'no such status'"
    )
    staff = dict(STAFF, department=STAFF["department"].upper())

    def columns(mapping: dict[str, str]) -> str:
        return "\n".join(f'{c} = "{s}"' for c, s in mapping.items() if c != s)

    return f"""
[sql.tables.employees]
table = "staff"
{where}
[sql.tables.employees.columns]
{columns(staff)}

[sql.tables.relationships]
view = "v_pairings"
{where}
[sql.tables.relationships.columns]
{columns(PAIRINGS)}

[sql.tables.sessions]
query = "{query}"

[sql.tables.sessions.columns]
{columns(MEETINGS)}
"""
