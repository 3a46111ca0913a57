"""Validation: bad rows are reported with table, row, column and reason; good rows load."""

import pandas as pd
import pytest
from fixtures import PERIOD, tiny_tables
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.errors import DataError
from dashboard.metrics.summary import headline
from dashboard.schema import TABLES
from dashboard.validate import validate_tables


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


def test_departments_without_usable_names_keep_their_ids_without_a_pandas_warning(recwarn):
    departments = tiny_tables()["departments"].copy()
    departments["department_name"] = None
    data, _ = _report(departments=departments)
    assert {"A", "B"} <= set(data.employees["department"])
    assert not [w for w in recwarn if "fill value" in str(w.message)]


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


def test_blank_like_text_in_optional_columns_is_blank_with_one_warning():
    rel = tiny_tables()["relationships"].copy()
    rel.loc[0, "coach_id"] = "N/A"
    rel.loc[1, "end_date"] = "0000-00-00"
    rel.loc[1, "status"] = "#N/A"
    rel.loc[2, "end_reason"] = "-"
    rel.loc[3, "format"] = "null"
    data, report = _report(relationships=rel)
    assert report.counts["relationships"].rejected == 0
    r1 = data.relationships.set_index("relationship_id").loc["R1"]
    assert pd.isna(r1["coach_id"])
    warnings = {i.column: i.reason for i in report.issues if i.table == "relationships"}
    assert warnings["coach_id"] == "1 value(s) such as 'N/A' mean 'no value': read as blank"
    assert "'0000-00-00'" in warnings["end_date"]
    # In a required column it is still a missing value, and the report shows what was there.
    rel.loc[4, "start_date"] = "n/a"
    _, report = _report(relationships=rel)
    assert (5, "start_date", "n/a", "required value is missing") in {
        (i.row, i.column, i.value, i.reason) for i in report.errors
    }


def test_a_row_rejected_because_its_parent_was_says_which_row_to_look_at():
    rel = tiny_tables()["relationships"].copy()
    rel.loc[1, "start_date"] = "someday"  # R2 (row 2) is rejected
    _, report = _report(relationships=rel)
    children = {(i.table, i.row, i.reason) for i in report.errors if i.table != "relationships"}
    assert ("sessions", 3, "its pairing R2 was rejected: see row 2") in children
    assert ("goals", 3, "its pairing R2 was rejected: see row 2") in children
    # A key that another row still supplies (a duplicate) is not reported as rejected.
    rel.loc[len(rel)] = ["R1", "E1", "C1", "coaching", "formal", "2024-11-01", None, None, None]
    _, report = _report(relationships=rel)
    assert not any("R1 was rejected" in i.reason for i in report.issues)


def test_people_named_by_e_mail_or_name_become_employee_ids():
    emp = tiny_tables()["employees"].assign(
        email=[f"{n.lower()}@example.com" for n in tiny_tables()["employees"]["name"]]
    )
    rel = tiny_tables()["relationships"].copy()
    rel.loc[0, "participant_id"] = "ELI@example.com"
    rel.loc[0, "coach_id"] = "Cleo"
    rel.loc[1, "participant_id"] = "Nobody Known"
    data, report = _report(employees=emp, relationships=rel)
    r1 = data.relationships.set_index("relationship_id").loc["R1"]
    assert (r1["participant_id"], r1["coach_id"]) == ("E1", "C1")
    assert (2, "participant_id", "Nobody Known", "no employee has this id, e-mail or name") in {
        (i.row, i.column, i.value, i.reason) for i in report.errors
    }
    notes = {i.column: i.reason for i in report.issues if i.row is None}
    assert notes["participant_id"].endswith("1 by e-mail")
    assert notes["coach_id"].endswith("1 by name")


def test_a_name_two_employees_share_is_reported_not_guessed():
    emp = tiny_tables()["employees"].copy()
    emp.loc[emp["employee_id"] == "E6", "name"] = "Eli"  # a second Eli
    rel = tiny_tables()["relationships"].copy()
    rel.loc[0, "participant_id"] = "Eli"
    rel.loc[2, "coach_id"] = "Eli"
    _, report = _report(employees=emp, relationships=rel)
    error = next(i for i in report.errors if i.table == "relationships")
    assert (error.row, error.value) == (1, "Eli")
    assert error.reason.startswith("more than one employee matches this (E1, E6)")
    warning = next(i for i in report.issues if i.column == "coach_id" and i.row == 3)
    assert warning.severity == "warning" and warning.reason.endswith("value cleared, row kept")


def test_line_managers_who_are_no_employee_are_warned_about_and_kept():
    emp = tiny_tables()["employees"].copy()
    emp["manager_id"] = emp["manager_id"].replace({"M1": "Mara Smith", "M2": "Milo"})
    data, report = _report(employees=emp)
    # 'Milo' is an employee's name: found. 'Mara Smith' is nobody: kept as written, and said.
    assert data.employees.set_index("employee_id").loc["E4", "manager_id"] == "M2"
    assert data.employees.set_index("employee_id").loc["E1", "manager_id"] == "Mara Smith"
    issues = [i for i in report.issues if i.column == "manager_id"]
    summary = next(i.reason for i in issues if i.row is None and "match no employee" in i.reason)
    assert summary.startswith("3 of 7 line-manager references match no employee")
    (per_manager,) = [i for i in issues if i.row is not None]
    assert (per_manager.row, per_manager.value) == (2, "Mara Smith")
    assert "and 2 more row(s)" in per_manager.reason


def test_someone_marked_as_left_without_a_leave_date_is_not_eligible():
    emp = tiny_tables()["employees"].assign(employment_status=None)
    emp.loc[emp["employee_id"] == "E4", "employment_status"] = "left"
    emp.loc[emp["employee_id"] == "E5", "employment_status"] = "left"  # has a leave date
    data, report = _report(employees=emp)
    people = data.employees.set_index("employee_id")
    assert not people.loc["E4", "eligible"]
    assert people.loc["E5", "eligible"]  # counted while employed, up to the leave date
    assert headline(data, PERIOD)["eligible_headcount"] == 5  # 6 before E4 left the count
    note = next(i.reason for i in report.issues if i.column == "employment_status")
    assert note.startswith("1 employee(s) have left but have no leave date")


def test_a_required_table_whose_every_row_was_rejected_is_unusable_with_the_cause():
    rel = tiny_tables()["relationships"].assign(
        participant_id=[f"p{n}@example.com" for n in range(5)]
    )
    with pytest.raises(DataError) as err:
        _report(relationships=rel)
    message = str(err.value)
    assert message.startswith("every row of relationships was rejected (5 rows)")
    assert "participant_id 'p0@example.com'" in message
    assert "the employees table has no e-mail column" in message
