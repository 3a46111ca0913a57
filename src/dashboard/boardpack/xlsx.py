"""The board pack as a workbook: one sheet per section with the tables behind the PDF."""

from __future__ import annotations

import io
import re

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dashboard.boardpack.content import BoardPack, Format, Section, Table
from dashboard.exports import neutralise
from dashboard.metrics.verdict import PRIORITY

NUMBER_FORMATS: dict[Format, str] = {
    "rate": "0.0%",
    "count": "#,##0",
    "score": "0.00",
    "decimal": "0.0",
    "points": "+0.0;-0.0;0.0",
}
_MAX_WIDTH = 60
_BOLD = Font(bold=True)


def sheet_name(title: str, taken: set[str]) -> str:
    """A unique sheet name of at most 31 characters without the characters Excel forbids,
    shortened at a word break."""
    base = _cut(re.sub(r"[\[\]:*?/\\]", " ", title).strip(), 31)
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = _cut(base, 31 - len(suffix)) + suffix, n + 1
    taken.add(name.lower())
    return name


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    head = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return head[:limit].rstrip(" ,;-")


def _cell(value: object) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _write_table(ws: Worksheet, table: Table, row: int) -> tuple[int, int]:
    """Write one table from `row`, title above it; returns its header row and the next free row."""
    ws.cell(row, 1, table.title).font = Font(bold=True, size=12)
    row += 1
    frame = neutralise(table.frame.reset_index(drop=True))
    for col, name in enumerate(frame.columns, start=1):
        cell = ws.cell(row, col, str(name))
        cell.font = _BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    header = row
    for values in frame.itertuples(index=False):
        row += 1
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row, col, _cell(value))
            number_format = NUMBER_FORMATS.get(table.format_of(table.frame.columns[col - 1]))
            if number_format:
                cell.number_format = number_format
    for col, name in enumerate(frame.columns, start=1):
        widest = max([len(str(name))] + [len(str(v)) for v in frame.iloc[:, col - 1]])
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = max(
            ws.column_dimensions[letter].width or 0, min(widest + 2, _MAX_WIDTH)
        )
    if table.note:
        row += 2
        ws.cell(row, 1, table.note).font = Font(italic=True)
    return header, row + 2


def to_workbook(pack: BoardPack) -> bytes:
    """The pack's tables as XLSX bytes: a cover sheet, then one sheet per section."""
    wb = Workbook()
    cover = wb.active
    cover.title = "Cover"
    for r, (label, value) in enumerate(
        (
            ("Report", pack.title),
            ("Scope", pack.scope),
            ("Period", pack.period),
            ("Filters", pack.filters),
            ("Generated", pack.generated.isoformat()),
            ("Verdict", f"{pack.verdict.label}: {pack.verdict.sentence}" if pack.verdict else ""),
            ("Sections", ", ".join(s.title for s in pack.sections)),
        ),
        start=1,
    ):
        cover.cell(r, 1, label).font = _BOLD
        cover.cell(r, 2, neutralise(pd.DataFrame({"v": [value]}))["v"].iloc[0])
    cover.column_dimensions["A"].width = 12
    cover.column_dimensions["B"].width = 80
    taken = {"cover"}
    for section in (*verdict_sections(pack), *pack.sections):
        ws = wb.create_sheet(sheet_name(section.sheet_title, taken))
        row, first_header = 1, None
        notes = (Table("Notes", pd.DataFrame({"Note": list(section.bullets)})),)
        for table in section.tables + (notes if section.bullets else ()):
            header, row = _write_table(ws, table, row)
            first_header = first_header or header
        # Freeze the first table's header row, so its columns stay named while scrolling.
        ws.freeze_panes = ws.cell(first_header + 1, 1)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def verdict_sections(pack: BoardPack) -> tuple[Section, ...]:
    """The verdict's actions as a sheet of their own, first after the cover."""
    if pack.verdict is None:
        return ()
    actions = pd.DataFrame(
        [
            {
                "#": i,
                "Priority": PRIORITY[a.severity],
                "Action": a.title,
                "Evidence": a.evidence,
                "Where to look": a.link.label,
                "Link": a.link.url,
            }
            for i, a in enumerate(pack.verdict.actions, start=1)
        ],
        columns=["#", "Priority", "Action", "Evidence", "Where to look", "Link"],
    )
    verdict = pd.DataFrame({"Status": [pack.verdict.label], "Verdict": [pack.verdict.sentence]})
    return (
        Section(
            "verdict",
            "Verdict and actions",
            "",
            (Table("Verdict", verdict), Table("What to act on", actions, {"#": "count"})),
        ),
    )


def read_tables(workbook: bytes) -> dict[str, list[pd.DataFrame]]:
    """Each section sheet's tables back as frames (for tests and round-trip checks)."""
    book = pd.read_excel(io.BytesIO(workbook), sheet_name=None, header=None, engine="calamine")
    return {name: _split(sheet) for name, sheet in book.items() if name != "Cover"}


def _split(sheet: pd.DataFrame) -> list[pd.DataFrame]:
    """Tables are a title row, a header row and body rows, separated by blank rows."""
    tables, block = [], []
    for row in [*sheet.itertuples(index=False), None]:
        if row is None or all(pd.isna(v) for v in row):
            if len(block) >= 2:
                header = [v for v in block[1] if not pd.isna(v)]
                body = [list(r)[: len(header)] for r in block[2:]]
                tables.append(pd.DataFrame(body, columns=header))
            block = []
        else:
            block.append(list(row))
    return tables
