"""Tables drawn from cached Arrow data, so a rerun does not convert the same frame again.

`st.dataframe` turns a pandas frame into Arrow on every call: 0.4 ms for ten rows, several ms
for the thousands of managers or obstacles of a large organisation. A *table* is a function
`table(view, **params) -> DataFrame` of the rows as shown; its Arrow form is built once per
source load, filter and parameters and, being immutable, shared by every session (in the
byte-bounded store of `ui.cache`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import pyarrow as pa

from dashboard.labels import for_display
from dashboard.ui.cache import held, view_key
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

    def build() -> pa.Table:
        frame = for_display(table(view, **params))
        return to_arrow(frame if kept is None else frame[kept])

    return held(view.data, f"arrow|{view_key(view, table, params)}|{kept!r}", build)
