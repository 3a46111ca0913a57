"""Where the data comes from and the settings file; the demo database is the default.

A database is chosen, first match wins, by `--db` (CLI only), the DASHBOARD_DB_URL
environment variable, or `[connections.programme]` in `.streamlit/secrets.toml`.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from dashboard.errors import ConfigError

DEFAULT_DEMO_PATH = Path("data/demo.db")
CONNECTION = "programme"
ENV_URL = "DASHBOARD_DB_URL"
SECRETS_ENTRY = f"[connections.{CONNECTION}]"
# Where Streamlit looks for secrets; the project's file wins over the user's.
SECRETS_FILES = (Path.home() / ".streamlit" / "secrets.toml", Path(".streamlit/secrets.toml"))
# The keys st.connection(type="sql") understands, except its engine options.
_URL_PARTS = ("dialect", "driver", "username", "password", "host", "port", "database", "query")


def demo_path() -> Path:
    return Path(os.environ.get("DASHBOARD_DEMO_PATH", DEFAULT_DEMO_PATH))


def uploads_path() -> Path:
    """The embedded database that saved uploads go to by default: beside the demo, not in it."""
    return demo_path().with_name("uploads.db")


def demo_url(*, build: bool = False) -> str:
    """SQLAlchemy URL of the demo database, building it first if asked and absent."""
    path = demo_path()
    if build and not path.exists():
        from dashboard.sources.sql_write import build_demo_database

        build_demo_database(str(path))
    return f"sqlite:///{path}"


def connection_url(settings: Mapping[str, Any], where: str = f"secrets {SECRETS_ENTRY}") -> str:
    """A SQLAlchemy URL from a connection entry: `url = ...`, or its parts as st.connection takes
    them (dialect, driver, username, password, host, port, database, query)."""
    if "url" in settings:
        extra = sorted(k for k in settings if k != "url")
        if extra:
            raise ConfigError(
                f"{where}: give url or its parts, not both (also: {', '.join(extra)})"
            )
        url = settings["url"]
        if not isinstance(url, str) or not url.strip():
            raise ConfigError(f"{where}: url must be a non-empty text value")
        return url.strip()
    unknown = sorted(k for k in settings if k not in _URL_PARTS)
    if unknown:
        raise ConfigError(
            f"{where}: unknown setting {', '.join(unknown)}; use url, or {', '.join(_URL_PARTS)}"
        )
    if not settings.get("dialect"):
        raise ConfigError(f'{where}: give url, or at least dialect (e.g. dialect = "postgresql")')
    dialect = str(settings["dialect"])
    driver = settings.get("driver")
    port = settings.get("port")
    if port is not None and not (isinstance(port, int) or str(port).isdigit()):
        raise ConfigError(f"{where}: port must be a number, not {port!r}")
    return sa.URL.create(
        f"{dialect}+{driver}" if driver else dialect,
        username=settings.get("username"),
        password=settings.get("password"),
        host=settings.get("host"),
        port=int(port) if port is not None else None,
        database=settings.get("database"),
        query=dict(settings.get("query") or {}),
    ).render_as_string(hide_password=False)


def read_secrets() -> dict[str, Any]:
    """Streamlit's secrets files merged as Streamlit merges them, for use outside the app."""
    merged: dict[str, Any] = {}
    for path in SECRETS_FILES:
        if path.is_file():
            try:
                merged |= tomllib.loads(path.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as exc:
                raise ConfigError(f"{path} is not valid TOML: {exc}") from exc
    return merged


def configured_source(secrets: Mapping[str, Any] | None = None) -> tuple[str, str] | None:
    """(url, where it was set) of the configured database, or None for the demo.

    DASHBOARD_DB_URL wins over `[connections.programme]` in the secrets (`secrets`, e.g.
    st.secrets, else the secrets files), so one run can point elsewhere without editing files.
    """
    url = os.environ.get(ENV_URL, "").strip()
    if url:
        return url, ENV_URL
    if secrets is None:
        secrets = read_secrets()
    connections = secrets.get("connections") or {}
    entry = connections.get(CONNECTION) if isinstance(connections, Mapping) else None
    if entry is None:
        return None
    if not isinstance(entry, Mapping):
        raise ConfigError(f"secrets {SECRETS_ENTRY}: must be a table of settings")
    return connection_url(entry), f"secrets.toml {SECRETS_ENTRY}"


def configured_url(secrets: Mapping[str, Any] | None = None) -> str | None:
    """The configured database's URL (environment, then secrets), or None for the demo."""
    found = configured_source(secrets)
    return found[0] if found else None


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
