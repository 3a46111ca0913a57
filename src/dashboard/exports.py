"""Files the app and CLI hand out: CSV and XLSX, safe against spreadsheet formula injection."""

from __future__ import annotations

import datetime as dt
import io
import re

import pandas as pd

from dashboard.model import Filters

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula with an apostrophe."""

    def safe(column: pd.Series) -> pd.Series:
        if not (pd.api.types.is_string_dtype(column) or column.dtype == object):
            return column
        as_text = column.astype("str")
        risky = column.notna() & as_text.str.startswith(_FORMULA_START)
        return column.mask(risky, "'" + as_text)

    return frame.apply(safe).rename(columns=lambda c: safe(pd.Series([str(c)])).iloc[0])


def to_csv(frame: pd.DataFrame) -> bytes:
    return neutralise(frame).to_csv(index=False).encode("utf-8")


def to_xlsx(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        neutralise(frame).to_excel(writer, sheet_name=sheet[:31], index=False)
    return buffer.getvalue()


def file_stem(name: str, filters: Filters, today: dt.date) -> str:
    """A file name that says what is inside: subject, period, filters and the day it was made."""
    parts = [name, f"{filters.start:%Y%m%d}-{filters.end:%Y%m%d}"]
    for values in (
        filters.departments,
        filters.managers,
        filters.kinds,
        filters.formats,
        filters.programmes,
    ):
        if values:
            parts.append("+".join(values))
    parts.append(f"made{today:%Y%m%d}")
    return re.sub(r"[^A-Za-z0-9+_.-]+", "-", "_".join(parts))[:150]
