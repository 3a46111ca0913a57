"""Uploads held under a token: only for their owner, kept a while after their last session,
within a byte budget, and everything freed is reported."""

import pytest

from dashboard.upload_store import CLEARED, EXPIRED, NO_ROOM, UploadStore, owner


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


def make(clock, budget=1000, keep=60.0, freed=None):
    return UploadStore(
        budget, keep, clock=clock, on_free=(freed.append if freed is not None else lambda v: v)
    )


def test_only_the_owner_gets_an_upload_back(clock):
    store = make(clock)
    token = store.put("data", owner="ana|browser-1", size=10, session="s1")
    assert store.get(token, "ana|browser-1") == "data"
    assert store.get(token, "ana|browser-2") is None  # the same user in another browser
    assert store.get(token, "ben|browser-1") is None
    assert store.get("not-a-token", "ana|browser-1") is None


def test_tokens_are_long_and_never_repeat(clock):
    store = make(clock, budget=10**9)
    tokens = {store.put(i, owner="o", size=1, session="s") for i in range(500)}
    assert len(tokens) == 500
    assert min(len(t) for t in tokens) >= 32  # 24 random bytes, URL-safe


def test_kept_while_shown_then_for_the_keep_time(clock):
    freed = []
    store = make(clock, keep=60, freed=freed)
    token = store.put("data", owner="o", size=10, session="tab")
    clock.now += 3600
    assert store.get(token, "o") == "data"  # a tab shows it: no time limit
    store.detach(token, "tab")  # the tab closed
    clock.now += 59
    assert store.get(token, "o") == "data"
    store.attach(token, "reloaded tab")
    clock.now += 600
    assert store.get(token, "o") == "data"
    store.detach(token, "reloaded tab")
    clock.now += 60
    assert store.sweep() == 1
    assert store.get(token, "o") is None and freed == ["data"]
    assert store.why_gone(token) == EXPIRED


def test_two_tabs_keep_it_until_both_close(clock):
    store = make(clock, keep=10)
    token = store.put("data", owner="o", size=10, session="a")
    store.attach(token, "b")
    store.detach(token, "a")
    clock.now += 100
    assert store.get(token, "o") == "data"
    store.detach(token, "b")
    clock.now += 10
    assert store.get(token, "o") is None


def test_room_is_made_from_uploads_no_tab_shows_first(clock):
    freed = []
    store = make(clock, budget=100, freed=freed)
    shown = store.put("shown", owner="o", size=40, session="a")
    idle = store.put("idle", owner="o", size=40, session="b")
    store.detach(idle, "b")
    newest = store.put("newest", owner="o", size=40, session="c")
    assert freed == ["idle"] and store.why_gone(idle) == NO_ROOM
    assert store.get(shown, "o") == "shown" and store.get(newest, "o") == "newest"
    store.put("more", owner="o", size=40, session="d")
    assert freed == ["idle", "shown"]  # then the least recently used shown one
    assert store.used == 80


def test_an_upload_over_the_budget_is_kept_alone(clock):
    store = make(clock, budget=100)
    small = store.put("small", owner="o", size=10, session="a")
    big = store.put("big", owner="o", size=500, session="b")
    assert store.get(big, "o") == "big" and store.get(small, "o") is None


def test_drop_frees_at_once(clock):
    freed = []
    store = make(clock, freed=freed)
    token = store.put("data", owner="o", size=10, session="a")
    store.drop(token)
    assert freed == ["data"] and store.why_gone(token) == CLEARED and len(store) == 0
    store.drop(token)  # twice is harmless
    assert freed == ["data"]


def test_owner_knows_the_browser_by_its_xsrf_token_not_the_cookie_text():
    # Streamlit re-masks the same token on every page load: 2|mask|token^mask|timestamp.
    token = bytes(range(16))

    def cookie(mask: bytes) -> str:
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(token))
        return f"2|{mask.hex()}|{masked.hex()}|1764800000"

    first, reload = cookie(b"\x01\x02\x03\x04"), cookie(b"\xaa\xbb\xcc\xdd")
    assert first != reload
    assert owner("Ana@Example.org", first) == owner("ana@example.org", reload)
    other = bytes(reversed(token))
    masked = bytes(b ^ 0 for b in other)
    assert owner(None, first) != owner(None, f"2|00000000|{masked.hex()}|1")
    assert owner(None, None) == "|"
    assert owner(None, "2|zz|zz|1") != owner(None, None)  # not a v2 token: the text itself
