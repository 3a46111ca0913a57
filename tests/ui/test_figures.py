"""Cached figures: the same element as st.altair_chart, built once per view and parameters."""

import dataclasses
import datetime as dt

import altair as alt
import pandas as pd
from fixtures import PERIOD, tiny_data
from streamlit.testing.v1 import AppTest

from dashboard.ui.figures import figure_spec
from dashboard.ui.view import View
from dashboard.validate import ValidationReport


def _both_ways() -> None:
    import pandas as pd
    import streamlit as st

    from dashboard.charts.rate_bars import rate_bars
    from dashboard.ui.streamlit_internals import vega_lite_spec

    frame = pd.DataFrame(
        {
            "department": ["HR", "Ops"],
            "label": ["HR", "Ops"],
            "numerator": [3, 1],
            "denominator": [4, 9],
            "rate": [0.75, 1 / 9],
            "ci_low": [0.3, 0.02],
            "ci_high": [0.95, 0.4],
        }
    )
    chart = rate_bars(frame, key="department", rate_title="Uptake", selection="pick")
    st.altair_chart(chart, width="stretch", on_select="rerun", key="a", selection_mode="pick")
    st.vega_lite_chart(
        spec=vega_lite_spec(chart),
        width="stretch",
        on_select="rerun",
        key="b",
        selection_mode="pick",
    )


def test_cached_spec_sends_what_altair_chart_sends():
    at = AppTest.from_function(_both_ways).run()
    assert not at.exception, [e.message for e in at.exception]
    charts = at.get("vega_lite_chart")
    assert len(charts) == 2
    via_altair, via_spec = (c.proto for c in charts)
    assert via_spec.spec == via_altair.spec
    assert [(d.name, d.data.data) for d in via_spec.datasets] == [
        (d.name, d.data.data) for d in via_altair.datasets
    ]
    assert list(via_spec.selection_mode) == list(via_altair.selection_mode) == ["pick"]
    assert via_altair.datasets and via_altair.datasets[0].data.data


def test_spec_is_built_once_per_view_and_parameters():
    built: list[tuple[dt.date, str]] = []

    def figure(view: View, *, measure: str) -> alt.Chart:
        built.append((view.filters.end, measure))
        return alt.Chart(pd.DataFrame({"x": [len(built)]})).mark_bar().encode(x="x:Q")

    view = View(tiny_data(), PERIOD, ValidationReport(), 5)
    first = figure_spec(view, figure, measure="uptake")
    assert figure_spec(view, figure, measure="uptake") == first
    assert built == [(PERIOD.end, "uptake")]

    figure_spec(view, figure, measure="goals")
    later = dataclasses.replace(
        view, filters=PERIOD.with_period(PERIOD.start, dt.date(2025, 6, 30))
    )
    figure_spec(later, figure, measure="uptake")
    assert built[1:] == [(PERIOD.end, "goals"), (dt.date(2025, 6, 30), "uptake")]


def test_a_new_load_of_the_source_rebuilds_the_spec():
    built = []

    def figure(view: View) -> alt.Chart:
        built.append(view.data.loaded_at)
        return alt.Chart(pd.DataFrame({"x": [1]})).mark_bar().encode(x="x:Q")

    data = tiny_data()
    figure_spec(View(data, PERIOD, ValidationReport(), 5), figure)
    reloaded = dataclasses.replace(data, loaded_at=data.loaded_at + dt.timedelta(seconds=1))
    figure_spec(View(reloaded, PERIOD, ValidationReport(), 5), figure)
    assert built == [data.loaded_at, reloaded.loaded_at]
