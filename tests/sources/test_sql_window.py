"""The history window (on the demo): what it leaves in the database changes no figure inside it."""

import datetime as dt
import sqlite3

import pandas as pd

from dashboard.filtering import select
from dashboard.metrics.participation import uptake_funnel
from dashboard.metrics.risks import at_risk_relationships
from dashboard.metrics.summary import headline, headline_with_previous
from dashboard.metrics.trend import monthly_trend
from dashboard.model import Filters
from dashboard.period import default_period
from dashboard.sources.sql_mapping import SqlSettings
from dashboard.sources.sql_read import SqlSource, read_source, read_tables
from dashboard.sources.sql_window import history_start
from dashboard.validate import validate_tables


def _summary(data) -> dict:
    start, end = default_period(data)
    return headline_with_previous(data, Filters(start, end))


def test_the_window_starts_history_months_before_the_latest_activity(demo_db):
    url = f"sqlite:///{demo_db}"
    assert history_start(url, SqlSettings()) is None
    assert history_start(url, SqlSettings(history_months=24)) == dt.date(2024, 11, 1)


def _windowed(url: str, since: dt.date):
    return validate_tables(read_tables(url, since=since), source="windowed")[0]


def test_history_window_leaves_out_rows_but_changes_no_figure_inside_it(demo_db):
    url = f"sqlite:///{demo_db}"
    full = SqlSource(url, SqlSettings()).load().data
    since = dt.date(2025, 11, 1)
    windowed = _windowed(url, since)
    # The window really cuts (pairings that ended before it): else this test proves nothing.
    assert len(windowed.sessions) < len(full.sessions) - 300
    assert len(windowed.goals) < len(full.goals) and len(windowed.feedback) < len(full.feedback)
    for name in ("employees", "relationships", "obstacles", "enrolments"):
        assert len(windowed.table(name)) == len(full.table(name)), name
    # A period whose previous period also lies in the window: every KPI and its change.
    recent = Filters(dt.date(2026, 6, 1), dt.date(2026, 10, 31))
    assert recent.previous().start >= since
    assert headline_with_previous(windowed, recent) == headline_with_previous(full, recent)
    # The first period the window covers: the figures of the period itself.
    for filters in (recent, Filters(since, dt.date(2026, 1, 31))):
        assert headline(windowed, filters) == headline(full, filters)
        for metric in (at_risk_relationships, monthly_trend, uptake_funnel):
            pd.testing.assert_frame_equal(
                metric(select(windowed, filters), filters.start, filters.end),
                metric(select(full, filters), filters.start, filters.end),
            )


def test_open_goals_and_running_pairings_keep_their_history(demo_copy):
    url = f"sqlite:///{demo_copy}"
    with sqlite3.connect(demo_copy) as conn:
        conn.execute(
            "UPDATE goals SET set_date = '2024-12-01', target_date = '2025-01-01', "
            "completed_date = NULL, status = 'in_progress' WHERE goal_id = (SELECT MIN(goal_id) "
            "FROM goals)"
        )
        old_open = conn.execute("SELECT MIN(goal_id) FROM goals").fetchone()[0]
        running = conn.execute(
            "SELECT relationship_id FROM relationships WHERE end_date IS NULL "
            "AND start_date < '2025-06-01' LIMIT 1"
        ).fetchone()[0]
    windowed = _windowed(url, dt.date(2025, 11, 1))
    assert old_open in set(windowed.goals["goal_id"])
    full = SqlSource(url, SqlSettings()).load().data
    kept = windowed.sessions[windowed.sessions["relationship_id"] == running]
    assert len(kept) == (full.sessions["relationship_id"] == running).sum()


def test_configured_history_equals_the_full_load_on_the_demo(demo_db):
    url = f"sqlite:///{demo_db}"
    windowed = read_source(url, settings=SqlSettings(history_months=24))
    full = SqlSource(url, SqlSettings()).load().data
    assert windowed.history_from == dt.date(2024, 11, 1)
    assert _summary(windowed.data) == _summary(full)
