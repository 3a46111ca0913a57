"""Memory under many sessions: filter combinations, uploads, and what is left once they end.

    DASHBOARD_DEMO_PATH=... python -m bench.sessions WORKBOOK [--views 4] [--uploads 3]
        [--keep-minutes 0.1]

One process, as the server is one: AppTest sessions (each its own browser tab) first open
every page for --views filter combinations of the loaded data set, then --uploads sessions
each upload WORKBOOK and open the Overview and Participation on it, and stay open. Then every
session ends the way Streamlit ends a closed tab (its session-scoped caches released, its
state dropped), the upload keep time ([upload] keep_minutes, short here) passes, the store
frees what no tab shows, and one more visitor opens the Overview (Streamlit holds the latest
run's script globals until the next run of any session). Prints one JSON object of MB: the
peak, the RSS with every session open, and the settled RSS after they ended (garbage
collected, freed memory handed back by Arrow's pool and malloc), with what the byte-bounded
cache and the upload store held at each point.

AppTest runs every app under one session id; here each tab gets its own (a patched
ScriptRunner), so that each has its own session-scoped caches and ends on its own, as tabs do.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import json
import os
import tempfile
import time
from pathlib import Path

import pyarrow as pa
from streamlit.runtime import caching
from streamlit.runtime.scriptrunner import script_runner
from streamlit.testing.v1 import AppTest

from bench.rss import peak_rss_mb

ROOT = Path(__file__).resolve().parent.parent

PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "app_pages").glob("*.py"))
_session = {"id": "bench-0"}
_init = script_runner.ScriptRunner.__init__


def _own_session_id(self, *args, session_id: str, **kwargs) -> None:
    _init(self, *args, session_id=_session["id"], **kwargs)


script_runner.ScriptRunner.__init__ = _own_session_id


class Tab:
    """One browser tab: an AppTest session with its own session id."""

    count = 0

    def __init__(self, params: dict[str, str] | None = None) -> None:
        Tab.count += 1
        self.id = f"bench-tab-{Tab.count}"
        self.at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
        for key, value in (params or {}).items():
            self.at.query_params[key] = value

    def run(self, page: str | None = None) -> Tab:
        _session["id"] = self.id
        if page is not None:
            self.at.switch_page(page)
        self.at.run()
        if self.at.exception:
            raise RuntimeError(f"{page}: {self.at.exception[0].message}")
        return self

    def close(self) -> None:
        """What Streamlit does when the tab's connection closes and the session is dropped."""
        caching.clear_session_resource_cache(self.id)
        caching.clear_session_data_cache(self.id)
        self.at = None


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _settle() -> None:
    """Collect garbage and hand freed memory back to the system, so RSS shows what is held."""
    gc.collect()
    pa.default_memory_pool().release_unused()  # pandas' text columns live in Arrow's pool
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def held_mb() -> dict[str, float]:
    """What the app's own byte-bounded stores account for (nothing before they existed)."""
    try:
        from dashboard.ui.cache import results
        from dashboard.ui.uploaded import store
    except ImportError:
        return {}
    mb = 1024 * 1024
    return {"cache_mb": results().used / mb, "uploads_mb": store().used / mb}


def sweep() -> None:
    """Free the uploads no tab has shown for the keep time (a timer does it in the server)."""
    with contextlib.suppress(ImportError):
        from dashboard.ui.uploaded import store

        store().sweep()


# Filter combinations a group of users might open: departments, shorter periods, a kind.
VIEWS = (
    {},
    {"dept": "Operations"},
    {"dept": "Sales", "period": "Last 6 months"},
    {"period": "Last 3 months", "kind": "coaching"},
    {"dept": "HR", "period": "This year"},
    {"dept": "IT", "kind": "mentoring"},
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbook", type=Path)
    parser.add_argument("--views", type=int, default=len(VIEWS))
    parser.add_argument("--uploads", type=int, default=3)
    parser.add_argument("--keep-minutes", type=float, default=0.1)
    args = parser.parse_args()
    settings = Path(tempfile.mkdtemp()) / "dashboard.toml"
    settings.write_text(f"[upload]\nkeep_minutes = {args.keep_minutes}\n")
    os.environ["DASHBOARD_CONFIG"] = str(settings)

    out: dict[str, float] = {}
    tabs = [Tab().run()]
    _settle()
    out["loaded_mb"] = rss_mb()
    for params in VIEWS[: args.views]:
        tab = Tab(params).run()
        for page in PAGES:
            tab.run(page)
        tabs.append(tab)
    for _ in range(args.uploads):
        tab = Tab().run().run("app_pages/data.py")
        tab.at.file_uploader[0].set_value(
            [(args.workbook.name, args.workbook.read_bytes(), "application/octet-stream")]
        )
        tab.run()
        for page in ("app_pages/overview.py", "app_pages/participation.py"):
            tab.run(page)
        tabs.append(tab)
    _settle()
    out["all_open_mb"] = rss_mb()
    out |= {f"all_open_{k}": v for k, v in held_mb().items()}
    for tab in tabs:
        tab.close()
    tabs.clear()
    time.sleep(args.keep_minutes * 60 + 1)
    sweep()
    # Streamlit keeps the latest run's script module as sys.modules["__main__"], whose
    # globals hold that run's data until any session runs again: here, one more visitor.
    Tab().run().close()
    _settle()
    out["settled_mb"] = rss_mb()
    out |= {f"settled_{k}": v for k, v in held_mb().items()}
    out["peak_mb"] = peak_rss_mb()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
