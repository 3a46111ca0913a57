"""Where the database URL comes from: DASHBOARD_DB_URL, then [connections.programme]."""

import pytest
import sqlalchemy as sa

from dashboard import config
from dashboard.config import configured_source, connection_url
from dashboard.errors import ConfigError


def test_url_from_parts_like_st_connection():
    url = connection_url(
        {
            "dialect": "postgresql",
            "driver": "psycopg",
            "username": "reader",
            "password": "p@ss:word/1",
            "host": "db.example.org",
            "port": 5433,
            "database": "hr",
            "query": {"sslmode": "require"},
        }
    )
    parsed = sa.make_url(url)
    assert parsed.drivername == "postgresql+psycopg"
    assert (parsed.username, parsed.password) == ("reader", "p@ss:word/1")
    assert (parsed.host, parsed.port, parsed.database) == ("db.example.org", 5433, "hr")
    assert parsed.query == {"sslmode": "require"}


def test_url_given_whole_is_used_as_it_is():
    assert connection_url({"url": " sqlite:///x.db "}) == "sqlite:///x.db"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"url": "sqlite://", "host": "h"}, "give url or its parts, not both"),
        ({"host": "h"}, "give url, or at least dialect"),
        ({"dialect": "postgresql", "hots": "h"}, "unknown setting hots"),
        ({"dialect": "postgresql", "port": "fivefour"}, "port must be a number"),
        ({"url": ""}, "url must be a non-empty text value"),
    ],
)
def test_connection_mistakes_name_the_entry(settings, message):
    with pytest.raises(ConfigError, match=rf"\[connections.programme\]: {message}"):
        connection_url(settings)


@pytest.fixture
def secrets_file(tmp_path, monkeypatch):
    """A project secrets file in a working directory of its own, and no user-wide one."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DASHBOARD_DB_URL", raising=False)
    monkeypatch.setattr(
        config, "SECRETS_FILES", (tmp_path / "home.toml", tmp_path / ".streamlit/secrets.toml")
    )
    (tmp_path / ".streamlit").mkdir()
    return tmp_path / ".streamlit" / "secrets.toml"


def test_environment_wins_over_secrets(secrets_file, monkeypatch):
    secrets_file.write_text('[connections.programme]\nurl = "sqlite:///from-secrets.db"\n')
    assert configured_source() == (
        "sqlite:///from-secrets.db",
        "secrets.toml [connections.programme]",
    )
    monkeypatch.setenv("DASHBOARD_DB_URL", "sqlite:///from-env.db")
    assert configured_source() == ("sqlite:///from-env.db", "DASHBOARD_DB_URL")


def test_no_configuration_means_the_demo(secrets_file):
    assert configured_source() is None
    secrets_file.write_text('[connections.other]\nurl = "sqlite:///x.db"\n')
    assert configured_source() is None


def test_secrets_given_by_the_app_are_used_instead_of_files(secrets_file):
    secrets_file.write_text('[connections.programme]\nurl = "sqlite:///file.db"\n')
    given = {"connections": {"programme": {"dialect": "sqlite", "database": "given.db"}}}
    assert configured_source(given)[0] == "sqlite:///given.db"


def test_malformed_secrets_file_is_named(secrets_file):
    secrets_file.write_text("[connections.programme\n")
    with pytest.raises(ConfigError, match=r"secrets.toml is not valid TOML"):
        configured_source()


def test_cli_uses_the_secrets_connection(secrets_file, demo_db, capsys):
    from dashboard.cli import main

    secrets_file.write_text(f'[connections.programme]\nurl = "sqlite:///{demo_db}"\n')
    assert main(["summary", "--json"]) == 0
    assert '"period_end": "2026-10-31"' in capsys.readouterr().out


def test_the_example_secrets_file_is_a_working_connection(monkeypatch):
    import tomllib

    from conftest import ROOT

    monkeypatch.delenv("DASHBOARD_DB_URL", raising=False)
    example = tomllib.loads((ROOT / ".streamlit" / "secrets.example.toml").read_text())
    url, origin = configured_source(example)
    assert sa.make_url(url).drivername == "postgresql+psycopg"
    assert origin == "secrets.toml [connections.programme]"
