"""Obstacle charts: the department × category heatmap, severity, monthly reports, resolution,
and departments' uptake against their open obstacles."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from dashboard.metrics.obstacles import category_label
from dashboard.schema import OBSTACLE_CATEGORIES, SEVERITIES

CELL = "cell"
CELL_FIELDS = ("department", "category")
VALUE_TITLES = {"count": "Obstacles", "per_100": "Per 100 eligible employees"}

# One colour per category on every chart, so "Lack of time" looks the same everywhere.
CATEGORY_COLOURS = dict(
    zip(
        OBSTACLE_CATEGORIES.values(),
        (
            "#d62728",
            "#ff7f0e",
            "#8c564b",
            "#9467bd",
            "#e377c2",
            "#1f77b4",
            "#17becf",
            "#bcbd22",
            "#2ca02c",
            "#7f7f7f",
            "#c7c7c7",
        ),
        strict=True,
    )
)
SEVERITY_LABELS = {s: s.capitalize() for s in SEVERITIES} | {"unspecified": "Not given"}
SEVERITY_COLOURS = ("#fdd49e", "#fc8d59", "#d7301f", "#bdbdbd")


def selected_cell(selection: Any) -> tuple[str, str] | None:
    """(department, category) of the heatmap cell clicked, from `event.selection`, or None."""
    points = (selection or {}).get(CELL) or []
    if not points:
        return None
    point = points[0]
    if not all(field in point for field in CELL_FIELDS):
        return None
    return str(point["department"]), str(point["category"])


def heatmap_chart(grid: pd.DataFrame, value: str = "count") -> alt.LayerChart:
    """Departments (rows) by category (columns), coloured by `value`; a click selects a cell."""
    title = VALUE_TITLES[value]
    frame = grid.assign(category_label=category_label(grid["category"]))
    departments = list(dict.fromkeys(frame["department"]))
    categories = list(dict.fromkeys(frame["category_label"]))
    cell = alt.selection_point(name=CELL, fields=list(CELL_FIELDS), empty=True)
    fmt = ".1f" if value == "per_100" else ","
    tooltip = [
        alt.Tooltip("department:N", title="Department"),
        alt.Tooltip("category_label:N", title="Obstacle"),
        alt.Tooltip("count:Q", title="Obstacles", format=","),
    ]
    if "per_100" in frame:
        tooltip.append(alt.Tooltip("per_100:Q", title="Per 100 eligible", format=".1f"))
    base = alt.Chart(frame).encode(
        x=alt.X(
            "category_label:N",
            sort=categories,
            title=None,
            # Steep enough that neighbouring names clear each other on a phone's narrow cells.
            axis=alt.Axis(
                orient="top", labelAngle=-55, labelLimit=200, labelAlign="left", labelOverlap=False
            ),
        ),
        y=alt.Y("department:N", sort=departments, title=None, axis=alt.Axis(labelLimit=160)),
        tooltip=tooltip,
    )
    top = float(frame[value].max()) if frame[value].notna().any() else 0.0
    rect = base.mark_rect(stroke="white", strokeWidth=1.5).encode(
        # Empty cells stay grey, so the eye goes to where obstacles are.
        color=alt.condition(
            alt.datum[value] > 0,
            alt.Color(
                f"{value}:Q",
                title=title,
                scale=alt.Scale(scheme="orangered", domainMin=0),
                legend=alt.Legend(orient="bottom", gradientLength=240),
            ),
            alt.value("#f3f3f3"),
        ),
        opacity=alt.condition(cell, alt.value(1.0), alt.value(0.35)),
    )
    text = (
        base.mark_text(fontSize=12)
        .transform_filter(alt.datum[value] > 0)
        .encode(
            text=alt.Text(f"{value}:Q", format=fmt),
            color=alt.condition(
                alt.datum[value] > 0.55 * top, alt.value("white"), alt.value("#262730")
            ),
        )
    )
    # Clicks land on an invisible copy of the cells drawn over the numbers, so a click on a
    # number selects its cell too.
    hit = base.mark_rect(fill="white", fillOpacity=0, cursor="pointer").add_params(cell)
    # Streamlit fits the whole chart, axis labels and legend included, into this height.
    height = 36 * len(departments) + 230
    return alt.layer(rect, text, hit).properties(height=height)


def severity_chart(mix: pd.DataFrame) -> alt.Chart:
    """Stacked bars of obstacles per severity, one bar per department (index of `mix`)."""
    long = (
        mix.rename_axis("department")
        .reset_index()
        .melt(id_vars="department", var_name="severity", value_name="count")
    )
    long["severity_label"] = long["severity"].map(SEVERITY_LABELS)
    order = list(mix.sum(axis=1).sort_values(ascending=False).index)
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("department:N", sort=order, title=None),
            x=alt.X("count:Q", title="Obstacles", stack=True),
            color=alt.Color(
                "severity_label:N",
                title="Severity",
                scale=alt.Scale(
                    domain=list(SEVERITY_LABELS.values()), range=list(SEVERITY_COLOURS)
                ),
                # Two columns: one row of four was cut off at a phone's width.
                legend=alt.Legend(orient="bottom", columns=2),
            ),
            order=alt.Order("severity_order:Q"),
            tooltip=[
                alt.Tooltip("department:N", title="Department"),
                alt.Tooltip("severity_label:N", title="Severity"),
                alt.Tooltip("count:Q", title="Obstacles"),
            ],
        )
        .transform_calculate(
            severity_order=f"indexof({list(SEVERITY_LABELS.values())}, datum.severity_label)"
        )
        .properties(height=28 * len(order) + 110)
    )


def monthly_chart(monthly: pd.DataFrame) -> alt.Chart:
    """Obstacles reported each month, stacked by category; click the legend to pick one."""
    frame = monthly.assign(category_label=category_label(monthly["category"]))
    present = list(dict.fromkeys(frame["category_label"]))
    colours = [CATEGORY_COLOURS.get(c, "#c7c7c7") for c in present]
    pick = alt.selection_point(name="category_pick", fields=["category_label"], bind="legend")
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(
                "month:T",
                title=None,
                timeUnit="yearmonth",
                axis=alt.Axis(format="%b %y", labelAngle=0, tickCount=6),
            ),
            y=alt.Y("count:Q", title="Obstacles reported", stack=True),
            color=alt.Color(
                "category_label:N",
                title="Obstacle",
                scale=alt.Scale(domain=present, range=colours),
                # Below the bars, one name a line: at the right it took half a phone's width,
                # and two columns of names cut them short.
                legend=alt.Legend(orient="bottom", columns=1, labelLimit=0),
            ),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.15)),
            tooltip=[
                alt.Tooltip("month:T", title="Month", format="%B %Y"),
                alt.Tooltip("category_label:N", title="Obstacle"),
                alt.Tooltip("count:Q", title="Reported"),
            ],
        )
        .add_params(pick)
        # Streamlit fits the legend into the height too: room for its rows under the bars.
        .properties(height=300 + 17 * len(present))
    )


def _resolution_order(times: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    frame = times.rename_axis("group").reset_index()
    return frame, list(frame.sort_values(["open", "resolved"], ascending=False)["group"])


def resolution_chart(times: pd.DataFrame, group_title: str) -> alt.Chart:
    """Open at the end against resolved in the period for each group (the index of `times`,
    e.g. a category label or a department), most open first."""
    frame, order = _resolution_order(times)
    long = frame.melt(
        id_vars=["group", "median_days_to_resolve"],
        value_vars=["open", "resolved"],
        var_name="state",
        value_name="obstacles",
    )
    long["state"] = long["state"].map({"open": "Open at period end", "resolved": "Resolved"})
    y = alt.Y("group:N", sort=order, title=group_title, axis=alt.Axis(labelLimit=180))
    return (
        alt.Chart(long, title="Open and resolved")
        .mark_bar()
        .encode(
            y=y,
            yOffset=alt.YOffset("state:N", sort=["Open at period end", "Resolved"]),
            x=alt.X("obstacles:Q", title="Obstacles"),
            color=alt.Color(
                "state:N",
                title=None,
                scale=alt.Scale(
                    domain=["Open at period end", "Resolved"], range=["#d7301f", "#74a9cf"]
                ),
                legend=alt.Legend(orient="bottom", columns=1),
            ),
            tooltip=[
                alt.Tooltip("group:N", title=group_title),
                alt.Tooltip("state:N", title="State"),
                alt.Tooltip("obstacles:Q", title="Obstacles"),
            ],
        )
        # Streamlit fits title, axes and legend inside the height: room for two bars a group
        # (median_days_chart beside it takes the same height).
        .properties(height=36 * len(order) + 110)
    )


def median_days_chart(times: pd.DataFrame, group_title: str) -> alt.Chart:
    """The median days to resolve of each group, in the order of `resolution_chart`; a chart
    of its own, so the two sit side by side on a screen and one under the other on a phone."""
    frame, order = _resolution_order(times)
    return (
        alt.Chart(frame, title="Median days to resolve")
        .mark_bar(color="#737373")
        .encode(
            y=alt.Y("group:N", sort=order, title=None, axis=alt.Axis(labelLimit=180)),
            x=alt.X("median_days_to_resolve:Q", title="Days"),
            tooltip=[
                alt.Tooltip("group:N", title=group_title),
                alt.Tooltip("median_days_to_resolve:Q", title="Median days", format=".0f"),
                alt.Tooltip("resolved:Q", title="Resolved in period"),
            ],
        )
        .properties(height=36 * len(order) + 110)
    )


# Rough sizes as fractions of the plot (about 830 x 300 pixels): one character, a label's
# height, the gap between a point and its name, and half a point.
_CHAR_W, _LABEL_H, _GAP, _POINT = 0.0078, 0.05, 0.014, (0.018, 0.05)
_SHIFTS = (0, 1, -1, 2, -2)


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _label_box(a: float, b: float, width: float, side: str, shift: int) -> tuple[float, ...]:
    left = a + _GAP if side == "right" else a - _GAP - width
    centre = b + shift * _LABEL_H
    return (left, centre - _LABEL_H / 2, left + width, centre + _LABEL_H / 2)


def place_labels(
    x: pd.Series, y: pd.Series, names: pd.Series, x_max: float, y_max: float
) -> pd.DataFrame:
    """Where to print each point's name so that names neither overlap each other nor cover a
    point: right of it, else left, else a line above or below, and so on. Returns label_x and
    label_y (in the data's units) and side ('right' or 'left' of the point)."""
    px, py = (x / x_max).tolist(), (y / y_max).tolist()
    points = [
        (a - _POINT[0], b - _POINT[1], a + _POINT[0], b + _POINT[1])
        for a, b in zip(px, py, strict=True)
    ]
    placed: list[tuple[float, ...]] = []
    rows = []
    for i, (a, b, name) in enumerate(zip(px, py, names, strict=True)):
        width = _CHAR_W * len(str(name))
        obstacles = placed + points[:i] + points[i + 1 :]
        options = [(side, shift) for shift in _SHIFTS for side in ("right", "left")]
        side, shift = next(
            (
                (side, shift)
                for side, shift in options
                if not any(_overlap(_label_box(a, b, width, side, shift), o) for o in obstacles)
            ),
            options[0],
        )
        placed.append(_label_box(a, b, width, side, shift))
        edge = a + _GAP if side == "right" else a - _GAP
        rows.append((edge * x_max, (b + shift * _LABEL_H) * y_max, side))
    return pd.DataFrame(rows, columns=["label_x", "label_y", "side"], index=x.index)


def uptake_scatter(frame: pd.DataFrame, uptake: float, per_100: float) -> alt.LayerChart:
    """Departments by uptake (x) and open obstacles per 100 eligible (y), labelled, with lines at
    the organisation's values; the low-uptake, many-obstacles corner is named and in red."""
    points = frame.assign(uptake_pct=100 * frame["uptake"])
    org_pct = 100 * uptake
    x_max = max(float(points["uptake_pct"].max()), org_pct) * 1.15 or 1.0
    y_max = max(float(points["open_per_100"].max()), per_100) * 1.15 or 1.0
    x_title, y_title = "Uptake (% of eligible)", "Open obstacles per 100 eligible"
    x = alt.X("uptake_pct:Q", title=x_title, scale=alt.Scale(domain=[0, x_max]))
    y = alt.Y("open_per_100:Q", title=y_title, scale=alt.Scale(domain=[0, y_max]))
    points = points.join(
        place_labels(
            points["uptake_pct"], points["open_per_100"], points["department"], x_max, y_max
        )
    )
    worst = "Low uptake, many obstacles"
    base = alt.Chart(points).encode(x=x, y=y)
    dots = base.mark_circle(opacity=0.85, stroke="white").encode(
        size=alt.Size("eligible:Q", scale=alt.Scale(range=[60, 900]), legend=None),
        color=alt.condition(
            alt.datum.quadrant == worst, alt.value("#d7301f"), alt.value("#6baed6")
        ),
        tooltip=[
            alt.Tooltip("department:N", title="Department"),
            alt.Tooltip("uptake_pct:Q", title="Uptake %", format=".1f"),
            alt.Tooltip("participants:Q", title="Participants"),
            alt.Tooltip("eligible:Q", title="Eligible"),
            alt.Tooltip("open_obstacles:Q", title="Open obstacles"),
            alt.Tooltip("open_per_100:Q", title="Per 100 eligible", format=".1f"),
            alt.Tooltip("quadrant:N", title="Where"),
        ],
    )
    labels = [
        alt.Chart(points[points["side"] == side])
        .mark_text(align=align, baseline="middle", fontSize=12)
        .encode(
            x=alt.X("label_x:Q", title=x_title),
            y=alt.Y("label_y:Q", title=y_title),
            text="department:N",
        )
        for side, align in (("right", "left"), ("left", "right"))
    ]
    lines = pd.DataFrame({"uptake_pct": [org_pct], "open_per_100": [per_100]})
    rule_x = alt.Chart(lines).mark_rule(strokeDash=[4, 4], color="#888").encode(x="uptake_pct:Q")
    rule_y = alt.Chart(lines).mark_rule(strokeDash=[4, 4], color="#888").encode(y="open_per_100:Q")
    corner = (
        alt.Chart(pd.DataFrame({"uptake_pct": [0.0], "open_per_100": [y_max], "text": [worst]}))
        .mark_text(align="left", baseline="top", dx=4, dy=4, color="#d7301f", fontWeight="bold")
        .encode(x=x, y=y, text="text:N")
    )
    return alt.layer(rule_x, rule_y, dots, *labels, corner).properties(height=380)
