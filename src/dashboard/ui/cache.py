"""The cache behind every page's metric calls and the figures drawn from them, keyed by plain
values, never by hashing data, and bounded by bytes (`[cache] max_mb` in dashboard.toml).

Results are held once in a byte-bounded least-recently-used store shared by every session
(`results()`), rather than pickled and unpickled on every hit (`st.cache_data`), and each
caller gets its own copy-on-write copy: pandas 3 shares the data until either side writes, so
a caller that changes its copy never changes the cached result. Every entry notes the data
load it was computed from, so an upload's results go when the upload does (`forget`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from dashboard.byte_budget import ByteLRU
from dashboard.config import read_config
from dashboard.memory_settings import MemorySettings, memory_settings
from dashboard.model import ProgrammeData
from dashboard.ui.view import View

T = TypeVar("T")


def load_key(data: ProgrammeData) -> str:
    """Identifies one load of one source, whoever may see it: a refresh gives a new key."""
    return f"{data.source}@{data.loaded_at.isoformat()}"


def data_key(data: ProgrammeData) -> str:
    """Identifies one load of one source as one user may see it."""
    return f"{load_key(data)}#{data.scope}"


def memory() -> MemorySettings:
    """The memory settings; the defaults when dashboard.toml has a mistake (the Data page
    names it)."""
    try:
        return memory_settings(read_config())
    except ValueError:
        return MemorySettings()


@st.cache_resource(show_spinner=False)
def results() -> ByteLRU:
    """Every session's cached results, tables and charts, within `[cache] max_mb`."""
    return ByteLRU(memory().cache_bytes)


def forget(owner: str) -> int:
    """Drop everything computed from the data load `owner` (a `load_key`); bytes freed."""
    return results().forget(owner)


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

    Hashing a dataclass such as Filters costs 0.17 ms, a string a few microseconds, and a
    page makes dozens of cached calls per rerun. The reprs of these plain values are equal
    exactly when they are.
    """
    name = f"{fn.__module__}.{fn.__qualname__}"
    return f"{name}|{data_key(view.data)}|{view.filters!r}|{view.k}|{sorted(params.items())!r}"


def held(data: ProgrammeData, key: str, build: Callable[[], T]) -> T:
    """The value cached under `key`, computed from `data` (built once if missing)."""
    return results().get_or_build(key, build, owner=load_key(data))


def cached(view: View, fn: Callable[..., T], **params: Any) -> T:
    """fn(data, filters, **params), computed once per source load, filter and parameters.

    `params` must be plain values (numbers, strings, tuples, frozen dataclasses of them).
    """
    key = view_key(view, fn, params)
    return fresh(held(view.data, key, lambda: fn(view.data, view.filters, **params)))


def derived(view: View, fn: Callable[..., T], **params: Any) -> T:
    """fn(view, **params), a page's figures drawn from cached results (counts, cards), computed
    once per source load, filter and parameters, so a rerun does no pandas work for them."""
    return fresh(held(view.data, view_key(view, fn, params), lambda: fn(view, **params)))
