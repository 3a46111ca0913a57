"""Sheet rows <-> Arrow record batches, to carry cells from the reader process to the app.

A sheet column holds values of several types at once (its header is text, its cells numbers,
dates or blanks), so each column travels as an Arrow dense union with one child per type.
Arrow is data only: reading a batch back runs no code the batch could choose, and the batch is
validated in full before any value is taken from it. Building and reading the arrays happens
in C, not value by value in Python.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pyarrow as pa

from dashboard.errors import BadBatch

# Every type a reader gives, with its Arrow type; the position is the union's type code.
_TYPES: tuple[tuple[type, pa.DataType], ...] = (
    (str, pa.large_string()),
    (float, pa.float64()),
    (int, pa.int64()),
    (bool, pa.bool_()),
    (dt.date, pa.date32()),
    (dt.datetime, pa.timestamp("us")),
    (dt.time, pa.time64("us")),
    (dt.timedelta, pa.duration("us")),
    (type(None), pa.null()),
)
_CODE = {kind: code for code, (kind, _) in enumerate(_TYPES)}
_TEXT = _CODE[str]


def to_batch(rows: Sequence[Sequence[Any]], width: int) -> pa.RecordBatch:
    """Rows of equal length `width` as a record batch of union columns named '0', '1', …"""
    grid = np.empty((len(rows), width), dtype=object)
    if len(rows) and width:
        grid[:] = rows  # one C loop; columns are then views, no tuple per value
    return pa.RecordBatch.from_arrays(
        [_union(grid[:, j]) for j in range(width)], names=[str(j) for j in range(width)]
    )


def _union(cells: np.ndarray) -> pa.Array:
    try:
        codes = np.fromiter(map(_CODE.__getitem__, map(type, cells)), np.int8, len(cells))
    except KeyError:
        # A type no reader gives today: carried as its text rather than lost.
        cells = np.array([v if type(v) in _CODE else str(v) for v in cells], dtype=object)
        codes = np.fromiter(map(_CODE.__getitem__, map(type, cells)), np.int8, len(cells))
    offsets = np.zeros(len(cells), dtype=np.int32)
    counts = np.bincount(codes, minlength=len(_TYPES))
    children = []
    for code, (_, arrow_type) in enumerate(_TYPES):
        if not counts[code]:
            children.append(pa.array([], type=arrow_type))
            continue
        where = np.flatnonzero(codes == code)
        offsets[where] = np.arange(len(where), dtype=np.int32)
        if arrow_type == pa.null():
            children.append(pa.nulls(len(where)))
        else:
            children.append(pa.array(cells[where], type=arrow_type))
    return pa.UnionArray.from_dense(
        pa.array(codes, pa.int8()),
        pa.array(offsets, pa.int32()),
        children,
        [str(code) for code in range(len(_TYPES))],
        list(range(len(_TYPES))),
    )


def to_ipc(batch: pa.RecordBatch) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, batch.schema) as writer:
        writer.write_batch(batch)
    return sink.getvalue().to_pybytes()


ROWS_PER_BATCH = 65_536


def batches(rows: Sequence[Sequence[Any]], width: int) -> Iterator[bytes]:
    """A sheet's rows as IPC streams of at most ROWS_PER_BATCH rows each, ready to send."""
    for start in range(0, len(rows), ROWS_PER_BATCH):
        yield to_ipc(to_batch(rows[start : start + ROWS_PER_BATCH], width))


def from_ipc(data: bytes) -> list[np.ndarray]:
    """The columns of one IPC stream as object arrays of Python values; blanks ('') as None."""
    try:
        with pa.ipc.open_stream(pa.py_buffer(data)) as reader:
            batches = list(reader)
        for batch in batches:
            batch.validate(full=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OSError) as exc:
        raise BadBatch(f"the reader sent malformed data ({exc})") from exc
    if len(batches) != 1:
        raise BadBatch(f"the reader sent {len(batches)} batches where one was expected")
    return [_objects(column) for column in batches[0].columns]


def _objects(column: pa.Array) -> np.ndarray:
    if not isinstance(column, pa.UnionArray) or column.type.mode != "dense":
        raise BadBatch(f"a column of type {column.type} where a union was expected")
    if list(column.type.type_codes) != list(range(len(_TYPES))) or any(
        column.type.field(i).type != arrow_type for i, (_, arrow_type) in enumerate(_TYPES)
    ):
        raise BadBatch("a column whose types are not the reader's")
    if not len(column):
        # pyarrow 26 crashes reading type_codes of an empty union read from IPC.
        return np.empty(0, dtype=object)
    codes = column.type_codes.to_numpy()
    offsets = column.offsets.to_numpy()
    out = np.empty(len(column), dtype=object)
    for code in range(len(_TYPES)):
        where = np.flatnonzero(codes == code)
        if not len(where) or code == _CODE[type(None)]:
            continue
        values = column.field(code).to_numpy(zero_copy_only=False)
        taken = values[offsets[where]]  # offsets were validated to lie within the child
        if code == _TEXT:
            taken[taken == ""] = None
        out[where] = taken
    return out
