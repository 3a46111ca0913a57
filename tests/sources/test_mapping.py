"""Header -> canonical column matching, one rule at a time, and the mapping file."""

import json

import pytest

from dashboard.errors import MappingError
from dashboard.schema import TABLES
from dashboard.sources.mapping import (
    HEADER_SYNONYMS,
    Mapping,
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


# Common export wordings, and the column each must land in.
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


@pytest.mark.parametrize(
    "table,header,column",
    [
        ("relationships", "Connection ID", "relationship_id"),
        ("relationships", "Mentoring Connection ID", "relationship_id"),
        ("relationships", "Loop ID", "relationship_id"),
        ("relationships", "Group ID", "relationship_id"),
        ("sessions", "Mentoring Connection ID", "relationship_id"),
        ("relationships", "Mentee Email", "participant_id"),
        ("relationships", "Mentee Name", "participant_id"),
        ("relationships", "Mentor Email", "coach_id"),
        ("relationships", "Mentor Full Name", "coach_id"),
        ("employees", "Supervisory Organization", "department"),
        ("employees", "Cost Center", "department"),
        ("employees", "Cost Centre", "department"),
        ("employees", "Employment End Date", "leave_date"),
        ("employees", "Contract End Date", "leave_date"),
        ("employees", "Manager Email", "manager_id"),
        ("employees", "Supervisor Email", "manager_id"),
        ("employees", "Reporting to", "manager_id"),
        ("employees", "Worker", "name"),
        ("employees", "Preferred Name", "name"),
        ("employees", "Management Level", "job_level"),
        ("employees", "Email", "email"),
        ("employees", "Work Email", "email"),
        ("employees", "Email - Primary Work", "email"),
        ("employees", "Employment Status", "employment_status"),
        ("employees", "Active Status", "employment_status"),
        ("employees", "Lifecycle status", "employment_status"),
        ("relationships", "Matched Date", "start_date"),
        ("relationships", "Matching Status", "status"),
        ("feedback", "Created At", "submitted_date"),
        ("feedback", "RecordedDate", "submitted_date"),
        ("feedback", "Submitted At", "submitted_date"),
        ("goals", "Created At", "set_date"),
        ("enrolments", "Email", "employee_id"),
        ("sessions", "Meeting Completed", "status"),
    ],
)
def test_platform_and_hr_wordings(table, header, column):
    assert _column(table, header) == column


def test_progress_is_not_a_goal_status():
    assert _column("goals", "Progress (%)") is None


@pytest.mark.parametrize(
    "table,headers,expected",
    [
        # Personio: its own ID beside the company's personnel number.
        ("employees", ["ID", "Personnel number"], {"Personnel number": "employee_id"}),
        # An e-mail names a person better than a name; a bare word comes last.
        (
            "relationships",
            ["Mentee", "Mentee Email", "Mentor Name", "Mentor Email"],
            {"Mentee Email": "participant_id", "Mentor Email": "coach_id"},
        ),
        ("employees", ["Manager", "Manager Employee ID"], {"Manager Employee ID": "manager_id"}),
    ],
)
def test_the_better_header_wins_whatever_the_order(table, headers, expected):
    match = match_columns(table, headers)
    assert match.columns == expected
    assert set(match.duplicates) | set(match.unmapped) == set(headers) - set(expected)


def test_mapping_file_round_trip_with_every_section():
    mapping = Mapping(
        tables={"Pairs": "relationships"},
        columns={"goals": {"Progress (%)": "status"}},
        dates={"relationships.start_date": "monthfirst"},
        header_rows={"Pairs": 3},
        constants={"relationships": {"kind": "mentoring"}},
        defaults={"relationships": {"format": "formal"}},
        recodes={"relationships": {"status": {"Concluded": "ended_early", "*": ""}}},
        scales={"feedback.satisfaction": "0-10"},
    )
    body = json.loads(mapping.to_json())
    assert body["version"] == 2
    assert Mapping.from_json(mapping.to_json()) == mapping
    assert mapping.header_row_for("pairs") == 3
    # A first-version file (no new sections) still reads.
    old = '{"format": "programme-dashboard-mapping", "version": 1, "tables": {"A": "goals"}}'
    assert Mapping.from_json(old) == Mapping(tables={"A": "goals"})


_FILE = '{"format": "programme-dashboard-mapping", '


@pytest.mark.parametrize(
    "body,message",
    [
        (_FILE + '"constants": {"relationships": {"kind": "tea"}}}', "'tea' is not a value kind"),
        (_FILE + '"constants": {"relationships": {"colour": "red"}}}', "not a column"),
        (_FILE + '"defaults": {"pairs": {}}}', "defaults.pairs: not a table"),
        (
            _FILE + '"recodes": {"relationships": {"status": {"Concluded": "over"}}}}',
            "recodes.relationships.status.Concluded: 'over' is not one of active",
        ),
        (
            _FILE + '"recodes": {"relationships": {"start_date": {"x": "y"}}}}',
            "not a column whose values can be recoded",
        ),
        (_FILE + '"scales": {"feedback.satisfaction": "1-9"}}', "expected one of 1-5"),
        (_FILE + '"scales": {"sessions.status": "0-10"}}', "only feedback.satisfaction"),
        (_FILE + '"header_rows": {"Pairs": 0}}', "header_rows"),
    ],
)
def test_bad_new_sections_name_the_entry(body, message):
    with pytest.raises(MappingError, match=message):
        Mapping.from_json(body)
