"""Satisfaction's small-group rule, attacked the way a curious reader would attack it.

Each attack combines two or more selections (departments, managers, kinds, formats,
programmes, periods) and subtracts their figures; none may single out fewer than k people.
"""

import datetime as dt
import io
from dataclasses import replace

import pandas as pd
import pytest
from feedback_org import LOADED, everyone_answers, org, pairings, quick_org
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.access import Grant, Policy, scope
from dashboard.exports import to_csv
from dashboard.filtering import select
from dashboard.metrics.departments import department_table
from dashboard.metrics.satisfaction import (
    cells,
    counted,
    rounded_respondents,
    satisfaction,
    satisfaction_text,
    whole_months,
)
from dashboard.metrics.summary import headline
from dashboard.model import Filters

JUNE = Filters(dt.date(2025, 6, 1), dt.date(2025, 6, 30))
YEAR = Filters(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
K = 5


def figures(data, filters, k=K):
    kpis = headline(data, filters, k=k)
    return {key: kpis[f"satisfaction_{key}"] for key in ("mean", "favourable", "respondents")}


def counted_rows(data, filters, k=K, by=None):
    rows = counted(data, select(data, filters).feedback, filters.start, filters.end, by, k=k)
    return rows[rows["counts"]]


def assert_whole_cells_of_k(data, rows, k):
    """`rows` (responses) make up whole cells, each of at least k distinct people."""
    found = cells(data.feedback, k, data.loaded_at.date())
    cell = found.of_row.reindex(rows.index)
    assert (cell >= 0).all()
    held = cell.value_counts()
    assert (held == found.sizes.reindex(held.index)).all(), "a cell is only partly included"
    people = rows.groupby(cell)["person"].nunique()
    assert (people >= k).all(), f"a group of {people.min()} people is published"


# --- the tester's attacks ------------------------------------------------------------------


@pytest.fixture(scope="module")
def june():
    """Everyone answers in June: Ops' eight people form one cell; Sales' three none.

    MO1's six participants all give 5, MO2's two give 1, Sales' three give 2.
    """
    scores = {"MO1": 5, "MO2": 1, "MS1": 2}
    rows = [(r, d, scores[r.split("-")[0]], who) for r, d, _, who in everyone_answers("2025-06")]
    return org(rows)


def test_a_small_department_is_hidden_and_counted_nowhere(june):
    table = department_table(june, JUNE, k=K).set_index("department")
    assert table.loc["Sales", "suppressed"] and table.loc["Sales", "few"]
    assert table.loc["Ops", "satisfaction"] == 4.0  # (6 × 5 + 2 × 1) / 8
    # One department against two: Sales adds nothing, so the difference is nothing.
    both = figures(june, replace(JUNE, departments=("Ops", "Sales")))
    assert both == figures(june, replace(JUNE, departments=("Ops",))) == figures(june, JUNE)
    assert both == {"mean": 4.0, "favourable": 0.75, "respondents": 5}


def test_filtering_to_one_department_shows_what_its_row_shows(june):
    table = department_table(june, JUNE, k=K).set_index("department")
    for department in ("Ops", "Sales"):
        alone = headline(june, replace(JUNE, departments=(department,)), k=K)
        row = table.loc[department]
        assert alone["satisfaction_suppressed"] == row["suppressed"]
        if not row["suppressed"]:
            assert alone["satisfaction_mean"] == row["satisfaction"]
            assert alone["satisfaction_respondents"] == row["respondents"]


def test_all_but_one_manager_against_the_department_reveals_nothing(june):
    # Without cells, Ops (4.0 from 8 people) minus MO1 (5.0 from 6) gives MO2's two answers
    # exactly: a total of 2, so both said 1. Now MO1 alone splits Ops' cell and is hidden.
    team = replace(JUNE, departments=("Ops",), managers=("MO1",))
    kpis = headline(june, team, k=K)
    assert kpis["satisfaction_mean"] is None and kpis["satisfaction_suppressed"]
    assert not kpis["satisfaction_few"]  # six answered: hidden because it would split a cell
    for managers in (("MO2",), ("MO1", "MO2"), ("MO2", "MS1")):
        difference = counted_rows(june, JUNE).index.difference(
            counted_rows(june, replace(JUNE, managers=managers)).index
        )
        rows = counted_rows(june, JUNE).loc[difference]
        assert rows.empty or rows["person"].nunique() >= K


def test_a_kind_format_or_programme_filter_cannot_split_a_cell(june):
    total = figures(june, JUNE)
    for narrowed in (
        replace(JUNE, kinds=("coaching",)),
        replace(JUNE, formats=("formal",)),
        replace(JUNE, programmes=("PG1",)),
    ):
        assert figures(june, narrowed)["mean"] is None
        assert total["mean"] == 4.0


def test_a_day_more_or_less_changes_nothing():
    # One more response on 31 July, after everyone answered in June.
    rows = [*everyone_answers("2025-06"), ("MO2-R1", "2025-07-31", 1, "participant")]
    data = org(rows)
    to_july = Filters(dt.date(2025, 6, 1), dt.date(2025, 7, 31))
    to_the_30th = Filters(dt.date(2025, 6, 1), dt.date(2025, 7, 30))
    assert figures(data, to_july, k=K) == figures(data, to_the_30th, k=K) == figures(data, JUNE)


def test_exported_figures_carry_no_more_precision_than_published():
    # Ops: eight participants alternate 3 and 4, three coaches give 4 — 40 over 11 responses
    # from 11 people: 3.636…, 7 of 11 favourable (63.6…%).
    rows = [(r, d, 3 + i % 2, who) for i, (r, d, _, who) in enumerate(everyone_answers("2025-06"))]
    rows += [(r, "2025-06-12", 4, "coach") for r in pairings()[:3]]
    table = department_table(org(rows), JUNE, k=K)
    exported = pd.read_csv(io.BytesIO(to_csv(table)), dtype=str).set_index("department")
    ops = exported.loc["Ops"]
    assert (ops["satisfaction"], ops["favourable"], ops["respondents"]) == ("3.6", "0.64", "10")
    assert pd.isna(exported.loc["Sales", "satisfaction"])
    assert pd.isna(exported.loc["Sales", "respondents"])  # not even a small count


def test_rounded_respondents():
    people = pd.Series([0, 3, 5, 9, 10, 14, 1234])
    assert rounded_respondents(people, 5).tolist() == [5, 5, 5, 5, 10, 10, 1230]
    assert rounded_respondents(people, 3).tolist()[:3] == [3, 3, 5]


# --- periods ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        ("2025-01-01", "2025-12-31", ("2025-01-01", "2025-12-31")),
        ("2025-01-11", "2026-01-10", ("2025-02-01", "2025-12-31")),
        ("2024-02-01", "2024-02-29", ("2024-02-01", "2024-02-29")),
        ("2025-06-02", "2025-07-30", None),
        ("2025-12-15", "2026-01-31", ("2026-01-01", "2026-01-31")),
    ],
)
def test_whole_months(start, end, months):
    got = whole_months(dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    assert got == (None if months is None else tuple(map(dt.date.fromisoformat, months)))


def test_a_month_still_running_when_the_data_was_read_is_not_counted():
    rows = everyone_answers("2026-03")
    march = Filters(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert figures(org(rows, loaded=LOADED), march)["mean"] is None  # read on 15 March
    later = dt.datetime(2026, 4, 2, tzinfo=dt.UTC)
    assert figures(org(rows, loaded=later), march)["mean"] == 4.0


def test_a_small_month_is_pooled_into_its_quarter():
    # Two people a month in Ops: no month reaches five, the quarter does (six people).
    ops = [r for r in pairings() if r.startswith("MO1")]
    rows = [(r, f"2025-0{4 + i // 2}-05", 4, "participant") for i, r in enumerate(ops)]
    data = org(rows)
    quarter = Filters(dt.date(2025, 4, 1), dt.date(2025, 6, 30))
    assert figures(data, quarter)["mean"] == 4.0
    assert figures(data, replace(quarter, end=dt.date(2025, 5, 31)))["mean"] is None


# --- scope and totals ------------------------------------------------------------------------


def test_cells_are_the_same_in_a_department_heads_scope(june):
    head = scope(june, Grant("head@example.org", "department_head", ("Ops",)), Policy())
    for data in (june, head):
        kpis = headline(data, replace(JUNE, departments=("Ops",)), k=K)
        assert (kpis["satisfaction_mean"], kpis["satisfaction_respondents"]) == (4.0, 5)
    whole = cells(june.feedback, K, june.loaded_at.date()).of_row
    scoped = cells(head.feedback, K, head.loaded_at.date()).of_row
    # Same grouping of Ops' responses (the numbering may differ).
    pairs = pd.DataFrame({"all": whole.reindex(scoped.index), "scoped": scoped})
    assert pairs.groupby("all")["scoped"].nunique().eq(1).all()


def test_the_total_is_the_sum_of_the_departments():
    rows = everyone_answers("2025-06") + everyone_answers("2025-07", score=2)
    rows += [(r, "2025-07-20", 5, "coach") for r in pairings()]
    data = org(rows)
    period = Filters(dt.date(2025, 6, 1), dt.date(2025, 7, 31))
    total = counted_rows(data, period)
    by_department = counted_rows(data, period, by="department")
    assert total.index.sort_values().equals(by_department.index.sort_values())
    table = satisfaction(
        data, select(data, period).feedback, period.start, period.end, "department"
    )
    assert set(table.index[~table["suppressed"]]) == {"Ops", "Sales"}


def test_satisfaction_text():
    table = pd.DataFrame({"satisfaction": [4.04, None, None], "few": [False, True, False]})
    assert satisfaction_text(table, 5).tolist() == ["4.0", "fewer than 5", "hidden"]


# --- any two selections ----------------------------------------------------------------------

DAYS = st.dates(dt.date(2025, 4, 20), dt.date(2025, 8, 10))


@st.composite
def selections(draw):
    start, end = sorted((draw(DAYS), draw(DAYS)))

    def some(options):
        return tuple(draw(st.lists(st.sampled_from(options), unique=True, max_size=2)))

    return Filters(
        start,
        end,
        departments=some(["Ops", "Sales"]),
        managers=some(["MO1", "MO2", "MS1"]),
        kinds=some(["coaching", "mentoring"]),
        formats=some(["formal", "peer"]),
        programmes=some(["PG1", "PG2"]),
    )


RESPONSES = st.lists(
    st.tuples(
        st.sampled_from(pairings()),
        st.dates(dt.date(2025, 5, 1), dt.date(2025, 7, 31)).map(str),
        st.integers(1, 5),
        st.sampled_from(["participant", "coach"]),
    ),
    max_size=60,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(responses=RESPONSES, first=selections(), second=selections(), k=st.integers(2, 4))
def test_no_two_selections_differ_by_fewer_than_k_people(responses, first, second, k):
    data = quick_org(responses)
    one, two = counted_rows(data, first, k), counted_rows(data, second, k)
    for rows in (one, two):
        assert_whole_cells_of_k(data, rows, k)
    only_one = one.loc[one.index.difference(two.index)]
    only_two = two.loc[two.index.difference(one.index)]
    for difference in (only_one, only_two):
        if len(difference):
            assert_whole_cells_of_k(data, difference, k)
