"""A hostile department name reaches markdown only escaped, on every page that names it."""

import shutil
import sqlite3

import pytest
from apptest_helpers import open_page, plain

from dashboard.wording.markdown import escape

HOSTILE = "![x](http://evil.example/) **bold** <img src=x> :red[red] $x$"
_MARKDOWN = ("markdown", "caption", "subheader", "title", "info", "warning", "success", "error")


@pytest.fixture
def hostile_department(demo_db, tmp_path, monkeypatch):
    """The demo as a configured database whose Operations department has a hostile name."""
    path = tmp_path / "hostile.db"
    shutil.copy(demo_db, path)
    with sqlite3.connect(path) as conn:
        for table in ("employees", "obstacles"):
            conn.execute(
                f"UPDATE {table} SET department = ? WHERE department = 'Operations'", (HOSTILE,)
            )
    monkeypatch.setenv("DASHBOARD_DB_URL", f"sqlite:///{path}")
    return path


def _written(at) -> list[str]:
    return [e.value for kind in _MARKDOWN for e in getattr(at, kind)] + [
        e.value for kind in _MARKDOWN for e in getattr(at.sidebar, kind)
    ]


@pytest.mark.parametrize(
    ("page", "params"),
    [
        ("app_pages/participation.py", {"dept": HOSTILE, "drill_dept": HOSTILE}),
        ("app_pages/goals.py", {"dept": HOSTILE, "drill_dept": HOSTILE}),
        ("app_pages/obstacles.py", {}),
    ],
)
def test_a_hostile_department_name_is_shown_literally(hostile_department, page, params):
    at = open_page(page, params)
    naming = [text for text in _written(at) if HOSTILE in plain(text)]
    assert naming, "the page should name the department somewhere"
    for text in naming:
        # Only its escaped form reaches markdown, which shows it as the text it is.
        assert HOSTILE not in text and escape(HOSTILE) in text
