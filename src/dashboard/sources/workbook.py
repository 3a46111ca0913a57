"""Write canonical tables as one .xlsx workbook, a sheet per table (the upload path's input)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook


def _cells(frame: pd.DataFrame) -> list[list]:
    """Columns as Python values: dates as dates, missing as empty cells."""
    columns = []
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_datetime64_any_dtype(column):
            values = [None if pd.isna(v) else v.date() for v in column]
        else:
            values = column.astype(object).where(column.notna(), None).tolist()
        columns.append(values)
    return columns


def write_workbook(frames: dict[str, pd.DataFrame], path: str | Path) -> None:
    """One sheet per table named as the table, headers in the first row (streamed, low memory)."""
    book = Workbook(write_only=True)
    for name, frame in frames.items():
        sheet = book.create_sheet(name)
        sheet.append(list(frame.columns))
        for row in zip(*_cells(frame), strict=True):
            sheet.append(row)
    book.save(path)
