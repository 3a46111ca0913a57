"""What the page-level AppTest files share: open a page with URL parameters, read its parts."""

import json
import re

import pandas as pd
from conftest import ROOT
from streamlit.runtime import caching
from streamlit.testing.v1 import AppTest

from dashboard.cli import main


def open_page(page: str, params: dict[str, str] | None = None) -> AppTest:
    """Run the app with these URL parameters, then switch to `page`; fail on an exception."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def summary_json(capsys, db, *args: str) -> dict:
    capsys.readouterr()
    assert main(["summary", "--json", "--db", f"sqlite:///{db}", *args]) == 0
    return json.loads(capsys.readouterr().out)


def metric(at: AppTest, prefix: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(prefix))


def table(at: AppTest, column: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if column in d.value.columns)


def subheaders(at: AppTest) -> list[str]:
    return [s.value for s in at.subheader]


def plain(markdown: str) -> str:
    """Markdown as a reader sees it: the escapes of dashboard.wording.markdown.escape undone."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("\u2060", "")


# AppTest runs every app under this one session id (streamlit.testing.v1.local_script_runner).
APPTEST_SESSION = "test session id"


def end_session() -> None:
    """What Streamlit does when a browser tab's connection closes: the session's own caches
    are released (and their release hooks run)."""
    caching.clear_session_resource_cache(APPTEST_SESSION)
    caching.clear_session_data_cache(APPTEST_SESSION)


def sent_text(at: AppTest) -> str:
    """Everything the app sent to the browser, every element's message as text."""
    sent = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            sent.append(proto.SerializeToString().decode("utf-8", "replace"))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(sent)


# Three signed-in users and the settings that give them their roles.
CEO = {"is_logged_in": True, "email": "ceo@example.org"}
OPS_HEAD = {"is_logged_in": True, "email": "ops.head@example.org", "name": "Olu Head"}
ANALYST = {"is_logged_in": True, "email": "ana@example.org", "email_verified": True}
ROLE_SETTINGS = """
[[access.users]]
email = "ops.head@example.org"
role = "department_head"
departments = ["Operations"]

[[access.users]]
email = "ceo@example.org"
role = "executive"

[[access.users]]
email = "ana@example.org"
role = "analyst"
"""
