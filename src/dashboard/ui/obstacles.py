"""The Obstacles page's parts: cached metric calls and the widgets that show them."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import labels
from dashboard.charts import obstacles as charts
from dashboard.kpis import delta_style
from dashboard.metrics import obstacles as metrics
from dashboard.schema import OBSTACLE_CATEGORIES
from dashboard.ui.cache import cached, derived
from dashboard.ui.downloads import download_buttons
from dashboard.ui.empty_states import no_data
from dashboard.ui.figures import show
from dashboard.ui.tables import show_table, table_data
from dashboard.ui.view import View
from dashboard.wording import obstacles as words

WHICH = {"open": "Open at period end", "all": "Open or reported in the period"}
HEATMAP_SCALES = {"count": "Number", "per_100": "Per 100 eligible employees"}


# --- figures: figure(view, **plain values) -> chart, their specs cached ---------------------------


def _heatmap_figure(view: View, *, which: str, measure: str) -> alt.LayerChart:
    return charts.heatmap_chart(
        cached(view, metrics.labelled_grid, which=which, measure=measure), measure
    )


def _severity_figure(view: View, *, which: str) -> alt.Chart:
    return charts.severity_chart(cached(view, metrics.severity_by_department, which=which))


def _monthly_figure(view: View) -> alt.Chart:
    return charts.monthly_chart(cached(view, metrics.labelled_monthly))


def _resolution_figure(view: View, *, by: str, title: str) -> alt.Chart:
    return charts.resolution_chart(cached(view, metrics.labelled_resolution, by=by), title)


def _median_days_figure(view: View, *, by: str, title: str) -> alt.Chart:
    return charts.median_days_chart(cached(view, metrics.labelled_resolution, by=by), title)


def _uptake_figure(view: View) -> alt.LayerChart:
    result = cached(view, metrics.uptake_against_obstacles)
    return charts.uptake_scatter(result.departments, result.uptake, result.per_100)


def _log_table(view: View, *, which: str, cell: tuple[str, str] | None, **chosen) -> pd.DataFrame:
    return metrics.narrow_log(cached(view, metrics.labelled_log, which=which), cell=cell, **chosen)


# --- widgets ------------------------------------------------------------------------------------


def controls() -> tuple[str, str]:
    """Which obstacles the heatmap and log count, and whether as numbers or per 100."""
    left, right = st.columns(2)
    which = left.segmented_control(
        "Obstacles",
        list(WHICH),
        default="open",
        required=True,
        format_func=WHICH.get,
        key="obstacles-which",
    )
    measure = right.segmented_control(
        "Show",
        list(HEATMAP_SCALES),
        default="count",
        required=True,
        format_func=HEATMAP_SCALES.get,
        key="obstacles-measure",
    )
    return which, measure


def kpis(view: View) -> None:
    totals = cached(view, metrics.totals_with_previous)
    now, before = totals["now"], totals["previous"]

    cards = (
        ("Open at period end", "open", "inverse", "Reported by the period end, not resolved then"),
        ("Reported in period", "reported", "inverse", "Obstacles reported in the period"),
        ("Resolved in period", "resolved", "normal", "Marked resolved, resolved in the period"),
    )
    columns = st.columns(4)
    for column, (label, key, colour, help_text) in zip(columns, cards, strict=False):
        column.metric(
            label,
            f"{now[key]:,}",
            **delta_style(words.change(now[key], before[key]), colour),
            delta_description="vs previous period",
            help=help_text,
            border=True,
        )
    median = now["median_days"]
    columns[3].metric(
        "Median days to resolve",
        "—" if pd.isna(median) else f"{median:.0f}",
        **delta_style(
            words.change(now["median_days"], before["median_days"], "{:+.0f} days"), "inverse"
        ),
        delta_description="vs previous period",
        help="Reported to resolved, over the obstacles resolved in the period",
        border=True,
    )


def _largest_sentence(view: View, *, which: str, measure: str) -> str:
    grid = cached(view, metrics.labelled_grid, which=which, measure=measure)
    return words.largest_sentence(metrics.largest_cells(grid))


def heatmap(view: View, which: str, measure: str) -> tuple[str, str] | None:
    """Draw the heatmap (and its download); return the cell clicked, if any."""
    grid = cached(view, metrics.labelled_grid, which=which, measure=measure)
    if grid.empty:
        no_data("obstacles")
        return None
    event = show(
        view,
        _heatmap_figure,
        on_select="rerun",
        selection_mode=charts.CELL,
        key="obstacles-heatmap",
        alt_text="Obstacles by department and category; click a cell to list its obstacles",
        which=which,
        measure=measure,
    )
    st.markdown(derived(view, _largest_sentence, which=which, measure=measure))
    download_buttons(grid, "obstacles_by_department_and_category", key="obstacles-grid")
    return charts.selected_cell(event.selection)


# The metric's log columns with the labels this page adds beside the codes.
LOG_COLUMNS = [*metrics.LOG_COLUMNS, "category_label", "reporting_manager"]


def log(view: View, which: str, cell: tuple[str, str] | None) -> None:
    menus = cached(view, metrics.log_menus, which=which)
    if cell is not None:
        label = OBSTACLE_CATEGORIES.get(cell[1], cell[1])
        st.markdown(words.shown_cell(cell[0], label))
    columns = st.columns(4)
    pickers = (
        ("departments", "Department", "department", {}),
        ("categories", "Obstacle", "category", {"format_func": OBSTACLE_CATEGORIES.get}),
        ("severities", "Severity", "severity", {"format_func": labels.label}),
        ("statuses", "Status", "status", {"format_func": labels.label}),
    )
    chosen = {
        name: tuple(
            column.multiselect(
                label, menus[name], key=f"obstacles-log-{key}", placeholder="All", **extra
            )
        )
        for column, (name, label, key, extra) in zip(columns, pickers, strict=True)
    }
    shown = table_data(view, _log_table, which=which, cell=cell, **chosen)
    total = len(cached(view, metrics.labelled_log, which=which))
    st.caption(
        f"{shown.num_rows:,} of {labels.plural(total, 'obstacle')}. Descriptions are never shown."
    )
    show_table(
        shown,
        width="stretch",
        max_height=420,
        pinned="obstacle_id",
        column_order=[
            "obstacle_id",
            "department",
            "category_label",
            "severity",
            "status",
            "reported_date",
            "resolved_date",
            "days_open",
            "open",
            "reporting_manager",
        ],
        config={
            "obstacle_id": st.column_config.TextColumn("Obstacle"),
            "category_label": st.column_config.TextColumn("Category"),
            "severity": st.column_config.TextColumn("Severity"),
            "status": st.column_config.TextColumn("Status", help="As recorded in the data"),
            "days_open": st.column_config.NumberColumn(
                "Days open", help="Reported to resolved, or to the period end if still open"
            ),
            "open": st.column_config.CheckboxColumn("Open at period end"),
            "reporting_manager": st.column_config.TextColumn("Reporting manager"),
        },
    )
    download_buttons(
        lambda: _log_table(view, which=which, cell=cell, **chosen)[LOG_COLUMNS],
        "obstacle_log",
        key="obstacles-log",
    )


def severity(view: View, which: str) -> None:
    mix = cached(view, metrics.severity_by_department, which=which)
    if mix.empty:
        st.caption("No obstacles to show.")
        return
    show(view, _severity_figure, which=which, alt_text="Obstacles by severity in each department")
    download_buttons(mix.reset_index, "obstacle_severity", key="obstacles-severity")


def monthly(view: View) -> None:
    frame = cached(view, metrics.labelled_monthly)
    if frame.empty:
        st.caption("No obstacles were reported in the period.")
        return
    show(view, _monthly_figure, alt_text="Obstacles reported each month, by category")
    download_buttons(frame, "obstacles_reported_by_month", key="obstacles-monthly")


def resolution(view: View, by: str, title: str) -> None:
    times = cached(view, metrics.labelled_resolution, by=by)
    if times.empty:
        st.caption("Nothing open or resolved in the period.")
        return
    # Columns stack on a phone, where the two charts side by side would not fit.
    counts, days = st.columns([3, 2])
    with counts:
        show(
            view,
            _resolution_figure,
            by=by,
            title=title,
            alt_text=f"Obstacles open and resolved, by {title.lower()}",
        )
    with days:
        show(
            view,
            _median_days_figure,
            by=by,
            title=title,
            alt_text=f"Median days to resolve an obstacle, by {title.lower()}",
        )
    download_buttons(times.reset_index, f"obstacle_resolution_by_{by}", key=f"obstacles-res-{by}")


def _uptake_caption(view: View) -> str:
    result = cached(view, metrics.uptake_against_obstacles)
    return words.uptake_caption(result.departments, result.uptake, result.per_100)


def uptake_view(view: View) -> None:
    frame = cached(view, metrics.uptake_against_obstacles).departments
    if frame.empty:
        st.caption("No department has eligible employees in this slice.")
        return
    show(
        view,
        _uptake_figure,
        alt_text="Departments by uptake and by open obstacles per 100 eligible employees",
    )
    st.caption(derived(view, _uptake_caption))
    download_buttons(frame, "uptake_against_obstacles", key="obstacles-uptake")
