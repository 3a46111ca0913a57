"""Database URLs: their secrets (the password, and query parameters such as `sslpassword` or
`token`) never appear where a URL or a driver's message is shown; a bad URL says what one
looks like; a database is named without secrets."""

import string

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import URL

from dashboard.errors import SourceError
from dashboard.sources.sql_read import read_tables
from dashboard.sources.sql_url import database_label, parse_url, redact, scrub

SECRET_NAMES = ["password", "sslpassword", "token", "secret", "access_token", "client_secret"]
secrets = st.text(alphabet=string.ascii_letters + string.digits + "!$%&()*+,;=@/?#[]~ ", min_size=6)


@settings(deadline=None)
@given(
    secret=secrets,
    name=st.sampled_from(SECRET_NAMES),
    password=st.one_of(st.none(), secrets),
    dialect=st.sampled_from(["postgresql+psycopg", "mysql+pymysql", "snowflake", "mssql+pyodbc"]),
)
def test_no_secret_survives_redaction(secret, name, password, dialect):
    url = URL.create(
        dialect,
        username="reader",
        password=password,
        host="db.example.org",
        database="hr",
        query={name: secret, "sslmode": "require"},
    ).render_as_string(hide_password=False)
    shown = redact(url)
    for hidden in filter(None, (secret, password)):
        # Only a secret that happens to be a piece of the rest of the URL may appear.
        assume(hidden not in redact(url.replace(hidden, "")))
        assert hidden not in shown
    assert f"{name}=***" in shown and "sslmode=require" in shown
    assert "db.example.org" in shown and "reader" in shown


@settings(deadline=None)
@given(secret=secrets)
def test_a_password_inside_an_odbc_string_is_hidden(secret):
    # ODBC ends a value at ';' unless it is braced.
    value = f"{{{secret}}}" if ";" in secret else secret
    assume("}" not in secret)

    def url(password: str) -> str:
        query = {"odbc_connect": f"DRIVER=x;PWD={password};SERVER=s"}
        return URL.create("mssql+pyodbc", query=query).render_as_string(hide_password=False)

    assume(secret not in url("x"))
    assert secret not in redact(url(value))
    assert "***%3BSERVER%3Ds" in redact(url(value)).split("PWD%3D", 1)[1]


def test_driver_messages_are_scrubbed_of_the_urls_secrets():
    url = "postgresql+psycopg://reader:pa%24%24word@db/hr?sslpassword=kEy42&token=t0k3n"
    message = "connection to db failed: password pa$$word wrong (sslpassword=kEy42) token=t0k3n"
    shown = scrub(message, url)
    assert not any(s in shown for s in ("pa$$word", "kEy42", "t0k3n"))


def test_an_unreachable_server_message_holds_no_secret():
    url = "postgresql+psycopg://reader:hunter22@127.0.0.1:1/hr?sslpassword=kEy42&token=t0k3n"
    with pytest.raises(SourceError) as caught:
        read_tables(url)
    assert not any(s in str(caught.value) for s in ("hunter22", "kEy42", "t0k3n"))


def test_a_garbage_url_says_what_a_url_looks_like():
    with pytest.raises(SourceError, match="not one SQLAlchemy understands"):
        parse_url("not a url")
    assert redact("not a url") == "<unparseable database URL>"


@pytest.mark.parametrize(
    ("url", "label"),
    [
        (
            "postgresql+psycopg://reader:pw@db.example.org:5432/hr",
            "PostgreSQL · hr on db.example.org:5432",
        ),
        ("mysql+pymysql://reader@db/hr", "MySQL/MariaDB · hr on db"),
        ("sqlite:///data/demo.db", "SQLite · demo.db"),
    ],
)
def test_databases_are_named_without_their_secrets(url, label):
    assert database_label(url) == label
