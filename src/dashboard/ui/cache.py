"""The caches behind every page's metric calls and the figures drawn from them, keyed by plain
values, never by hashing data.

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


def view_key(view: View, fn: Callable, params: dict[str, Any]) -> str:
    """What a cached fn(view, **params) depends on, as one string: its name, the source load,
    the filters, the small-group threshold and the (plain) parameters.

    Streamlit hashes every argument of a cached function on every call; a dataclass such as
    Filters costs 0.17 ms that way, a string a few microseconds, and a page makes dozens of
    cached calls per rerun. The reprs of these plain values are equal exactly when they are.
    The cached functions are called with keywords: for each positional argument Streamlit
    inspects the function's signature again (0.08 ms a call against 0.02 ms).
    """
    name = f"{fn.__module__}.{fn.__qualname__}"
    return f"{name}|{data_key(view.data)}|{view.filters!r}|{view.k}|{sorted(params.items())!r}"


@st.cache_resource(max_entries=512, show_spinner=False)
def _call(key: str, _fn: Callable, _data: ProgrammeData, _filters: Filters, _params: dict) -> Any:
    return _fn(_data, _filters, **_params)


def cached(view: View, fn: Callable[..., T], **params: Any) -> T:
    """fn(data, filters, **params), computed once per source load, filter and parameters.

    `params` must be plain values (numbers, strings, tuples, frozen dataclasses of them).
    """
    key = view_key(view, fn, params)
    return fresh(_call(key=key, _fn=fn, _data=view.data, _filters=view.filters, _params=params))


@st.cache_resource(max_entries=512, show_spinner=False)
def _derive(key: str, _fn: Callable, _view: View, _params: dict) -> Any:
    return _fn(_view, **_params)


def derived(view: View, fn: Callable[..., T], **params: Any) -> T:
    """fn(view, **params), a page's figures drawn from cached results (counts, cards), computed
    once per source load, filter and parameters, so a rerun does no pandas work for them."""
    return fresh(_derive(key=view_key(view, fn, params), _fn=fn, _view=view, _params=params))
