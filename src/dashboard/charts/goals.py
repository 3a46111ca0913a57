"""Goal charts: states at the period end, time to complete, and goals by category."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.labels import label
from dashboard.metrics.goal_breakdown import STATE_MEANINGS, STATES

STATE_COLOURS = {
    "completed": "#2E7D32",
    "abandoned": "#7F7F7F",
    "overdue": "#C62828",
    "in_progress": "#0072B2",
    "not_started": "#A6CEE3",
}


def _state_colour(field: str = "state_label:N", legend: bool = True) -> alt.Color:
    return alt.Color(
        field,
        title="State",
        scale=alt.Scale(domain=list(STATES.values()), range=list(STATE_COLOURS.values())),
        sort=list(STATES.values()),
        # Three columns: five states in a row were cut off at a phone's width.
        legend=alt.Legend(orient="bottom", columns=3) if legend else None,
    )


def status_chart(states: pd.DataFrame) -> alt.LayerChart:
    """Goals in play by their state at the period end."""
    shown = states.assign(
        state_label=states["label"],
        meaning=states["state"].map(STATE_MEANINGS),
        text=states["goals"].map("{:,}".format)
        + states["share"].map(lambda v: "" if pd.isna(v) else f"  ({v:.0%})"),
    )
    base = alt.Chart(shown).encode(
        y=alt.Y("state_label:N", sort=list(STATES.values()), title=None),
        x=alt.X("goals:Q", title="Goals", axis=alt.Axis(format=",d", tickMinStep=1)),
        tooltip=[
            alt.Tooltip("state_label:N", title="State"),
            alt.Tooltip("goals:Q", title="Goals", format=","),
            alt.Tooltip("share:Q", title="Share", format=".1%"),
            alt.Tooltip("meaning:N", title="Meaning"),
        ],
    )
    bars = base.mark_bar(height={"band": 0.75}).encode(color=_state_colour(legend=False))
    text = base.mark_text(align="left", dx=4, color="#222222").encode(text="text:N")
    return (bars + text).properties(height=alt.Step(30))


def time_to_complete_chart(durations: pd.DataFrame) -> alt.Chart:
    """Days from setting a goal to completing it, binned, split by on time or late.

    The goals are counted per day and timing first: a large organisation completes tens of
    thousands of goals a year, and the chart's data goes to the browser on every rerun."""
    timing = durations["on_time"].map({True: "On time", False: "Late"}).fillna("No target date")
    shown = (
        durations.assign(timing=timing)
        .groupby(["days_to_complete", "timing"], observed=True)
        .size()
        .rename("goals")
        .reset_index()
    )
    return (
        alt.Chart(shown)
        .mark_bar()
        .encode(
            x=alt.X(
                "days_to_complete:Q",
                bin=alt.Bin(maxbins=24),
                title="Days from set to completed",
            ),
            y=alt.Y("sum(goals):Q", title="Goals", stack="zero", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "timing:N",
                title=None,
                scale=alt.Scale(
                    domain=["On time", "Late", "No target date"],
                    range=["#2E7D32", "#E69F00", "#9E9E9E"],
                ),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("days_to_complete:Q", bin=alt.Bin(maxbins=24), title="Days"),
                alt.Tooltip("timing:N", title="Completed"),
                alt.Tooltip("sum(goals):Q", title="Goals", format=","),
            ],
        )
        .properties(height=300)
    )


def category_chart(by_category: pd.DataFrame) -> alt.Chart:
    """Goals per category as bars stacked by state, largest category first."""
    totals = by_category.groupby("category")["goals"].sum().sort_values(ascending=False)
    shown = by_category.assign(
        category=by_category["category"].map(label),
        state_label=by_category["state"].map(STATES),
        order=by_category["state"].map({s: i for i, s in enumerate(STATES)}),
    )
    return (
        alt.Chart(shown)
        .mark_bar()
        .encode(
            y=alt.Y("category:N", sort=[label(c) for c in totals.index], title=None),
            x=alt.X("goals:Q", title="Goals", stack="zero", axis=alt.Axis(tickMinStep=1)),
            color=_state_colour(),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("category:N", title="Category"),
                alt.Tooltip("state_label:N", title="State"),
                alt.Tooltip("goals:Q", title="Goals", format=","),
            ],
        )
        .properties(height=alt.Step(28))
    )
