import sys
from pathlib import Path

# The tests' shared fixtures module sits beside this file.
sys.path.insert(0, str(Path(__file__).parent))

import os

import pytest

ROOT = Path(__file__).resolve().parent.parent


def require_in_ci(reason: str) -> None:
    """Skip on a laptop that lacks a server or browser; under CI the same lack is a failure."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{reason} (CI=true, so this must not be skipped)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """The default demo organisation, built once per test session."""
    from dashboard.sources.sql_write import build_demo_database

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo_database(str(path))
    return path


@pytest.fixture
def demo_env(demo_db, monkeypatch) -> Path:
    """Point the app and the CLI at the session's demo database, with no other source."""
    monkeypatch.setenv("DASHBOARD_DEMO_PATH", str(demo_db))
    monkeypatch.delenv("DASHBOARD_DB_URL", raising=False)
    return demo_db
