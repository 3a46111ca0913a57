"""One cache for every page's metric calls, keyed by plain values, never by hashing data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from dashboard.model import Filters, ProgrammeData
from dashboard.ui.view import View

T = TypeVar("T")


def data_key(data: ProgrammeData) -> str:
    """Identifies one load of one source as one user may see it: a refresh gives a new key."""
    return f"{data.source}@{data.loaded_at.isoformat()}#{data.scope}"


@st.cache_data(max_entries=512, show_spinner=False)
def _call(
    name: str, key: str, filters: Filters, params: tuple, _fn: Callable, _data: ProgrammeData
) -> Any:
    return _fn(_data, filters, **dict(params))


def cached(view: View, fn: Callable[..., T], **params: Any) -> T:
    """fn(data, filters, **params), computed once per source load, filter and parameters.

    `params` must be plain hashable values (numbers, strings, tuples).
    """
    name = f"{fn.__module__}.{fn.__qualname__}"
    return _call(
        name, data_key(view.data), view.filters, tuple(sorted(params.items())), fn, view.data
    )
