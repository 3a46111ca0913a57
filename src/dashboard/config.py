"""Where the data comes from, read from the environment; the demo database is the default."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

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


def config_path() -> Path:
    """The settings file: DASHBOARD_CONFIG, else dashboard.toml in the working directory."""
    return Path(os.environ.get("DASHBOARD_CONFIG", "dashboard.toml"))


def read_config(path: Path | None = None) -> dict[str, Any]:
    """The whole settings file as a dict ({} when there is none); each feature reads its table.

    Raises ValueError naming the file and line when the TOML is malformed.
    """
    path = path or config_path()
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path} is not valid TOML: {exc}") from exc
