"""Uploaded files as a Source: read, mapped and validated as one upload (sources/upload.py)."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.errors import DataError
from dashboard.sources.base import SourceData
from dashboard.sources.mapping import DateChoice, Mapping
from dashboard.sources.spreadsheet import Grid, Limits
from dashboard.sources.upload import (
    DEFAULT_DATE_ORDER,
    UploadedFile,
    UploadResult,
    ingest,
    load,
    plan,
    read_files,
)
from dashboard.validate import Issue

# The sheets read from the files, and one issue per file or sheet that could not be read.
Sheets = tuple[list[Grid], list[Issue]]


@dataclass(frozen=True)
class UploadSource:
    """Files to read as one upload, with the user's mapping, the upload limits and how to
    read dates like 03/04/2025 where a column does not show it."""

    files: tuple[UploadedFile, ...]
    mapping: Mapping | None = None
    limits: Limits | None = None
    default_order: DateChoice = DEFAULT_DATE_ORDER
    kind: str = "upload"

    @property
    def label(self) -> str:
        return "Uploaded files: " + ", ".join(dict.fromkeys(f.name for f in self.files))

    def read(self) -> Sheets:
        """The files' sheets, each file read in a separate process within the limits."""
        return read_files(self.files, self.limits)

    def result(self, sheets: Sheets | None = None) -> UploadResult:
        """Everything the upload gave: the data (None if nothing usable), report and plan.
        Given the `sheets` already read, the files are not read again (a mapping change)."""
        if sheets is None:
            return ingest(
                self.files,
                mapping=self.mapping,
                limits=self.limits,
                default_order=self.default_order,
            )
        grids, failures = sheets
        return load(plan(grids, self.mapping, failures), default_order=self.default_order)

    def load(self) -> SourceData:
        result = self.result()
        if result.data is None:
            raise DataError(str(result.message), result.report)
        return SourceData(result.data, result.report)
