"""The source note, cache lifetimes and save targets in words, on hand-worked values."""

import datetime as dt
from pathlib import Path

import pytest

from dashboard.wording.sources import duration, save_target_label, source_note

AT = dt.datetime(2026, 3, 5, 9, 7, tzinfo=dt.UTC)


def test_a_configured_database_with_every_note():
    note = source_note(
        "warehouse *prod*",
        AT,
        origin="DASHBOARD_DB_URL",
        ttl_seconds=7200,
        stale_since=dt.datetime(2026, 3, 5, 10, 30, tzinfo=dt.UTC),
        history_from=dt.date(2024, 1, 1),
        rejected=1200,
        commonest="sessions.session_date: not a date (12 rows)",
    )
    assert note == (
        "**Source:** warehouse \\*prod\\*  \n"
        "Set in DASHBOARD_DB_URL  \n"
        "Read 05 Mar 2026, 09:07 UTC, kept 2 h  \n"
        ":orange[**Stale since 10:30 UTC**]  \n"
        "Activity from 01 Jan 2024 loaded  \n"
        "1,200 rows rejected by validation "
        "(most: sessions\\.session\\_date\\: not a date \\(12 rows\\))"
    )


def test_the_demo_says_how_to_connect_and_an_upload_has_no_lifetime():
    assert source_note("demo", AT, kind="demo") == (
        "**Source:** demo  \nConnect your own database: see docs/DATABASES.md  \n"
        "Read 05 Mar 2026, 09:07 UTC"
    )
    assert source_note("files", AT, kind="upload", ttl_seconds=300, rejected=1, commonest="x") == (
        "**Source:** files  \nRead 05 Mar 2026, 09:07 UTC  \n1 row rejected by validation (most: x)"
    )


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(3600, "1 h"), (7200, "2 h"), (5400, "90 min"), (60, "1 min"), (59, "59 s")],
)
def test_duration_takes_the_largest_whole_unit(seconds, shown):
    assert duration(seconds) == shown


def test_save_target_names_the_embedded_database_or_hides_the_password():
    embedded = Path("/srv/data/uploads.db")
    assert save_target_label("sqlite:////srv/data/uploads.db", embedded) == (
        "the embedded database \\/srv\\/data\\/uploads\\.db, kept apart from the data the "
        "dashboard shows (point DASHBOARD_DB_URL at it to show it)"
    )
    assert save_target_label("postgresql://ann:secret@db/hr", embedded) == (
        "postgresql\\:\u2060\\/\\/ann\\:\\*\\*\\*\\@db\\/hr "
        "(the [upload] database in dashboard.toml)"
    )
