"""Charts for the Successes & risks page: leaving rates of participants and non-participants."""

from __future__ import annotations

import altair as alt
import pandas as pd

GROUP_LABELS = {"participant": "Participants", "non_participant": "Non-participants"}
GROUP_COLOURS = ("#2b8cbe", "#bdbdbd")


def retention_long(table: pd.DataFrame) -> pd.DataFrame:
    """One row per department and group (participants, non-participants): n, leavers, rate and
    its Wilson interval, from `metrics.retention.retention(..., by="department")`."""
    parts = []
    for group, label in GROUP_LABELS.items():
        columns = {f"{group}_{c}": c for c in ("n", "leavers", "rate", "ci_low", "ci_high")}
        part = table[list(columns)].rename(columns=columns).assign(group=label)
        parts.append(part.rename_axis("department").reset_index())
    return pd.concat(parts, ignore_index=True)


def retention_chart(table: pd.DataFrame) -> alt.LayerChart:
    """Leaving rate by department, a dot per group with its 95 % interval as a bar."""
    long = retention_long(table).dropna(subset=["rate"])
    long = long.assign(**{c: 100 * long[c] for c in ("rate", "ci_low", "ci_high")})
    order = list(table.sort_values("non_participant_rate", ascending=False).index)
    y = alt.Y("department:N", sort=order, title=None, axis=alt.Axis(labelLimit=160))
    offset = alt.YOffset("group:N", sort=list(GROUP_LABELS.values()))
    colour = alt.Color(
        "group:N",
        title=None,
        scale=alt.Scale(domain=list(GROUP_LABELS.values()), range=list(GROUP_COLOURS)),
        legend=alt.Legend(orient="bottom"),
    )
    base = alt.Chart(long).encode(y=y, yOffset=offset, color=colour)
    interval = base.mark_rule(strokeWidth=2, opacity=0.6).encode(
        x=alt.X("ci_low:Q", title="Left in the period (%)"), x2="ci_high:Q"
    )
    dots = base.mark_circle(size=90, opacity=1).encode(
        x="rate:Q",
        tooltip=[
            alt.Tooltip("department:N", title="Department"),
            alt.Tooltip("group:N", title="Group"),
            alt.Tooltip("rate:Q", title="Left (%)", format=".1f"),
            alt.Tooltip("leavers:Q", title="Leavers"),
            alt.Tooltip("n:Q", title="Employees"),
            alt.Tooltip("ci_low:Q", title="95 % interval from", format=".1f"),
            alt.Tooltip("ci_high:Q", title="to", format=".1f"),
        ],
    )
    return (interval + dots).properties(height=34 * len(order) + 90)
