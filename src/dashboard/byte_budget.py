"""A least-recently-used store bounded by bytes, and an estimate of what a value occupies.

Streamlit's `st.cache_resource` bounds a cache by its number of entries, which says nothing
about memory: one entry may be a ten-row table or a million-row frame. This store evicts the
least recently used entries until the bytes it holds fit its budget, and it can forget every
entry computed from one data load at once (an upload that is cleared or has expired).
"""

from __future__ import annotations

import dataclasses
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa

T = TypeVar("T")
MB = 1024 * 1024


def nbytes(value: Any) -> int:
    """The memory `value` occupies, counting each object once: frames with their text, Arrow
    tables, arrays, bytes and the containers and dataclasses holding them."""
    seen: set[int] = set()

    def size(item: Any) -> int:
        if id(item) in seen:
            return 0
        seen.add(id(item))
        if isinstance(item, pd.DataFrame | pd.Series | pd.Index):
            usage = item.memory_usage(deep=True)
            return int(usage.sum() if isinstance(usage, pd.Series) else usage)
        if isinstance(item, pa.Table | pa.Array | pa.ChunkedArray | np.ndarray):
            return int(item.nbytes)
        if isinstance(item, dict):
            return sys.getsizeof(item) + sum(size(k) + size(v) for k, v in item.items())
        if isinstance(item, list | tuple | set | frozenset):
            return sys.getsizeof(item) + sum(size(v) for v in item)
        if dataclasses.is_dataclass(item) and not isinstance(item, type):
            return sys.getsizeof(item) + sum(
                size(getattr(item, f.name)) for f in dataclasses.fields(item)
            )
        return sys.getsizeof(item)

    return size(value)


@dataclasses.dataclass
class _Entry:
    value: Any
    owner: str
    size: int


class ByteLRU:
    """Values by key, at most `budget` bytes in all; the least recently used go first.

    A single value larger than the budget is still kept, alone, until the next one arrives
    (a page must be able to show it). Safe to share between threads (sessions): one lock
    guards the entries, and one lock per key makes concurrent callers of a missing key wait
    for a single computation instead of repeating it.
    """

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._used = 0
        self._lock = threading.Lock()
        self._building: dict[str, threading.Lock] = {}

    @property
    def used(self) -> int:
        return self._used

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: str, default: Any = None) -> Any:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return default
            self._entries.move_to_end(key)
            return entry.value

    def put(self, key: str, value: Any, *, owner: str, size: int | None = None) -> None:
        """Hold `value` under `key`, noting the data load (`owner`) it was computed from."""
        size = nbytes(value) if size is None else size
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._used -= old.size
            self._entries[key] = _Entry(value, owner, size)
            self._used += size
            self._shrink()

    def get_or_build(self, key: str, build: Callable[[], T], *, owner: str) -> T:
        """The value under `key`, built (once, whoever asks meanwhile) if it is missing."""
        missing = object()
        value = self.get(key, missing)
        if value is not missing:
            return value
        with self._lock:
            building = self._building.setdefault(key, threading.Lock())
        with building:
            value = self.get(key, missing)
            if value is missing:
                value = build()
                self.put(key, value, owner=owner)
        with self._lock:
            self._building.pop(key, None)
        return value

    def bytes_of(self, owner: str) -> int:
        """The bytes held for entries computed from the data load `owner`."""
        with self._lock:
            return sum(e.size for e in self._entries.values() if e.owner == owner)

    def forget(self, owner: str) -> int:
        """Drop every entry computed from the data load `owner`; the bytes freed."""
        with self._lock:
            keys = [k for k, e in self._entries.items() if e.owner == owner]
            freed = sum(self._entries[k].size for k in keys)
            for key in keys:
                del self._entries[key]
            self._used -= freed
            return freed

    def resize(self, budget: int) -> None:
        with self._lock:
            self.budget = budget
            self._shrink()

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._used = 0

    def _shrink(self) -> None:
        while self._used > self.budget and len(self._entries) > 1:
            _, entry = self._entries.popitem(last=False)
            self._used -= entry.size
