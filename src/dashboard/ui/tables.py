"""Tables drawn from cached Arrow data, so a rerun does not convert the same frame again.

`st.dataframe` turns a pandas frame into Arrow on every call: 0.4 ms for ten rows, several ms
for the thousands of managers or obstacles of a large organisation. A *table* is a function
`table(view, **params) -> DataFrame` of the rows as shown; its Arrow form is built once per
source load, filter and parameters and, being immutable, shared by every session (in the
byte-bounded store of `ui.cache`). `show_table` draws one with the shared columns' configs
(`ui.columns`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import pyarrow as pa
import streamlit as st

from dashboard.labels import for_display
from dashboard.ui.cache import converted
from dashboard.ui.columns import ColumnConfig, column_configs, table_height
from dashboard.ui.streamlit_internals import arrow_compatible
from dashboard.ui.view import View

Table = Callable[..., pd.DataFrame]


def to_arrow(frame: pd.DataFrame) -> pa.Table:
    """The frame as `st.dataframe` would send it (mixed-type columns made text), no index."""
    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowTypeError, pa.ArrowInvalid, pa.ArrowNotImplementedError):
        fixed = arrow_compatible(frame)
        return pa.Table.from_pandas(fixed, preserve_index=False)


def table_data(
    view: View, table: Table, *, columns: Sequence[str] | None = None, **params: Any
) -> pa.Table:
    """table(view, **params) as Arrow, codes as words, built once per source load, filter and
    parameters; only `columns` (all if None), since every column is sent to the browser on
    every rerun. `params` must be plain hashable values."""
    kept = None if columns is None else list(columns)

    def shown(frame: pd.DataFrame) -> pa.Table:
        frame = for_display(frame)
        return to_arrow(frame if kept is None else frame[kept])

    return converted(view, table, params, shown, f"arrow{kept!r}")


def show_table(
    data: pa.Table | pd.DataFrame,
    *,
    config: Mapping[str, ColumnConfig | str] | None = None,
    pinned: str | None = None,
    max_height: int | None = None,
    where: Any = None,
    **options: Any,
) -> Any:
    """`data` without its index, in `where` (the page if None), its shown columns configured by
    the registry and `config`; sized to its rows up to `max_height` if given. `options` go to
    `st.dataframe`, whose return value this is."""
    names = data.column_names if isinstance(data, pa.Table) else list(data.columns)
    rows = data.num_rows if isinstance(data, pa.Table) else len(data)
    shown = options.get("column_order") or names
    if max_height is not None:
        options["height"] = table_height(rows, max_height)
    return (where or st).dataframe(
        data,
        hide_index=True,
        column_config=column_configs(shown, config, pinned),
        **options,
    )
