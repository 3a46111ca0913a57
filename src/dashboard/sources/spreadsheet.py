"""Uploaded files -> one `Grid` of cells per sheet, and the limits an upload must stay within.

Nothing here knows the canonical model: a file becomes one `Grid` per sheet, with the
spreadsheet row and column of every cell, for detection and mapping to work on. Formulas are
never evaluated: a workbook gives the value its program last stored, a CSV the text as written.
The parsing itself (`sheets`) runs in a separate process in the app (`sandbox`); `read_file`
here runs it in this process, for tests and tools that trust their files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

import numpy as np
import pandas as pd

from dashboard.errors import Unreadable, UploadError
from dashboard.sources.cell_columns import batches, from_ipc
from dashboard.sources.sheets import ACCEPTED_TYPES, MB, SheetRefused, read_sheets

__all__ = ["ACCEPTED_TYPES", "MB", "FileContents", "Grid", "Limits", "UploadError", "read_file"]

DEFAULT_MAX_FILE_MB = 50
DEFAULT_MAX_UNPACKED_MB = 1024
DEFAULT_MAX_CELLS = 10_000_000
DEFAULT_MAX_MEMORY_MB = 2048
DEFAULT_READ_TIMEOUT_S = 120


@dataclass(frozen=True)
class Limits:
    """What one upload may cost, each from the [upload] table of dashboard.toml.

    `max_file_mb` and `max_unpacked_mb` bound each file's bytes (the second as a zip-bomb
    guard); `max_cells` the cells of all sheets of the upload together (blanks inside a sheet's
    used rows and columns count); `max_memory_mb` and `read_timeout_s` the memory and time the
    process reading one file may use.
    """

    max_file_mb: float = DEFAULT_MAX_FILE_MB
    max_unpacked_mb: float = DEFAULT_MAX_UNPACKED_MB
    max_cells: int = DEFAULT_MAX_CELLS
    max_memory_mb: float = DEFAULT_MAX_MEMORY_MB
    read_timeout_s: float = DEFAULT_READ_TIMEOUT_S

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Limits:
        """The [upload] table of dashboard.toml; a wrong entry is named in the error."""
        section = config.get("upload", {})
        values: dict[str, Any] = {}
        for key in ("max_file_mb", "max_unpacked_mb", "max_cells", "max_memory_mb",
                    "read_timeout_s"):  # fmt: skip
            if key in section:
                value = section[key]
                if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                    raise ValueError(f"[upload] {key} must be a positive number, not {value!r}")
                if key == "max_cells":
                    if value != int(value):
                        raise ValueError(
                            f"[upload] max_cells must be a whole number, not {value!r}"
                        )
                    values[key] = int(value)
                else:
                    values[key] = float(value)
        return cls(**values)


@dataclass(frozen=True)
class Grid:
    """One sheet's cells as read: `cells` has blanks as None or NaN.

    `first_row` and `first_column` are the 1-based spreadsheet row and column of the cell at
    index 0, column 0; the index and the column labels are each row's and column's distance
    from them (consecutive, except in the compact grid of a sparse sheet). `notes` are
    (row or None, text) warnings from reading.
    """

    file: str
    sheet: str | None
    cells: pd.DataFrame
    first_row: int = 1
    first_column: int = 1
    only_sheet: bool = True
    notes: tuple[tuple[int | None, str], ...] = ()

    @property
    def label(self) -> str:
        return self.file if self.sheet is None else f"{self.file} › {self.sheet}"


@dataclass(frozen=True)
class FileContents:
    """What one file gave: its sheets' grids, the sheets refused (sheet, why), the cells used,
    and (when read in a separate process) that process's peak memory in kB."""

    grids: list[Grid]
    refused: list[tuple[str | None, str]] = field(default_factory=list)
    cells: int = 0
    peak_kb: int | None = None


def grid_from_columns(file: str, meta: dict[str, Any], parts: list[list[np.ndarray]]) -> Grid:
    """A Grid from a sheet's description (`SheetRows.meta`) and its columns, batch by batch."""
    width = meta["width"]
    columns = [
        np.concatenate([part[j] for part in parts]) if parts else np.empty(0, dtype=object)
        for j in range(width)
    ]
    labels = meta["column_offsets"] if meta["column_offsets"] is not None else range(width)
    frame = pd.DataFrame(dict(zip(labels, columns, strict=True)), dtype=object)
    if meta["row_offsets"] is not None:
        frame.index = pd.Index(meta["row_offsets"])
    notes = tuple((row, text) for row, text in meta["notes"])
    return Grid(
        file,
        meta["sheet"],
        frame,
        meta["first_row"],
        meta["first_column"],
        meta["only_sheet"],
        notes,
    )


def check_size(name: str, data: bytes, limits: Limits) -> None:
    """Refuse a file over max_file_mb, or an empty one, before anything reads it."""
    if len(data) > limits.max_file_mb * MB:
        raise UploadError(
            f"{name} is {len(data) / MB:.1f} MB; the limit is {limits.max_file_mb:g} MB "
            "(max_file_mb in the [upload] table of dashboard.toml)."
        )
    if not data:
        raise UploadError(f"{name} is empty.")


def read_file(
    name: str, data: bytes, limits: Limits = Limits(), budget: int | None = None
) -> FileContents:
    """Every sheet of one file, read in this process; raises UploadError for the whole file.

    The app reads uploads with `sandbox.read_isolated`, where a crash cannot reach it.
    """
    check_size(name, data, limits)
    grids, refused, used = [], [], 0
    try:
        for read in read_sheets(
            name,
            data,
            max_cells=limits.max_cells,
            budget=budget,
            max_unpacked_mb=limits.max_unpacked_mb,
        ):
            if isinstance(read, SheetRefused):
                refused.append((read.sheet, read.message))
            else:
                # Through the same cells-to-Arrow round trip as the reader process uses.
                parts = [from_ipc(batch) for batch in batches(read.rows, read.width)]
                grids.append(grid_from_columns(name, read.meta(), parts))
                used += read.area
    except Unreadable as exc:
        raise UploadError(str(exc)) from exc
    return FileContents(grids, refused, used)


def file_stem(name: str) -> str:
    return PurePath(name).stem
