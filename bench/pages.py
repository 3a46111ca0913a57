"""Warm rerun time of every page through AppTest, against a floor that replays its output."""

from __future__ import annotations

import os
import pickle
import statistics
import tempfile
import time
from pathlib import Path

from streamlit.proto.Block_pb2 import Block as BlockProto
from streamlit.proto.Element_pb2 import Element
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "app_pages").glob("*.py"))

# AppTest hands back each element's own message; the Element oneof name is what _enqueue needs.
_DELTA_TYPE = {
    f.message_type.full_name: f.name for f in Element.DESCRIPTOR.fields if f.message_type
}
# Columns, expanders and tabs come back as their inner message; the Block oneof wraps them again.
_BLOCK_TYPE = {
    f.message_type.full_name: f.name for f in BlockProto.DESCRIPTOR.fields if f.message_type
}


def _app(page: str) -> AppTest:
    """A session that has run the entry page once and will run `page` next."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.run()
    at.switch_page(page)
    return at


def _floor() -> AppTest:
    """A session of the floor script that has run once, like the page's session."""
    at = AppTest.from_file(str(ROOT / "bench" / "floor_page.py"), default_timeout=600)
    at.run()
    return at


def _block_proto(node) -> BlockProto:
    proto = getattr(node, "proto", None)
    if proto is None or isinstance(proto, BlockProto):
        return proto or BlockProto()
    return BlockProto(**{_BLOCK_TYPE[proto.DESCRIPTOR.full_name]: proto})


def _record(at: AppTest) -> tuple[dict[str, list], int, int]:
    """Every element and layout block the run sent, nested as sent, per part of the page;
    with the number of elements and of blocks."""
    counts = {"elements": 0, "blocks": 0}

    def walk(node) -> list:
        out = []
        for _, child in sorted(getattr(node, "children", {}).items()):
            proto = getattr(child, "proto", None)
            name = None if proto is None else _DELTA_TYPE.get(proto.DESCRIPTOR.full_name)
            if name:
                counts["elements"] += 1
                out.append(("element", name, proto))
            elif hasattr(child, "children"):
                counts["blocks"] += 1
                out.append(("block", _block_proto(child), walk(child)))
        return out

    parts = {"main": walk(at.main), "sidebar": walk(at.sidebar)}
    return parts, counts["elements"], counts["blocks"]


def _median_run(make, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        at = make()
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        if at.exception:
            raise RuntimeError(at.exception[0].message)
    return statistics.median(times)


def time_pages(repeats: int = 5) -> list[dict]:
    """One row per page: warm median, floor median, their ratio, the element and block counts."""
    rows = []
    for page in PAGES:
        first = _app(page)
        first.run()  # cold: loads the source and fills the caches
        if first.exception:
            raise RuntimeError(f"{page}: {first.exception[0].message}")
        recorded, elements, blocks = _record(first)
        with tempfile.NamedTemporaryFile(suffix=".pkl", delete=False) as handle:
            pickle.dump(recorded, handle)
        os.environ["BENCH_FLOOR"] = handle.name
        warm = _median_run(lambda page=page: _app(page), repeats)
        floor = _median_run(_floor, repeats)
        os.unlink(handle.name)
        rows.append(
            {
                "page": page,
                "elements": elements,
                "blocks": blocks,
                "warm_ms": 1000 * warm,
                "floor_ms": 1000 * floor,
                "ratio": warm / floor,
            }
        )
    return rows
