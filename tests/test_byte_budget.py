"""The byte-bounded store behind the caches: eviction by bytes, by load, one build per key."""

import threading
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from dashboard.byte_budget import ByteLRU, nbytes


def test_least_recently_used_go_first_until_the_bytes_fit():
    store = ByteLRU(budget=100)
    store.put("a", "A", owner="x", size=40)
    store.put("b", "B", owner="x", size=40)
    assert store.get("a") == "A"  # a is now the more recent
    store.put("c", "C", owner="x", size=40)
    assert (store.get("a"), store.get("b"), store.get("c")) == ("A", None, "C")
    assert store.used == 80 and len(store) == 2


def test_one_value_over_the_budget_is_kept_alone():
    store = ByteLRU(budget=100)
    store.put("a", "A", owner="x", size=10)
    store.put("big", "BIG", owner="x", size=500)
    assert store.get("big") == "BIG" and store.get("a") is None
    store.put("b", "B", owner="x", size=10)
    assert store.get("big") is None and store.used == 10


def test_forget_drops_everything_from_one_load():
    store = ByteLRU(budget=1000)
    store.put("upload|1", 1, owner="upload@1", size=100)
    store.put("upload|2", 2, owner="upload@1", size=100)
    store.put("db|1", 3, owner="db@1", size=100)
    assert store.forget("upload@1") == 200
    assert store.get("upload|1") is None and store.get("db|1") == 3
    assert store.used == 100


def test_replacing_a_key_counts_its_bytes_once():
    store = ByteLRU(budget=1000)
    store.put("a", 1, owner="x", size=300)
    store.put("a", 2, owner="x", size=200)
    assert store.used == 200 and store.get("a") == 2


def test_resize_evicts_down_to_the_new_budget():
    store = ByteLRU(budget=1000)
    for key in "abcd":
        store.put(key, key, owner="x", size=200)
    store.resize(450)
    assert [k for k in "abcd" if store.get(k)] == ["c", "d"]


def test_concurrent_callers_of_a_missing_key_wait_for_one_build():
    store = ByteLRU(budget=10_000)
    builds = []

    def build():
        builds.append(1)
        time.sleep(0.05)
        return "value"

    got = []
    threads = [
        threading.Thread(target=lambda: got.append(store.get_or_build("k", build, owner="x")))
        for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == ["value"] * 8 and len(builds) == 1


@dataclass(frozen=True)
class _Pair:
    left: pd.DataFrame
    right: pd.DataFrame


def test_nbytes_counts_text_and_shared_objects_once():
    frame = pd.DataFrame({"name": ["x" * 1000] * 100, "n": np.arange(100)})
    alone = nbytes(frame)
    assert alone >= 100 * 1000  # the text itself, not only pointers to it
    assert nbytes(_Pair(frame, frame)) < alone * 1.1
    assert nbytes(pa.table({"n": np.arange(1000)})) >= 8000
    assert nbytes({"a": b"x" * 5000, "b": [np.zeros(1000)]}) >= 13_000
