"""Where saving uploaded data may write: never into a database the dashboard reads as its
source, only for users allowed to save, and by default into a database of its own."""

from __future__ import annotations

import functools
import os
import socket
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from dashboard import config
from dashboard.access import Grant, import_refusal
from dashboard.errors import WriteRefused
from dashboard.sources.sql_url import redact

_DEFAULT_PORTS = {"postgresql": 5432, "mysql": 3306, "mssql": 1433, "oracle": 1521}
_LOOPBACK = {"", "localhost", "localhost.localdomain", "127.0.0.1", "::1", "0.0.0.0", "::"}
# Query parameters that put the server somewhere other than the URL's host (unix sockets).
_HOST_PARAMETERS = ("host", "unix_socket", "unix_sock")


def save_target(settings: Mapping[str, Any]) -> str:
    """Where uploads are saved: `[upload] database` in dashboard.toml, else an embedded SQLite
    database of their own (data/uploads.db), which the dashboard shows only if pointed at it."""
    url = settings.get("upload", {}).get("database")
    if url is not None and not isinstance(url, str):
        raise ValueError(f"[upload] database must be a database URL in quotes, not {url!r}")
    return url.strip() if url and url.strip() else f"sqlite:///{config.uploads_path()}"


def refusal(grant: Grant, url: str, read_only: Iterable[str]) -> str | None:
    """Why `grant` may not save into `url`, or None if it may. `read_only` are the databases
    the dashboard reads as its source: they are never written, whoever asks."""
    reason = import_refusal(grant)
    if reason is not None:
        return reason
    for source in read_only:
        if same_database(url, source):
            return (
                f"{redact(url)} is the database the dashboard reads its data from, which it "
                "never writes. Save into another database: [upload] database in "
                "dashboard.toml, or --db on the command line."
            )
    return None


def check_write(grant: Grant, url: str, read_only: Iterable[str]) -> None:
    """Raise WriteRefused with the reason when `grant` may not save into `url`."""
    reason = refusal(grant, url, read_only)
    if reason is not None:
        raise WriteRefused(reason)


def same_database(a: str, b: str) -> bool:
    """Whether two URLs reach the same database, however differently they are written: other
    drivers, users, passwords or options, a relative or absolute or linked SQLite path,
    `localhost` or 127.0.0.1, a default port given or not. When unsure, the answer is yes."""
    try:
        first, second = make_url(a), make_url(b)
    except sa.exc.ArgumentError:
        return a.strip() == b.strip()
    if _family(first) != _family(second):
        return False
    if _family(first) == "sqlite":
        return _same_file(_sqlite_path(first), _sqlite_path(second))
    return (
        _port(first) == _port(second)
        and (first.database or "").casefold() == (second.database or "").casefold()
        and _same_host(_host(first), _host(second))
    )


def _family(url: sa.URL) -> str:
    backend = url.get_backend_name()
    return "mysql" if backend == "mariadb" else backend


def _sqlite_path(url: sa.URL) -> Path | None:
    """The file a SQLite URL opens (also written as a `file:` URI), None for memory."""
    database = url.database or ""
    if database.startswith("file:"):
        database = unquote(database[len("file:") :].split("?", 1)[0])
        if database.startswith("//"):
            database = database[2:]
    if database in ("", ":memory:") or "mode=memory" in str(url.query):
        return None
    return Path(database).expanduser()


def _same_file(a: Path | None, b: Path | None) -> bool:
    if a is None or b is None:
        return False  # every in-memory database is a new, private one
    if a.exists() and b.exists():
        return os.path.samefile(a, b)
    return a.resolve() == b.resolve()


def _port(url: sa.URL) -> int | None:
    return url.port or _DEFAULT_PORTS.get(_family(url))


def _host(url: sa.URL) -> str:
    for parameter in _HOST_PARAMETERS:
        value = url.query.get(parameter)
        if value:
            text = value if isinstance(value, str) else value[0]
            # A socket path is a server on this machine.
            return "localhost" if text.startswith("/") else text
    return url.host or ""


def _same_host(a: str, b: str) -> bool:
    a, b = _normal_host(a), _normal_host(b)
    if a == b or (_is_loopback(a) and _is_loopback(b)):
        return True
    return bool(_addresses(a) & _addresses(b))


def _normal_host(host: str) -> str:
    host = host.strip().strip("[]").rstrip(".").casefold()
    return "localhost" if host in _LOOPBACK or host.startswith("127.") else host


def _is_loopback(host: str) -> bool:
    """This machine: localhost, or a name (such as its own) that resolves only to loopback."""
    if host == "localhost":
        return True
    found = _addresses(host)
    return bool(found) and all(a.startswith("127.") or a == "::1" for a in found)


@functools.lru_cache(maxsize=64)
def _addresses(host: str) -> frozenset[str]:
    """The addresses a host name resolves to (empty when it does not resolve)."""
    try:
        return frozenset(info[4][0] for info in socket.getaddrinfo(host, None))
    except (OSError, UnicodeError):
        return frozenset()
