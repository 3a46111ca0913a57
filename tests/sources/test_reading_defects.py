"""Parsing defects of ordinary exports: encodings, number and time formats, error cells, long
ids, repeated headers, ragged lines, the command line's mapping file."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import zipfile

import pandas as pd
import pytest
from openpyxl import Workbook
from spreadsheets import EMPLOYEES, RELATIONSHIPS, csv, raw_xlsx, sheet_xml, xlsx

from dashboard import coerce
from dashboard.cli import main
from dashboard.sources.spreadsheet import read_file
from dashboard.sources.upload import UploadedFile, ingest

SESSIONS_HEADER = ("session_id", "relationship_id", "session_date", "duration_minutes")


def _ingest(**files: bytes):
    return ingest([UploadedFile(name.replace("_", "."), data) for name, data in files.items()])


def _org(sessions: list[tuple]) -> dict[str, bytes]:
    return {
        "employees_csv": csv(EMPLOYEES),
        "relationships_csv": csv(RELATIONSHIPS),
        "sessions_csv": csv([SESSIONS_HEADER, *sessions]),
    }


def _errors(result, column: str) -> list[tuple[int | None, str | None, str]]:
    return [(i.row, i.value, i.reason) for i in result.report.errors if i.column == column]


# --- encodings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        lambda text: text.encode("utf-16"),
        lambda text: text.encode("utf-16-le"),
        lambda text: codecs.BOM_UTF32_LE + text.encode("utf-32-le"),
    ],
    ids=["utf-16-le bom", "utf-16-be bom", "utf-16 native", "utf-16-le no bom", "utf-32 bom"],
)
def test_utf16_and_utf32_csv_are_recognised(encode):
    text = "employee_id\tname\tdepartment\r\nE1\tZoë Müller\tSales\r\n"
    (grid,) = read_file("staff.csv", encode(text)).grids
    assert grid.cells.values.tolist() == [
        ["employee_id", "name", "department"],
        ["E1", "Zoë Müller", "Sales"],
    ]


def test_a_utf16_file_that_breaks_off_is_named():
    data = codecs.BOM_UTF16_LE + "employee_id,name\nE1,A".encode("utf-16-le") + b"\x00\xd8"
    with pytest.raises(Exception, match=r"staff.csv starts like UTF-16-LE text but byte"):
        read_file("staff.csv", data)


def test_delimiter_is_the_one_that_splits_lines_consistently():
    data = b"id;name;note\nE1;Ann;a, b and c\nE2;Bob;d, e\n"
    (grid,) = read_file("x.csv", data).grids
    assert grid.cells.shape == (3, 3)


# --- numbers ------------------------------------------------------------------------------


def test_decimal_commas_in_a_numeric_column():
    result = _ingest(**_org([("S1", "R1", "2025-05-01", "60,0"), ("S2", "R1", "2025-05-02", "45")]))
    assert result.data.sessions["duration_minutes"].tolist() == [60, 45]
    assert not result.report.errors


def test_thousands_separators_are_not_decimal_points():
    out = coerce.integers(pd.Series(["1,234", "1 440", "1,000,000", "30"]))
    assert out.tolist() == [1234, 1440, 1_000_000, 30]
    assert coerce.integers(pd.Series(["1.234,0", "7"])).tolist() == [1234, 7]


def test_a_column_with_decimal_commas_reads_1_234_as_a_fraction():
    out = coerce.integers(pd.Series(["60,5", "1,234", "45"], dtype=object))
    assert out.isna().tolist() == [True, True, False]


# --- times where dates belong -------------------------------------------------------------


def test_time_only_text_and_cells_are_a_clear_error_not_a_date():
    rows = [("S1", "R1", "10:30", 60), ("S2", "R1", "9:05 pm", 30), ("S3", "R1", "2025-05-03", 30)]
    result = _ingest(**_org(rows))
    assert _errors(result, "session_date") == [
        (2, "10:30", "a time of day without a date"),
        (3, "9:05 pm", "a time of day without a date"),
    ]
    assert result.data.sessions["session_id"].tolist() == ["S3"]


def test_time_cells_and_excels_day_zero_in_a_workbook():
    book = {
        "employees": EMPLOYEES,
        "relationships": RELATIONSHIPS,
        "sessions": [
            SESSIONS_HEADER,
            ("S1", "R1", dt.time(10, 30), 60),
            ("S2", "R1", dt.datetime(1899, 12, 30, 9, 0), 60),
            ("S3", "R1", dt.date(2025, 5, 3), 60),
        ],
    }
    result = ingest([UploadedFile("org.xlsx", xlsx(book))])
    reasons = [reason for _, _, reason in _errors(result, "session_date")]
    assert reasons and all(r.startswith("a time of day without a date") for r in reasons)
    assert len(reasons) == 2
    assert result.data.sessions["session_date"].tolist() == [pd.Timestamp("2025-05-03")]


# --- spreadsheet error values -------------------------------------------------------------


def _with_error_cells(cells: dict[str, str]) -> bytes:
    """The sessions workbook with some cells turned into error cells (t="e")."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in (("employees", EMPLOYEES), ("relationships", RELATIONSHIPS)):
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    sheet = book.create_sheet("sessions")
    for row in (SESSIONS_HEADER, ("S1", "R1", "2025-05-01", 60), ("S2", "R2", "2025-05-02", 30)):
        sheet.append(list(row))
    for ref, error in cells.items():
        sheet[ref] = error  # openpyxl stores text that is an error value as an error cell
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_error_cells_blank_an_optional_value_and_reject_a_required_one():
    data = _with_error_cells({"D2": "#DIV/0!", "C3": "#N/A"})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b't="e"' in archive.read("xl/worksheets/sheet3.xml")
    result = ingest([UploadedFile("org.xlsx", data)])
    issues = [(i.severity, i.row, i.column, i.value, i.reason) for i in result.report.issues]
    assert (
        "warning",
        2,
        "duration_minutes",
        "#DIV/0!",
        "a spreadsheet error value (the formula here failed): left blank",
    ) in issues
    assert (
        "error",
        3,
        "session_date",
        "#N/A",
        "a spreadsheet error value: the formula here failed",
    ) in issues
    sessions = result.data.sessions
    assert sessions["session_id"].tolist() == ["S1"]
    assert sessions["duration_minutes"].isna().all()


def test_error_cells_are_kept_by_the_cell_by_cell_reader_too():
    # A namespace prefix sends the sheet to the cell-by-cell reader.
    xml = (
        b'<?xml version="1.0"?><x:worksheet xmlns:x="m"><x:sheetData><x:row r="1">'
        b'<x:c r="A1" t="inlineStr"><x:is><x:t>code</x:t></x:is></x:c></x:row><x:row r="2">'
        b'<x:c r="A2" t="e"><x:v>#REF!</x:v></x:c></x:row></x:sheetData></x:worksheet>'
    )
    (grid,) = read_file("x.xlsx", raw_xlsx({"Codes": xml})).grids
    assert grid.cells.values.tolist() == [["code"], ["#REF!"]]


# --- identifiers --------------------------------------------------------------------------


def test_twenty_digit_ids_are_kept_exactly():
    long_id = "12345678901234567890"
    employees = [EMPLOYEES[0], (long_id, "Sales", None, "Ann"), ("E2", "IT", long_id, "Bob")]
    relationships = [RELATIONSHIPS[0], ("R1", long_id, "E2", "mentoring", "2025-03-01")]
    for files in (
        [
            UploadedFile("employees.csv", csv(employees)),
            UploadedFile("relationships.csv", csv(relationships)),
        ],
        [UploadedFile("org.xlsx", xlsx({"employees": employees, "relationships": relationships}))],
    ):
        result = ingest(files)
        assert not result.report.errors
        assert result.data.employees["employee_id"].tolist() == [long_id, "E2"]
        assert result.data.employees["manager_id"].tolist()[1] == long_id
        assert result.data.relationships["participant_id"].tolist() == [long_id]


def test_a_twenty_digit_id_stored_as_a_number_is_a_clear_error():
    employees = [EMPLOYEES[0], (12345678901234567890, "Sales", None, "Ann"), *EMPLOYEES[2:]]
    book = {"employees": employees, "relationships": RELATIONSHIPS}
    result = ingest([UploadedFile("org.xlsx", xlsx(book))])
    ((row, _, reason),) = _errors(result, "employee_id")
    assert row == 2
    assert reason.startswith("a number too long to be an exact identifier")


# --- headers and lines --------------------------------------------------------------------


def test_a_blank_first_copy_of_a_repeated_header_gives_way_to_the_filled_one():
    rows = [
        ("employee_id", "Department", "name", "department"),
        ("E1", None, "Ann", "Sales"),
        ("E2", None, "Bob", "IT"),
    ]
    result = ingest(
        [
            UploadedFile("employees.csv", csv(rows)),
            UploadedFile("relationships.csv", csv(RELATIONSHIPS[:2])),
        ]
    )
    assert result.data.employees["department"].tolist() == ["Sales", "IT"]
    notes = [i.reason for i in result.report.issues if i.file == "employees.csv"]
    assert "2 columns are headed 'Department' (B, D): B is empty, so D is used" in notes


def test_two_filled_copies_of_a_header_keep_the_first_and_leave_the_second_unused():
    rows = [("employee_id", "department", "department"), ("E1", "Sales", "IT")]
    result = ingest([UploadedFile("employees.csv", csv(rows))])
    match = result.plan.sheets[0].match
    assert match.columns["department"] == "department"
    assert match.duplicates == {"department (2)": "department"}


def test_one_ragged_line_after_line_200_no_longer_fails_the_file():
    rows = [EMPLOYEES[0], *[(f"E{i}", "Sales", None, "x") for i in range(1, 301)]]
    data = csv(rows) + b"E999,Sales,,Zed,extra\n"
    result = ingest(
        [
            UploadedFile("employees.csv", data),
            UploadedFile("relationships.csv", csv(RELATIONSHIPS[:2])),
        ]
    )
    assert len(result.data.employees) == 301
    (note,) = [i for i in result.report.issues if i.row == 302]
    assert note.severity == "warning" and "this line has 5 values" in note.reason


def test_a_compact_grid_reports_its_real_header_row():
    cells = (
        b'<row r="5000"><c r="A5000" t="inlineStr"><is><t>employee_id</t></is></c>'
        b'<c r="B5000" t="inlineStr"><is><t>department</t></is></c></row>'
        b'<row r="900000"><c r="A900000" t="inlineStr"><is><t>E1</t></is></c>'
        b'<c r="B900000" t="inlineStr"><is><t>Sales</t></is></c></row>'
    )
    result = ingest([UploadedFile("x.xlsx", raw_xlsx({"employees": sheet_xml(cells)}))])
    (sheet,) = result.plan.sheets
    assert sheet.data.header_row == 5000
    assert sheet.data.row_numbers.tolist() == [900000]


# --- the command line ---------------------------------------------------------------------


def test_validate_names_a_missing_or_broken_mapping_file(tmp_path, capsys):
    staff = tmp_path / "employees.csv"
    staff.write_bytes(csv(EMPLOYEES))
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "something else"}')
    for command in ("validate", "import"):
        assert main([command, str(staff), "--mapping", str(tmp_path / "gone.json")]) == 2
        assert f"error: no such mapping file: {tmp_path / 'gone.json'}" in capsys.readouterr().err
    assert main(["validate", str(staff), "--mapping", str(broken)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: mapping file {broken}: not a mapping file")


def test_validate_names_a_wrong_upload_setting(tmp_path, capsys, monkeypatch):
    staff = tmp_path / "employees.csv"
    staff.write_bytes(csv(EMPLOYEES))
    (tmp_path / "dashboard.toml").write_text("[upload]\nmax_cells = 0\n")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", str(staff)]) == 2
    assert "[upload] max_cells must be a positive number, not 0" in capsys.readouterr().err
