"""Finding the header row, the data rows and the table a sheet holds."""

import pandas as pd
import pytest

from dashboard.sources.detect import (
    choose_table,
    column_letter,
    header_row,
    sheet_data,
    table_by_columns,
    table_by_name,
)
from dashboard.sources.spreadsheet import Grid


def _grid(rows, *, sheet="Sheet1", file="export.xlsx", only=False, first_row=1, first_col=1):
    cells = pd.DataFrame(rows, dtype=object)
    return Grid(file, sheet, cells.mask(cells.isna()), first_row, first_col, only)


def test_header_below_title_and_blank_rows():
    grid = _grid(
        [
            ["Programme export", None, None],
            ["Generated 2025-05-01", None, None],
            [None, None, None],
            ["Staff No", "Dept", "Line Manager"],
            ["E1", "Sales", None],
        ]
    )
    assert header_row(grid.cells) == 3
    data = sheet_data(grid)
    assert data.headers == ["Staff No", "Dept", "Line Manager"]
    assert data.header_row == 4
    assert data.row_numbers.tolist() == [5]


def test_header_with_unknown_names_is_the_first_wide_text_row():
    grid = _grid([["Report", None], ["Colour", "Size"], ["red", 3]])
    assert header_row(grid.cells) == 1


def test_blank_rows_inside_and_totals_rows_at_the_end_are_not_data():
    grid = _grid(
        [
            ["session_id", "relationship_id", "duration_minutes"],
            ["S1", "R1", 60],
            [None, None, None],
            ["S2", "R1", 30],
            [None, None, None],
            ["Total", None, 90],
            ["Grand total", None, 90],
        ]
    )
    data = sheet_data(grid)
    assert data.rows["session_id"].tolist() == ["S1", "S2"]
    assert data.row_numbers.tolist() == [2, 4]
    assert [note for _, note in data.notes] == ["looks like a totals row: not read"] * 2
    assert [row for row, _ in data.notes] == [7, 6]


def test_empty_columns_dropped_and_unnamed_columns_with_data_kept():
    grid = _grid(
        [
            ["employee_id", None, None, "department"],
            ["E1", None, "note", "Sales"],
        ],
        first_col=2,
    )
    data = sheet_data(grid)
    assert data.headers == ["employee_id", "Column D", "department"]


def test_stray_spaces_in_headers_and_duplicate_headers_made_unique():
    data = sheet_data(_grid([["  Staff No ", "Dept", "Dept"], ["E1", "A", "B"]]))
    assert data.headers == ["Staff No", "Dept", "Dept (2)"]


def test_row_numbers_follow_the_spreadsheet_when_data_starts_lower():
    data = sheet_data(_grid([["employee_id", "department"], ["E1", "A"]], first_row=5))
    assert data.header_row == 5
    assert data.row_numbers.tolist() == [6]


def test_empty_sheet():
    data = sheet_data(_grid([[None]]))
    assert data.headers == [] and data.header_row is None


def test_column_letters():
    assert [column_letter(n) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]


@pytest.mark.parametrize(
    "name,table",
    [
        ("Participants", "employees"),
        ("Mentees", "employees"),
        ("People", "employees"),
        ("Staff", "employees"),
        ("Employees", "employees"),
        ("Matches", "relationships"),
        ("Pairings", "relationships"),
        ("Mentorships", "relationships"),
        ("Engagements", "relationships"),
        ("Meetings", "sessions"),
        ("Check-ins", "sessions"),
        ("Objectives", "goals"),
        ("Survey", "feedback"),
        ("Ratings", "feedback"),
        ("Barriers", "obstacles"),
        ("Issues", "obstacles"),
        ("Risks", "obstacles"),
        ("Sessions 2025", "sessions"),
        ("export_matches_q3", "relationships"),
        ("Cohorts", "programmes"),
        ("Enrollments", "enrolments"),
        ("Departments", "departments"),
        ("Sheet1", None),
        ("Mentee feedback", "feedback"),
        ("Staff sessions", None),  # two tables named: decided by columns instead
    ],
)
def test_table_by_sheet_name(name, table):
    assert table_by_name(_grid([["x"]], sheet=name)) == table


def test_file_name_counts_for_a_csv_or_a_one_sheet_workbook_only():
    assert table_by_name(_grid([["x"]], sheet=None, file="mentees.csv", only=True)) == "employees"
    one = _grid([["x"]], sheet="Sheet1", file="Meetings 2025.xlsx", only=True)
    assert table_by_name(one) == "sessions"
    many = _grid([["x"]], sheet="Sheet1", file="Meetings 2025.xlsx", only=False)
    assert table_by_name(many) is None


@pytest.mark.parametrize(
    "headers,table",
    [
        (["Staff No", "Dept", "Manager"], "employees"),
        (["Employee", "Role", "Status", "Programme"], "enrolments"),
        (["Match ID", "Mentee", "Mentor", "Type", "Date matched"], "relationships"),
        (["Meeting ID", "Match ID", "Meeting Date", "Attendance"], "sessions"),
        (["Objective ID", "Match ID", "Date Set", "Status", "Due"], "goals"),
        (["Response ID", "Match ID", "Submitted", "Rating"], "feedback"),
        (["Issue ID", "Department", "Date Raised", "Barrier"], "obstacles"),
        (["Colour", "Size"], None),
    ],
)
def test_table_by_columns(headers, table):
    assert table_by_columns(headers)[0] == table


def test_choice_beats_name_beats_columns():
    grid = _grid([["x"]], sheet="Staff")
    staff_like = ["employee_id", "department"]
    assert choose_table(grid, staff_like, None) == ("employees", "sheet name")
    assert choose_table(grid, staff_like, "sessions") == ("sessions", "chosen")
    assert choose_table(grid, staff_like, "") == (None, "ignored (chosen)")
    unnamed = _grid([["x"]], sheet="Sheet1")
    assert choose_table(unnamed, staff_like, None) == ("employees", "columns")


def test_columns_that_fit_another_table_completely_overrule_a_weak_name():
    grid = _grid([["x"]], sheet="Participants")
    headers = ["session_id", "relationship_id", "session_date"]
    assert choose_table(grid, headers, None) == (
        "sessions",
        "columns (the name suggested another table)",
    )


def test_readme_and_notes_sheets_are_ignored():
    assert choose_table(_grid([["x"]], sheet="README"), ["table", "column"], None) == (
        None,
        "ignored (notes sheet)",
    )


def test_a_two_row_header_with_merged_group_cells_joins_its_names():
    grid = _grid(
        [
            ["Match ID", "Mentee", None, "Mentor", None, "Start"],
            [None, "Name", "Email", "Name", "Email", None],
            ["M1", "Ann Lee", "ann@x.org", "Bob Ray", "bob@x.org", "2025-01-06"],
        ]
    )
    data = sheet_data(grid)
    assert data.headers == [
        "Match ID",
        "Mentee Name",
        "Mentee Email",
        "Mentor Name",
        "Mentor Email",
        "Start",
    ]
    assert data.row_numbers.tolist() == [3]
    assert "rows 1-2 are one two-row header" in data.notes[0][1]


def test_a_first_data_row_under_an_unnamed_column_is_not_taken_for_sub_headers():
    grid = _grid([["Employee ID", "Name", None], ["E1", "Ann", "x"], ["E2", "Bob", "y"]])
    data = sheet_data(grid)
    assert data.headers == ["Employee ID", "Name", "Column C"]
    assert data.row_numbers.tolist() == [2, 3]


def test_survey_label_and_import_id_rows_below_the_header_are_not_data():
    grid = _grid(
        [
            ["StartDate", "RecordedDate", "ResponseId", "match_id", "Q1"],
            ["Start Date", "Recorded Date", "Response ID", "match_id", "How satisfied are you?"],
            [
                '{"ImportId":"startDate"}',
                '{"ImportId":"recordedDate"}',
                '{"ImportId":"_recordId"}',
                '{"ImportId":"match_id"}',
                '{"ImportId":"QID1"}',
            ],
            ["2025-06-02", "2025-06-02", "R_1", "C-101", "Extremely satisfied"],
        ]
    )
    assert header_row(grid.cells) == 0
    data = sheet_data(grid)
    assert data.row_numbers.tolist() == [4]
    assert data.labels == {"Q1": "How satisfied are you?"}
    assert "rows 2-3 below the header repeat it" in data.notes[0][1]


def test_a_chosen_header_row_is_used_and_an_empty_one_is_said_and_ignored():
    rows = [["Report", None], ["Staff No", "Dept"], ["E1", "Sales"], ["E2", "IT"]]
    assert sheet_data(_grid(rows)).header_row == 2
    chosen = sheet_data(_grid(rows), chosen_header=3)
    assert (chosen.header_row, chosen.headers) == (3, ["E1", "Sales"])
    past = sheet_data(_grid(rows), chosen_header=40)
    assert past.header_row == 2
    assert "row 40 has no headers" in past.notes[0][1]


@pytest.mark.parametrize(
    "name,table",
    [
        ("mentorloop-members", "enrolments"),
        ("Members", "enrolments"),
        ("mentorloop-loops", "relationships"),
        ("Mentoring Connections", "relationships"),
        ("Headcount Report", "employees"),
        ("Mentoring Survey_June 2025", "feedback"),
    ],
)
def test_platform_file_names_name_their_table(name, table):
    assert table_by_name(_grid([["x"]], sheet=name, only=True)) == table
