"""Database URLs: parsing them, hiding their secrets, and saying what a failure means."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, quote_plus

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from dashboard.errors import SourceError

# Query parameters of a URL whose values are secrets; matched within the parameter's name.
_SECRET_PARAMETERS = ("password", "passwd", "pwd", "secret", "token", "key", "credential")
# `name=value` or `name: value` pairs inside text: in a URL's option (an ODBC connection
# string) a value runs to ';' unless braced, in a driver's message to a space as well.
_SECRET_NAME = r"(?i)\b([\w.-]*(?:" + "|".join(_SECRET_PARAMETERS) + r")[\w.-]*)(\s*[=:]\s*)"
_SECRET_OPTION = re.compile(_SECRET_NAME + r"(\{[^}]*\}?|[^;]+)")
_SECRET_PAIR = re.compile(_SECRET_NAME + r"(\{[^}]*\}?|[^\s;&]+)")
_HIDDEN = "***"
_PRODUCTS = {"postgresql": "PostgreSQL", "mysql": "MySQL/MariaDB", "mariadb": "MariaDB"}
_MYSQL_UNREACHABLE = (2002, 2003, 2005, 2006, 2013)
_UNREACHABLE = (
    "connection refused",
    "could not connect",
    "timeout expired",
    "timed out",
    "could not translate host name",
    "name or service not known",
    "no route to host",
    "network is unreachable",
)


def _secret_parameter(name: str) -> bool:
    return any(word in name.lower() for word in _SECRET_PARAMETERS)


def _hide_pairs(text: str, pattern: re.Pattern[str] = _SECRET_PAIR) -> str:
    return pattern.sub(lambda m: f"{m[1]}{m[2]}{_HIDDEN}", text)


def redact(url: str) -> str:
    """The URL with its password and every secret query parameter (`password`, `sslpassword`,
    `token`, `secret`, a `PWD=` inside an ODBC string …) hidden, for messages and the sidebar."""
    try:
        parsed = make_url(url)
    except sa.exc.ArgumentError:
        return "<unparseable database URL>"
    base = parsed.set(query={}).render_as_string(hide_password=True)
    pairs = []
    for name, value in sorted(parsed.query.items()):
        for item in value if isinstance(value, tuple) else (value,):
            shown = _HIDDEN if _secret_parameter(name) else _hide_pairs(item, _SECRET_OPTION)
            pairs.append(f"{quote_plus(name)}={quote_plus(shown, safe='*')}")
    return f"{base}?{'&'.join(pairs)}" if pairs else base


def _secrets(url: str) -> list[str]:
    """The secret values inside a URL, as written and as decoded, longest first."""
    try:
        parsed = make_url(url)
    except sa.exc.ArgumentError:
        return []
    values = [parsed.password] if parsed.password else []
    for name, value in parsed.query.items():
        items = value if isinstance(value, tuple) else (value,)
        if _secret_parameter(name):
            values += list(items)
        for item in items:
            values += [m[3] for m in _SECRET_OPTION.finditer(item)]
    spelled = {str(v) for v in values if str(v)} | {quote(str(v), safe="") for v in values if v}
    return sorted(spelled | {quote_plus(v) for v in spelled}, key=len, reverse=True)


def scrub(text: str, url: str) -> str:
    """`text` (an error message, say) without any secret the URL holds, nor `pwd=…`-like pairs."""
    for secret in _secrets(url):
        text = text.replace(secret, _HIDDEN)
    return _hide_pairs(text)


def parse_url(url: str) -> sa.URL:
    """The URL parsed; SourceError with an example of the form when SQLAlchemy cannot read it."""
    try:
        return make_url(url)
    except sa.exc.ArgumentError as exc:
        raise SourceError(
            "The database URL is not one SQLAlchemy understands. A URL looks like "
            "dialect+driver://user:password@host:port/database, e.g. "
            "postgresql+psycopg://reader@db.example.org/hr (docs/DATABASES.md)."
        ) from exc


def database_label(url: str) -> str:
    """How the sidebar names a database: 'PostgreSQL · hr on db.example.org:5432'."""
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError:
        return f"Database · {redact(url)}"
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return f"SQLite · {Path(parsed.database or ':memory:').name}"
    server = parsed.host or "localhost"
    server += f":{parsed.port}" if parsed.port else ""
    product = _PRODUCTS.get(backend, backend.capitalize())
    return f"{product} · {parsed.database} on {server}" if parsed.database else product


def _driver_error(exc: BaseException) -> BaseException:
    """The driver's own exception inside SQLAlchemy's wrapper (ADBC's come unwrapped)."""
    return getattr(exc, "orig", None) or exc


def failure_reason(exc: BaseException) -> str:
    """The driver's message, first line only; the server's own words when libpq wraps them."""
    text = str(_driver_error(exc)).strip()
    if not text:
        return type(exc).__name__
    line = text.splitlines()[0]
    if "] Failed to execute query" in line and "ERROR:" in line:
        line = line.rsplit("ERROR:", 1)[1]
    return " ".join(line.split())


def explain_failure(
    exc: BaseException, url: str, what: str | None = None, *, writing: bool = False
) -> str:
    """What a database failure means for the person who gave the URL: unreachable server,
    refused login, unknown database, missing privilege, or else the database's own words.
    `what` names what was being read (or written) when the failure is about that."""
    parsed = parse_url(url)
    reason = failure_reason(exc)
    error = _driver_error(exc)
    text = str(error).lower()
    code = error.args[0] if error.args and isinstance(error.args[0], int) else None
    sqlstate = getattr(error, "sqlstate", None)
    server = f"{parsed.host or 'localhost'}" + (f":{parsed.port}" if parsed.port else "")
    user = parsed.username or "(none)"
    if parsed.get_backend_name() == "sqlite":
        return f"Cannot read the SQLite file {parsed.database}: {reason}."
    if code == 1049 or sqlstate == "3D000" or ("database" in text and "does not exist" in text):
        return (
            f"The server at {server} has no database named '{parsed.database}' ({reason}). "
            f"Check the database name in the database URL, or create it (CREATE DATABASE "
            f"{parsed.database}); `python -m dashboard demo --db URL` writes the demo "
            "organisation into an empty one."
        )
    if code in (1142, 1143) or sqlstate == "42501" or "permission denied" in text:
        if writing:
            return (
                f"The database user '{user}' may not write {what or 'the tables'} ({reason}). "
                "Writing needs a user that may create tables and insert rows."
            )
        return (
            f"The database user '{user}' may not read {what or 'the tables'} ({reason}). "
            "Grant it SELECT on the tables or views the dashboard reads (docs/DATABASES.md)."
        )
    if (
        code in (1045, 1044, 1698)
        or sqlstate in ("28P01", "28000")
        or "password authentication failed" in text
        or ("role" in text and "does not exist" in text)
        or "access denied" in text
    ):
        return (
            f"The server at {server} refused the login of user '{user}' ({reason}). "
            "Check the username and password in the database URL, and that this user may "
            "connect to the database."
        )
    if code in _MYSQL_UNREACHABLE or any(sign in text for sign in _UNREACHABLE):
        return (
            f"Cannot reach the database server at {server} ({reason}). Check that the server "
            "is running and that the host and port in the database URL are right."
        )
    if what is not None:
        return f"{'Writing' if writing else 'Reading'} {what} failed: {reason}."
    return (
        f"Cannot read the database at {redact(url)}: {reason}. Check that the server is "
        "running and that the host, port, database name, user and password are right."
    )
