"""A department head is judged against the organisation: its rates, as aggregates only."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from feedback_org import everyone_answers, org

from dashboard.access import Grant, Policy, scope
from dashboard.metrics import managers
from dashboard.metrics.organisation import organisation
from dashboard.metrics.summary import headline
from dashboard.model import Filters
from dashboard.period import default_period
from dashboard.sources.sql_mapping import SqlSettings
from dashboard.sources.sql_read import SqlSource


@pytest.fixture(scope="module")
def demo(demo_db):
    data = SqlSource(f"sqlite:///{demo_db}", SqlSettings()).load().data
    return data, Filters(*default_period(data))


def june_answers():
    """Everyone answers in June: MO1's six give 5, MO2's two give 1, Sales' three give 2."""
    scores = {"MO1": 5, "MO2": 1, "MS1": 2}
    return org([(r, d, scores[r.split("-")[0]], w) for r, d, _, w in everyone_answers("2025-06")])


def _head(data, *departments: str):
    return scope(data, Grant("head@example.com", "department_head", departments), Policy())


def test_a_head_sees_the_flags_the_executive_sees_for_the_same_managers(demo):
    data, filters = demo
    org = organisation(data, filters, inside=("Operations",))
    head = managers.review(_head(data, "Operations"), filters, reference=org.fits)
    executive = managers.review(data, replace(filters, departments=("Operations",)))
    shown = ["manager_id", "status", "uptake_flag", "goals_flag", "adherence_flag"]
    # (The head also sees, by id only, the manager outside Operations its director reports to.)
    own = head.table[head.table["department"] == "Operations"]
    mine = own[shown].set_index("manager_id").sort_index()
    theirs = executive.table[shown].set_index("manager_id").sort_index()
    assert len(mine) == len(theirs) > 10
    assert mine.equals(theirs)
    # The benchmark is the organisation's pooled rate, and the estimate all its managers.
    for measure, fit in head.fits.items():
        assert fit.target == pytest.approx(executive.fits[measure].target)
        assert fit.units == executive.fits[measure].units
    # Against its own pooled rate Operations' managers look far better than they are.
    alone = managers.review(_head(data, "Operations"), filters)
    assert alone.fits["uptake"].target < 0.25 < head.fits["uptake"].target
    assert (alone.table["uptake_flag"].isin(managers.CONCERNS)).sum() < (
        head.table["uptake_flag"].isin(managers.CONCERNS)
    ).sum()


def test_the_organisations_figures_ignore_departments_and_managers(demo):
    data, filters = demo
    narrow = replace(filters, departments=("Operations",), managers=("E00001",))
    org = organisation(data, narrow)
    whole = headline(data, filters)
    assert org.kpis["participation_rate"] == whole["participation_rate"]
    assert org.kpis["obstacles_per_100"] == pytest.approx(
        100 * whole["obstacles_open"] / whole["eligible_headcount"]
    )
    assert set(org.fits) == {"uptake", "goals", "adherence"}


def test_organisation_satisfaction_hidden_when_the_rest_publishes_nothing():
    # In June Ops' eight people form one cell of k; Sales' three form none.
    data = june_answers()
    june = Filters(dt.date(2025, 6, 1), dt.date(2025, 6, 30))
    whole = headline(data, june)["satisfaction_mean"]
    assert organisation(data, june).kpis["satisfaction_mean"] == whole
    # Seen from Sales, the rest is Ops' whole cell: the organisation's figure is Ops' own.
    assert organisation(data, june, inside=("Sales",)).kpis["satisfaction_mean"] == whole
    # Seen from Ops, the rest publishes nothing, so "the organisation" would be Ops again.
    hidden = organisation(data, june, inside=("Ops",))
    assert hidden.kpis["satisfaction_mean"] is None
    assert hidden.kpis["satisfaction_suppressed"] is True
    # Below k overall it is hidden whoever looks.
    assert organisation(data, june, k=9).kpis["satisfaction_mean"] is None
