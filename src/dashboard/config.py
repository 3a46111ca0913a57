"""Where the data comes from, read from the environment; the demo database is the default."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DEMO_PATH = Path("data/demo.db")


def demo_path() -> Path:
    return Path(os.environ.get("DASHBOARD_DEMO_PATH", DEFAULT_DEMO_PATH))


def demo_url(*, build: bool = False) -> str:
    """SQLAlchemy URL of the demo database, building it first if asked and absent."""
    path = demo_path()
    if build and not path.exists():
        from dashboard.sources.sql_write import build_demo_database

        build_demo_database(str(path))
    return f"sqlite:///{path}"


def configured_url() -> str | None:
    """The database named by DASHBOARD_DB_URL, if any."""
    return os.environ.get("DASHBOARD_DB_URL") or None
