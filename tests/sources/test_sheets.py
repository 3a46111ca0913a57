"""The reader's bytes -> sheets: format by content, the cell budget, sparse sheets, refusals."""

import io
import zipfile

import pytest
from spreadsheets import csv, ods, raw_xlsx, sheet_xml, text_cell, xlsx

from dashboard.errors import Unreadable
from dashboard.sources.sheets import SheetRefused, SheetRows, read_sheets

ACCEPTED = "accepted: .xlsx, .xlsm, .xls, .ods, .csv"
SETTING = "(max_cells in the [upload] table of dashboard.toml)"


def read(name: str, data: bytes, **options) -> list:
    return list(read_sheets(name, data, **{"max_cells": 100, **options}))


# --- format by content ------------------------------------------------------------------------


def test_csv_bytes_are_read_as_csv_whatever_the_name():
    (only,) = read("staff.xlsx", csv([("a", "b"), (1, 2), (None, "x")]))
    # A CSV has one unnamed sheet of text cells, blanks as ''.
    assert only == SheetRows(None, [["a", "b"], ["1", "2"], ["", "x"]])


def test_xlsx_bytes_are_read_as_a_workbook_whatever_the_name():
    out = read("staff.csv", xlsx({"one": [("a", "b"), (1, 2)], "two": [("c",), (3.5,)]}))
    assert out == [
        SheetRows("one", [["a", "b"], [1.0, 2.0]], only_sheet=False),
        SheetRows("two", [["c"], [3.5]], only_sheet=False),
    ]


def test_ods_bytes_are_read_as_a_workbook_whatever_the_name():
    out = read("staff.csv", ods({"one": [("a", "b"), (1, 2)]}))
    assert out == [SheetRows("one", [["a", "b"], [1.0, 2.0]])]
    assert out[0].only_sheet


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7 ...", f"f.xlsx is a PDF document, not a spreadsheet ({ACCEPTED})."),
        (b"\x89PNG\r\n\x1a\n", f"f.xlsx is a PNG image, not a spreadsheet ({ACCEPTED})."),
        (
            b"  <!DOCTYPE html><html><table>",
            "f.xlsx is a web page (HTML) saved with a spreadsheet name",
        ),
        (
            b"PK\x03\x04 not really a zip",
            "f.xlsx is damaged: it starts like an .xlsx/.ods file but cannot be opened",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
            "f.xlsx could not be read as a spreadsheet (",
        ),
        (bytes(range(256)) * 4, "f.xlsx is not a spreadsheet or a text file"),
        (b"", "f.xlsx has no rows."),
    ],
)
def test_bytes_that_are_no_spreadsheet_are_unreadable_with_a_reason(data, message):
    with pytest.raises(Unreadable) as raised:
        read("f.xlsx", data)
    assert str(raised.value).startswith(message)


def test_a_zip_without_a_workbook_inside_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(Unreadable) as raised:
        read("f.xlsx", buffer.getvalue())
    assert str(raised.value) == (
        f"f.xlsx is a zip archive but not a spreadsheet ({ACCEPTED}); unzip it and upload the "
        "files inside."
    )


# --- the cell budget ---------------------------------------------------------------------------


def test_a_sheet_over_the_budget_is_refused_with_its_size_and_the_setting():
    (refused,) = read("f.xlsx", xlsx({"big": [(1, 2)] * 3}), max_cells=5)
    assert refused == SheetRefused(
        "big",
        "Sheet 'big' of f.xlsx was not read: it has 6 cells (its declared range is A1:B3), "
        f"more than the 5 cells an upload may hold {SETTING}. Split it into smaller files, or "
        "upload fewer sheets at once.",
    )


def test_a_sheet_exactly_at_the_budget_is_read():
    (sheet,) = read("f.xlsx", xlsx({"fits": [(1, 2)] * 3}), max_cells=6)
    assert sheet.rows == [[1.0, 2.0]] * 3


@pytest.mark.parametrize("overlap", [False, True])
def test_a_refused_sheet_does_not_stop_the_others_and_costs_nothing(overlap):
    book = xlsx({"a": [(1, 2), (3, 4)], "big": [(1, 2)] * 4, "c": [(5, 6), (7, 8)]})
    # 10 cells: a takes 4, big's 8 exceed the 6 left, c's 4 still fit.
    a, big, c = read("f.xlsx", book, max_cells=10, overlap=overlap)
    assert a.rows == [[1.0, 2.0], [3.0, 4.0]]
    assert isinstance(big, SheetRefused)
    assert big.message.startswith(
        "Sheet 'big' of f.xlsx was not read: it has 8 cells (its declared range is A1:B4), "
        "more than the 6 cells left of the 10 an upload may hold"
    )
    assert c.rows == [[5.0, 6.0], [7.0, 8.0]]


def test_a_budget_already_partly_spent_is_named_as_what_is_left():
    (refused,) = read("f.xlsx", xlsx({"s": [(1, 2, 3)]}), max_cells=100, budget=2)
    assert "more than the 2 cells left of the 100 an upload may hold" in refused.message


def test_an_ods_table_over_what_is_left_is_refused_and_the_earlier_one_kept():
    # 10 cells: a (4) is read cell by cell, then big's 9 exceed the 6 left.
    a, big = read("f.ods", ods({"a": [(1, 2), (3, 4)], "big": [(1, 2, 3)] * 3}), max_cells=10)
    assert (a.sheet, a.rows) == ("a", [[1.0, 2.0], [3.0, 4.0]])
    assert big == SheetRefused(
        "big",
        "Sheet 'big' of f.ods was not read: it has 9 cells, more than the 6 cells left of the "
        f"10 an upload may hold {SETTING}. Split it into smaller files, or upload fewer sheets "
        "at once.",
    )


def test_a_csv_over_the_budget_is_unreadable_as_a_whole():
    with pytest.raises(Unreadable) as raised:
        read("f.csv", csv([("a", "b", "c"), (1, 2, 3)]), max_cells=5)
    assert str(raised.value) == (
        "f.csv was not read: it has 2 rows × 3 columns (6 cells), more than the 5 cells an "
        f"upload may hold {SETTING}. Split it into smaller files."
    )


# --- sparse sheets read cell by cell ------------------------------------------------------------


def test_a_sparse_sheet_keeps_only_its_filled_rows_and_columns():
    sparse = sheet_xml(text_cell("B2", "x") + text_cell("F10", "y"))
    # B2:F10 is 9 × 5 = 45 cells, over the budget of 20, but only 2 are filled.
    (sheet,) = read("f.xlsx", raw_xlsx({"s": sparse}), max_cells=20)
    assert sheet.rows == [["x", None], [None, "y"]]
    assert (sheet.first_row, sheet.first_column) == (2, 2)
    # Row 10 is 8 rows below row 2; column F is 4 columns right of B.
    assert (sheet.row_offsets, sheet.column_offsets) == ([0, 8], [0, 4])
    assert sheet.notes == (
        (
            None,
            "its cells are spread over B2:F10 (9 rows × 5 columns) but only 2 are filled: it "
            "was read cell by cell, leaving out the empty rows and columns",
        ),
    )
    assert sheet.area == 4


def test_filled_cells_spread_over_more_than_the_budget_are_refused_as_sparse():
    diagonal = sheet_xml(text_cell("A1", "x") + text_cell("B2", "y") + text_cell("C3", "z"))
    # 3 filled cells fit a budget of 4, but their rows × columns, 3 × 3 = 9, do not.
    (refused,) = read("f.xlsx", raw_xlsx({"s": diagonal}), max_cells=4)
    assert refused == SheetRefused(
        "s",
        "Sheet 's' of f.xlsx was not read: its 3 filled cells are spread over 3 rows and 3 "
        f"columns (9 cells), more than the 4 cells an upload may hold {SETTING}. Delete the "
        "stray cells away from the table (in Excel, Ctrl+End goes to the last one), or save "
        "the sheet as CSV.",
    )


# --- sheets in a workbook ---------------------------------------------------------------------


def test_an_empty_sheet_is_no_rows_and_error_cells_keep_their_text():
    error = b'<row r="1">' + text_cell("A1", "x") + b'<c r="B1" t="e"><v>#N/A</v></c></row>'
    empty, errors = read("f.xlsx", raw_xlsx({"e": sheet_xml(b""), "x": sheet_xml(error)}))
    assert empty == SheetRows("e", [], only_sheet=False)
    assert errors.rows == [["x", "#N/A"]]


def test_skipped_sheets_are_neither_started_nor_read():
    started: list[str] = []
    book = xlsx({"a": [(1,)], "b": [(2,)], "c": [(3,)]})
    out = read("f.xlsx", book, skip=frozenset({"b"}), starting=started.append)
    assert [(s.sheet, s.rows) for s in out] == [("a", [[1.0]]), ("c", [[3.0]])]
    assert started == ["a", "c"]
