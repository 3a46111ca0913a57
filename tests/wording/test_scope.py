"""A page's scope line, the drill-down's period line and the shown-bars note, by hand."""

import datetime as dt

from dashboard.model import Filters
from dashboard.wording.scope import bars_shown, drill_line, scope_line

YEAR = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def test_scope_line_lists_only_the_filters_set_with_their_values_escaped():
    filters = Filters(*YEAR, departments=("Ops", "R&D"), kinds=("coaching",))
    assert scope_line(filters, "at risk as of the period end") == (
        "01 Jan 2025 – 31 Dec 2025 · departments: Ops, R\\&D · kinds: coaching · at risk as of "
        "the period end"
    )
    assert scope_line(Filters(*YEAR), "a note") == "01 Jan 2025 – 31 Dec 2025 · a note"


def test_drill_line():
    assert drill_line(Filters(*YEAR, departments=("Ops",))) == (
        "01 Jan 2025 – 31 Dec 2025 · changes are against the previous period of equal length · "
        "the sidebar filters apply at every level"
    )


def test_bars_shown_halves_the_bars_between_lowest_and_highest():
    assert bars_shown(40, 1234, "teams") == (
        "Showing 40 of 1,234 teams: the 20 whose 95 % interval lies lowest and those whose "
        "interval lies highest. The table and the downloads list them all, and *Go to…* opens "
        "any of them."
    )
