"""The data and filters the entry script prepared, handed to whichever page runs."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dashboard.model import Filters, ProgrammeData
from dashboard.validate import ValidationReport

_KEY = "_current_view"


@dataclass(frozen=True)
class View:
    data: ProgrammeData
    filters: Filters
    report: ValidationReport
    k: int


def publish(view: View) -> None:
    st.session_state[_KEY] = view


def current() -> View:
    return st.session_state[_KEY]
