"""Reading uploaded bytes: every accepted format, the size and zip-bomb limits, non-spreadsheets."""

import io
import zipfile

import pytest
from openpyxl import Workbook
from spreadsheets import EMPLOYEES, csv, ods, xlsx

from dashboard.errors import SourceError, UploadError
from dashboard.sources.spreadsheet import Limits, read_file


def _cells(grid) -> list[list]:
    return grid.cells.astype(object).where(grid.cells.notna(), None).values.tolist()


def test_xlsx_every_sheet_with_its_position():
    grids = read_file("org.xlsx", xlsx({"employees": EMPLOYEES, "Notes": [["hello"]]})).grids
    assert [g.sheet for g in grids] == ["employees", "Notes"]
    assert _cells(grids[0])[1] == ["E1", "Sales", None, "Ann"]
    assert (grids[0].first_row, grids[0].first_column, grids[0].only_sheet) == (1, 1, False)


def test_data_starting_below_and_right_keeps_spreadsheet_coordinates():
    book = Workbook()
    book.active["C4"] = "employee_id"
    book.active["C5"] = "E1"
    buffer = io.BytesIO()
    book.save(buffer)
    (grid,) = read_file("x.xlsx", buffer.getvalue()).grids
    assert (grid.first_row, grid.first_column) == (4, 3)


def test_xlsm_is_read_like_xlsx():
    (grid,) = read_file("macro.xlsm", xlsx({"employees": EMPLOYEES})).grids
    assert grid.sheet == "employees"


def test_ods():
    (grid,) = read_file("org.ods", ods({"Staff": [["Employee ID", "Dept"], ["E1", "Sales"]]})).grids
    assert grid.sheet == "Staff"
    assert _cells(grid) == [["Employee ID", "Dept"], ["E1", "Sales"]]


@pytest.mark.parametrize(
    "data",
    [
        csv(EMPLOYEES),
        csv(EMPLOYEES, sep=";"),
        csv(EMPLOYEES, sep="\t"),
        b"\xef\xbb\xbf" + csv(EMPLOYEES),
        csv(EMPLOYEES, encoding="cp1252"),
    ],
    ids=["comma", "semicolon", "tab", "bom", "cp1252"],
)
def test_csv_delimiters_and_encodings(data):
    (grid,) = read_file("staff.csv", data).grids
    assert grid.sheet is None
    assert _cells(grid)[0] == ["employee_id", "department", "manager_id", "name"]
    assert _cells(grid)[2] == ["E2", "Sales", "E1", "Bob"]


def test_csv_non_ascii_in_windows_code_page():
    (grid,) = read_file("staff.csv", "employee_id,name\nE1,Zoë Müller\n".encode("cp1252")).grids
    assert _cells(grid)[1] == ["E1", "Zoë Müller"]


def test_csv_keeps_blank_lines_so_row_numbers_match_a_spreadsheet():
    (grid,) = read_file("x.csv", b"Export\n\nemployee_id,department\nE1,Sales\n").grids
    assert _cells(grid) == [["Export", None], [None, None], ["employee_id", "department"],
                            ["E1", "Sales"]]  # fmt: skip


def test_csv_row_wider_than_the_header_after_line_200_is_trimmed_with_a_note():
    data = b"employee_id,department\n" + b"E1,Sales\n" * 300 + b"E2,Sales,extra,more\n"
    (grid,) = read_file("x.csv", data).grids
    assert _cells(grid)[-1] == ["E2", "Sales"]
    assert grid.cells.shape == (302, 2)
    ((row, note),) = grid.notes
    assert row == 302
    assert "has 4 values where the table has 2 columns: 2 value(s)" in note


def test_formulas_are_data_never_evaluated():
    book = Workbook()
    book.active.append(["employee_id", "department"])
    book.active.append(["E1", "=1+2"])  # openpyxl stores the formula without a result
    buffer = io.BytesIO()
    book.save(buffer)
    (grid,) = read_file("f.xlsx", buffer.getvalue()).grids
    assert _cells(grid)[1] == ["E1", None]
    (grid,) = read_file("f.csv", b"employee_id,department\nE1,=1+2\n").grids
    assert _cells(grid)[1] == ["E1", "=1+2"]


def test_size_limit():
    data = csv(EMPLOYEES)
    with pytest.raises(UploadError, match=r"the limit is 1e-05 MB"):
        read_file("big.csv", data, Limits(max_file_mb=0.00001))


def _bomb(size: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * size)
    return buffer.getvalue()


def test_zip_bomb_refused_before_parsing():
    data = _bomb(3 * 1024 * 1024)
    assert len(data) < 20_000
    with pytest.raises(UploadError, match="would unpack to 3 MB, over the limit of 2 MB"):
        read_file("bomb.xlsx", data, Limits(max_unpacked_mb=2))


def test_default_limits_and_config():
    assert Limits() == Limits(50, 1024)
    assert Limits.from_config({"upload": {"max_file_mb": 10}}) == Limits(10, 1024)
    with pytest.raises(ValueError, match=r"\[upload\] max_file_mb must be a positive number"):
        Limits.from_config({"upload": {"max_file_mb": "big"}})


@pytest.mark.parametrize(
    "data,message",
    [
        (b"%PDF-1.7 ...", "is a PDF document, not a spreadsheet"),
        (b"\x89PNG\r\n\x1a\n....", "is a PNG image"),
        (b"\x00\x01\x02binary", "is not a spreadsheet or a text file"),
        (b"<!DOCTYPE html><html><table>", "is a web page"),
        (b"", "is empty"),
        (b"PK\x03\x04 damaged", "is damaged"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "could not be read as a spreadsheet"),
    ],
)
def test_bytes_that_are_not_a_spreadsheet_get_a_clear_message(data, message):
    with pytest.raises(UploadError, match=message):
        read_file("export.xlsx", data)


def test_a_zip_that_is_no_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photos/a.jpg", b"...")
    with pytest.raises(UploadError, match="zip archive but not a spreadsheet"):
        read_file("export.zip", buffer.getvalue())


def test_upload_error_is_a_source_error_so_the_cli_reports_it():

    assert issubclass(UploadError, SourceError)
