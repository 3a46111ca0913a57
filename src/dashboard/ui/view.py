"""The data and filters the entry script prepared, handed to whichever page runs."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dashboard.metrics.organisation import Organisation
from dashboard.model import Filters, ProgrammeData
from dashboard.validate import ValidationReport
from dashboard.wording.scope import scope_line

_KEY = "_current_view"


@dataclass(frozen=True)
class View:
    data: ProgrammeData
    filters: Filters
    report: ValidationReport
    k: int
    # The whole organisation's figures when `data` is only part of it (a department head's).
    organisation: Organisation | None = None


def publish(view: View) -> None:
    st.session_state[_KEY] = view


def current() -> View:
    return st.session_state[_KEY]


def scope_caption(view: View, note: str) -> None:
    """One line under a page title: the period, the filters in force, and the page's caveat."""
    st.caption(scope_line(view.filters, note))
