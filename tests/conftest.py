import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


# Under CI the examples are derived from each test's name, so a run cannot fail on a random
# example nobody can reproduce; locally they stay random, to keep finding new cases. Speed is
# measured by the benchmark, not here: under CI no example fails for taking long on a busy
# machine.
settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
settings.register_profile("dev", print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if _in_ci() else "dev"))


def _started_early(item: pytest.Item) -> int:
    if item.get_closest_marker("browser"):
        return 0
    if getattr(getattr(item, "obj", None), "is_hypothesis_test", False):
        return 1
    if item.get_closest_marker("database"):
        return 2
    return 3


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The browser, property and database tests first, in their collected order.

    Under `--dist worksteal` each worker starts on its own contiguous share of this order, and
    a worker that runs out takes the far end of the other's share. The longest tests are among
    these, so they start early on one worker while the short ones are what is left to share at
    the end: no worker is left running a long test alone. The browser tests, together, stay on
    one worker, with one app and one Chromium.
    """
    items.sort(key=_started_early)


def require_in_ci(reason: str) -> None:
    """Skip on a laptop that lacks a server or browser; under CI the same lack is a failure."""
    if _in_ci():
        pytest.fail(f"{reason} (CI=true, so this must not be skipped)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """The default demo organisation, built once per test session."""
    from dashboard.sources.sql_write import build_demo_database

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo_database(str(path))
    return path


# Writing a workbook of the demo takes seconds; the bytes are immutable, so one per worker is
# shared by every test that uploads it.
@pytest.fixture(scope="session")
def demo_workbook() -> bytes:
    """The template filled with the default demo organisation."""
    from dashboard.sources.demo import generate
    from dashboard.template import template_workbook

    return template_workbook(generate())


@pytest.fixture(scope="session")
def demo_workbook_500() -> bytes:
    """The template filled with a demo organisation of 500 employees."""
    from dashboard.sources.demo import generate
    from dashboard.template import template_workbook

    return template_workbook(generate(employees=500))


@pytest.fixture
def demo_copy(demo_db, tmp_path) -> str:
    """A copy of the demo database that a test may change."""
    shutil.copy(demo_db, tmp_path / "copy.db")
    return str(tmp_path / "copy.db")


@pytest.fixture(scope="module")
def renamed_db(tmp_path_factory) -> str:
    """A database holding the demo under other names (tests/renamed_schema.py)."""
    import renamed_schema

    path = tmp_path_factory.mktemp("renamed") / "hr.db"
    renamed_schema.build(f"sqlite:///{path}")
    return f"sqlite:///{path}"


@pytest.fixture
def demo_env(demo_db, monkeypatch) -> Path:
    """Point the app and the CLI at the session's demo database, with no other source."""
    monkeypatch.setenv("DASHBOARD_DEMO_PATH", str(demo_db))
    monkeypatch.delenv("DASHBOARD_DB_URL", raising=False)
    return demo_db


@pytest.fixture(autouse=True)
def _each_test_is_a_new_browser_session():
    """AppTest gives every app the same session id, so without this a session-scoped cache
    (an upload in progress) would carry over from one test into the next."""
    from apptest_helpers import end_session

    yield
    end_session()
