"""Uploaded files as a Source: read, mapped and validated as one upload (sources/upload.py)."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.errors import DataError
from dashboard.sources.base import SourceData
from dashboard.sources.mapping import DateChoice, Mapping
from dashboard.sources.spreadsheet import Limits
from dashboard.sources.upload import DEFAULT_DATE_ORDER, UploadedFile, UploadResult, ingest


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

    def result(self) -> UploadResult:
        """Everything the upload gave: the data (None if nothing usable), report and plan."""
        return ingest(
            self.files, mapping=self.mapping, limits=self.limits, default_order=self.default_order
        )

    def load(self) -> SourceData:
        result = self.result()
        if result.data is None:
            raise DataError(str(result.message), result.report)
        return SourceData(result.data, result.report)
