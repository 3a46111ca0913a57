"""Fast set membership for id columns.

pandas' `isin` on its Arrow-backed `str` dtype walks the lookup values in Python, which costs
seconds at enterprise scale; Arrow's own `is_in` does the same in native code.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def _native(values: object) -> pa.Array | pa.ChunkedArray | None:
    """The Arrow data behind an Arrow-backed pandas column (the public `__arrow_array__`
    protocol, no copy), or None for any other."""
    array = getattr(values, "array", None)
    return array.__arrow_array__() if isinstance(array, pd.arrays.ArrowExtensionArray) else None


def _arrow(values: pd.Series | pd.Index | Iterable) -> pa.Array | pa.ChunkedArray:
    native = _native(values)
    if native is not None:
        return native
    return pa.array(list(values) if not isinstance(values, (pd.Series, pd.Index)) else values)


def is_in(column: pd.Series, pool: pd.Series | pd.Index | Iterable) -> pd.Series:
    """Boolean Series: which values of `column` occur in `pool` (missing values never do)."""
    left = _native(column)
    if left is None:
        return column.isin(pool if isinstance(pool, (pd.Series, pd.Index)) else list(pool))
    right = _arrow(pool)
    if isinstance(right, pa.ChunkedArray):
        right = right.combine_chunks()
    if right.type != left.type:
        right = right.cast(left.type)
    found = pc.is_in(left, value_set=right, skip_nulls=True)
    mask = pc.fill_null(found, False).to_numpy(zero_copy_only=False)
    return pd.Series(np.asarray(mask, dtype=bool), index=column.index)
