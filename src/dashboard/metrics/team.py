"""One manager's team at the bottom of the drill-down: its pairings and how each is going; defined
in docs/METRICS.md#breakdowns."""

from __future__ import annotations

import pandas as pd

from dashboard.filtering import select
from dashboard.metrics.goals import states_at_end
from dashboard.metrics.participation import overlapping
from dashboard.metrics.subset import keep_tables
from dashboard.model import Filters, ProgrammeData
from dashboard.people import display_names

TEAM_COLUMNS = [
    "relationship_id",
    "participant_id",
    "participant",
    "coach_id",
    "coach",
    "kind",
    "format",
    "start_date",
    "end_date",
    "sessions_held",
    "last_session",
    "goals_set",
    "goals_completed",
    "status",
]


def team_relationships(data: ProgrammeData, filters: Filters) -> pd.DataFrame:
    """Pairings of the selection running in the period; sessions and goals count up to its end.

    Counts are NA (not zero) when the sessions or goals table is absent.
    """
    sl = select(keep_tables(data, "sessions", "goals"), filters)
    end = pd.Timestamp(filters.end)
    rel = overlapping(sl.relationships, filters.start, filters.end).set_index("relationship_id")
    out = rel.assign(
        participant=display_names(rel["participant_id"], data.employees),
        coach=display_names(rel["coach_id"], data.employees),
    )
    if sl.sessions is not None:
        held = sl.sessions[(sl.sessions["status"] == "held") & (sl.sessions["session_date"] <= end)]
        per = held.groupby("relationship_id")["session_date"]
        out["sessions_held"] = per.size().reindex(out.index, fill_value=0).astype("Int64")
        out["last_session"] = per.max().reindex(out.index)
    else:
        out["sessions_held"] = pd.Series(pd.NA, index=out.index, dtype="Int64")
        out["last_session"] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")
    if sl.goals is not None:
        goals = states_at_end(sl.goals, filters.end)
        done = goals[goals["state"] == "completed"]
        for column, frame in (("goals_set", goals), ("goals_completed", done)):
            counts = frame.groupby("relationship_id").size()
            out[column] = counts.reindex(out.index, fill_value=0).astype("Int64")
    else:
        out["goals_set"] = out["goals_completed"] = pd.Series(pd.NA, index=out.index, dtype="Int64")
    out = out.reset_index()[TEAM_COLUMNS]
    return out.sort_values(["participant", "start_date"], ignore_index=True)


def status_in_words(team: pd.DataFrame) -> pd.DataFrame:
    """`team_relationships` with each status as words ('ended_early' -> 'ended early')."""
    return team.assign(status=team["status"].str.replace("_", " "))
