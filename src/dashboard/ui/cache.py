"""The one cache behind every page's metrics, figures, tables and lookups: keyed by plain
values, never by hashing data, and bounded by bytes (`[cache] max_mb` in dashboard.toml).

Four ways in, one store: `lookup` for read-only values of a data load (menus, options),
`cached` for metrics `fn(data, filters)`, `derived` for a page's figures `fn(view)`, and
`converted` for what `ui.tables` and `ui.figures` keep (Arrow tables, Vega-Lite specs).
Results are held once in a byte-bounded least-recently-used store shared by every session
(`results()`), rather than pickled and unpickled on every hit (`st.cache_data`); `cached` and
`derived` hand each caller a copy-on-write copy, so a caller that changes its copy never
changes the cached result. Every entry notes the data load it was computed from, so an
upload's results go when the upload does (`forget`).
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


def _name(fn: Callable) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


def _held(data: ProgrammeData, key: str, build: Callable[[], T]) -> T:
    return results().get_or_build(key, build, owner=load_key(data))


def lookup(data: ProgrammeData, fn: Callable[..., T], *args: Any, **params: Any) -> T:
    """fn(data, *args, **params), built once per source load, scope and arguments, and shared
    as it is: for lookups that callers only read (menus, options, the organisation's figures).

    The arguments must be plain values whose repr tells them apart (numbers, strings, tuples,
    frozen dataclasses of them): hashing a dataclass such as Filters costs 0.17 ms, a string a
    few microseconds, and a page makes dozens of cached calls per rerun.
    """
    key = f"{_name(fn)}|{data_key(data)}|{args!r}|{sorted(params.items())!r}"
    return _held(data, key, lambda: fn(data, *args, **params))


def cached(view: View, fn: Callable[..., T], **params: Any) -> T:
    """fn(data, filters, **params), a metric, computed once per source load, filter and
    parameters; each caller gets its own copy."""
    return fresh(lookup(view.data, fn, view.filters, **params))


def converted(
    view: View,
    fn: Callable[..., Any],
    params: dict[str, Any],
    convert: Callable[[Any], T],
    form: str,
) -> T:
    """convert(fn(view, **params)), built once per source load, filters, small-group
    threshold and parameters; `form` names the conversion (and anything else it depends on)."""
    key = f"{form}|{_name(fn)}|{data_key(view.data)}|{view.filters!r}|{view.k}|"
    key += repr(sorted(params.items()))
    return _held(view.data, key, lambda: convert(fn(view, **params)))


def derived(view: View, fn: Callable[..., T], **params: Any) -> T:
    """fn(view, **params), a page's figures drawn from cached results (counts, cards), computed
    once per source load, filter and parameters, so a rerun does no pandas work for them."""
    return fresh(converted(view, fn, params, lambda value: value, "derived"))
