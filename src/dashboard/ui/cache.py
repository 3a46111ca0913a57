"""One cache for every page's metric calls, keyed by plain values, never by hashing data.

Results are held once (`st.cache_resource`) rather than pickled and unpickled on every hit
(`st.cache_data`), and each caller gets its own copy-on-write copy: pandas 3 shares the data
until either side writes, so a caller that changes its copy never changes the cached result.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from dashboard.model import Filters, ProgrammeData
from dashboard.ui.view import View

T = TypeVar("T")


def data_key(data: ProgrammeData) -> str:
    """Identifies one load of one source as one user may see it: a refresh gives a new key."""
    return f"{data.source}@{data.loaded_at.isoformat()}#{data.scope}"


def fresh(value: T) -> T:
    """A copy of a cached result that shares its data until written: frames and series are
    copied shallowly, and the dicts, tuples, lists and dataclasses holding them rebuilt."""
    if isinstance(value, pd.DataFrame | pd.Series):
        return value.copy(deep=False)
    if isinstance(value, dict):
        return {k: fresh(v) for k, v in value.items()}
    if isinstance(value, list):
        return [fresh(v) for v in value]
    if isinstance(value, tuple):
        items = [fresh(v) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return dataclasses.replace(
            value, **{f.name: fresh(getattr(value, f.name)) for f in fields if f.init}
        )
    return value


def view_key(view: View, fn: Callable, params: dict[str, Any]) -> tuple:
    """What a cached fn(view, **params) depends on: its name, the source load, the filters,
    the small-group threshold and the (plain, hashable) parameters."""
    name = f"{fn.__module__}.{fn.__qualname__}"
    return name, data_key(view.data), view.filters, view.k, tuple(sorted(params.items()))


@st.cache_resource(max_entries=512, show_spinner=False)
def _call(
    name: str, key: str, filters: Filters, params: tuple, _fn: Callable, _data: ProgrammeData
) -> Any:
    return _fn(_data, filters, **dict(params))


def cached(view: View, fn: Callable[..., T], **params: Any) -> T:
    """fn(data, filters, **params), computed once per source load, filter and parameters.

    `params` must be plain hashable values (numbers, strings, tuples).
    """
    name = f"{fn.__module__}.{fn.__qualname__}"
    return fresh(
        _call(name, data_key(view.data), view.filters, tuple(sorted(params.items())), fn, view.data)
    )
