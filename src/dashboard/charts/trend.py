"""The monthly trend: one small chart per measure."""

from __future__ import annotations

import altair as alt
import pandas as pd

MEASURE_LABELS = {
    "participants": "Participants",
    "sessions_held": "Sessions held",
    "goals_completed": "Goals completed",
}


def monthly_trend_chart(trend: pd.DataFrame, measure: str) -> alt.LayerChart:
    """One measure by month, as a line with points; titled with the measure's label."""
    label = MEASURE_LABELS.get(measure, measure)
    base = alt.Chart(trend, title=label).encode(
        x=alt.X("month:T", title=None, axis=alt.Axis(format="%b %y", labelAngle=0, tickCount=6)),
        y=alt.Y(f"{measure}:Q", title=None, scale=alt.Scale(zero=True)),
        tooltip=[
            alt.Tooltip("month:T", title="Month", format="%B %Y"),
            alt.Tooltip(f"{measure}:Q", title=label, format=","),
        ],
    )
    return (base.mark_line(strokeWidth=2) + base.mark_circle(size=45)).properties(height=220)
