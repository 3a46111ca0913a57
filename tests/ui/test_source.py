"""The app's data source: secrets or environment, readable failures, stale data, history notice."""

import shutil
import sqlite3
from pathlib import Path

import pytest
import renamed_schema
from apptest_helpers import plain
from conftest import ROOT
from streamlit.testing.v1 import AppTest


def _app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)


def _captions(at: AppTest) -> str:
    return "\n".join(plain(c.value) for c in at.sidebar.caption)


def _refresh(at: AppTest) -> AppTest:
    button = next(b for b in at.sidebar.button if b.label == "Refresh data")
    return button.click().run()


@pytest.fixture
def database(demo_env, tmp_path, monkeypatch) -> Path:
    """A copy of the demo that the app reads as a configured database, through the environment."""
    path = tmp_path / "programme.db"
    shutil.copy(demo_env, path)
    monkeypatch.setenv("DASHBOARD_DB_URL", f"sqlite:///{path}")
    return path


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_secrets_connection_is_used_and_named(demo_env, tmp_path):
    path = tmp_path / "from-secrets.db"
    shutil.copy(demo_env, path)
    at = _app()
    at.secrets["connections"] = {"programme": {"dialect": "sqlite", "database": str(path)}}
    at.run()
    assert not at.exception and not at.error
    assert "SQLite · from-secrets.db" in _captions(at)
    assert "Set in secrets.toml [connections.programme]" in _captions(at)
    assert _metrics(at) == _metrics(_app().run())


def test_environment_wins_over_secrets(database):
    at = _app()
    at.secrets["connections"] = {"programme": {"url": "postgresql+psycopg://nobody@127.0.0.1:1/x"}}
    at.run()
    assert not at.exception and not at.error
    assert "Set in DASHBOARD_DB_URL" in _captions(at)


def test_demo_says_how_to_connect_a_database(demo_env):
    at = _app().run()
    assert "Demo organisation (synthetic)" in _captions(at)
    assert "docs/DATABASES.md" in _captions(at)


def test_closed_port_is_a_readable_message_not_a_traceback(demo_env, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB_URL", "postgresql+psycopg://postgres@127.0.0.1:1/test")
    at = _app().run()
    assert not at.exception
    message = plain(at.error[0].value)
    assert "Cannot reach the database server at 127.0.0.1:1" in message
    assert "The database URL is set in DASHBOARD_DB_URL" in message


def test_failed_refresh_keeps_the_last_good_data_marked_stale(database):
    at = _app().run()
    good = _metrics(at)
    assert good and not at.warning
    hidden = database.with_suffix(".away")
    database.rename(hidden)
    _refresh(at)
    # AppTest drops the entry script's elements on a rerun, so look through a new session:
    # it gets the shared last good data while the failure is recent.
    at = _app().run()
    assert not at.exception and not at.error
    assert _metrics(at) == good
    warning = plain(at.warning[0].value)
    assert "stale since" in warning and "No SQLite database file" in warning
    assert "Stale since" in _captions(at)
    hidden.rename(database)
    at = _app()
    at.session_state["source_retry"] = True
    at.run()
    assert not at.warning and "Stale since" not in _captions(at)
    assert _metrics(at) == good


def test_settings_mistake_names_the_entry(database, tmp_path, monkeypatch):
    settings = tmp_path / "dashboard.toml"
    settings.write_text('[sql.tables.staff]\ntable = "people"\n')
    monkeypatch.setenv("DASHBOARD_CONFIG", str(settings))
    at = _app().run()
    assert not at.exception
    assert "[sql.tables.staff]: 'staff' is not a canonical table" in plain(at.error[0].value)


def test_mapped_database_shows_the_same_overview(demo_env, tmp_path, monkeypatch):
    expected = _metrics(_app().run())
    path = tmp_path / "hr.db"
    renamed_schema.build(f"sqlite:///{path}")
    settings = tmp_path / "dashboard.toml"
    settings.write_text(renamed_schema.mapping_toml() + "\n[sql]\nttl_seconds = 120\n")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(settings))
    monkeypatch.setenv("DASHBOARD_DB_URL", f"sqlite:///{path}")
    at = _app().run()
    assert not at.exception and not at.error
    assert _metrics(at) == expected
    assert "kept 2 min" in _captions(at)


def test_history_window_warns_when_a_period_reaches_before_it(database, tmp_path, monkeypatch):
    settings = tmp_path / "dashboard.toml"
    settings.write_text("[sql]\nhistory_months = 24\n")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(settings))
    at = _app().run()
    assert not at.exception and not at.sidebar.warning
    assert "Activity from 01 Nov 2024 loaded" in _captions(at)
    at = _app()
    at.query_params.update({"period": "Custom", "from": "2025-01-01", "to": "2025-06-30"})
    at.run()
    assert "Only activity from 01 Nov 2024 on is loaded" in at.sidebar.warning[0].value


def test_rejected_rows_are_counted_with_their_commonest_reason(database):
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE sessions SET duration_minutes = 'long' WHERE rowid <= 5")
    at = _app().run()
    assert not at.exception and not at.error
    assert (
        "5 rows rejected by validation (most: sessions.duration_minutes: not a whole number "
        "(5 rows))" in _captions(at)
    )
