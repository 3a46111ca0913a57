"""Warm rerun time of every page through AppTest, against a floor that replays its output."""

from __future__ import annotations

import os
import pickle
import statistics
import tempfile
import time
from pathlib import Path

from streamlit.proto.Element_pb2 import Element
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "app_pages").glob("*.py"))

# AppTest hands back each element's own message; the Element oneof name is what _enqueue needs.
_DELTA_TYPE = {
    f.message_type.full_name: f.name for f in Element.DESCRIPTOR.fields if f.message_type
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


def _record(at: AppTest) -> list[tuple[str, str, object]]:
    """Every element the run sent, in order, with the part of the page it went to."""
    out: list[tuple[str, str, object]] = []

    def walk(node, where: str) -> None:
        proto = getattr(node, "proto", None)
        name = None if proto is None else _DELTA_TYPE.get(proto.DESCRIPTOR.full_name)
        if name:
            out.append((where, name, proto))
        for child in getattr(node, "children", {}).values():
            walk(child, where)

    walk(at.main, "main")
    walk(at.sidebar, "sidebar")
    return out


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
    """One row per page: warm median, floor median, their ratio, and the element count."""
    rows = []
    for page in PAGES:
        first = _app(page)
        first.run()  # cold: loads the source and fills the caches
        if first.exception:
            raise RuntimeError(f"{page}: {first.exception[0].message}")
        recorded = _record(first)
        with tempfile.NamedTemporaryFile(suffix=".pkl", delete=False) as handle:
            pickle.dump(recorded, handle)
        os.environ["BENCH_FLOOR"] = handle.name
        warm = _median_run(lambda page=page: _app(page), repeats)
        floor = _median_run(_floor, repeats)
        os.unlink(handle.name)
        rows.append(
            {
                "page": page,
                "elements": len(recorded),
                "warm_ms": 1000 * warm,
                "floor_ms": 1000 * floor,
                "ratio": warm / floor,
            }
        )
    return rows
