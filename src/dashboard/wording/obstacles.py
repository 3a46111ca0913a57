"""The Obstacles page's sentences: changes on the cards, the heatmap's largest cells, the cell
shown in the log and the uptake chart's caption."""

from __future__ import annotations

import pandas as pd

from dashboard.wording.markdown import escape


def change(now: float, before: float, fmt: str = "{:+,.0f}") -> str | None:
    """`now - before` in `fmt`; None when either figure is missing."""
    return None if pd.isna(now) or pd.isna(before) else fmt.format(now - before)


def largest_sentence(biggest: pd.DataFrame) -> str:
    """The heatmap's largest cells (metrics.obstacles.largest_cells), named in one line."""
    per_100 = "per_100" in biggest
    named = [
        f"**{escape(r.department)} · {escape(r.category_label)}** ({r.count:,}"
        + (f", {r.per_100:.1f} per 100 eligible" if per_100 and pd.notna(r.per_100) else "")
        + ")"
        for r in biggest.itertuples()
    ]
    return f"Largest: {'; '.join(named)}. Click a cell to list its obstacles below."


def shown_cell(department: str, category_label: str) -> str:
    """Which heatmap cell the log is narrowed to, and how to show every cell again."""
    return (
        f"Showing the cell **{escape(department)} · {escape(category_label)}**. Click it again, "
        "or an empty spot of the chart, to show every cell."
    )


def uptake_caption(departments: pd.DataFrame, uptake: float, per_100: float) -> str:
    """What the uptake-against-obstacles chart's lines mean, and the departments below the
    organisation's uptake and above its obstacles."""
    worst = departments[departments["quadrant"] == "Low uptake, many obstacles"]["department"]
    return (
        f"Dashed lines: the organisation's uptake ({100 * uptake:.1f} %) and open "
        f"obstacles per 100 eligible ({per_100:.1f}), over all departments with the other "
        "filters kept. Circle size is the eligible headcount. "
        + (
            f"Below the uptake line and above the obstacle line: {', '.join(map(escape, worst))}."
            if len(worst)
            else "No department has both lower uptake and more obstacles than the organisation."
        )
    )
