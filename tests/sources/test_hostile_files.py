"""Hostile uploads: files built to crash, freeze or exhaust the reader.

Every file is generated here at run time (highly compressible, so a few kilobytes stand for
gigabytes of cells). Each is uploaded beside good files, or as one sheet beside good sheets,
and the upload must end in a report: no exception, a message naming the file (and sheet),
within a time well under the reader's deadline, within the reader's memory limit, and every
good row of the other files and sheets loaded.
"""

from __future__ import annotations

import io
import struct
import time
import zipfile

import pytest
from spreadsheets import (
    EMPLOYEES,
    RELATIONSHIPS,
    csv,
    raw_xlsx,
    rows_xml,
    sheet_xml,
    text_cell,
    xlsx,
)

from dashboard.sources.sandbox import read_isolated
from dashboard.sources.spreadsheet import Limits
from dashboard.sources.upload import UploadedFile, ingest

LIMITS = Limits(max_cells=200_000, max_memory_mb=512, read_timeout_s=60)
WELL_UNDER = LIMITS.read_timeout_s / 4
GOOD_EMPLOYEES = len(EMPLOYEES) - 1
GOOD_RELATIONSHIPS = len(RELATIONSHIPS) - 1


def _peak_rss_kb() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))


def _good_sheets() -> dict[str, bytes]:
    return {
        "employees": sheet_xml(rows_xml(EMPLOYEES)),
        "relationships": sheet_xml(rows_xml(RELATIONSHIPS)),
    }


def _upload(files: list[UploadedFile], limits: Limits = LIMITS):
    """Ingest the files, timed, with the growth of this process's peak memory."""
    before = _peak_rss_kb()
    started = time.perf_counter()
    result = ingest(files, limits=limits)
    elapsed = time.perf_counter() - started
    grown_mb = (_peak_rss_kb() - before) / 1024
    assert elapsed < WELL_UNDER, f"took {elapsed:.1f} s"
    assert grown_mb < limits.max_memory_mb, f"the app's peak memory grew by {grown_mb:.0f} MB"
    return result


def _assert_good_rows_kept(result) -> None:
    assert result.data is not None, result.message
    assert len(result.data.employees) == GOOD_EMPLOYEES
    assert len(result.data.relationships) == GOOD_RELATIONSHIPS


def _messages(result, file: str) -> list[str]:
    return [i.reason for i in result.report.issues if i.file == file]


def _hostile_sheet_beside_good_ones(name: str, xml: bytes, limits: Limits = LIMITS):
    """A workbook with the hostile sheet first, so the good sheets come after it."""
    data = raw_xlsx({name: xml, **_good_sheets()})
    result = _upload([UploadedFile("book.xlsx", data)], limits)
    _assert_good_rows_kept(result)
    return result


def _hostile_file_beside_good_ones(name: str, data: bytes, limits: Limits = LIMITS):
    good = [
        UploadedFile("employees.csv", csv(EMPLOYEES)),
        UploadedFile("relationships.csv", csv(RELATIONSHIPS)),
    ]
    result = _upload([UploadedFile(name, data), *good], limits)
    _assert_good_rows_kept(result)
    return result


# --- sheets whose cells lie far apart -------------------------------------------------------


@pytest.mark.parametrize(
    "far,row,spread",
    [
        ("XFD1048576", 1_048_576, "A1:XFD1048576 (1,048,576 rows × 16,384 columns)"),
        ("CV1000000", 1_000_000, "A1:CV1000000 (1,000,000 rows × 100 columns)"),
    ],
)
@pytest.mark.parametrize("limits", [LIMITS, Limits()], ids=["small limits", "default limits"])
def test_two_far_apart_cells_are_read_by_their_cells(far, row, spread, limits):
    cells = b'<row r="1">' + text_cell("A1", "stray") + b"</row>"
    cells += f'<row r="{row}"><c r="{far}"><v>1</v></c></row>'.encode()
    xml = sheet_xml(cells, dimension=f"A1:{far}")
    assert len(raw_xlsx({"Pivot": xml})) < 5_000
    result = _hostile_sheet_beside_good_ones("Pivot", xml, limits)
    (note,) = [m for m in _messages(result, "book.xlsx") if "spread over" in m]
    assert spread in note and "only 2 are filled" in note


def test_a_cell_with_two_references_is_refused_not_given_to_calamine():
    cells = b'<row r="1">' + text_cell("A1", "x") + b'<c r="B1" r="XFD1048576"><v>1</v></c></row>'
    result = _hostile_sheet_beside_good_ones("Pivot", sheet_xml(cells), Limits())
    assert any("could not be read" in m for m in _messages(result, "book.xlsx"))


def test_a_workbook_of_a_thousand_sheets_is_read_up_to_the_500th():
    sheets = {**_good_sheets(), **{f"S{i}": sheet_xml(rows_xml([("x",)])) for i in range(1_000)}}
    result = _upload([UploadedFile("book.xlsx", raw_xlsx(sheets))])
    _assert_good_rows_kept(result)
    (message,) = [m for m in _messages(result, "book.xlsx") if "sheets:" in m]
    assert message.startswith("book.xlsx has 1,002 sheets: only the first 500 were read")
    assert len(result.plan.sheets) == 500


def test_a_huge_declared_dimension_over_a_small_table_is_harmless():
    xml = sheet_xml(rows_xml(EMPLOYEES), dimension="A1:XFD1048576")
    data = raw_xlsx({"employees": xml, "relationships": sheet_xml(rows_xml(RELATIONSHIPS))})
    result = _upload([UploadedFile("book.xlsx", data)])
    _assert_good_rows_kept(result)
    assert not result.report.errors


def test_cells_spread_thinly_over_more_than_the_budget_are_refused_as_sparse():
    diagonal = b"".join(
        f'<row r="{n * 1000}"><c r="{_column(n)}{n * 1000}"><v>{n}</v></c></row>'.encode()
        for n in range(1, 600)
    )
    result = _hostile_sheet_beside_good_ones("Pivot", sheet_xml(diagonal))
    (message,) = _messages(result, "book.xlsx")
    assert message.startswith("Sheet 'Pivot' of book.xlsx was not read: its 599 filled cells")
    assert "599 rows and 599 columns (358,801 cells), more than the 200,000 cells" in message
    assert "max_cells in the [upload] table of dashboard.toml" in message
    assert "Delete the stray cells" in message


def _column(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- sheets with too many cells -------------------------------------------------------------


def _many_cells(rows: int, columns: int) -> bytes:
    row = "".join(f'<c r="{chr(65 + c)}{{n}}"><v>1</v></c>' for c in range(columns))
    return b"".join(f'<row r="{n}">{row.format(n=n)}</row>'.encode() for n in range(1, rows + 1))


def test_a_sheet_with_more_cells_than_the_budget_is_refused_and_the_rest_loads():
    xml = sheet_xml(_many_cells(30_000, 10), dimension="A1:J30000")
    assert len(xml) > 10 * len(raw_xlsx({"Big": xml}))  # it unpacks to far more than it weighs
    result = _hostile_sheet_beside_good_ones("Big", xml)
    (message,) = _messages(result, "book.xlsx")
    assert message == (
        "Sheet 'Big' of book.xlsx was not read: it has 300,000 cells (its declared range is "
        "A1:J30000), more than the 200,000 cells an upload may hold (max_cells in the [upload] "
        "table of dashboard.toml). Split it into smaller files, or upload fewer sheets at once."
    )


def test_the_cell_budget_is_shared_by_the_files_of_an_upload():
    first = raw_xlsx({"Log": sheet_xml(_many_cells(15_000, 10))})
    second = raw_xlsx({"Log": sheet_xml(_many_cells(12_000, 10))})
    limits = Limits(max_cells=250_000, max_memory_mb=512, read_timeout_s=60)
    result = _hostile_file_beside_good_ones("first.xlsx", first, limits)
    assert not [m for m in _messages(result, "first.xlsx") if "was not read" in m]
    files = [UploadedFile("first.xlsx", first), UploadedFile("second.xlsx", second)]
    result = _upload(files, limits)
    (message,) = [m for m in _messages(result, "second.xlsx") if "was not read" in m]
    assert "the 100,000 cells left of the 250,000 an upload may hold" in message


def test_sheets_read_side_by_side_keep_to_the_budget_exactly():
    sheets = {name: sheet_xml(_many_cells(1_000, 10)) for name in ("A", "B", "C")}
    limits = Limits(max_cells=25_000, max_memory_mb=512, read_timeout_s=60)
    contents = read_isolated("book.xlsx", raw_xlsx(sheets), limits)
    assert [g.sheet for g in contents.grids] == ["A", "B"]
    assert contents.cells == 20_000
    ((sheet, message),) = contents.refused
    assert sheet == "C"
    assert "more than the 5,000 cells left of the 25,000 an upload may hold" in message


def test_a_reader_that_runs_out_of_memory_loses_that_sheet_only():
    xml = sheet_xml(_many_cells(100_000, 10))
    limits = Limits(max_cells=2_000_000, max_memory_mb=40, read_timeout_s=60)
    result = _hostile_sheet_beside_good_ones("Big", xml, limits)
    (message,) = [m for m in _messages(result, "book.xlsx") if "was not read" in m]
    assert message.startswith(
        "Sheet 'Big' of book.xlsx was not read: reading it needed more than the 40 MB of "
        "memory a file may use (max_memory_mb in the [upload] table of dashboard.toml)."
    )


def test_a_reader_past_its_deadline_is_stopped_and_the_other_files_load():
    # Written with a namespace prefix, so it is read cell by cell: far slower than the deadline.
    cell = '<x:c r="{c}{n}"><x:v>{n}</x:v></x:c>'
    row = "".join(cell.format(c=c, n="{n}") for c in "ABCDE")
    cells = "".join(f'<x:row r="{n}">{row.format(n=n)}</x:row>' for n in range(1, 400_001))
    xml = (
        b'<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><x:sheetData>' + cells.encode() + b"</x:sheetData></x:worksheet>"
    )
    limits = Limits(max_cells=5_000_000, max_memory_mb=512, read_timeout_s=3)
    started = time.perf_counter()
    result = ingest(
        [
            UploadedFile("slow.xlsx", raw_xlsx({"Log": xml})),
            UploadedFile("employees.csv", csv(EMPLOYEES)),
            UploadedFile("relationships.csv", csv(RELATIONSHIPS)),
        ],
        limits=limits,
    )
    assert time.perf_counter() - started < 20
    _assert_good_rows_kept(result)
    (message,) = _messages(result, "slow.xlsx")
    assert "took longer than 3 s to read and was stopped" in message
    assert "read_timeout_s in the [upload] table of dashboard.toml" in message


# --- archives that lie ----------------------------------------------------------------------


def test_a_zip_bomb_is_refused_before_it_unpacks():
    bomb = raw_xlsx({"Log": sheet_xml(b" " * (40 * 1024 * 1024))})
    assert len(bomb) < 100_000
    result = _hostile_file_beside_good_ones("bomb.xlsx", bomb, Limits(max_unpacked_mb=16))
    (message,) = _messages(result, "bomb.xlsx")
    assert message.startswith("bomb.xlsx would unpack to 40 MB, over the limit of 16 MB")


def _lying_sizes(data: bytes, member: str, size: int) -> bytes:
    """The archive with `member` claiming to unpack to `size` bytes, in both its headers."""
    out = bytearray(data)
    name = member.encode()
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := out.find(signature, start)) >= 0:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if out[name_at : name_at + len(name)] == name:
                out[start + offset : start + offset + 4] = struct.pack("<I", size)
            start += 4
    return bytes(out)


def test_a_zip_that_understates_its_sizes_is_damaged_not_a_memory_bomb():
    honest = raw_xlsx({"Log": sheet_xml(b" " * (30 * 1024 * 1024)), **_good_sheets()})
    lying = _lying_sizes(honest, "xl/worksheets/sheet1.xml", 1000)
    with zipfile.ZipFile(io.BytesIO(lying)) as archive:
        assert sum(m.file_size for m in archive.infolist()) < 20_000
    result = _hostile_file_beside_good_ones("liar.xlsx", lying, Limits(max_unpacked_mb=16))
    (message,) = _messages(result, "liar.xlsx")
    assert message.startswith("liar.xlsx is damaged")


def test_a_truncated_workbook_is_damaged():
    whole = xlsx({"employees": EMPLOYEES})
    result = _hostile_file_beside_good_ones("cut.xlsx", whole[: len(whole) // 2])
    (message,) = _messages(result, "cut.xlsx")
    assert message.startswith("cut.xlsx is damaged")


# --- XML built to exhaust a parser ----------------------------------------------------------

LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'.encode()
        for i in range(1, 10)
    )
    + b"]>"
)


def test_entity_expansion_in_a_sheet_is_refused_and_nothing_expands():
    xml = LAUGHS + sheet_xml(b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>')
    xml = xml.replace(b'<?xml version="1.0" encoding="UTF-8"?>', b"")
    result = _hostile_sheet_beside_good_ones("Laughs", xml)
    (message,) = _messages(result, "book.xlsx")
    assert message.startswith("Sheet 'Laughs' of book.xlsx could not be read")
    assert "document type (DTD)" in message


def test_entity_expansion_in_shared_strings_refuses_the_file():
    strings = LAUGHS + b'<sst xmlns="x"><si><t>&lol9;</t></si></sst>'
    data = raw_xlsx(_good_sheets(), {"xl/sharedStrings.xml": strings})
    result = _hostile_file_beside_good_ones("strings.xlsx", data)
    (message,) = _messages(result, "strings.xlsx")
    assert "its part xl/sharedStrings.xml declares an XML document type (DTD)" in message


def test_deeply_nested_xml_is_read_without_recursion():
    deep = b"<extLst>" + b"<ext>" * 200_000 + b"</ext>" * 200_000 + b"</extLst>"
    xml = sheet_xml(rows_xml([("note",), ("text",)])).replace(
        b"</worksheet>", deep + b"</worksheet>"
    )
    result = _hostile_sheet_beside_good_ones("Notes", xml)
    assert not result.report.errors


def test_deep_nesting_in_a_sheet_read_cell_by_cell():
    deep = b"<x:extLst>" + b"<x:e>" * 200_000 + b"</x:e>" * 200_000 + b"</x:extLst>"
    xml = (
        b'<?xml version="1.0"?><x:worksheet xmlns:x="m"><x:sheetData><x:row r="1">'
        b'<x:c r="A1" t="inlineStr"><x:is><x:t>note</x:t></x:is></x:c></x:row></x:sheetData>'
        + deep
        + b"</x:worksheet>"
    )
    result = _hostile_sheet_beside_good_ones("Notes", xml)
    assert not result.report.errors


# --- text files -----------------------------------------------------------------------------


def test_binary_garbage_named_csv():
    garbage = bytes(range(256)) * 64
    result = _hostile_file_beside_good_ones("export.csv", garbage)
    (message,) = _messages(result, "export.csv")
    assert message.startswith("export.csv is not a spreadsheet or a text file (accepted: .xlsx")


def test_a_line_of_ten_thousand_values_is_trimmed_and_its_row_named():
    wide = ",".join(f"x{i}" for i in range(10_000))
    data = csv(EMPLOYEES[:2]) + wide.encode() + b"\n" + csv(EMPLOYEES[2:])
    result = _upload(
        [UploadedFile("employees.csv", data), UploadedFile("relationships.csv", csv(RELATIONSHIPS))]
    )
    (note,) = [i for i in result.report.issues if "values where the table has" in i.reason]
    assert (note.file, note.row, note.severity) == ("employees.csv", 3, "warning")
    assert (
        "this line has 10,000 values where the table has 4 columns: 9,996 value(s)" in note.reason
    )
    # The line's first four values are a row like any other; the rows around it are intact.
    assert list(result.data.employees["employee_id"]) == ["E1", "x0", "E2", "E3"]


def test_very_long_cells_and_headers_cost_linear_time():
    header = [*EMPLOYEES[0], "A" * 20_000, "(" * 20_000]
    rows = [(*row, "(" * 1_000_000, "X" * 300_000) for row in EMPLOYEES[1:]]
    result = _upload(
        [
            UploadedFile("employees.csv", csv([header, *rows])),
            UploadedFile("relationships.csv", csv(RELATIONSHIPS)),
        ]
    )
    _assert_good_rows_kept(result)
    (unused,) = [i.column for i in result.report.issues if "not used: no column of" in i.reason]
    # Each is named by its first 200 characters: enough to find it, not 20,000 to scroll past.
    assert sorted(len(c) for c in unused.split(", ")) == [201, 201]
    assert unused.startswith("A" * 200 + "…")


def test_nul_bytes_are_dropped_with_a_note():
    data = csv(EMPLOYEES).replace(b"Sales", b"Sa\x00les", 1)
    result = _upload(
        [UploadedFile("employees.csv", data), UploadedFile("relationships.csv", csv(RELATIONSHIPS))]
    )
    _assert_good_rows_kept(result)
    assert "1 NUL character(s) removed" in _messages(result, "employees.csv")
    assert "Sales" in set(result.data.employees["department"])


def test_mixed_encodings_are_read_byte_by_byte_with_a_note():
    rows = [(*EMPLOYEES[0],), ("E1", "Sales", None, "Zoë"), ("E2", "Sales", "E1", "Müller")]
    data = csv(rows[:2]) + csv(rows[2:], encoding="cp1252")
    result = _upload(
        [UploadedFile("employees.csv", data), UploadedFile("relationships.csv", csv(RELATIONSHIPS))]
    )
    names = set(result.data.employees["name"])
    assert {"Zoë", "Müller"} <= names
    assert any("mixes encodings: 1 byte(s)" in m for m in _messages(result, "employees.csv"))


# --- OpenDocument repeats -------------------------------------------------------------------


def _ods(table_xml: str) -> bytes:
    from spreadsheets import ods

    data = ods({"Placeholder": [["x"]]})
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        content = source.read("content.xml").decode()
    start = content.index("<table:table ")
    end = content.index("</table:table>") + len("</table:table>")
    content = content[:start] + table_xml + content[end:]
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as archive:
        for member in source.infolist():
            body = content.encode() if member.filename == "content.xml" else source.read(member)
            archive.writestr(member, body)
    return buffer.getvalue()


def _ods_cell(value: str, repeat: int = 1) -> str:
    return (
        f'<table:table-cell table:number-columns-repeated="{repeat}" office:value-type="string">'
        f"<text:p>{value}</text:p></table:table-cell>"
    )


def test_an_ods_repeat_bomb_is_counted_not_expanded():
    bomb = (
        '<table:table table:name="Bomb"><table:table-row table:number-rows-repeated="1000000">'
        + _ods_cell("x", 16_384)
        + "</table:table-row></table:table>"
    )
    data = _ods(bomb)
    assert len(data) < 5_000
    result = _hostile_file_beside_good_ones("bomb.ods", data)
    (message,) = _messages(result, "bomb.ods")
    assert message.startswith(
        "Sheet 'Bomb' of bomb.ods was not read: it has 16,384,000,000 cells, more than"
    )


def test_an_ods_table_with_far_apart_cells_is_read_by_its_cells():
    table = (
        '<table:table table:name="Staff">'
        "<table:table-row>"
        + _ods_cell("employee_id")
        + _ods_cell("department")
        + "</table:table-row>"
        "<table:table-row>" + _ods_cell("E1") + _ods_cell("Sales") + "</table:table-row>"
        '<table:table-row table:number-rows-repeated="900000"><table:table-cell/></table:table-row>'
        '<table:table-row><table:table-cell table:number-columns-repeated="5000"/>'
        + _ods_cell("stray")
        + "</table:table-row></table:table>"
    )
    contents = read_isolated("staff.ods", _ods(table), LIMITS)
    (grid,) = contents.grids
    assert grid.cells.shape == (3, 3)
    assert grid.cells.index.tolist() == [0, 1, 900_002]
    assert grid.cells.columns.tolist() == [0, 1, 5000]
    assert "spread over A1:GJI900003 (900,003 rows × 5,001 columns)" in grid.notes[0][1]


# --- the reader's own limits ----------------------------------------------------------------


def test_the_reader_process_stays_within_its_memory_limit():
    far = sheet_xml(
        b'<row r="1">'
        + text_cell("A1", "x")
        + b'</row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    )
    contents = read_isolated("far.xlsx", raw_xlsx({"Far": far, **_good_sheets()}), LIMITS)
    assert contents.peak_kb is not None
    assert contents.peak_kb < LIMITS.max_memory_mb * 1024
    assert [g.sheet for g in contents.grids] == ["Far", "employees", "relationships"]
