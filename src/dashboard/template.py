"""The upload template: a README sheet describing every column and one sheet per table.

Written with openpyxl from dashboard.schema, so it always matches what the upload expects.
Enumerations get Excel drop-downs; required columns are marked; example rows form a tiny
organisation that itself loads without a single rejected row.
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from dashboard.exports import neutralise
from dashboard.schema import REQUIRED_TABLES, TABLE_ORDER, TABLES, Column

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_LAST_ROW = 1_048_576
_REQUIRED_FILL = PatternFill("solid", fgColor="1F4E79")
_OPTIONAL_FILL = PatternFill("solid", fgColor="D9E1F2")
_KIND_LABELS = {
    "id": "identifier (text)",
    "text": "text",
    "date": "date (an Excel date, or YYYY-MM-DD)",
    "int": "whole number",
    "bool": "yes or no",
    "enum": "one of the listed values",
}

EXAMPLES: dict[str, list[tuple]] = {
    "departments": [
        ("D01", "Operations", "Operations & Technology"),
        ("D02", "Sales", "Commercial"),
    ],
    "employees": [
        (
            "E001",
            "D01",
            None,
            "Alex Morgan",
            "alex.morgan@example.com",
            "Director",
            "2019-04-01",
            None,
            "active",
            "yes",
        ),
        (
            "E002",
            "D01",
            "E001",
            "Sam Patel",
            "sam.patel@example.com",
            "Associate",
            "2022-09-12",
            None,
            "active",
            "yes",
        ),
        (
            "E003",
            "D02",
            "E001",
            "Jo Chen",
            "jo.chen@example.com",
            "Manager",
            "2020-01-06",
            None,
            "active",
            "yes",
        ),
    ],
    "programmes": [
        ("P01", "Leadership Coaching 2025", "E001", "2025-01-01", "2025-12-31"),
    ],
    "enrolments": [
        ("E002", "participant", "matched", "P01", "2025-01-15"),
        ("E003", "coach", "matched", "P01", "2025-01-10"),
    ],
    "relationships": [
        ("R001", "E002", "coaching", "2025-02-01", "E003", "P01", "formal", None, "active", None),
    ],
    "sessions": [
        ("S0001", "R001", "2025-02-10", "held", 60),
        ("S0002", "R001", "2025-03-10", "cancelled", 60),
    ],
    "goals": [
        (
            "G001",
            "R001",
            "2025-02-10",
            "in_progress",
            "2025-06-30",
            None,
            "leadership",
            "Chair the weekly team meeting",
        ),
    ],
    "feedback": [
        ("F001", "R001", "2025-03-15", 5, "participant", "Very helpful so far"),
    ],
    "obstacles": [
        (
            "O001",
            "D01",
            "2025-03-01",
            "lack_of_time",
            None,
            "high",
            "open",
            None,
            "E001",
            "Shift patterns leave no time for sessions",
        ),
    ],
}


def example_frames() -> dict[str, pd.DataFrame]:
    """The template's example rows as raw tables, as a user would type them."""
    return {
        name: pd.DataFrame(rows, columns=TABLES[name].column_names, dtype=object)
        for name, rows in EXAMPLES.items()
    }


def template_workbook(frames: dict[str, pd.DataFrame] | None = None) -> bytes:
    """The template as .xlsx bytes: README, then one sheet per table.

    With `frames`, their rows fill the table sheets instead of the examples (tables absent
    from `frames` get headers only).
    """
    rows = example_frames() if frames is None else frames
    book = Workbook()
    _readme(book.active)
    for name in TABLE_ORDER:
        sheet = book.create_sheet(name)
        _table_sheet(sheet, name, rows.get(name))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _readme(sheet: Worksheet) -> None:
    sheet.title = "README"
    lines = [
        ("Programme Health Dashboard: upload template", Font(bold=True, size=14)),
        (
            "One sheet per table, named as below; the first row of each sheet holds the column "
            "names. Only employees and relationships are required; leave out the sheets you do "
            "not have.",
            None,
        ),
        (
            "Replace the example rows with your own. Columns in dark blue are required; the "
            "others may be left blank or deleted. Extra columns are ignored.",
            None,
        ),
        (
            "Dates: Excel dates or YYYY-MM-DD. Text dates such as 03/04/2025 are read day-first "
            "unless the column proves otherwise (the upload asks when it cannot tell).",
            None,
        ),
        (
            "Uploads also accept other sheet and column names (Mentees, Matches, 'Staff No', "
            "'Meeting Date' …) and common wordings of the values; see docs/UPLOADS.md.",
            None,
        ),
        (
            "Other sheets may name people by employee_id, by work e-mail (the employees' email "
            "column) or by name. Someone who has left without a leave date (employment_status "
            "'left') is not counted as eligible.",
            None,
        ),
        ("", None),
    ]
    for text, font in lines:
        sheet.append([text])
        if font:
            sheet.cell(sheet.max_row, 1).font = font
    header = ["table", "column", "required", "type", "allowed values", "description"]
    sheet.append(header)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _REQUIRED_FILL
    for name in TABLE_ORDER:
        table = TABLES[name]
        required_table = "required table" if name in REQUIRED_TABLES else "optional table"
        sheet.append([name, "", required_table, "", "", table.description])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        for column in table.columns:
            sheet.append(
                [
                    name,
                    column.name,
                    "yes" if column.required else "",
                    _KIND_LABELS[column.kind],
                    ", ".join(_allowed(column)),
                    column.description,
                ]
            )
    for letter, width in zip("ABCDEF", (16, 20, 14, 32, 48, 90), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=header_row + 1):
        row[4].alignment = Alignment(wrap_text=True, vertical="top")
        row[5].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)


def _allowed(column: Column) -> tuple[str, ...]:
    if column.kind == "bool":
        return ("yes", "no")
    if column.name == "satisfaction":
        return ("1", "2", "3", "4", "5")
    return column.enum


def _table_sheet(sheet: Worksheet, name: str, rows: pd.DataFrame | None) -> None:
    table = TABLES[name]
    sheet.append(table.column_names)
    for position, column in enumerate(table.columns, start=1):
        cell = sheet.cell(1, position)
        cell.font = Font(bold=True, color="FFFFFF" if column.required else "1F1F1F")
        cell.fill = _REQUIRED_FILL if column.required else _OPTIONAL_FILL
        note = ("Required. " if column.required else "") + column.description
        cell.comment = Comment(note, "template")
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = max(14, len(column.name) + 4)
        _validation(sheet, column, letter)
    sheet.freeze_panes = "A2"
    if rows is None or rows.empty:
        return
    dates = [i for i, c in enumerate(table.columns) if c.kind == "date"]
    frame = neutralise(rows.reindex(columns=table.column_names))
    values = frame.astype(object).where(frame.notna(), None)
    for record in values.itertuples(index=False):
        sheet.append([_cell(v) for v in record])
    for index in dates:
        for (cell,) in sheet.iter_rows(
            min_row=2, min_col=index + 1, max_col=index + 1, max_row=sheet.max_row
        ):
            cell.number_format = "yyyy-mm-dd"


def _cell(value: object) -> object:
    """A value openpyxl writes as the user would type it: dates as dates, ISO text as dates."""
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().date()
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _validation(sheet: Worksheet, column: Column, letter: str) -> None:
    allowed = _allowed(column)
    if not allowed:
        return
    if column.name == "satisfaction":
        rule = DataValidation(type="whole", operator="between", formula1="1", formula2="5")
    else:
        rule = DataValidation(type="list", formula1='"' + ",".join(allowed) + '"')
    # A warning, not a stop: the upload also understands other wordings ("Done", "DNA").
    rule.errorStyle = "warning"
    rule.error = f"Expected one of: {', '.join(allowed)}."
    rule.errorTitle = column.name
    rule.showErrorMessage = True
    rule.add(f"{letter}2:{letter}{_LAST_ROW}")
    sheet.add_data_validation(rule)
