"""Read uploaded spreadsheets into raw cell grids: calamine for workbooks, pandas' C engine for CSV.

Nothing here knows the canonical model: a file becomes one `Grid` per sheet, with the
spreadsheet row and column of every cell, for detection and mapping to work on. Formulas are
never evaluated: a workbook gives the value its program last stored, a CSV the text as written.
"""

from __future__ import annotations

import csv
import gc
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import pandas as pd
from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetTypeEnum

from dashboard.sources.sql import SourceError

WORKBOOK_TYPES = ("xlsx", "xlsm", "xls", "ods")
ACCEPTED_TYPES = (*WORKBOOK_TYPES, "csv")
MB = 1024 * 1024
DEFAULT_MAX_FILE_MB = 50
DEFAULT_MAX_UNPACKED_MB = 1024

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


class UploadError(SourceError):
    """A file that cannot be read; the message names the file and says what to do."""


@dataclass(frozen=True)
class Limits:
    """How big an upload may be, and how far a workbook may unpack (zip-bomb guard)."""

    max_file_mb: float = DEFAULT_MAX_FILE_MB
    max_unpacked_mb: float = DEFAULT_MAX_UNPACKED_MB

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Limits:
        """The [upload] table of dashboard.toml; a wrong entry is named in the error."""
        section = config.get("upload", {})
        values = {}
        for key in ("max_file_mb", "max_unpacked_mb"):
            if key in section:
                value = section[key]
                if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                    raise ValueError(f"[upload] {key} must be a positive number, not {value!r}")
                values[key] = float(value)
        return cls(**values)


@dataclass(frozen=True)
class Grid:
    """One sheet's cells as read: `cells` has positional columns, blanks as None.

    `first_row` and `first_column` are the 1-based spreadsheet row and column of cells[0, 0].
    """

    file: str
    sheet: str | None
    cells: pd.DataFrame
    first_row: int = 1
    first_column: int = 1
    only_sheet: bool = True

    @property
    def label(self) -> str:
        return self.file if self.sheet is None else f"{self.file} › {self.sheet}"


def read_file(name: str, data: bytes, limits: Limits = Limits()) -> list[Grid]:
    """Every sheet of one uploaded file; raises UploadError with a message for the user."""
    if len(data) > limits.max_file_mb * MB:
        raise UploadError(
            f"{name} is {len(data) / MB:.1f} MB; the limit is {limits.max_file_mb:g} MB "
            "(max_file_mb in the [upload] table of dashboard.toml)."
        )
    if not data:
        raise UploadError(f"{name} is empty.")
    if data.startswith(_ZIP):
        _check_unpacked_size(name, data, limits)
        return _read_workbook(name, data)
    if data.startswith(_OLE):
        return _read_workbook(name, data)
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<table")):
        raise UploadError(
            f"{name} is a web page (HTML) saved with a spreadsheet name, as some systems export "
            "it. Open it in Excel or LibreOffice and save it as .xlsx or .csv."
        )
    for magic, what in _KNOWN_BINARIES.items():
        if data.startswith(magic):
            raise UploadError(f"{name} is {what}, not a spreadsheet ({_accepted()}).")
    if b"\x00" in data[:4096]:
        raise UploadError(f"{name} is not a spreadsheet or a text file ({_accepted()}).")
    return [_read_csv(name, data)]


def _accepted() -> str:
    return "accepted: " + ", ".join(f".{t}" for t in ACCEPTED_TYPES)


def _check_unpacked_size(name: str, data: bytes, limits: Limits) -> None:
    """Refuse a workbook whose parts declare more than the limit, before anything unpacks it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise UploadError(
            f"{name} is damaged: it starts like an .xlsx/.ods file but cannot be opened ({exc})."
        ) from exc
    declared = sum(m.file_size for m in members)
    if declared > limits.max_unpacked_mb * MB:
        raise UploadError(
            f"{name} would unpack to {declared / MB:,.0f} MB, over the limit of "
            f"{limits.max_unpacked_mb:g} MB (max_unpacked_mb in [upload]); it was not opened. "
            "Split the workbook, or save it as CSV files."
        )
    names = {m.filename for m in members}
    if not ({"xl/workbook.xml", "xl/workbook.bin", "content.xml"} & names):
        raise UploadError(
            f"{name} is a zip archive but not a spreadsheet ({_accepted()}); unzip it and "
            "upload the files inside."
        )


def _read_workbook(name: str, data: bytes) -> list[Grid]:
    try:
        with CalamineWorkbook.from_filelike(io.BytesIO(data)) as book:
            sheets = [
                m.name
                for m in book.sheets_metadata
                if m.typ in (SheetTypeEnum.WorkSheet, SheetTypeEnum.DialogSheet)
            ]
            grids = []
            for sheet in sheets:
                content = book.get_sheet_by_name(sheet)
                rows = _without_gc(content.to_python)
                row, column = content.start or (0, 0)
                grids.append(Grid(name, sheet, _frame(rows), row + 1, column + 1, len(sheets) == 1))
    except PasswordError as exc:
        raise UploadError(f"{name} is password-protected: save a copy without a password.") from exc
    except CalamineError as exc:
        raise UploadError(
            f"{name} could not be read as a spreadsheet ({exc}). It may be damaged, or "
            f"not really a spreadsheet ({_accepted()})."
        ) from exc
    return grids


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


def _frame(rows: list[list[Any]]) -> pd.DataFrame:
    """Cells as a frame with positional columns; empty cells become None."""
    frame = pd.DataFrame(rows, dtype=object)
    if frame.empty:
        return frame
    return frame.mask(frame.eq(""))


def _read_csv(name: str, data: bytes) -> Grid:
    encoding = _encoding(data)
    sample = data[:65536].decode(encoding, errors="replace")
    delimiter = _delimiter(sample)
    lines = sample.splitlines()[:200]
    width = max((len(r) for r in csv.reader(lines, delimiter=delimiter)), default=1)
    try:
        cells = pd.read_csv(
            io.BytesIO(data),
            sep=delimiter,
            header=None,
            names=range(width),
            dtype=str,
            na_filter=False,
            skip_blank_lines=False,
            encoding=encoding,
            engine="c",
        )
    except pd.errors.EmptyDataError as exc:
        raise UploadError(f"{name} has no rows.") from exc
    except pd.errors.ParserError as exc:
        raise UploadError(
            f"{name} could not be read as CSV: {exc}. A value containing a "
            f"'{delimiter}' must be in double quotes."
        ) from exc
    if cells.empty:
        raise UploadError(f"{name} has no rows.")
    cells = cells.astype(object)
    return Grid(name, None, cells.mask(cells.eq("")), 1, 1, True)


def _encoding(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else the Windows code page Excel uses."""
    try:
        data.decode("utf-8")
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "cp1252" if _decodes(data, "cp1252") else "latin-1"


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
        return True
    except UnicodeDecodeError:
        return False


def _delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample[:8192], delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def file_stem(name: str) -> str:
    return PurePath(name).stem
