"""What every source of programme data offers, so that the app and the command line load it
the same way: a name, a kind, and `load()` giving validated data and its report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from dashboard.model import Filters, ProgrammeData
from dashboard.validate import ValidationReport


@dataclass(frozen=True)
class SourceData:
    """Validated data from a source and its report; activity before `history_from` was not
    loaded."""

    data: ProgrammeData
    report: ValidationReport
    history_from: dt.date | None = None


class Source(Protocol):
    """A source of programme data: the database, the built-in demo, or uploaded files."""

    @property
    def kind(self) -> str:
        """'database', 'demo' or 'upload'."""
        ...

    @property
    def label(self) -> str:
        """How the sidebar and messages name it, without any secret."""
        ...

    def load(self) -> SourceData:
        """Read and validate it; SourceError or DataError say why it cannot be used."""
        ...


def misses_history(history_from: dt.date | None, filters: Filters) -> bool:
    """Whether the period, or the one it is compared with, reaches before the loaded history."""
    return history_from is not None and filters.previous().start < history_from


def history_warning(history_from: dt.date) -> str:
    """What to tell the user when the filters' period reaches before `history_from`."""
    return (
        f"Only activity from {history_from:%d %b %Y} on is loaded "
        "(`history_months` in dashboard.toml), so figures for this period or the one before "
        "it are incomplete. Choose a later period, or raise `history_months`."
    )
