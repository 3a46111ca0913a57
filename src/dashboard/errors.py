"""The app's error classes: each message says what is wrong and, where it can, how to fix it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dashboard.validate import ValidationReport


class ConfigError(ValueError):
    """A setting is wrong; the message names the file and entry."""


class MappingError(ValueError):
    """A mapping cannot be used (an upload's mapping file, or dashboard.toml's [sql] settings);
    the message names the entry that is wrong."""


class DataError(Exception):
    """The data cannot be used at all (e.g. a required table is missing); carries the report."""

    def __init__(self, message: str, report: ValidationReport) -> None:
        super().__init__(message)
        self.report = report


class SourceError(Exception):
    """A source could not be read; the message says what is wrong and how to fix it."""


class UploadError(SourceError):
    """A file that cannot be read; the message names the file and says what to do."""


class WriteRefused(PermissionError):
    """Saving was refused: the user may not save, or the target is a source that is only read."""


class Unreadable(Exception):
    """The whole file cannot be read; the message names it and says what to do."""


class CsvUnreadable(Exception):
    """The bytes are not a CSV file we can read; the message says why."""


class XmlRefused(ValueError):
    """The XML declares a DTD or is malformed; the message says which."""


class CellError(ValueError):
    """A cell reference outside a spreadsheet's grid; the message names it."""


class TooManyCells(Exception):
    """More filled cells than the budget allows; raised before any more are kept."""


class BadBatch(ValueError):
    """A batch that is not what the reader sends; its message says what is wrong."""
