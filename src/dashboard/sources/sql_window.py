"""The history window of a SQL read: the day it starts, and which rows it may leave in the
database without changing any figure of a period from that day on."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa

from dashboard.period import months_back
from dashboard.schema import ACTIVITY_DATES
from dashboard.sources.sql_catalogue import Relation, find_relations
from dashboard.sources.sql_connect import read_only_connection
from dashboard.sources.sql_mapping import SqlSettings

# Children of a relationship that may be left out of a history window (see window).
_WINDOWED = {
    "sessions": ("session_date",),
    "goals": ("set_date", "target_date", "completed_date"),
    "feedback": ("submitted_date",),
}
_CLOSED_RELATIONSHIP = ("completed", "ended_early")


def _latest_activity(conn: sa.Connection, relations: dict[str, Relation]) -> dt.date | None:
    """The latest activity date computed by the database; None if any activity date column
    is not stored as a date (its MAX could not be trusted)."""
    latest = []
    for name, columns in ACTIVITY_DATES.items():
        relation = relations.get(name)
        if relation is None:
            continue
        present = [c for c in columns if c in relation.columns]
        if not relation.dated(*present):
            return None
        query = sa.select(*(sa.func.max(relation.column(c)) for c in present))
        if name == "sessions" and "status" in relation.columns:
            query = query.where(
                sa.func.coalesce(relation.column("status"), "") != sa.literal("scheduled")
            )
        latest += [v for v in conn.execute(query).one() if v is not None]
    days = [pd.Timestamp(v).date() for v in latest]
    return max(days) if days else None


def history_start(url: str, settings: SqlSettings) -> dt.date | None:
    """The first day of the history window `settings.history_months` asks for, if any."""
    if settings.history_months is None:
        return None
    with read_only_connection(url) as conn:
        latest = _latest_activity(conn, find_relations(conn, settings))
    return None if latest is None else months_back(latest, settings.history_months)


def window(relations: dict[str, Relation], since: dt.date) -> dict[str, sa.ColumnElement]:
    """Row conditions that leave out only what no period from `since` on can use.

    A session, goal or feedback row is left out when all its dates are before `since` and its
    relationship was completed or ended early before `since`: everything about pairings still
    running (last session, latest score, open goals) stays. Nothing else is cut.
    """
    rel = relations.get("relationships")
    if rel is None or "status" not in rel.columns or not rel.dated("end_date"):
        return {}
    cutoff = sa.literal(since, sa.Date)
    closed_before = sa.select(rel.column("relationship_id")).where(
        rel.column("end_date") < cutoff,
        rel.column("status").in_(_CLOSED_RELATIONSHIP),
    )
    conditions = {}
    for name, dates in _WINDOWED.items():
        relation = relations.get(name)
        present = [d for d in dates if relation is not None and d in relation.columns]
        if relation is None or not relation.dated(*present):
            continue
        # A missing date makes the comparison NULL, and COALESCE keeps such rows.
        old = sa.and_(
            *(relation.column(d) < cutoff for d in present),
            relation.column("relationship_id").in_(closed_before),
        )
        conditions[name] = sa.not_(sa.func.coalesce(old, sa.false()))
    return conditions
