"""Header -> canonical column matching, one rule at a time, and the mapping file."""

import json

import pytest

from dashboard.schema import TABLES
from dashboard.sources.mapping import (
    HEADER_SYNONYMS,
    Mapping,
    MappingError,
    known_header,
    match_columns,
    normalise_header,
)


@pytest.mark.parametrize(
    "header,expected",
    [
        ("Employee ID", "employee_id"),
        ("  employee   id ", "employee_id"),
        ("employeeId", "employee_id"),
        ("EmployeeID", "employee_id"),
        ("EMPLOYEE_ID", "employee_id"),
        ("Employee-Id", "employee_id"),
        ("departmentName", "department_name"),
        ("dateOfTermination", "date_of_termination"),
        ("HRDept", "hr_dept"),
        ("Employee #", "employee_number"),
        ("Département", "departement"),
    ],
)
def test_normalise_header(header, expected):
    assert normalise_header(header) == expected


def _column(table: str, header: str) -> str | None:
    return match_columns(table, [header]).columns.get(header)


# The wordings the issue names, and the column each must land in.
@pytest.mark.parametrize(
    "table,header,column",
    [
        ("employees", "Employee ID", "employee_id"),
        ("employees", "Staff No", "employee_id"),
        ("employees", "employeeId", "employee_id"),
        ("employees", "Dept", "department"),
        ("employees", "departmentName", "department"),
        ("employees", "Line Manager ID", "manager_id"),
        ("employees", "supervisorId", "manager_id"),
        ("employees", "dateOfTermination", "leave_date"),
        ("employees", "Date Joined", "hire_date"),
        ("employees", "Start Date", "hire_date"),
        ("employees", "Full Name", "name"),
        ("employees", "Employee Name", "name"),
        ("employees", "Grade", "job_level"),
        ("relationships", "Mentor", "coach_id"),
        ("relationships", "Coach ID", "coach_id"),
        ("relationships", "Mentee", "participant_id"),
        ("relationships", "Coachee", "participant_id"),
        ("relationships", "Employee ID", "participant_id"),
        ("relationships", "Date matched", "start_date"),
        ("relationships", "Match Start", "start_date"),
        ("relationships", "Match ID", "relationship_id"),
        ("relationships", "Type", "kind"),
        ("sessions", "Meeting Date", "session_date"),
        ("sessions", "Date", "session_date"),
        ("sessions", "Duration (mins)", "duration_minutes"),
        ("sessions", "Meeting ID", "session_id"),
        ("goals", "Goal Status", "status"),
        ("goals", "Due Date", "target_date"),
        ("goals", "Date Completed", "completed_date"),
        ("goals", "Description", "goal_text"),
        ("feedback", "Rating", "satisfaction"),
        ("feedback", "Date", "submitted_date"),
        ("feedback", "Comments", "comment"),
        ("obstacles", "Barrier", "category"),
        ("obstacles", "Date Raised", "reported_date"),
        ("obstacles", "Priority", "severity"),
        ("obstacles", "Closed Date", "resolved_date"),
        ("departments", "Department", "department_name"),
        ("departments", "Dept Code", "department_id"),
        ("programmes", "Programme", "programme_id"),
        ("enrolments", "Sign-up Date", "registered_date"),
        ("sessions", "Start Date (dd/mm/yyyy)", "session_date"),
    ],
)
def test_synonyms_map_export_wordings(table, header, column):
    assert _column(table, header) == column


def test_exact_name_wins_over_synonym_for_the_same_column():
    match = match_columns("programmes", ["Programme", "Programme ID"])
    assert match.columns == {"Programme ID": "programme_id", "Programme": "programme_name"}


def test_second_header_for_a_taken_column_is_a_duplicate_not_a_mapping():
    match = match_columns("employees", ["employee_id", "Employee ID", "department"])
    assert match.columns == {"employee_id": "employee_id", "department": "department"}
    assert match.duplicates == {"Employee ID": "employee_id"}


def test_unmatched_headers_and_missing_required_columns_are_listed():
    match = match_columns("employees", ["Staff No", "Favourite colour"])
    assert match.unmapped == ("Favourite colour",)
    assert match.missing == ["department"]
    assert match.score == (0.5, 1)


def test_users_choice_overrides_and_can_ignore_a_header():
    chosen = {"favourite colour": "department", "Staff No": ""}
    match = match_columns("employees", ["Staff No", "Favourite Colour", "ID"], chosen)
    # 'Staff No' would map to employee_id, but the user set it aside, so 'ID' supplies it.
    assert match.columns == {"Favourite Colour": "department", "ID": "employee_id"}
    assert match.unmapped == ("Staff No",)


def test_no_wording_offers_one_table_two_of_its_columns_by_accident():
    # A wording listed under several columns must still give each table one clear choice:
    # the first candidate a table has. Check every table has its candidates in a fixed order.
    for header, candidates in HEADER_SYNONYMS.items():
        assert len(set(candidates)) == len(candidates), header
    for table in TABLES.values():
        for column in table.column_names:
            assert _column(table.name, column) == column


def test_known_header_recognises_any_table():
    assert known_header("Meeting Date")
    assert known_header("Staff No")
    assert not known_header("HR export 2025")


def test_mapping_file_round_trip():
    mapping = Mapping(
        tables={"Mentees": "employees", "Pivot": ""},
        columns={"employees": {"Org": "department"}},
        dates={"employees.hire_date": "dayfirst"},
    )
    again = Mapping.from_json(mapping.to_json())
    assert again == mapping
    assert again.table_for("  mentees ") == "employees"
    assert again.table_for("pivot") == ""
    assert again.table_for("Other") is None


@pytest.mark.parametrize(
    "body,message",
    [
        ("not json", "not valid JSON"),
        ('{"tables": {}}', "not a mapping file"),
        ('{"format": "programme-dashboard-mapping", "tables": {"X": "people"}}', "tables.X"),
        (
            '{"format": "programme-dashboard-mapping", "columns": {"employees": {"A": "dept"}}}',
            "columns.employees.A: 'dept' is not a column of employees",
        ),
        ('{"format": "programme-dashboard-mapping", "columns": {"staff": {}}}', "columns.staff"),
        (
            '{"format": "programme-dashboard-mapping", "dates": {"employees.hire_date": "x"}}',
            "dayfirst",
        ),
        ('{"format": "programme-dashboard-mapping", "dates": {"nope": "dayfirst"}}', "dates.nope"),
        ('{"format": "programme-dashboard-mapping", "tables": {"A": 3}}', "tables: expected"),
    ],
)
def test_bad_mapping_file_names_the_entry(body, message):
    with pytest.raises(MappingError, match=message):
        Mapping.from_json(body)


def test_mapping_file_is_small_readable_json():
    body = json.loads(Mapping(columns={"employees": {"Staff No": "employee_id"}}).to_json())
    assert body["format"] == "programme-dashboard-mapping"
    assert body["columns"] == {"employees": {"Staff No": "employee_id"}}
