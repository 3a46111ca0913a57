"""What an .ods workbook holds, and its cells read one by one when calamine must not build them.

OpenDocument writes a run of equal cells or rows as one element with a repeat count, so a few
bytes can stand for a whole sheet of copies. `scan` measures every table — filled cells and
where they lie, repeats multiplied out, nothing expanded — and `read` keeps the filled cells of
chosen tables, expanding repeats only after the count has been checked.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from dashboard.sources import safe_xml
from dashboard.sources.sparse import Cells
from dashboard.sources.xlsx_scan import Bounds

_DURATION = re.compile(r"-?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?")


@dataclass
class TableScan:
    """One table: its name, filled cells (repeats counted) and the block they span."""

    name: str
    cells: int = 0
    bounds: Bounds | None = None

    def take(self, row: int, column: int, rows: int, columns: int) -> None:
        self.cells += rows * columns
        block = Bounds(row, column, row + rows - 1, column + columns - 1)
        old = self.bounds or block
        self.bounds = Bounds(
            min(old.top, block.top),
            min(old.left, block.left),
            max(old.bottom, block.bottom),
            max(old.right, block.right),
        )


@dataclass
class _Cell:
    repeat: int
    attrs: dict[str, str]
    paragraphs: list[list[str]] = field(default_factory=list)


class _ContentReader:
    """expat handlers for content.xml: rows and cells of top-level tables, repeats as counts."""

    def __init__(self, collect: dict[str, Cells]) -> None:
        self.collect = collect
        self.tables: list[TableScan] = []
        self.depth = 0  # tables open: a table inside a cell is part of that cell, not a sheet
        self.row = self.column = 0
        self.row_repeat = 1
        self.row_cells: list[tuple[int, int, Any]] = []
        self.cell: _Cell | None = None
        self.hidden = 0  # inside an annotation (a comment), whose text is not the cell's

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        name = safe_xml.local(tag)
        if name == "table":
            self.depth += 1
            if self.depth == 1:
                self.tables.append(
                    TableScan(_attr(attrs, "name") or f"Sheet{len(self.tables) + 1}")
                )
                self.row = 0
            return
        if self.depth != 1:
            return
        if name == "table-row":
            self.row_repeat = _count(attrs, "number-rows-repeated")
            self.column = 0
            self.row_cells = []
        elif name in ("table-cell", "covered-table-cell") and self.cell is None:
            self.cell = _Cell(_count(attrs, "number-columns-repeated"), attrs)
        elif self.cell is None:
            return
        elif name == "annotation":
            self.hidden += 1
        elif name == "p" and not self.hidden:
            self.cell.paragraphs.append([])
        elif name == "s" and self.cell.paragraphs and not self.hidden:
            self.cell.paragraphs[-1].append(" " * min(_count(attrs, "c"), 1000))
        elif name in ("tab", "line-break") and self.cell.paragraphs and not self.hidden:
            self.cell.paragraphs[-1].append("\t" if name == "tab" else "\n")

    def end(self, tag: str) -> None:
        name = safe_xml.local(tag)
        if name == "table":
            self.depth -= 1
        elif self.depth != 1:
            return
        elif name == "annotation" and self.cell is not None:
            self.hidden -= 1
        elif name in ("table-cell", "covered-table-cell") and self.cell is not None:
            value = _value(self.cell)
            if value is not None and value != "":
                self.row_cells.append((self.column, self.cell.repeat, value))
            self.column += self.cell.repeat
            self.cell = None
        elif name == "table-row":
            table = self.tables[-1]
            keep = self.collect.get(table.name)
            for column, repeat, value in self.row_cells:
                table.take(self.row, column, self.row_repeat, repeat)
                if keep is not None:
                    keep.add_block(self.row, column, self.row_repeat, repeat, value)
            self.row += self.row_repeat

    def text(self, data: str) -> None:
        if self.cell is not None and self.cell.paragraphs and not self.hidden:
            self.cell.paragraphs[-1].append(data)


def _attr(attrs: dict[str, str], name: str) -> str | None:
    return next((v for k, v in attrs.items() if safe_xml.local(k) == name), None)


def _count(attrs: dict[str, str], name: str) -> int:
    value = _attr(attrs, name)
    return int(value) if value and value.isdigit() and int(value) > 0 else 1


def _value(cell: _Cell) -> Any:
    """A cell's value as calamine gives it; None or '' for an empty cell."""
    kind = cell.attrs.get("office:value-type")
    text = "\n".join("".join(p) for p in cell.paragraphs)
    if kind is None or kind == "string" or cell.attrs.get("calcext:value-type") == "error":
        return cell.attrs.get("office:string-value") or text
    try:
        if kind in ("float", "percentage", "currency"):
            return float(cell.attrs.get("office:value", "nan"))
        if kind == "boolean":
            return cell.attrs.get("office:boolean-value", "").lower() == "true"
        if kind == "date":
            moment = dt.datetime.fromisoformat(cell.attrs.get("office:date-value", ""))
            return moment.date() if moment.time() == dt.time() else moment
        if kind == "time":
            return _duration(cell.attrs.get("office:time-value", ""))
    except (ValueError, OverflowError):
        return text
    return text


def _duration(text: str) -> Any:
    found = _DURATION.fullmatch(text.strip())
    if not found:
        return text
    days, hours, minutes, seconds = (float(g) if g else 0.0 for g in found.groups())
    span = dt.timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
    if text.strip().startswith("-"):
        span = -span
    if dt.timedelta(0) <= span < dt.timedelta(days=1):
        return (dt.datetime.min + span).time()
    return span


def _parse(archive: zipfile.ZipFile, collect: dict[str, Cells]) -> list[TableScan]:
    reader = _ContentReader(collect)
    parser = safe_xml.parser()
    parser.StartElementHandler, parser.EndElementHandler = reader.start, reader.end
    parser.CharacterDataHandler = reader.text
    with archive.open("content.xml") as stream:
        safe_xml.feed(parser, iter(lambda: stream.read(safe_xml.CHUNK), b""))
    return reader.tables


def scan(archive: zipfile.ZipFile) -> list[TableScan]:
    """Every top-level table, measured without keeping a value."""
    return _parse(archive, {})


def read(archive: zipfile.ZipFile, collect: dict[str, Cells]) -> None:
    """The filled cells of the named tables, each into its `Cells` (which stop at their limit)."""
    _parse(archive, collect)
