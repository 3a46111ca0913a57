"""Uploads held on the server for a bounded time and memory, each under an unguessable token.

A browser tab keeps its upload's token (in its URL), so reloading the tab finds the upload
again. An upload is held while any session shows it and for `keep_seconds` after the last one
ends; all uploads together stay within `budget` bytes (the least recently used go first,
those no session shows before those that one does). Only the owner who put an upload can get
it back. Whatever removes an upload calls `on_free` with it, so what was computed from it can
go too.
"""

from __future__ import annotations

import dataclasses
import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

# Why an upload is no longer held, as the tab that showed it is told.
EXPIRED = "expired"
NO_ROOM = "no room"
CLEARED = "cleared"
NOT_YOURS = "not yours"
# Reasons kept for tokens removed lately, so a tab can say what became of its upload.
_REMEMBER = 256


@dataclasses.dataclass
class _Entry:
    value: Any
    owner: str
    size: int
    sessions: set[str] = dataclasses.field(default_factory=set)
    idle_since: float | None = None  # when the last session showing it ended


class UploadStore:
    """Uploads by token, within `budget` bytes, kept `keep_seconds` after their last session."""

    def __init__(
        self,
        budget: int,
        keep_seconds: float,
        *,
        on_free: Callable[[Any], None] = lambda value: None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.budget = budget
        self.keep_seconds = keep_seconds
        self._on_free = on_free
        self._clock = clock
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._gone: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.RLock()

    @property
    def used(self) -> int:
        return sum(e.size for e in self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def put(self, value: Any, *, owner: str, size: int, session: str) -> str:
        """Hold `value` for `owner`, shown by `session`; its new token."""
        token = secrets.token_urlsafe(24)
        freed = []
        with self._lock:
            self._entries[token] = _Entry(value, owner, size, {session})
            freed = self._expire() + self._make_room(keep=token)
        self._free(freed)
        return token

    def get(self, token: str, owner: str) -> Any | None:
        """The upload under `token` if `owner` put it and it is still held, else None."""
        with self._lock:
            freed = self._expire()
            entry = self._entries.get(token)
            value = None
            if entry is not None and secrets.compare_digest(entry.owner, owner):
                self._entries.move_to_end(token)
                value = entry.value
        self._free(freed)
        return value

    def holds(self, token: str) -> bool:
        """Whether an upload is held under `token`, for whomever."""
        with self._lock:
            return token in self._entries

    def why_gone(self, token: str) -> str | None:
        """Why the upload under `token` is no longer held (expired, no room, cleared)."""
        with self._lock:
            return self._gone.get(token)

    def attach(self, token: str, session: str) -> None:
        """`session` shows the upload: it is held at least until that session ends."""
        with self._lock:
            entry = self._entries.get(token)
            if entry is not None:
                entry.sessions.add(session)
                entry.idle_since = None

    def detach(self, token: str, session: str) -> None:
        """`session` has ended; once no session shows the upload, its keep time starts."""
        with self._lock:
            entry = self._entries.get(token)
            if entry is not None:
                entry.sessions.discard(session)
                if not entry.sessions:
                    entry.idle_since = self._clock()

    def drop(self, token: str) -> None:
        """Free the upload now (the user cleared it)."""
        with self._lock:
            entry = self._remove(token, CLEARED)
        self._free([] if entry is None else [entry])

    def sweep(self) -> int:
        """Free uploads kept past their time; how many."""
        with self._lock:
            freed = self._expire()
        self._free(freed)
        return len(freed)

    def _remove(self, token: str, reason: str) -> _Entry | None:
        entry = self._entries.pop(token, None)
        if entry is not None:
            self._gone[token] = reason
            while len(self._gone) > _REMEMBER:
                self._gone.popitem(last=False)
        return entry

    def _expire(self) -> list[_Entry]:
        now = self._clock()
        late = [
            t
            for t, e in self._entries.items()
            if e.idle_since is not None and now - e.idle_since >= self.keep_seconds
        ]
        return [self._remove(t, EXPIRED) for t in late]

    def _make_room(self, keep: str) -> list[_Entry]:
        # Uploads no session shows go first, then those shown, least recently used first; the
        # newest stays even alone over the budget, as the user who just uploaded it needs it.
        freed = []
        used = self.used
        for shown in (False, True):
            for token in [t for t, e in self._entries.items() if bool(e.sessions) is shown]:
                if used <= self.budget:
                    return freed
                if token != keep:
                    entry = self._remove(token, NO_ROOM)
                    used -= entry.size
                    freed.append(entry)
        return freed

    def _free(self, entries: list[_Entry]) -> None:
        for entry in entries:
            self._on_free(entry.value)


def owner(email: str | None, xsrf_cookie: str | None) -> str:
    """Who may get an upload back: the signed-in address and the browser, as one string.

    The browser is known by the token inside Streamlit's XSRF cookie, which stays the same for
    as long as the browser keeps its cookies (the cookie's text changes on every page load:
    version 2 masks the token afresh each time, so the token itself is compared).
    """
    browser = ""
    if xsrf_cookie:
        value = xsrf_cookie.strip("\"'")
        raw = value.encode()
        parts = value.split("|")
        if len(parts) == 4 and parts[0] == "2":
            try:
                mask, masked = bytes.fromhex(parts[1]), bytes.fromhex(parts[2])
            except ValueError:
                mask = masked = b""
            if len(mask) == 4:
                raw = bytes(b ^ mask[i % 4] for i, b in enumerate(masked))
        browser = hashlib.sha256(raw).hexdigest()
    return f"{(email or '').strip().lower()}|{browser}"
