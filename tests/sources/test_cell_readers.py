"""The cell-by-cell readers give what calamine gives for the same cells, and the fast scan
measures sheets as calamine would build them."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from spreadsheets import ods, raw_xlsx, sheet_xml

from dashboard.errors import BadBatch
from dashboard.sources import ods_cells
from dashboard.sources import sheets as sheet_reading
from dashboard.sources.cell_columns import from_ipc, to_batch, to_ipc
from dashboard.sources.sandbox import read_isolated
from dashboard.sources.sparse import Cells
from dashboard.sources.spreadsheet import Limits, read_file
from dashboard.sources.xlsx_cells import format_kind
from dashboard.sources.xlsx_scan import Bounds, column_letters, column_number, parse_ref, scan_sheet


def _prefixed(data: bytes) -> bytes:
    """The same workbook with every worksheet written with an `x:` namespace prefix, which the
    fast scan does not take, so its sheets are read cell by cell."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            body = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                text = body.decode()
                head, _, rest = text.partition("<worksheet")
                rest = rest.replace("<", "<x:").replace("<x:/", "</x:")
                text = head + "<x:worksheet" + rest.replace('xmlns="', 'xmlns:x="', 1)
                body = text.encode()
            archive.writestr(info, body)
    return buffer.getvalue()


def _values(grid) -> list[list]:
    return grid.cells.astype(object).where(grid.cells.notna(), None).values.tolist()


def test_the_cell_reader_agrees_with_calamine_on_every_kind_of_value():
    book = Workbook()
    sheet = book.active
    sheet.title = "Kinds"
    sheet.append(["text", "number", "date", "datetime", "time", "bool", "shared"])
    sheet.append(
        [
            "Zoë & <co>",
            17.5,
            dt.date(2025, 3, 4),
            dt.datetime(2025, 3, 4, 10, 30),
            dt.time(9, 15),
            True,
            "Zoë & <co>",
        ]
    )
    sheet.append([None, 3, dt.date(1999, 12, 31), None, None, False, "x"])
    sheet["A3"].number_format = "@"
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    (by_calamine,) = read_file("k.xlsx", data).grids
    (by_cells,) = read_file("k.xlsx", _prefixed(data)).grids
    assert _values(by_cells) == _values(by_calamine)
    assert by_cells.cells.index.tolist() == [0, 1, 2]


def test_shared_strings_rich_text_and_phonetic_runs():
    strings = (
        b'<sst xmlns="m"><si><t>plain</t></si><si><r><t>ri</t></r><r><t>ch</t></r>'
        b"<rPh><t>fonetic</t></rPh></si></sst>"
    )
    xml = (
        b'<?xml version="1.0"?><x:worksheet xmlns:x="m"><x:sheetData><x:row r="1">'
        b'<x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c>'
        b'<x:c r="C1" t="b"><x:v>1</x:v></x:c><x:c r="D1" t="str"><x:v>formula text</x:v></x:c>'
        b"</x:row></x:sheetData></x:worksheet>"
    )
    data = raw_xlsx({"S": xml}, {"xl/sharedStrings.xml": strings})
    (grid,) = read_file("s.xlsx", data).grids
    assert _values(grid) == [["plain", "rich", True, "formula text"]]


def test_cells_without_references_follow_their_row_as_calamine_places_them():
    xml = (
        b'<?xml version="1.0"?><x:worksheet xmlns:x="m"><x:sheetData>'
        b'<x:row r="3"><x:c><x:v>1</x:v></x:c><x:c><x:v>2</x:v></x:c></x:row>'
        b"<x:row><x:c><x:v>3</x:v></x:c></x:row></x:sheetData></x:worksheet>"
    )
    (grid,) = read_file("r.xlsx", raw_xlsx({"S": xml})).grids
    assert (grid.first_row, grid.first_column) == (3, 1)
    assert _values(grid) == [[1.0, 2.0], [3.0, None]]


def test_a_reference_outside_the_grid_refuses_the_sheet_only():
    xml = (
        b'<?xml version="1.0"?><x:worksheet xmlns:x="m"><x:sheetData><x:row r="1">'
        b'<x:c r="XFE1"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>'
    )
    contents = read_file(
        "r.xlsx",
        raw_xlsx({"Bad": xml, "Good": sheet_xml(b'<row r="1"><c r="A1"><v>1</v></c></row>')}),
    )
    assert [g.sheet for g in contents.grids] == ["Good"]
    ((sheet, message),) = contents.refused
    assert sheet == "Bad"
    assert "cell reference 'XFE1' is not a cell of a spreadsheet" in message


@pytest.mark.parametrize(
    "code,kind",
    [
        ("yyyy-mm-dd", "date"),
        ("d/m/yy h:mm", "date"),
        ("h:mm AM/PM", "time"),
        ("[h]:mm:ss", "duration"),
        ("[Red]0.00", None),
        ('"Day "0', None),
        ("General", None),
        ("mmm", "date"),
        ("[$-409]d-mmm-yy", "date"),
    ],
)
def test_number_formats_that_show_dates_times_and_durations(code, kind):
    assert format_kind(code) == kind


def test_ods_values_read_cell_by_cell_match_calamine():
    data = ods({"Staff": [["id", "n", "note"], ["E1", 2.5, "a  b"], ["E2", 3, None]]})
    (by_calamine,) = read_file("s.ods", data).grids
    cells = {"Staff": Cells(100)}
    ods_cells.read(zipfile.ZipFile(io.BytesIO(data)), cells)
    compact = cells["Staff"].compact()
    assert compact.rows == _values(by_calamine)


def test_ods_text_spaces_tabs_and_comments():
    content = (
        '<table:table table:name="T"><table:table-row><table:table-cell office:value-type="string">'
        '<text:p>a<text:s text:c="3"/>b<text:tab/>c</text:p><text:p>line two</text:p>'
        "<office:annotation><text:p>a comment</text:p></office:annotation>"
        "</table:table-cell></table:table-row></table:table>"
    )
    data = ods({"T": [["x"]]})
    source = zipfile.ZipFile(io.BytesIO(data))
    xml = source.read("content.xml").decode()
    start, end = xml.index("<table:table "), xml.index("</table:table>") + len("</table:table>")
    xml = xml[:start] + content + xml[end:]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            archive.writestr(
                info, xml.encode() if info.filename == "content.xml" else source.read(info)
            )
    cells = {"T": Cells(10)}
    ods_cells.read(zipfile.ZipFile(io.BytesIO(buffer.getvalue())), cells)
    assert cells["T"].values == ["a   b\tc\nline two"]


# --- the fast scan -------------------------------------------------------------------------


def test_cell_references():
    assert parse_ref("XFD1048576") == (1_048_575, 16_383)
    assert parse_ref("$B$3") == (2, 1)
    assert parse_ref("XFE1") is None and parse_ref("A0") is None and parse_ref("1A") is None
    assert [column_letters(n) for n in (0, 25, 26, 701, 702, 16_383)] == [
        "A", "Z", "AA", "ZZ", "AAA", "XFD",
    ]  # fmt: skip
    assert column_number("xfd") == 16_383


def test_the_scan_measures_a_regular_sheet_without_reading_it():
    cells = b"".join(
        f'<row r="{n}"><c r="B{n}"><v>1</v></c><c r="D{n}"><v>2</v></c></row>'.encode()
        for n in range(5, 105)
    )
    scan = scan_sheet(sheet_xml(cells, "B5:D104"), budget=10_000)
    assert scan.regular and scan.cells == 200 and scan.declared == "B5:D104"
    assert scan.bounds is not None and scan.bounds.left == 1 and scan.bounds.right == 3
    assert scan.bounds.bottom >= 103  # bounded from above unless it must be exact


def test_the_scan_measures_exactly_when_a_bound_would_be_too_big():
    cells = b'<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="Z1000000"><v>1</v></c></row>'
    scan = scan_sheet(sheet_xml(cells), budget=10_000)
    assert scan.exact and scan.bounds == Bounds(0, 0, 999_999, 25)


@pytest.mark.parametrize(
    "cell",
    [
        b'<c s="1" r="A1"><v>1</v></c>',  # the reference not first
        b"<c><v>1</v></c>",  # no reference: placed by its row
        b'<c\tr="A1"><v>1</v></c>',
        b'<x:c r="A1"><v>1</v></x:c>',
        b"<c r='A1'><v>1</v></c>",
        b'<c r="A99999999"><v>1</v></c>',
        b'<c r="a1"><v>1</v></c>',
        b'<c r="B1" r="XFD1048576"><v>1</v></c>',  # calamine takes the last: 512 GiB
    ],
)
def test_any_other_way_of_writing_a_cell_is_irregular(cell):
    assert not scan_sheet(sheet_xml(b'<row r="1">' + cell + b"</row>"), budget=10_000).regular


def test_error_cells_found_by_the_scan():
    cells = b'<row r="2"><c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="D2" t="e"/></row>'
    assert scan_sheet(sheet_xml(cells), budget=100).errors == ((1, 2, "#DIV/0!"),)


def test_reading_in_process_and_in_the_reader_process_agree():
    book = Workbook()
    book.active.append(["a", dt.date(2025, 1, 2), 1.5, True, dt.time(8, 0), dt.timedelta(hours=2)])
    buffer = io.BytesIO()
    book.save(buffer)
    (here,) = read_file("b.xlsx", buffer.getvalue()).grids
    (there,) = read_isolated("b.xlsx", buffer.getvalue(), Limits()).grids
    assert _values(there) == _values(here)
    assert sheet_reading.accepted() == "accepted: .xlsx, .xlsm, .xls, .ods, .csv"


# --- cells carried from the reader process ------------------------------------------------

CELL_VALUES = st.one_of(
    st.none(),
    st.text(max_size=20),
    st.floats(allow_nan=False),
    st.integers(-(2**63), 2**63 - 1),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.timedeltas(min_value=dt.timedelta(days=-10_000), max_value=dt.timedelta(days=10_000)),
)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, 4).flatmap(
        lambda w: st.lists(st.lists(CELL_VALUES, min_size=w, max_size=w), max_size=30).map(
            lambda rows: (w, rows)
        )
    )
)
def test_cells_survive_the_trip_to_the_app_unchanged(shape):
    width, rows = shape
    columns = from_ipc(to_ipc(to_batch(rows, width)))
    back = [[column[i] for column in columns] for i in range(len(rows))]
    expected = [[None if v == "" else v for v in row] for row in rows]
    assert back == expected
    assert [[type(v) for v in row] for row in back] == [[type(v) for v in r] for r in expected]


def test_a_batch_that_is_not_the_readers_is_refused():
    with pytest.raises(BadBatch, match="malformed"):
        from_ipc(b"not arrow at all")
    table = pa.record_batch([pa.array([1, 2])], names=["0"])
    with pytest.raises(BadBatch, match="where a union was expected"):
        from_ipc(to_ipc(table))


def test_frames_the_reader_never_sends_are_refused():
    from dashboard.sources.sandbox import _Receiver, _Run

    for frame in (
        b"Z\x00\x00\x00\x01x",  # no such kind of frame
        b"A\x00\x00\x00\x03abc",  # cells that are no Arrow stream
        b"A" + len(to_ipc(to_batch([["x"]], 1))).to_bytes(4, "big") + to_ipc(to_batch([["x"]], 1)),
    ):  # the last: cells before any sheet was announced
        with pytest.raises(BadBatch):
            _Receiver("x.xlsx", _Run()).feed(frame)
