"""Empty-state advice offers only what would widen the selection: never the period already
chosen, never a filter that is not set."""

import datetime as dt

import pandas as pd
import pytest

from dashboard.empty_advice import (
    has_line_managers,
    longer_period,
    missing_table_text,
    no_line_managers_text,
    widen_sentence,
    widen_steps,
)
from dashboard.model import Filters
from dashboard.period import PRESETS, preset_period

LATEST = dt.date(2026, 10, 31)
EARLIEST = dt.date(2024, 11, 1)
SPAN = {"earliest": EARLIEST, "latest": LATEST}


def _preset(name: str) -> Filters:
    return Filters(*preset_period(name, LATEST))


@pytest.mark.parametrize("preset", [p for p in PRESETS if p != "Custom"])
def test_never_suggests_the_period_already_chosen(preset):
    advice = longer_period(_preset(preset), **SPAN)
    assert advice is not None
    assert f"*{preset}*" not in advice


def test_suggests_the_preset_holding_the_most_of_the_data():
    for shorter in ("Last 3 months", "Last 6 months", "This year"):
        assert longer_period(_preset(shorter), **SPAN) == "choose the period *Last 12 months*"
    # A year before the data began holds none of it.
    before = Filters(dt.date(2017, 1, 1), dt.date(2017, 12, 31))
    assert longer_period(before, **SPAN) == "choose the period *Last 12 months*"
    # Data of five weeks: every preset but This year holds all of it; the shortest is chosen.
    recent = {"earliest": dt.date(2026, 9, 25), "latest": LATEST}
    assert longer_period(before, **recent) == "choose the period *Last 3 months*"


def test_past_the_longest_preset_it_suggests_custom_dates_spanning_the_data():
    whole = "choose *Custom* dates from 01 Nov 2024 to 31 Oct 2026, all of the data"
    assert longer_period(_preset("Last 12 months"), **SPAN) == whole
    # Thirteen months from the start of the data hold more than any preset, not all of it.
    early = Filters(EARLIEST, dt.date(2025, 11, 30))
    assert longer_period(early, **SPAN) == whole


def test_a_period_spanning_all_the_data_gets_no_period_advice():
    everything = Filters(dt.date(2020, 1, 1), dt.date(2027, 1, 1))
    assert longer_period(everything, **SPAN) is None
    assert widen_steps(everything, **SPAN) == []
    assert "spans all of the data" in widen_sentence([])


def test_only_the_filters_set_are_to_be_cleared():
    base = Filters(dt.date(2020, 1, 1), dt.date(2027, 1, 1))
    one = Filters(base.start, base.end, departments=("Sales",))
    assert widen_steps(one, **SPAN) == ["clear the department filter in the sidebar"]
    three = Filters(base.start, base.end, managers=("M1",), kinds=("coaching",), formats=("peer",))
    assert widen_steps(three, **SPAN) == [
        "clear the manager, kind and format filters in the sidebar"
    ]


def test_the_breadcrumb_only_when_drilled_and_steps_read_as_one_sentence():
    steps = widen_steps(_preset("Last 3 months"), drilled=True, **SPAN)
    assert steps[-1] == "go back up the breadcrumb"
    assert "breadcrumb" not in " ".join(widen_steps(_preset("Last 3 months"), **SPAN))
    assert widen_sentence(steps) == (
        "Widen the selection: choose the period *Last 12 months*, or go back up the breadcrumb."
    )


def test_no_line_managers_is_said_as_such():
    text = no_line_managers_text("there are no teams to show")
    assert text.startswith(
        "This data has no line managers (employees.manager_id is empty), so there are no teams"
    )
    assert "period" in text and "will not help" in text


def test_line_managers_are_there_only_when_someone_names_one():
    assert has_line_managers(pd.DataFrame({"manager_id": [None, "M1"]}))
    assert not has_line_managers(pd.DataFrame({"manager_id": pd.Series([None, None], dtype="str")}))
    assert not has_line_managers(pd.DataFrame({"manager_id": pd.Series([], dtype="str")}))


def test_missing_table_names_its_required_and_optional_columns():
    assert missing_table_text("feedback", "Satisfaction by group") == (
        "**Satisfaction by group needs a `feedback` table**, which this source does not have. "
        "Add a sheet (or a database table or view) named `feedback` with the columns "
        "`feedback_id`, `relationship_id`, `submitted_date`, `satisfaction`, and optionally "
        "`respondent`. The data model (docs/DATA-MODEL.md) describes every column."
    )
