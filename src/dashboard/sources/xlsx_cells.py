"""Read an .xlsx sheet cell by cell, for sheets calamine must not build as one block.

Used for sheets whose filled cells are spread over a mostly empty range, or whose XML is not
in the shape the fast scan recognises. Slower than calamine (Python handles every element),
but its memory follows the filled cells only. Values come out as calamine gives them: text,
floats, booleans, dates, date-times, times and durations, error cells as their text ('#N/A').
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from dashboard.errors import CellError
from dashboard.sources import safe_xml
from dashboard.sources.sparse import Cells
from dashboard.sources.xlsx_scan import MAX_COLUMNS, MAX_ROWS, parse_ref

# Built-in number formats that show a date, a time of day, or a duration.
_BUILTIN = {
    **dict.fromkeys((14, 15, 16, 17, 22, *range(27, 37), *range(50, 59)), "date"),
    **dict.fromkeys((18, 19, 20, 21, 45, 47), "time"),
    46: "duration",
}
_QUOTED = re.compile(r'"[^"]*"|\\.|_.|\*.')
_BRACKET = re.compile(r"\[([^\]]*)\]")
_ELAPSED = re.compile(r"[hms]+", re.IGNORECASE)  # [h]:mm, [mm]:ss: time elapsed, not a clock


def format_kind(code: str) -> str | None:
    """'date', 'time', 'duration' or None for an Excel number format code."""
    code = _QUOTED.sub("", code.split(";")[0])
    if any(_ELAPSED.fullmatch(b) for b in _BRACKET.findall(code)):
        return "duration"
    code = _BRACKET.sub("", code).lower()
    if "d" in code or "y" in code:
        return "date"
    if "h" in code or "s" in code:
        return "time"
    return "date" if "m" in code else None


@dataclass(frozen=True)
class Book:
    """What every sheet's cells refer to: shared strings, number formats by style, the epoch."""

    strings: list[str]
    styles: list[str | None]
    epoch: dt.datetime


def read_book(archive: zipfile.ZipFile) -> Book:
    names = {info.filename.lower(): info.filename for info in archive.infolist()}

    def chunks(member: str) -> Iterator[bytes]:
        if member in names:
            with archive.open(names[member]) as stream:
                while chunk := stream.read(safe_xml.CHUNK):
                    yield chunk

    strings = (
        _shared_strings(chunks("xl/sharedstrings.xml")) if "xl/sharedstrings.xml" in names else []
    )
    styles = _styles(chunks("xl/styles.xml")) if "xl/styles.xml" in names else []
    flags: dict[str, str] = {}

    def workbook(tag: str, attrs: dict[str, str]) -> None:
        if safe_xml.local(tag) == "workbookPr":
            flags.update(attrs)

    parser = safe_xml.parser()
    parser.StartElementHandler = workbook
    safe_xml.feed(parser, chunks("xl/workbook.xml"))
    is_1904 = flags.get("date1904", "").lower() in ("1", "true")
    return Book(strings, styles, dt.datetime(1904, 1, 1) if is_1904 else dt.datetime(1899, 12, 30))


def _shared_strings(chunks: Iterator[bytes]) -> list[str]:
    strings: list[str] = []
    parts: list[str] = []
    state = {"text": False, "phonetic": 0}

    def start(tag: str, _: dict[str, str]) -> None:
        name = safe_xml.local(tag)
        if name == "si":
            parts.clear()
        elif name == "rPh":
            state["phonetic"] += 1
        elif name == "t" and not state["phonetic"]:
            state["text"] = True

    def end(tag: str) -> None:
        name = safe_xml.local(tag)
        if name == "si":
            strings.append("".join(parts))
        elif name == "rPh":
            state["phonetic"] -= 1
        elif name == "t":
            state["text"] = False

    def text(data: str) -> None:
        if state["text"]:
            parts.append(data)

    parser = safe_xml.parser()
    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = text
    safe_xml.feed(parser, chunks)
    return strings


def _styles(chunks: Iterator[bytes]) -> list[str | None]:
    formats: dict[int, str] = {}
    styles: list[str | None] = []
    inside = {"cellXfs": False}

    def start(tag: str, attrs: dict[str, str]) -> None:
        name = safe_xml.local(tag)
        if name == "numFmt" and attrs.get("numFmtId", "").isdigit():
            formats[int(attrs["numFmtId"])] = attrs.get("formatCode", "")
        elif name == "cellXfs":
            inside["cellXfs"] = True
        elif name == "xf" and inside["cellXfs"]:
            number = int(attrs["numFmtId"]) if attrs.get("numFmtId", "").isdigit() else 0
            code = formats.get(number)
            styles.append(format_kind(code) if code is not None else _BUILTIN.get(number))

    def end(tag: str) -> None:
        if safe_xml.local(tag) == "cellXfs":
            inside["cellXfs"] = False

    parser = safe_xml.parser()
    parser.StartElementHandler, parser.EndElementHandler = start, end
    safe_xml.feed(parser, chunks)
    return styles


class _SheetReader:
    """expat handlers that follow rows and cells as calamine does, keeping filled cells."""

    def __init__(self, book: Book, cells: Cells) -> None:
        self.book, self.cells = book, cells
        self.in_data = False
        self.row = self.column = 0
        self.kind: str | None = None
        self.style: str | None = None
        self.position = (0, 0)
        self.value: list[str] | None = None
        self.inline: list[str] | None = None
        self.capture: list[str] | None = None
        self.phonetic = 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        name = safe_xml.local(tag)
        if name == "sheetData":
            self.in_data = True
        elif not self.in_data:
            return
        elif name == "row":
            ref = attrs.get("r")
            if ref is not None:
                if not ref.isdigit() or not 0 < int(ref) <= MAX_ROWS:
                    raise CellError(f"row number {ref[:20]!r} is not a row of a spreadsheet")
                self.row = int(ref) - 1
        elif name == "c":
            ref = attrs.get("r")
            if ref is not None:
                where = parse_ref(ref)
                if where is None:
                    raise CellError(f"cell reference {ref[:20]!r} is not a cell of a spreadsheet")
                self.row, self.column = where
            if self.column >= MAX_COLUMNS:
                raise CellError("a row has more cells than a spreadsheet has columns")
            self.position = (self.row, self.column)
            self.column += 1
            self.kind, self.style = attrs.get("t"), attrs.get("s")
            self.value = self.inline = None
        elif name == "v":
            self.value = self.capture = []
        elif name == "is":
            self.inline = []
        elif name == "rPh":
            self.phonetic += 1
        elif name == "t" and self.inline is not None and not self.phonetic:
            self.capture = self.inline

    def end(self, tag: str) -> None:
        name = safe_xml.local(tag)
        if name == "sheetData":
            self.in_data = False
        elif not self.in_data:
            return
        elif name == "row":
            self.row += 1
            self.column = 0
        elif name in ("v", "t"):
            self.capture = None
        elif name == "rPh":
            self.phonetic -= 1
        elif name == "c":
            self.cells.add(*self.position, self._value())

    def text(self, data: str) -> None:
        if self.capture is not None:
            self.capture.append(data)

    def _value(self) -> Any:
        if self.inline is not None and self.kind in ("inlineStr", "is"):
            return "".join(self.inline)
        if self.value is None:
            return None
        raw = "".join(self.value)
        if self.kind == "s":
            index = int(raw) if raw.strip().isdigit() else -1
            return self.book.strings[index] if 0 <= index < len(self.book.strings) else None
        if self.kind == "b":
            return raw.strip() == "1"
        if self.kind == "e":
            return raw.strip()
        if self.kind == "str":
            return raw
        if self.kind == "d":
            return _iso(raw)
        try:
            number = float(raw)
        except ValueError:
            return raw.strip()
        style = int(self.style) if self.style and self.style.isdigit() else 0
        kind = self.book.styles[style] if style < len(self.book.styles) else None
        return _dated(number, kind, self.book.epoch) if kind else number


def _iso(text: str) -> Any:
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return text.strip()
    return moment.date() if moment.time() == dt.time() else moment


def _dated(number: float, kind: str, epoch: dt.datetime) -> Any:
    """A serial number shown as a date, time or duration, as calamine returns it."""
    try:
        if kind == "duration":
            return dt.timedelta(days=number)
        moment = epoch + dt.timedelta(days=number)
    except OverflowError:
        return number
    if kind == "time" and 0 <= number < 1:
        return moment.time()
    return moment.date() if number.is_integer() else moment


def read_cells(archive: zipfile.ZipFile, member: str, book: Book, cells: Cells) -> None:
    """Every filled cell of one sheet's XML into `cells` (which stops at its limit)."""
    reader = _SheetReader(book, cells)
    parser = safe_xml.parser()
    parser.StartElementHandler, parser.EndElementHandler = reader.start, reader.end
    parser.CharacterDataHandler = reader.text
    with archive.open(member) as stream:
        safe_xml.feed(parser, iter(lambda: stream.read(safe_xml.CHUNK), b""))
