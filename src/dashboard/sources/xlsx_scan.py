"""What an .xlsx sheet holds, found before calamine reads it.

calamine builds a sheet as one dense block from its first to its last filled cell, 32 bytes a
cell: two cells at A1 and XFD1048576 make 512 GiB. So each sheet's XML is scanned first for its
declared dimension, how many cells it has and where they are. The scan runs at the speed of
`bytes.count` and one regular expression for the common shape (every cell tagged `<c r="A1"`,
as every spreadsheet program writes it); any other shape is marked irregular, and such a sheet
is read cell by cell (`xlsx_cells`), never by calamine.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass

from dashboard.sources import safe_xml

MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384

_DIMENSION = re.compile(rb'<dimension\s+ref\s*=\s*["\']([A-Za-z0-9:$]{1,40})["\']')
_CELL_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})[0-9]')
_CELL_ROW = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})"')
_ROW_TAG = re.compile(rb'<row r="([0-9]{1,7})"')
# Anything that would let a cell's position escape the fast count: a cell tag written any other
# way (its position may come from its place in the row), one with a namespace prefix, a reference
# past Excel's last row, a DTD. Separate searches, each led by a literal, run at memchr speed.
_IRREGULAR = tuple(
    re.compile(pattern)
    for pattern in (
        rb"<c[\t\r\n>/]",
        rb":c[\s/>]",
        rb'<c r="[A-Z]{1,3}[0-9]{8}',
        rb"<!(?i:doctype|entity)",
    )
)
_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")


@dataclass(frozen=True)
class Bounds:
    """0-based first and last row and column of a block of cells."""

    top: int
    left: int
    bottom: int
    right: int

    @property
    def rows(self) -> int:
        return self.bottom - self.top + 1

    @property
    def columns(self) -> int:
        return self.right - self.left + 1

    @property
    def area(self) -> int:
        return self.rows * self.columns

    @property
    def ref(self) -> str:
        return f"{cell_ref(self.top, self.left)}:{cell_ref(self.bottom, self.right)}"


@dataclass(frozen=True)
class SheetScan:
    """A sheet's declared dimension, its cell tags and where they lie.

    `bounds` covers every cell tag (filled or not), so it is never smaller than the block
    calamine would build; it is None for an irregular sheet or one without cells. `exact` says
    whether the bottom row was measured or only bounded from above.
    """

    declared: str | None
    cells: int
    bounds: Bounds | None
    exact: bool
    regular: bool
    errors: tuple[tuple[int, int, str], ...] = ()
    measured: bool = True  # False: only counted, having more cells than the budget


def column_number(letters: str) -> int:
    """'A' -> 0, 'XFD' -> 16383."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number - 1


def column_letters(number: int) -> str:
    """0 -> 'A', 16383 -> 'XFD'."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_ref(row: int, column: int) -> str:
    return f"{column_letters(column)}{row + 1}"


def parse_ref(ref: str) -> tuple[int, int] | None:
    """'B3' -> (2, 1), 0-based; None for text that is no cell reference inside Excel's limits."""
    found = _REF.fullmatch(ref.strip())
    if not found:
        return None
    row, column = int(found.group(2)) - 1, column_number(found.group(1))
    if not (0 <= row < MAX_ROWS and 0 <= column < MAX_COLUMNS):
        return None
    return row, column


def scan_sheet(xml: bytes, budget: int) -> SheetScan:
    """Count a sheet's cells and bound where they lie, exactly when a bound over `budget` or a
    mostly empty one would send it down the slower path. A sheet with more cell tags than
    `budget` is only counted."""
    start = xml.find(b"<sheetData")
    found = _DIMENSION.search(xml, 0, start if start >= 0 else len(xml))
    declared = found.group(1).decode("ascii").upper() if found else None
    cells = xml.count(b"<c ")
    if cells > budget:
        return SheetScan(declared, cells, None, False, False, measured=False)
    irregular = any(pattern.search(xml) for pattern in _IRREGULAR)
    columns = [] if irregular else _CELL_COLUMN.findall(xml)
    # Every cell tag starts `<c r="A1"`, and no tag has an `r` written another way.
    regular = (
        not irregular
        and len(columns) == cells
        and xml.count(b' r="') == cells + xml.count(b'<row r="')
    )
    if not regular:
        return SheetScan(declared, cells, None, False, False)
    if not columns:
        return SheetScan(declared, 0, None, True, True)
    numbers = [column_number(c.decode("ascii")) for c in set(columns)]
    left, right = min(numbers), max(numbers)
    # The row tags give the likely last row cheaply; a cell reference with more digits than
    # that says a cell lies further down, and then every cell's row is read.
    rows = [int(r) for r in set(_ROW_TAG.findall(xml))]
    digits = len(str(max(rows, default=1)))
    deeper = re.search(rb'<c r="[A-Z]{1,3}[0-9]{%d}' % (digits + 1), xml) is not None
    bounds, exact = Bounds(0, left, min(10**digits - 2, MAX_ROWS - 1), right), False
    if deeper or bounds.area > budget or not dense(cells, bounds.area):
        cell_rows = [int(r) for r in set(_CELL_ROW.findall(xml))]
        bounds, exact = Bounds(min(cell_rows) - 1, left, max(cell_rows) - 1, right), True
    return SheetScan(declared, cells, bounds, exact, True, tuple(error_cells(xml)))


def count_cells(archive: zipfile.ZipFile, member: str) -> int:
    """The cell tags of a sheet, counted as it unpacks, without holding its XML."""
    count, tail = 0, b""
    with archive.open(member) as stream:
        while chunk := stream.read(safe_xml.CHUNK * 16):
            joined = tail + chunk
            count += joined.count(b"<c ")
            tail = joined[-2:] if not joined.endswith(b"<c ") else b""
    return count


def dense(cells: int, area: int) -> bool:
    """Whether a block is worth reading whole: small, or at least an eighth filled."""
    return area <= 1_000_000 or cells * 8 >= area


def error_cells(xml: bytes) -> list[tuple[int, int, str]]:
    """(row, column, '#N/A') of every error cell: calamine reads them as blanks."""
    out = []
    position = xml.find(b't="e"')
    while position >= 0:
        tag = xml.rfind(b"<c ", 0, position)
        end = xml.find(b"</c>", position)
        ref = re.match(rb'<c r="([A-Z]{1,3}[0-9]{1,7})"', xml[tag : tag + 24]) if tag >= 0 else None
        value = xml.find(b"<v>", position, end) if end >= 0 else -1
        if ref and value >= 0 and xml.find(b">", tag, position) < 0:
            where = parse_ref(ref.group(1).decode("ascii"))
            text = xml[value + 3 : xml.find(b"</v>", value, end)].decode("utf-8", "replace")
            if where:
                out.append((*where, text.strip()))
        position = xml.find(b't="e"', position + 1)
    return out


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the archive member holding its cells, from the workbook and its links."""
    names = {info.filename.lower(): info.filename for info in archive.infolist()}
    ids: dict[str, str] = {}
    targets: dict[str, str] = {}

    def sheet(tag: str, attrs: dict[str, str]) -> None:
        if safe_xml.local(tag) == "sheet":
            rid = next((v for k, v in attrs.items() if safe_xml.local(k) == "id"), None)
            if rid and "name" in attrs:
                ids[attrs["name"]] = rid

    def link(tag: str, attrs: dict[str, str]) -> None:
        if safe_xml.local(tag) == "Relationship" and "Id" in attrs and "Target" in attrs:
            targets[attrs["Id"]] = attrs["Target"]

    for member, handler in (("xl/workbook.xml", sheet), ("xl/_rels/workbook.xml.rels", link)):
        if member not in names:
            continue
        parser = safe_xml.parser()
        parser.StartElementHandler = handler
        safe_xml.feed(parser, [archive.read(names[member])])
    parts = {}
    for name, rid in ids.items():
        target = targets.get(rid, "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        path = posixpath.normpath(path).lower()
        if path in names:
            parts[name] = names[path]
    return parts
