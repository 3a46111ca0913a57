"""Untrusted bytes -> each sheet's cells as plain rows, within a budget of cells.

This is what the reader process runs (`sandbox`), so it imports neither pandas nor anything
else heavy. The content decides the format, not the file name. Before calamine builds a sheet
(one dense block, 32 bytes a cell), the sheet is measured; a sheet whose filled cells are few
and far apart is read cell by cell and kept as only the rows and columns that hold something;
a sheet over the budget is refused with a message, and the other sheets still load.
"""

from __future__ import annotations

import gc
import io
import zipfile
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any

from python_calamine import (
    CalamineError,
    CalamineSheet,
    CalamineWorkbook,
    PasswordError,
    SheetTypeEnum,
)

from dashboard.errors import CellError, CsvUnreadable, TooManyCells, Unreadable, XmlRefused
from dashboard.sources import ods_cells, safe_xml, xlsx_cells
from dashboard.sources.csv_rows import read_csv_rows
from dashboard.sources.sparse import Cells, Compact
from dashboard.sources.xlsx_scan import (
    Bounds,
    SheetScan,
    count_cells,
    dense,
    scan_sheet,
    sheet_parts,
)

ACCEPTED_TYPES = ("xlsx", "xlsm", "xls", "ods", "csv")
MB = 1024 * 1024
# Where the setting lives, for messages that name it.
SETTING = "the [upload] table of dashboard.toml"

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_KNOWN_BINARIES = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
}
_SHEET_TYPES = (SheetTypeEnum.WorkSheet, SheetTypeEnum.DialogSheet)
# A sheet's XML above this size is first counted as it unpacks, so that one with far too many
# cells is refused without being held in memory.
_COUNT_FIRST = 64 * MB


@dataclass(frozen=True)
class SheetRows:
    """One sheet's cells as rows (blanks as '' or None).

    `first_row` and `first_column` are the 1-based spreadsheet row and column of rows[0][0];
    `row_offsets` and `column_offsets`, when given, say how far from them each row and column
    lies (a compact grid of a sparse sheet leaves the empty ones out).
    """

    sheet: str | None
    rows: list[list[Any]]
    first_row: int = 1
    first_column: int = 1
    row_offsets: list[int] | None = None
    column_offsets: list[int] | None = None
    notes: tuple[tuple[int | None, str], ...] = ()
    only_sheet: bool = True

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    @property
    def area(self) -> int:
        return len(self.rows) * self.width

    def meta(self) -> dict[str, Any]:
        """Everything but the rows, as plain JSON values."""
        return {
            "sheet": self.sheet,
            "first_row": self.first_row,
            "first_column": self.first_column,
            "row_offsets": self.row_offsets,
            "column_offsets": self.column_offsets,
            "notes": [list(note) for note in self.notes],
            "only_sheet": self.only_sheet,
            "width": self.width,
        }


@dataclass(frozen=True)
class SheetRefused:
    """A sheet that was not read, and why; the file's other sheets are unaffected."""

    sheet: str | None
    message: str


Read = SheetRows | SheetRefused


def accepted() -> str:
    return "accepted: " + ", ".join(f".{t}" for t in ACCEPTED_TYPES)


def read_sheets(
    name: str,
    data: bytes,
    *,
    max_cells: int,
    budget: int | None = None,
    max_unpacked_mb: float = 1024,
    skip: frozenset[str] = frozenset(),
    starting: Callable[[str], None] = lambda _: None,
    overlap: bool = False,
) -> Iterator[Read]:
    """Each sheet of one file in order, as rows or as the reason it was refused.

    `budget` is how many cells the upload has left (of `max_cells`); `skip` names sheets not to
    read again; `starting` is told each sheet's name before it is read (with `overlap`, a
    workbook's next sheet may be started before the last is done). Raises Unreadable.
    """
    account = _Budget(name, max_cells, max_cells if budget is None else budget)
    if data.startswith(_ZIP):
        archive = _archive(name, data, max_unpacked_mb)
        members = {m.lower() for m in archive.namelist()}
        if "xl/workbook.xml" in members:
            yield from _xlsx(name, data, archive, account, skip, starting, overlap)
        elif "content.xml" in members:
            yield from _ods(name, data, archive, account, skip, starting)
        else:
            yield from _calamine(name, data, account, skip, starting)
        return
    if data.startswith(_OLE):
        yield from _calamine(name, data, account, skip, starting)
        return
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<table")):
        raise Unreadable(
            f"{name} is a web page (HTML) saved with a spreadsheet name, as some systems export "
            "it. Open it in Excel or LibreOffice and save it as .xlsx or .csv."
        )
    for magic, what in _KNOWN_BINARIES.items():
        if data.startswith(magic):
            raise Unreadable(f"{name} is {what}, not a spreadsheet ({accepted()}).")
    yield _csv(name, data, account)


@dataclass
class _Budget:
    """The cells an upload may still take, and the words to refuse a sheet with."""

    file: str
    max_cells: int
    left: int

    def label(self, sheet: str | None) -> str:
        return self.file if sheet is None else f"Sheet '{sheet}' of {self.file}"

    def limit(self) -> str:
        if self.left < self.max_cells:
            return (
                f"the {self.left:,} cells left of the {self.max_cells:,} an upload may hold "
                f"(max_cells in {SETTING})"
            )
        return f"the {self.max_cells:,} cells an upload may hold (max_cells in {SETTING})"

    def too_many(self, sheet: str | None, cells: int, declared: str | None = None) -> SheetRefused:
        where = f" (its declared range is {declared})" if declared and ":" in declared else ""
        return SheetRefused(
            sheet,
            f"{self.label(sheet)} was not read: it has {cells:,} cells{where}, more than "
            f"{self.limit()}. Split it into smaller files, or upload fewer sheets at once.",
        )

    def too_sparse(self, sheet: str | None, compact: Compact, cells: int) -> SheetRefused:
        rows, columns = len(compact.rows), len(compact.column_offsets)
        return SheetRefused(
            sheet,
            f"{self.label(sheet)} was not read: its {cells:,} filled cells are spread over "
            f"{rows:,} rows and {columns:,} columns ({rows * columns:,} cells), more than "
            f"{self.limit()}. Delete the stray cells away from the table (in Excel, Ctrl+End "
            "goes to the last one), or save the sheet as CSV.",
        )

    def spend(self, read: Read) -> Read:
        if isinstance(read, SheetRows):
            self.left -= read.area
        return read


def _archive(name: str, data: bytes, max_unpacked_mb: float) -> zipfile.ZipFile:
    """The zip archive, refused before anything is unpacked if it declares too much."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise Unreadable(
            f"{name} is damaged: it starts like an .xlsx/.ods file but cannot be opened ({exc})."
        ) from exc
    declared = sum(m.file_size for m in members)
    if declared > max_unpacked_mb * MB:
        raise Unreadable(
            f"{name} would unpack to {declared / MB:,.0f} MB, over the limit of "
            f"{max_unpacked_mb:g} MB (max_unpacked_mb in [upload]); it was not opened. "
            "Split the workbook, or save it as CSV files."
        )
    names = {m.filename.lower() for m in members}
    if not ({"xl/workbook.xml", "xl/workbook.bin", "content.xml"} & names):
        raise Unreadable(
            f"{name} is a zip archive but not a spreadsheet ({accepted()}); unzip it and "
            "upload the files inside."
        )
    return archive


def _member(archive: zipfile.ZipFile, name: str, member: str) -> bytes:
    try:
        return archive.read(member)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError) as exc:
        raise Unreadable(
            f"{name} is damaged: its part {member} cannot be unpacked ({exc})."
        ) from exc


def _open(name: str, data: bytes) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError as exc:
        raise Unreadable(f"{name} is password-protected: save a copy without a password.") from exc
    except CalamineError as exc:
        raise Unreadable(_damaged(name, exc)) from exc


def _damaged(name: str, exc: BaseException) -> str:
    return (
        f"{name} could not be read as a spreadsheet ({exc}). It may be damaged, or not really "
        f"a spreadsheet ({accepted()})."
    )


# A workbook of more sheets than this is no set of tables, and each sheet costs the app time.
MAX_SHEETS = 500


def _worksheets(book: CalamineWorkbook) -> list[str]:
    return [m.name for m in book.sheets_metadata if m.typ in _SHEET_TYPES]


def _beyond(name: str, sheets: list[str]) -> Iterator[Read]:
    """The refusal of the sheets past MAX_SHEETS, if there are any."""
    if len(sheets) > MAX_SHEETS:
        yield SheetRefused(
            None,
            f"{name} has {len(sheets):,} sheets: only the first {MAX_SHEETS} were read (up to "
            f"'{sheets[MAX_SHEETS - 1]}'). Split it into workbooks of fewer sheets.",
        )


def _xlsx(
    name: str,
    data: bytes,
    archive: zipfile.ZipFile,
    budget: _Budget,
    skip: frozenset[str],
    starting: Callable[[str], None],
    overlap: bool,
) -> Iterator[Read]:
    """Each worksheet, measured first. With `overlap`, calamine builds one sheet in a second
    thread (it lets go of the interpreter meanwhile) while this one measures the next sheet
    and hands on the last; only a sheet already measured and within the budget goes to it."""
    _refuse_declarations(name, archive)
    try:
        parts = sheet_parts(archive)
    except XmlRefused as exc:
        raise Unreadable(f"{name} could not be read as a spreadsheet: {exc}.") from exc
    book: xlsx_cells.Book | None = None
    queued: deque[tuple[Future[Read], int]] = deque()  # calamine's work, and the cells it holds
    held = 0

    def hand_on(keep: int) -> Iterator[Read]:
        nonlocal held
        while len(queued) > keep:
            future, cells = queued.popleft()
            held -= cells
            yield budget.spend(future.result())

    with _open(name, data) as workbook, ThreadPoolExecutor(max_workers=1) as calamine:
        sheets = _worksheets(workbook)
        only = len(sheets) == 1
        for sheet in sheets[:MAX_SHEETS]:
            if sheet in skip:
                continue
            starting(sheet)
            member = parts.get(sheet)
            if member is None:
                yield from hand_on(0)
                yield SheetRefused(
                    sheet,
                    f"{budget.label(sheet)} was not read: its cells are missing from the "
                    "file, which may be damaged.",
                )
                continue
            scan = _measure(name, archive, member, budget.left - held)
            if held and not _whole(scan, budget.left - held):
                # Not for calamine with the cells held back: settle the sheets before it, so
                # the budget is exact, and measure again if the first count stopped short.
                yield from hand_on(0)
                if not scan.measured and scan.cells <= budget.left:
                    scan = _measure(name, archive, member, budget.left)
            if _whole(scan, budget.left - held):
                assert scan.bounds is not None
                job = partial(
                    _rows_of, workbook, sheet, scan.errors, only, budget, budget.left - held
                )
                if not overlap:
                    yield budget.spend(job())
                    continue
                queued.append((calamine.submit(job), scan.bounds.area))
                held += scan.bounds.area
                yield from hand_on(1)
            elif scan.cells > budget.left:
                yield budget.too_many(sheet, scan.cells, scan.declared)
            elif scan.regular and scan.bounds is None:
                yield SheetRows(sheet, [], only_sheet=only)
            else:
                book = book or _book(name, archive)
                yield budget.spend(
                    _by_cells(
                        sheet,
                        lambda cells, m=member, b=book: xlsx_cells.read_cells(archive, m, b, cells),
                        budget,
                        scan.bounds if scan.regular else None,
                        only,
                    )
                )
        yield from hand_on(0)
        yield from _beyond(name, sheets)


def _refuse_declarations(name: str, archive: zipfile.ZipFile) -> None:
    """Refuse a workbook any of whose parts calamine reads on opening declares a DTD."""
    for member in archive.namelist():
        lower = member.lower()
        # Worksheets are checked by their scan, before anything reads them.
        if (
            lower.endswith((".xml", ".rels"))
            and "worksheets/" not in lower
            and (safe_xml.has_doctype(_member(archive, name, member)))
        ):
            raise Unreadable(
                f"{name} was not read: its part {member} declares an XML document type "
                "(DTD), which spreadsheets never do (it can be built to exhaust memory)."
            )


def _measure(name: str, archive: zipfile.ZipFile, member: str, left: int) -> SheetScan:
    """A sheet's scan; a large sheet is first counted as it unpacks, and only counted if it has
    more cells than `left`."""
    if archive.getinfo(member).file_size > _COUNT_FIRST:
        counted = count_cells(archive, member)
        if counted > left:
            return SheetScan(None, counted, None, False, False, measured=False)
    return scan_sheet(_member(archive, name, member), left)


def _whole(scan: SheetScan, left: int) -> bool:
    """Whether calamine may build the sheet as one block."""
    bounds = scan.bounds
    return bounds is not None and bounds.area <= left and dense(scan.cells, bounds.area)


def _book(name: str, archive: zipfile.ZipFile) -> xlsx_cells.Book:
    try:
        return xlsx_cells.read_book(archive)
    except (XmlRefused, zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise Unreadable(f"{name} could not be read as a spreadsheet: {exc}.") from exc


def _rows_of(
    book: CalamineWorkbook,
    sheet: str,
    errors: tuple[tuple[int, int, str], ...],
    only: bool,
    budget: _Budget,
    allowed: int | None = None,
) -> Read:
    """One sheet through calamine, with its error cells written back in (calamine blanks them).

    `allowed` is the cells it may take (the budget less what sheets still being read hold).
    """
    try:
        content = book.get_sheet_by_name(sheet)
    except CalamineError as exc:
        return SheetRefused(sheet, f"{budget.label(sheet)} could not be read ({exc}).")
    return _rows_from(content, sheet, errors, only, budget, allowed)


def _rows_from(
    content: CalamineSheet,
    sheet: str,
    errors: tuple[tuple[int, int, str], ...],
    only: bool,
    budget: _Budget,
    allowed: int | None = None,
) -> Read:
    allowed = budget.left if allowed is None else allowed
    if content.height * content.width > allowed:
        return budget.too_many(sheet, content.height * content.width)
    try:
        rows = _without_gc(content.to_python)
    except CalamineError as exc:
        return SheetRefused(sheet, f"{budget.label(sheet)} could not be read ({exc}).")
    top, left = content.start or (0, 0)
    for row, column, text in errors:
        if 0 <= row - top < len(rows) and 0 <= column - left < len(rows[row - top]):
            rows[row - top][column - left] = text
    return SheetRows(sheet, rows, top + 1, left + 1, only_sheet=only)


def _by_cells(
    sheet: str | None,
    fill: Callable[[Cells], None],
    budget: _Budget,
    spread: Bounds | None,
    only: bool,
) -> Read:
    """A sheet read cell by cell into a compact grid, refused when over the budget."""
    cells = Cells(budget.left)
    try:
        fill(cells)
    except TooManyCells:
        return budget.too_many(sheet, len(cells) + 1)
    except (XmlRefused, CellError) as exc:
        return SheetRefused(sheet, f"{budget.label(sheet)} could not be read: {exc}.")
    return _compacted(sheet, cells, budget, spread, only)


def _compacted(
    sheet: str | None, cells: Cells, budget: _Budget, spread: Bounds | None, only: bool
) -> Read:
    compact = cells.compact()
    if compact.area > budget.left:
        return budget.too_sparse(sheet, compact, len(cells))
    notes: tuple[tuple[int | None, str], ...] = ()
    if spread is not None and spread.area > compact.area:
        notes = (
            (
                None,
                f"its cells are spread over {spread.ref} ({spread.rows:,} rows × "
                f"{spread.columns:,} columns) but only {len(cells):,} are filled: it was read "
                "cell by cell, leaving out the empty rows and columns",
            ),
        )
    return SheetRows(
        sheet,
        compact.rows,
        compact.top + 1,
        compact.left + 1,
        compact.row_offsets,
        compact.column_offsets,
        notes,
        only,
    )


def _ods(
    name: str,
    data: bytes,
    archive: zipfile.ZipFile,
    budget: _Budget,
    skip: frozenset[str],
    starting: Callable[[str], None],
) -> Iterator[Read]:
    """calamine builds every table of an .ods at once, so it reads only a workbook whose
    tables all fit; otherwise every table is read cell by cell."""
    try:
        scanned = ods_cells.scan(archive)
    except (XmlRefused, KeyError) as exc:
        raise Unreadable(f"{name} could not be read as a spreadsheet: {exc}.") from exc
    only = len(scanned) == 1
    tables = [t for t in scanned[:MAX_SHEETS] if t.name not in skip]
    yield from _beyond(name, [t.name for t in scanned])
    areas = [t.bounds.area if t.bounds else 0 for t in tables]
    if sum(areas) <= budget.left and all(
        dense(t.cells, a) for t, a in zip(tables, areas, strict=True)
    ):
        with _open(name, data) as book:
            for table in tables:
                starting(table.name)
                yield budget.spend(_rows_of(book, table.name, (), only, budget))
        return
    chosen: dict[str, Cells] = {}
    room = budget.left
    for table in tables:
        if table.cells <= room:
            chosen[table.name] = Cells(table.cells)
            room -= table.cells
    if chosen:
        try:
            ods_cells.read(archive, chosen)
        except (XmlRefused, TooManyCells) as exc:
            raise Unreadable(f"{name} could not be read as a spreadsheet: {exc}.") from exc
    for table in tables:
        starting(table.name)
        if table.name not in chosen:
            yield budget.too_many(table.name, table.cells)
            continue
        yield budget.spend(_compacted(table.name, chosen[table.name], budget, table.bounds, only))


def _calamine(
    name: str, data: bytes, budget: _Budget, skip: frozenset[str], starting: Callable[[str], None]
) -> Iterator[Read]:
    """.xls (and .xlsb): calamine builds the sheet (at most 65,536 × 256 cells in .xls), then a
    block larger than the budget is read again row by row, keeping only filled cells."""
    with _open(name, data) as book:
        sheets = _worksheets(book)
        for sheet in sheets[:MAX_SHEETS]:
            if sheet in skip:
                continue
            starting(sheet)
            try:
                content = book.get_sheet_by_name(sheet)
            except CalamineError as exc:
                yield SheetRefused(sheet, f"{budget.label(sheet)} could not be read ({exc}).")
                continue
            if content.height * content.width <= budget.left:
                yield budget.spend(_rows_from(content, sheet, (), len(sheets) == 1, budget))
                continue
            top, left = content.start or (0, 0)

            def fill(
                cells: Cells, content: Any = content, top: int = top, left: int = left
            ) -> None:
                for r, row in enumerate(content.iter_rows()):
                    for c, value in enumerate(row):
                        cells.add(top + r, left + c, value)

            spread = Bounds(top, left, top + content.height - 1, left + content.width - 1)
            yield budget.spend(_by_cells(sheet, fill, budget, spread, len(sheets) == 1))
        yield from _beyond(name, sheets)


def _csv(name: str, data: bytes, budget: _Budget) -> Read:
    try:
        found = read_csv_rows(name, data)
    except CsvUnreadable as exc:
        raise Unreadable(str(exc)) from exc
    area = len(found.rows) * found.width
    if area > budget.left:
        raise Unreadable(
            f"{name} was not read: it has {len(found.rows):,} rows × {found.width:,} columns "
            f"({area:,} cells), more than {budget.limit()}. Split it into smaller files."
        )
    return budget.spend(SheetRows(None, found.rows, notes=found.notes))


def _without_gc(read: Callable[[], list[list[Any]]]) -> list[list[Any]]:
    """Run `read` with the cycle collector paused.

    A sheet becomes millions of small Python objects at once; each allocation burst would
    trigger a collection that walks them all again, though none can form a cycle.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return read()
    finally:
        if enabled:
            gc.enable()
