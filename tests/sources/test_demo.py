"""The synthetic demo organisation, its planted stories, and the SQL writer that stores it."""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa

from dashboard.schema import ACTIVITY_DATES, TABLES
from dashboard.sources.demo import (
    DEMO_END,
    RESTRUCTURING_MONTH,
    generate,
    planted_managers,
)
from dashboard.sources.sql_write import build_demo_database, write_tables


@pytest.fixture(scope="module")
def demo() -> dict[str, pd.DataFrame]:
    return generate(employees=1500, seed=42)


def _participates(demo: dict[str, pd.DataFrame]) -> pd.Series:
    """Per eligible employee (by id): whether they are the participant of any pairing."""
    eligible = demo["employees"][demo["employees"]["eligible"]]
    taking_part = eligible["employee_id"].isin(demo["relationships"]["participant_id"])
    return pd.Series(taking_part.to_numpy(), index=eligible["employee_id"])


def _monthly_sessions(demo: dict[str, pd.DataFrame], status: str) -> pd.Series:
    sessions = demo["sessions"][demo["sessions"]["status"] == status]
    return sessions.groupby(sessions["session_date"].dt.to_period("M")).size()


def test_same_seed_gives_equal_frames(demo):
    again = generate(employees=1500, seed=42)
    for name in TABLES:
        pd.testing.assert_frame_equal(demo[name], again[name])


def test_another_seed_gives_another_organisation(demo):
    other = generate(employees=1500, seed=7)
    assert not other["employees"].equals(demo["employees"])
    assert not other["sessions"].equals(demo["sessions"])


def test_every_table_has_exactly_the_canonical_columns(demo):
    assert list(demo) == list(TABLES)
    for name, frame in demo.items():
        assert list(frame.columns) == TABLES[name].column_names, name
        assert len(frame) > 0, name


def test_column_types(demo):
    for name, table in TABLES.items():
        frame = demo[name]
        for column in table.columns:
            values = frame[column.name]
            if column.kind == "date":
                assert pd.api.types.is_datetime64_dtype(values), (name, column.name)
                assert (values.dropna() == values.dropna().dt.normalize()).all()
            elif column.kind == "int":
                assert pd.api.types.is_integer_dtype(values), (name, column.name)
            elif column.kind == "bool":
                assert pd.api.types.is_bool_dtype(values), (name, column.name)
            else:
                assert pd.api.types.is_string_dtype(values), (name, column.name)
    for column in ("goal_text", "comment", "description"):
        table = next(n for n, t in TABLES.items() if column in t.column_names)
        assert demo[table][column].notna().all()
    assert demo["feedback"]["satisfaction"].between(1, 5).all()
    assert demo["employees"]["employee_id"].str.fullmatch(r"E\d{5}").all()


def test_primary_keys_are_unique(demo):
    for name, table in TABLES.items():
        assert not demo[name].duplicated(list(table.key)).any(), name


def test_every_reference_resolves(demo):
    for name, table in TABLES.items():
        for column in table.columns:
            if column.references:
                parent, key = column.references.split(".")
                values = demo[name][column.name].dropna()
                assert values.isin(demo[parent][key]).all(), (name, column.name)
    names = demo["departments"]["department_name"]
    assert demo["employees"]["department"].isin(names).all()
    assert demo["obstacles"]["department"].isin(names).all()
    assert demo["departments"]["department_id"].str.fullmatch(r"D\d{2}").all()
    managers = demo["employees"].set_index("employee_id").loc[demo["obstacles"]["manager_id"]]
    assert (managers["department"].to_numpy() == demo["obstacles"]["department"].to_numpy()).all()


def test_nothing_happens_after_the_demo_end(demo):
    for name, columns in ACTIVITY_DATES.items():
        frame = demo[name]
        if name == "sessions":
            frame = frame[frame["status"] != "scheduled"]
        for column in columns:
            assert frame[column].max() <= DEMO_END, (name, column)
    for name, column in (
        ("employees", "hire_date"),
        ("employees", "leave_date"),
        ("enrolments", "registered_date"),
        ("programmes", "start_date"),
    ):
        assert demo[name][column].max() <= DEMO_END, (name, column)
    scheduled = demo["sessions"][demo["sessions"]["status"] == "scheduled"]
    assert len(scheduled) > 0
    assert (scheduled["session_date"] > DEMO_END).all()
    assert (demo["goals"]["target_date"] > DEMO_END).any()


def test_statuses_agree_with_dates(demo):
    goals = demo["goals"]
    closed = goals["status"].isin(["completed", "abandoned"])
    assert (goals["completed_date"].notna() == closed).all()
    assert (goals["completed_date"].dropna() >= goals["set_date"][closed]).all()
    open_goals = goals[~closed]
    assert (open_goals["target_date"] < DEMO_END).any(), "some open goals are overdue"
    relationships = demo["relationships"]
    ended = relationships["status"].isin(["completed", "ended_early"])
    assert (relationships["end_date"].notna() == ended).all()
    assert (relationships["end_reason"] == "mismatch").any()
    obstacles = demo["obstacles"]
    assert (obstacles["resolved_date"].notna() == (obstacles["status"] == "resolved")).all()


def test_a_realistic_organisation(demo):
    employees = demo["employees"]
    assert 7 <= len(demo["departments"]) <= 10
    managers = employees["manager_id"].value_counts()
    assert 120 <= len(managers) <= 200
    assert managers.min() <= 2 and managers.median() >= 4
    assert 0.03 <= (~employees["eligible"]).mean() <= 0.08
    assert employees["leave_date"].notna().any()
    assert 0.35 <= _participates(demo).mean() <= 0.45
    assert set(demo["relationships"]["kind"]) == {"coaching", "mentoring"}
    assert set(demo["obstacles"]["category"]) == set(TABLES["obstacles"].column("category").enum)
    assert demo["relationships"]["coach_id"].isna().any(), "some coaches are external"


def test_operations_has_low_uptake_and_the_most_obstacles(demo):
    taking_part = _participates(demo)
    department = demo["employees"].set_index("employee_id").loc[taking_part.index, "department"]
    operations = taking_part[department.to_numpy() == "Operations"].mean()
    rest = taking_part[department.to_numpy() != "Operations"].mean()
    assert operations < 0.6 * rest

    cells = demo["obstacles"].groupby(["department", "category"]).size()
    assert cells.groupby(level="department").sum().idxmax() == "Operations"
    top_two = cells["Operations"].nlargest(2).index
    assert set(top_two) == {"resistance_to_change", "lack_of_time"}
    assert set(cells.nlargest(2).index) == {
        ("Operations", "resistance_to_change"),
        ("Operations", "lack_of_time"),
    }


def test_planted_managers_have_extreme_teams(demo):
    planted = planted_managers(employees=1500, seed=42)
    employees = demo["employees"]
    taking_part = _participates(demo)
    departments = {}
    for kind in ("under", "over"):
        assert 3 <= len(planted[kind]) <= 4
        for manager in planted[kind]:
            team = employees[(employees["manager_id"] == manager) & employees["eligible"]]
            assert len(team) >= 10, manager
            uptake = taking_part[team["employee_id"]].mean()
            assert uptake <= 0.1 if kind == "under" else uptake >= 0.9, (manager, uptake)
        in_department = employees.set_index("employee_id").loc[planted[kind], "department"]
        departments[kind] = set(in_department)
        assert len(departments[kind]) == len(planted[kind]), "one per department"
    assert departments["under"] & departments["over"], "a same-department peer mentor exists"


def test_restructuring_month_dips(demo):
    held = _monthly_sessions(demo, "held")
    cancelled = _monthly_sessions(demo, "cancelled")
    month = RESTRUCTURING_MONTH
    assert held[month] < 0.6 * (held[month - 1] + held[month + 1]) / 2
    assert cancelled[month] > 3 * (cancelled[month - 1] + cancelled[month + 1]) / 2


def test_august_is_quieter(demo):
    held = _monthly_sessions(demo, "held")
    for august in (pd.Period("2025-08", "M"), pd.Period("2026-08", "M")):
        assert held[august] < min(held[august - 1], held[august + 1])


def test_participants_leave_less_often(demo):
    employees = demo["employees"]
    took_part = employees["employee_id"].isin(demo["relationships"]["participant_id"])
    left = employees["leave_date"].notna()
    assert left[took_part].mean() < 0.75 * left[~took_part].mean()


def test_write_tables_round_trip(demo, tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    counts = write_tables(url, demo)
    assert counts == {name: len(frame) for name, frame in demo.items()}
    engine = sa.create_engine(url)
    try:
        for name, frame in demo.items():
            assert len(pd.read_sql_table(name, engine)) == len(frame), name
    finally:
        engine.dispose()


def test_write_tables_writes_nothing_when_an_insert_fails(demo, tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    write_tables(url, demo)
    broken = {"employees": demo["employees"].head(3), "sessions": demo["sessions"].iloc[[0, 0]]}
    with pytest.raises(sa.exc.IntegrityError):
        write_tables(url, broken)
    engine = sa.create_engine(url)
    try:
        assert len(pd.read_sql_table("employees", engine)) == len(demo["employees"])
    finally:
        engine.dispose()


def test_write_tables_rejects_unknown_tables_and_columns(demo, tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    with pytest.raises(ValueError, match="not canonical tables"):
        write_tables(url, {"people": demo["employees"]})
    with pytest.raises(ValueError, match="not in the canonical model"):
        write_tables(url, {"employees": demo["employees"].assign(shoe_size=42)})


def test_build_demo_database_creates_folders_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "nested" / "data" / "demo.db"
    counts = build_demo_database(str(path), employees=600, seed=3)
    assert [p.name for p in path.parent.iterdir()] == ["demo.db"]
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT COUNT(*) FROM sessions")).scalar_one()
    finally:
        engine.dispose()
    assert rows == counts["sessions"] > 0
