"""What each filter cuts: people by department and manager, pairings by every dimension."""

import datetime as dt

import pandas as pd
import pytest
from fixtures import tiny_data, tiny_tables

from dashboard.filtering import select
from dashboard.model import Filters

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


def cut(**dimensions: tuple[str, ...]) -> Filters:
    return Filters(start=START, end=END, **dimensions)


def ids(frame: pd.DataFrame | None, column: str) -> list[str]:
    assert frame is not None
    return sorted(frame[column])


@pytest.fixture(scope="module")
def data():
    """The tiny organisation with pairings in programmes P1 and P2 (R4 in none) and
    enrolments: E1 in P1, E4 in P2, E2 withdrawn from P2, coach C1 in P1, E3 in no programme."""
    tables = tiny_tables()
    programmes = pd.DataFrame(
        [("P1", "Pilot"), ("P2", "Second")], columns=["programme_id", "programme_name"]
    )
    enrolments = pd.DataFrame(
        [
            ("E1", "participant", "matched", "P1"),
            ("E4", "participant", "matched", "P2"),
            ("E2", "participant", "withdrawn", "P2"),
            ("C1", "coach", "registered", "P1"),
            ("E3", "participant", "invited", None),
        ],
        columns=["employee_id", "role", "status", "programme_id"],
        dtype=object,
    )
    relationships = tables["relationships"].assign(programme_id=["P1", "P2", "P1", None, "P2"])
    return tiny_data(programmes=programmes, enrolments=enrolments, relationships=relationships)


def test_no_filter_keeps_every_row(data):
    kept = select(data, cut())
    for name in ("employees", "relationships", "sessions", "goals", "feedback", "obstacles"):
        assert len(getattr(kept, name)) == len(data.table(name)), name
    assert len(kept.enrolments) == 5


def test_department_cuts_people_pairings_by_participant_and_obstacles(data):
    kept = select(data, cut(departments=("Alpha",)))
    assert ids(kept.employees, "employee_id") == ["E1", "E2", "E3", "M1"]
    # R2's coach M1 is in Alpha, but the pairing is its participant E4's, in Beta.
    assert ids(kept.relationships, "relationship_id") == ["R1", "R3", "R4"]
    assert ids(kept.sessions, "session_id") == ["S1", "S2", "S5", "S7"]
    assert ids(kept.goals, "goal_id") == ["G1", "G2", "G6", "G7"]
    assert ids(kept.feedback, "feedback_id") == ["F1", "F2", "F3"]
    assert ids(kept.obstacles, "obstacle_id") == ["O1", "O2"]
    # Enrolments of the employees kept, whatever their programme.
    assert ids(kept.enrolments, "employee_id") == ["E1", "E2", "E3"]


def test_manager_cuts_to_direct_reports_and_obstacles_they_reported(data):
    kept = select(data, cut(managers=("M2",)))
    assert ids(kept.employees, "employee_id") == ["C1", "E4", "E5", "E6"]
    # M2's own pairing R5 belongs to M2's manager (none), not to M2.
    assert ids(kept.relationships, "relationship_id") == ["R2"]
    assert ids(kept.sessions, "session_id") == ["S3", "S4"]
    assert ids(kept.enrolments, "employee_id") == ["C1", "E4"]
    # No obstacle names a reporting manager, so none is M2's.
    assert kept.obstacles.empty
    assert list(kept.obstacles.columns) == list(data.obstacles.columns)


def test_kind_and_format_cut_pairings_never_headcounts_or_obstacles(data):
    kept = select(data, cut(kinds=("coaching",), formats=("formal",)))
    assert ids(kept.relationships, "relationship_id") == ["R1", "R3", "R4"]
    assert ids(kept.goals, "goal_id") == ["G1", "G2", "G6", "G7"]
    assert len(kept.employees) == 9
    assert len(kept.obstacles) == 5
    assert len(kept.enrolments) == 5
    peer = select(data, cut(formats=("peer",)))
    assert ids(peer.relationships, "relationship_id") == ["R2"]


def test_programme_cuts_pairings_and_enrolments_and_a_blank_programme_never_matches(data):
    kept = select(data, cut(programmes=("P1",)))
    # R4 has no programme, so it is in none of the chosen ones.
    assert ids(kept.relationships, "relationship_id") == ["R1", "R3"]
    assert ids(kept.enrolments, "employee_id") == ["C1", "E1"]
    assert len(kept.employees) == 9


def test_filters_combine_as_and(data):
    kept = select(data, cut(departments=("Alpha",), programmes=("P1",)))
    assert ids(kept.relationships, "relationship_id") == ["R1", "R3"]
    assert ids(kept.sessions, "session_id") == ["S1", "S2", "S5"]
    assert ids(kept.enrolments, "employee_id") == ["E1"]
    assert ids(kept.obstacles, "obstacle_id") == ["O1", "O2"]


def test_several_values_of_one_filter_combine_as_or(data):
    kept = select(data, cut(departments=("Alpha", "Beta")))
    assert len(kept.employees) == 9
    assert len(kept.relationships) == 5


def test_a_filter_matching_nothing_leaves_empty_tables_with_their_columns(data):
    kept = select(data, cut(departments=("Gamma",)))
    for name in ("employees", "relationships", "sessions", "goals", "feedback", "obstacles"):
        frame = getattr(kept, name)
        assert frame.empty, name
        assert list(frame.columns) == list(data.table(name).columns), name
    assert kept.enrolments.empty


@pytest.mark.parametrize("filters", [cut(), cut(departments=("Alpha",), kinds=("mentoring",))])
def test_absent_optional_tables_stay_absent(filters):
    data = tiny_data(sessions=None, goals=None, feedback=None, obstacles=None)
    kept = select(data, filters)
    absent = (kept.sessions, kept.goals, kept.feedback, kept.obstacles, kept.enrolments)
    assert all(table is None for table in absent)
