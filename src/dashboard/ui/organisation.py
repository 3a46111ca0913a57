"""The organisation's figures a narrower view is compared with, computed once per load."""

from __future__ import annotations

from dashboard.access import Grant
from dashboard.metrics.organisation import Organisation, organisation, whole
from dashboard.model import Filters, ProgrammeData
from dashboard.ui.cache import lookup
from dashboard.ui.view import View


def _cached(data: ProgrammeData, filters: Filters, k: int, inside: tuple[str, ...]) -> Organisation:
    return lookup(data, organisation, whole(filters), k=k, inside=inside)


def for_grant(data: ProgrammeData, filters: Filters, k: int, grant: Grant) -> Organisation | None:
    """From the uncut data, the organisation's figures for a user who sees only some
    departments; None for a user who sees them all (their data is the organisation)."""
    if grant.all_departments:
        return None
    return _cached(data, filters, k, tuple(sorted(grant.departments)))


def of(view: View) -> Organisation:
    """The organisation the view is part of: given for a department head, else the view's own
    data over every department and manager."""
    if view.organisation is not None:
        return view.organisation
    return _cached(view.data, view.filters, view.k, ())
