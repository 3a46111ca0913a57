"""Funnel plots of managers: rate against team size, 95 % and 99.8 % control limits."""

from __future__ import annotations

import math
from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd

from dashboard.metrics import funnel
from dashboard.metrics.managers import DENOMINATORS, NUMERATORS, TEAM_MEASURES, MeasureFit

SELECTION = "manager"
# Okabe-Ito colours (safe for the common colour-vision deficiencies), with shapes as a second cue.
FLAG_STYLE: dict[str, tuple[str, str, str]] = {
    "under": ("Under-performing (below the 99.8 % limit)", "#D55E00", "triangle-down"),
    "watch": ("Watch (below the 95 % limit)", "#E69F00", "triangle-down"),
    "in_control": ("As expected (inside the limits)", "#7F7F7F", "circle"),
    "strong": ("Strong (above the 95 % limit)", "#56B4E9", "triangle-up"),
    "over": ("Over-performing (above the 99.8 % limit)", "#0072B2", "triangle-up"),
    "too_small": ("Too small to judge", "#C8C8C8", "square"),
}
LIMIT_LABELS = {"95": "95 % limits", "998": "99.8 % limits"}
_GRID_POINTS = 300
# What the points layer encodes: thousands of managers are sent to the browser on every rerun.
POINT_COLUMNS = [
    "manager_id",
    "name",
    "department",
    "team_size",
    "x",
    "n",
    "rate",
    "shrunken_rate",
    "p_value",
    "flag",
]


def limit_curves(fit: MeasureFit, max_n: int) -> pd.DataFrame:
    """Long frame of the four control limits over whole-number team sizes 1 … max_n."""
    top = max(int(max_n), 2)
    if top <= _GRID_POINTS:
        grid = np.arange(1, top + 1, dtype=float)
    else:
        grid = np.unique(np.round(np.geomspace(1, top, _GRID_POINTS)))
    curves = funnel.limits(grid, fit.target, tau2=fit.tau2, method=fit.method)
    long = curves.melt(id_vars="n", var_name="limit", value_name="rate")
    long["band"] = long["limit"].str.removeprefix("lower").str.removeprefix("upper")
    long["band"] = long["band"].map(LIMIT_LABELS)
    long["side"] = np.where(long["limit"].str.startswith("lower"), "lower", "upper")
    return long[["n", "band", "side", "rate"]]


def funnel_chart(points: pd.DataFrame, fit: MeasureFit, measure: str) -> alt.LayerChart:
    """Managers (one of review(...).funnels) as points coloured and shaped by flag, over the
    limits and the benchmark line; a click selects a manager (SELECTION)."""
    shown = points.loc[points["n"] > 0, POINT_COLUMNS].copy()
    shown["flag_label"] = shown.pop("flag").map({k: v[0] for k, v in FLAG_STYLE.items()})
    shown["x_of_n"] = shown.pop("x").astype("str") + " of " + shown["n"].astype("str")
    x_title = DENOMINATORS[measure]
    x_axis = alt.X("n:Q", title=x_title, scale=alt.Scale(domainMin=0, nice=True))
    y_axis = alt.Y(
        "rate:Q",
        title=TEAM_MEASURES[measure],
        axis=alt.Axis(format="%"),
        scale=alt.Scale(domain=[0, 1]),
    )
    layers: list[alt.Chart] = []
    if not math.isnan(fit.target) and len(shown):
        curves = limit_curves(fit, int(shown["n"].max() * 1.05) + 1)
        layers.append(
            alt.Chart(curves)
            .mark_line(color="#555555", strokeWidth=1.2, interpolate="linear")
            .encode(
                x=x_axis,
                y=y_axis,
                detail="side:N",
                strokeDash=alt.StrokeDash(
                    "band:N",
                    title="Control limits",
                    scale=alt.Scale(domain=list(LIMIT_LABELS.values()), range=[[5, 4], [1, 0]]),
                    # Named in the caption instead: beside the managers' legend it overflowed
                    # a phone's width.
                    legend=None,
                ),
            )
        )
        target = pd.DataFrame({"rate": [fit.target], "label": [f"Benchmark {fit.target:.0%}"]})
        layers.append(
            alt.Chart(target)
            .mark_rule(color="#000000", strokeWidth=1.5)
            .encode(y="rate:Q", tooltip=[alt.Tooltip("label:N", title="Benchmark")])
        )
    pick = alt.selection_point(name=SELECTION, fields=["manager_id"], on="click", empty=False)
    styles = [FLAG_STYLE[f] for f in FLAG_STYLE]
    layers.append(
        alt.Chart(shown)
        .mark_point(filled=True, size=80, strokeWidth=1)
        .encode(
            x=x_axis,
            y=y_axis,
            color=alt.Color(
                "flag_label:N",
                title="Manager",
                scale=alt.Scale(domain=[s[0] for s in styles], range=[s[1] for s in styles]),
                legend=alt.Legend(orient="bottom", columns=1, labelLimit=290, symbolStrokeWidth=0),
            ),
            shape=alt.Shape(
                "flag_label:N",
                scale=alt.Scale(domain=[s[0] for s in styles], range=[s[2] for s in styles]),
                legend=None,
            ),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.8)),
            stroke=alt.condition(pick, alt.value("#000000"), alt.value("#FFFFFF")),
            tooltip=[
                alt.Tooltip("name:N", title="Manager"),
                alt.Tooltip("department:N", title="Department"),
                alt.Tooltip("team_size:Q", title="Team size"),
                alt.Tooltip("x_of_n:N", title=f"{NUMERATORS[measure].capitalize()} (x of n)"),
                alt.Tooltip("rate:Q", title="Rate", format=".1%"),
                alt.Tooltip("shrunken_rate:Q", title="Shrunken rate (display only)", format=".1%"),
                alt.Tooltip("p_value:Q", title="p-value (one-sided)", format=".4f"),
                alt.Tooltip("flag_label:N", title="Flag"),
            ],
        )
        .add_params(pick)
    )
    return alt.layer(*layers).properties(height=420)


def selected_manager(selection: Mapping[str, object]) -> str | None:
    """The manager id a click on a funnel chart picked, from the chart event's `selection`."""
    picked = selection.get(SELECTION) if selection else None
    if not isinstance(picked, list) or not picked:
        return None
    first = picked[0]
    value = first.get("manager_id") if isinstance(first, Mapping) else None
    return str(value) if value is not None else None
