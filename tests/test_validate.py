"""Validation: bad rows are reported with table, row, column and reason; good rows load."""

import pandas as pd
import pytest
from fixtures import PERIOD, tiny_tables
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.metrics.summary import headline
from dashboard.schema import TABLES
from dashboard.validate import DataError, validate_tables


def _report(**overrides):
    tables = {**tiny_tables(), **overrides}
    return validate_tables(tables, source="test")


def test_clean_fixture_loads_everything():
    data, report = _report()
    assert report.rows_rejected == 0
    assert len(data.employees) == 9
    assert report.counts["sessions"].loaded == 7
    # The unknown obstacle wording is kept as 'other' with its text, and said so.
    other = data.obstacles.set_index("obstacle_id").loc["O3"]
    assert (other["category"], other["category_text"]) == ("other", "weather")
    assert [i.reason for i in report.issues if i.severity == "warning"] == [
        "unknown obstacle category: loaded as 'other', wording kept"
    ]


def test_department_ids_become_names():
    data, _ = _report()
    assert set(data.employees["department"]) == {"Alpha", "Beta"}
    assert set(data.obstacles["department"]) == {"Alpha", "Beta"}


def test_bad_rows_are_reported_and_good_rows_load():
    sessions = tiny_tables()["sessions"].copy()
    sessions.loc[len(sessions)] = ["S8", "R9", "2025-01-01", "held"]  # unknown relationship
    sessions.loc[len(sessions)] = ["S9", "R1", "not a date", "held"]
    sessions.loc[len(sessions)] = ["S1", "R1", "2025-01-01", "held"]  # duplicate id
    sessions.loc[len(sessions)] = ["S10", "R1", "2025-01-01", "maybe"]
    data, report = _report(sessions=sessions)
    assert len(data.sessions) == 7
    assert report.counts["sessions"].read == 11
    assert report.counts["sessions"].rejected == 4
    found = {(i.row, i.column, i.value, i.reason) for i in report.errors}
    assert (8, "relationship_id", "R9", "no relationships row has this relationship_id") in found
    assert (9, "session_date", "not a date", "not a date") in found
    assert (
        10,
        "session_id",
        "S1",
        "duplicate session_id: an earlier row has the same key",
    ) in found
    assert (11, "status", "maybe", "not one of held, cancelled, no_show, scheduled") in found


def test_out_of_range_score_and_missing_required_value():
    feedback = tiny_tables()["feedback"].copy()
    feedback.loc[0, "satisfaction"] = 9
    feedback.loc[1, "submitted_date"] = None
    _, report = _report(feedback=feedback)
    reasons = {(i.row, i.column, i.reason) for i in report.errors}
    assert (1, "satisfaction", "not a score from 1 to 5") in reasons
    assert (2, "submitted_date", "required value is missing") in reasons


def test_dangling_optional_reference_is_cleared_not_rejected():
    rel = tiny_tables()["relationships"].copy()
    rel.loc[0, "coach_id"] = "NOBODY"
    data, report = _report(relationships=rel)
    assert report.counts["relationships"].rejected == 0
    assert pd.isna(data.relationships.set_index("relationship_id").loc["R1", "coach_id"])
    assert any(i.column == "coach_id" and i.severity == "warning" for i in report.issues)


def test_missing_required_table_raises_with_report():
    tables = tiny_tables()
    del tables["relationships"]
    with pytest.raises(DataError, match="relationships") as err:
        validate_tables(tables, source="test")
    assert any("required table 'relationships'" in i.reason for i in err.value.report.issues)


def test_missing_required_column_names_it():
    emp = tiny_tables()["employees"].drop(columns=["department"])
    with pytest.raises(DataError) as err:
        _report(employees=emp)
    assert any(i.column == "department" for i in err.value.report.issues)


junk = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.integers(-5, 50_000),
    st.sampled_from(["2025-02-30", "31/12/2025", "held", "Done", "R1", "", " "]),
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.tuples(junk, junk, junk, junk), min_size=0, max_size=25))
def test_any_session_rows_are_accounted_for(rows):
    sessions = pd.DataFrame(
        rows, columns=["session_id", "relationship_id", "session_date", "status"], dtype=object
    )
    data, report = _report(sessions=sessions)
    count = report.counts["sessions"]
    assert count.read == len(rows)
    assert count.loaded == len(data.sessions)
    rejected_rows = {i.row for i in report.errors if i.table == "sessions"}
    assert len(rejected_rows) == count.rejected


def test_only_required_columns_load_with_typed_blanks():
    tables = {
        name: frame[[c for c in frame.columns if c in TABLES[name].required_columns]]
        for name, frame in tiny_tables().items()
    }
    data, report = validate_tables(tables, source="test")
    assert report.rows_rejected == 0
    assert data.employees["eligible"].all()  # blank eligibility means yes
    assert data.relationships["end_date"].isna().all()
    assert set(data.relationships["status"]) == {"active"}
    assert data.sessions["status"].eq("held").all()
    # With no dates or eligibility, everyone counts and every pairing is still running.
    kpis = headline(data, PERIOD)
    assert (kpis["participants"], kpis["eligible_headcount"]) == (5, 9)
