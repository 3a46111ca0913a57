"""Participation charts: the uptake funnel, new pairings per month and coach capacity."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.labels import label

STAGE_DEFINITIONS = {
    "eligible": "Eligible employees in the period",
    "enrolled": "Registered or matched for a programme (not withdrawn), or already paired",
    "matched": "In a coaching or mentoring pairing during the period",
    "active": "At least one session held in the period",
    "achieved": "At least one goal completed in the period",
}
KIND_COLOURS = {"coaching": "#0072B2", "mentoring": "#E69F00"}


def funnel_chart(funnel: pd.DataFrame) -> alt.LayerChart:
    """Each stage's people as a bar, labelled with the count and the share of eligible."""
    shown = funnel.assign(
        text=funnel["people"].map("{:,}".format)
        + funnel["of_eligible"].map(lambda v: "" if pd.isna(v) else f"  ({v:.0%})"),
        definition=funnel["stage"].map(STAGE_DEFINITIONS),
    )
    base = alt.Chart(shown).encode(
        y=alt.Y("label:N", sort=list(shown["label"]), title=None),
        x=alt.X("people:Q", title="People", axis=alt.Axis(format=",d", tickMinStep=1)),
        tooltip=[
            alt.Tooltip("label:N", title="Stage"),
            alt.Tooltip("definition:N", title="Means"),
            alt.Tooltip("people:Q", title="People", format=","),
            alt.Tooltip("of_eligible:Q", title="Of eligible", format=".1%"),
            alt.Tooltip("of_previous:Q", title="Of the stage before", format=".1%"),
        ],
    )
    bars = base.mark_bar(color="#0072B2", height={"band": 0.75})
    text = base.mark_text(align="left", dx=4, color="#222222").encode(text="text:N")
    return (bars + text).properties(height=alt.Step(34))


def new_relationships_chart(monthly: pd.DataFrame) -> alt.Chart:
    """Pairings started per month, stacked by kind."""
    kinds = list(dict.fromkeys(monthly["kind"]))
    return (
        alt.Chart(monthly.assign(kind_label=monthly["kind"].map(label)))
        .mark_bar()
        .encode(
            x=alt.X("yearmonth(month):O", title=None, axis=alt.Axis(format="%b %y", labelAngle=0)),
            y=alt.Y(
                "relationships:Q",
                title="New pairings",
                stack="zero",
                axis=alt.Axis(format=",d", tickMinStep=1),
            ),
            color=alt.Color(
                "kind_label:N",
                title="Kind",
                scale=alt.Scale(
                    domain=[label(k) for k in kinds],
                    range=[KIND_COLOURS.get(k, "#999999") for k in kinds],
                ),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("yearmonth(month):T", title="Month", format="%B %Y"),
                alt.Tooltip("kind_label:N", title="Kind"),
                alt.Tooltip("relationships:Q", title="New pairings", format=","),
            ],
        )
        .properties(height=300)
    )


def capacity_chart(load: pd.DataFrame, limit: int) -> alt.Chart:
    """How many coaches carry 1, 2, 3 … participants; those above the limit in red."""
    counts = load.groupby("participants").size().rename("coaches").reset_index()
    counts["load"] = (
        counts["participants"].gt(limit).map({True: f"More than {limit}", False: f"Up to {limit}"})
    )
    return (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            x=alt.X("participants:O", title="Participants carried", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("coaches:Q", title="Coaches", axis=alt.Axis(format=",d", tickMinStep=1)),
            color=alt.Color(
                "load:N",
                title=None,
                scale=alt.Scale(
                    domain=[f"Up to {limit}", f"More than {limit}"], range=["#5B8DB8", "#C62828"]
                ),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("participants:O", title="Participants carried"),
                alt.Tooltip("coaches:Q", title="Coaches", format=","),
            ],
        )
        .properties(height=300)
    )
