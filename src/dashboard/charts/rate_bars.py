"""Rates as horizontal bars: Wilson-interval whiskers, a tick at each bar's target, coloured
red/amber/green against it, and clickable for the drill-down."""

from __future__ import annotations

import altair as alt
import pandas as pd

RAG_STYLE = {
    "green": ("On target", "#2E7D32"),
    "amber": ("Near target", "#E69F00"),
    "red": ("Below target", "#C62828"),
    None: ("No target", "#5B8DB8"),
}
BAR_HEIGHT = 24
# Room right of the largest value for its label, as a share of the axis.
LABEL_ROOM = 0.14
# Beyond this many groups a chart would be metres tall; it shows the most telling ones instead.
MAX_BARS = 40
# SVG marks carry aria labels, so the browser test (and screen readers) can find each bar.
SVG = {"embedOptions": {"renderer": "svg"}}


def most_telling(frame: pd.DataFrame, limit: int = MAX_BARS) -> pd.DataFrame:
    """Groups with a denominator; past `limit`, the half whose 95 % interval lies lowest and the
    half whose interval lies highest, so a 0-of-1 does not crowd out a 2-of-40."""
    rated = frame[frame["denominator"] > 0]
    if len(rated) <= limit:
        return rated
    low = rated.sort_values(["ci_high", "label"]).head(limit // 2)
    high = rated.drop(low.index).sort_values(["ci_low", "label"], ascending=[False, True])
    return pd.concat([low, high.head(limit - len(low))])


def rate_bars(
    frame: pd.DataFrame,
    *,
    key: str,
    rate_title: str,
    title: str | None = None,
    selection: str | None = None,
    full_scale: bool = True,
) -> alt.LayerChart:
    """One bar per row of a rate frame (key, label, numerator, denominator, rate, ci_low,
    ci_high, optional target and rag), best first, each labelled with its rate and a 0 % one
    marked by a dot; groups with a zero denominator are left out, and of more than MAX_BARS
    groups only the most telling are drawn (see `most_telling`).

    With `selection`, a click selects the bar's `key` value under that name. `full_scale`
    draws the axis from 0 to 100 %; without it the axis ends a little past the largest value.
    """
    shown = most_telling(frame).sort_values(["rate", "label"], ascending=[False, True])
    has_target = "target" in shown
    status = shown["rag"] if "rag" in shown else pd.Series(None, index=shown.index, dtype=object)
    shown = shown.assign(
        status=status.map(lambda r: RAG_STYLE.get(r, RAG_STYLE[None])[0]),
        of=shown["numerator"].map("{:,}".format) + " of " + shown["denominator"].map("{:,}".format),
        # A rate that rounds to 0 % but is not zero must not read as zero.
        value=shown["rate"].map(lambda r: "<1%" if 0 < r < 0.005 else f"{r:.0%}"),
        # Written past the whisker and the target tick, so neither line crosses the figure.
        value_at=shown[["ci_high", "target"]].max(axis=1) if has_target else shown["ci_high"],
    )
    labels = [label for label, _ in RAG_STYLE.values()]
    used = [label for label in labels if label in set(shown["status"])]
    colours = [colour for label, colour in RAG_STYLE.values() if label in used]
    y = alt.Y("label:N", sort=list(shown["label"]), title=None, axis=alt.Axis(labelLimit=220))
    tooltip = [
        alt.Tooltip("label:N", title="Group"),
        alt.Tooltip("rate:Q", title=rate_title, format=".1%"),
        alt.Tooltip("of:N", title="Numerator of denominator"),
        alt.Tooltip("ci_low:Q", title="95 % interval from", format=".1%"),
        alt.Tooltip("ci_high:Q", title="95 % interval to", format=".1%"),
    ]
    if has_target:
        tooltip += [
            alt.Tooltip("target:Q", title="Target", format=".0%"),
            alt.Tooltip("status:N", title="Against target"),
        ]
    # The bars, whiskers and ticks only draw; one see-through band per row on top takes the
    # hover, the click and the screen reader, so even a 0 % team (no bar at all) can be opened.
    reach = 1.0 if full_scale else float(shown[["value_at", "rate"]].max().max() or 1.0)
    # The axis runs a little past its last tick so the label of a bar near it is not cut off.
    end = reach * (1 + LABEL_ROOM)
    ticks = [i / 5 for i in range(6)] if full_scale else alt.Undefined
    x_scale = alt.Scale(domain=[0, end], nice=False)
    base = alt.Chart(shown.assign(row_start=0.0, row_end=end)).encode(y=y)
    x_rate = alt.X(
        "rate:Q", title=rate_title, scale=x_scale, axis=alt.Axis(format="%", values=ticks)
    )
    bars = base.mark_bar(height={"band": 0.7}, aria=False).encode(
        x=x_rate,
        color=alt.Color(
            "status:N",
            title=None,
            scale=alt.Scale(domain=used, range=colours),
            # Two columns: three in a row were cut off at a phone's width.
            legend=alt.Legend(orient="bottom", columns=2) if has_target else None,
        ),
    )
    whiskers = base.mark_rule(color="#333333", strokeWidth=1.5, aria=False).encode(
        x=alt.X("ci_low:Q", title=rate_title), x2="ci_high:Q"
    )
    # A 0 % bar has no length: a dot marks it, and every bar's rate is written past its
    # whisker, so the worst teams are seen without hovering (which a phone cannot do).
    colour = alt.Color("status:N", scale=alt.Scale(domain=used, range=colours), legend=None)
    zero = base.transform_filter(alt.datum.rate == 0).mark_point(
        filled=True, size=70, opacity=1, aria=False
    )
    values = base.mark_text(align="left", dx=5, fontSize=11, color="#333333", aria=False).encode(
        x=alt.X("value_at:Q", title=rate_title), text="value:N"
    )
    layers = [bars, whiskers, zero.encode(x=x_rate, color=colour), values]
    if has_target:
        layers.append(
            base.mark_tick(color="black", thickness=2.5, size=BAR_HEIGHT, aria=False).encode(
                x=alt.X("target:Q", title=rate_title)
            )
        )
    rows = base.mark_bar(opacity=0, cursor="pointer" if selection else "default").encode(
        x=alt.X("row_start:Q", title=rate_title), x2="row_end:Q", tooltip=tooltip
    )
    if selection:
        rows = rows.add_params(alt.selection_point(name=selection, fields=[key]))
    layers.append(rows)
    chart = alt.layer(*layers).properties(height=alt.Step(BAR_HEIGHT), usermeta=SVG)
    if not title:
        return chart
    # "Measure: definition" reads as a title over a smaller subtitle, which fits a phone.
    head, _, definition = title.partition(": ")
    return chart.properties(title=alt.TitleParams(head, subtitle=definition or alt.Undefined))
