"""The Goals page's parts: headline, rates by department or team (the drill-down), states,
time to complete, categories and the overdue list. Goal text is never shown."""

from __future__ import annotations

from dataclasses import replace

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.charts.goals import category_chart, status_chart, time_to_complete_chart
from dashboard.charts.rate_bars import rate_bars
from dashboard.kpis import RAG_BADGES, delta_style, format_against
from dashboard.metrics import goal_breakdown as goals
from dashboard.metrics.against_target import scope_department
from dashboard.metrics.rates import rated_groups
from dashboard.metrics.targets import Targets, rag, target_for
from dashboard.ui.cache import cached, derived
from dashboard.ui.columns import PERCENT
from dashboard.ui.downloads import download_buttons
from dashboard.ui.drill import (
    DEPARTMENT_SELECTION,
    MANAGER_SELECTION,
    Place,
    bars_note,
    clickable_chart,
)
from dashboard.ui.empty_states import no_data
from dashboard.ui.figures import show
from dashboard.ui.tables import show_table, table_data
from dashboard.ui.view import View
from dashboard.wording.goals import durations_caption
from dashboard.wording.markdown import escape

RATE_HINT = (
    "Whiskers: 95 % Wilson interval. Black tick: the goal-completion target. Each bar's "
    "numerator and denominator: hover it, or open *As a table* below the chart."
)
CHART_TITLES = {
    "completion": "Completion: completed / goals closed or overdue",
    "on_time": "On time: completed by the target date / completed",
    "overdue": "Overdue: open past the target date / goals closed or overdue",
}


def totals(view: View) -> pd.DataFrame:
    return cached(view, goals.goal_totals)


def headline(view: View, now: pd.DataFrame, targets: Targets) -> None:
    """Completion against its target, on-time rate, overdue and goals closed or overdue, with
    last period's change."""
    before = totals(replace(view, filters=view.filters.previous()))
    goal = target_for(targets, "goal_completion", scope_department(view.filters))
    completion = now.loc["completion", "rate"]
    status = rag(None if pd.isna(completion) else float(completion), goal)
    cards = st.columns(4)

    def rate_card(column, measure: str, label: str, meaning: str) -> None:
        rate, was = now.loc[measure, "rate"], before.loc[measure, "rate"]
        column.metric(
            label,
            "—"
            if pd.isna(rate)
            else format_against(rate, goal if measure == "completion" else None, "rate"),
            **delta_style(
                None if pd.isna(rate) or pd.isna(was) else f"{100 * (rate - was):+.1f} pts",
                "inverse" if measure == "overdue" else "normal",
            ),
            help=f"{meaning}: {now.loc[measure, 'numerator']:,} of "
            f"{now.loc[measure, 'denominator']:,}."
            + (f" Target {goal:.0%}." if measure == "completion" else ""),
            border=True,
        )

    rate_card(
        cards[0],
        "completion",
        "Completion" + (f" {RAG_BADGES[status]}" if status else ""),
        "Completed / goals closed or overdue. Abandoned goals were closed without being "
        "achieved and count as not completed",
    )
    rate_card(cards[1], "on_time", "Completed on time", "Completed by the target date / completed")
    overdue, was_overdue = (int(f.loc["overdue", "numerator"]) for f in (now, before))
    cards[2].metric(
        "Goals overdue",
        f"{overdue:,}",
        **delta_style(f"{overdue - was_overdue:+,}", "inverse"),
        help="Open goals past their target date at the end of the period.",
        border=True,
    )
    due, was_due = (int(f.loc["completion", "denominator"]) for f in (now, before))
    cards[3].metric(
        "Goals closed or overdue",
        f"{due:,}",
        **delta_style(f"{due - was_due:+,}", "off"),
        help="Goals completed or abandoned in the period, or open past their target date at its "
        "end: the completion rate's denominator.",
        border=True,
    )


RATE_COLUMNS = [
    "label",
    "status",
    "completion_rate",
    "completion_numerator",
    "completion_denominator",
    "on_time_rate",
    "overdue_rate",
    "overdue_numerator",
    "target",
]
# The team's goals and the overdue list as shown: people and dates, not the ids behind them.
TEAM_COLUMNS = [c for c in goals.TEAM_COLUMNS if not c.endswith("_id")]
OVERDUE_COLUMNS = [c for c in goals.OVERDUE_COLUMNS if not c.endswith("_id")]


def _wide_rates(view: View, *, by: str, targets: Targets, department: str | None) -> pd.DataFrame:
    return cached(view, goals.rates_against_targets, by=by, targets=targets, department=department)


def _rate_table(view: View, key_title: str, *, by: str, **figure: object) -> None:
    # The group's id travels with the rows, unseen (a team's label is its manager's name).
    show_table(
        table_data(view, _wide_rates, columns=[*RATE_COLUMNS, by], by=by, **figure),
        width="stretch",
        column_order=RATE_COLUMNS,
        pinned="label",
        config={
            "label": st.column_config.TextColumn(key_title),
            "status": st.column_config.TextColumn("Against target"),
            "completion_rate": st.column_config.NumberColumn("Completion", **PERCENT),
            "completion_numerator": st.column_config.NumberColumn("Completed"),
            "completion_denominator": st.column_config.NumberColumn(
                "Closed or overdue",
                help="Completed or abandoned in the period, or open past the target date at its "
                "end; abandoned goals (closed without being achieved) count as not completed",
            ),
            "on_time_rate": st.column_config.NumberColumn("On time", **PERCENT),
            "overdue_rate": st.column_config.NumberColumn("Overdue rate", **PERCENT),
            "overdue_numerator": st.column_config.NumberColumn("Overdue"),
            "target": st.column_config.NumberColumn("Completion target", **PERCENT),
        },
    )


def _completion(view: View, targets: Targets, by: str, department: str | None) -> pd.DataFrame:
    return cached(
        view, goals.completion_against_targets, by=by, targets=targets, department=department
    )


def _completion_rated(view: View, *, by: str, targets: Targets, department: str | None) -> int:
    return rated_groups(_completion(view, targets, by, department))


def _rate_figure(
    view: View, *, measure: str, by: str, targets: Targets, department: str | None
) -> alt.LayerChart:
    """One goal rate per department or team as clickable bars (completion with its targets)."""
    if measure == "completion":
        frame = _completion(view, targets, by, department)
    else:
        frame = goals.rate_of(cached(view, goals.goal_rates, by=by), measure)
    return rate_bars(
        frame,
        key=by,
        rate_title=goals.GOAL_RATES[measure],
        title=CHART_TITLES[measure],
        selection=DEPARTMENT_SELECTION if by == "department" else MANAGER_SELECTION,
        full_scale=measure != "overdue",
    )


def _rates(place: Place, targets: Targets, by: str, key_title: str) -> None:
    view, drill = place.view, place.drill
    department = drill.department if by == "manager_id" else None
    figure = {"by": by, "targets": targets, "department": department}
    rated = derived(view, _completion_rated, **figure)
    if not rated:
        no_data("goals closed in the period or overdue at its end", drilled=by == "manager_id")
        return
    where = "department" if by == "department" else "team"
    st.caption(f"Click a bar to open that {where}. " + RATE_HINT)
    bars_note(rated, "departments" if by == "department" else "teams")
    clickable_chart(
        place,
        _rate_figure,
        key=f"goal_completion_by_{by}",
        alt_text=f"Goal completion by {key_title.lower()} against target; click to drill down",
        measure="completion",
        **figure,
    )
    for column, measure in zip(st.columns(2), ("on_time", "overdue"), strict=True):
        with column:
            clickable_chart(
                place,
                _rate_figure,
                key=f"goal_{measure}_by_{by}",
                alt_text=f"{goals.GOAL_RATES[measure]} rate by {key_title.lower()}",
                measure=measure,
                **figure,
            )
    with st.expander("As a table"):
        _rate_table(view, key_title, **figure)
    download_buttons(
        lambda: _wide_rates(view, **figure),
        f"goal_rates_by_{key_title.lower()}",
        key=f"goal-rates-{by}",
    )


def _team_table(view: View) -> pd.DataFrame:
    return cached(view, goals.team_goals)


def _overdue_table(view: View) -> pd.DataFrame:
    return cached(view, goals.overdue_list)


def _team(place: Place) -> None:
    st.subheader(f"Goals of the team of {escape(place.name(place.drill.manager))}")
    frame = cached(place.view, goals.team_goals)
    if frame.empty:
        no_data("goals of this team set, due or closed in the period", drilled=True)
        return
    show_table(
        table_data(place.view, _team_table, columns=TEAM_COLUMNS),
        width="stretch",
        pinned="participant",
        config={"state": st.column_config.TextColumn("State at period end")},
    )
    download_buttons(frame, "team_goals", key="team-goals")


def breakdown(place: Place, targets: Targets) -> None:
    """The drill-down: rates by department, then by manager's team, then the team's goals."""
    level = place.drill.level
    if level == "organisation":
        st.subheader("By department")
        _rates(place, targets, "department", "Department")
    elif level == "department":
        st.subheader(f"By manager's team in {escape(place.drill.department)}")
        _rates(place, targets, "manager_id", "Manager")
    else:
        _team(place)


def _states_figure(view: View) -> alt.LayerChart:
    return status_chart(cached(view, goals.status_breakdown))


def states(view: View) -> None:
    show(view, _states_figure, alt_text="Goals in play by their state at period end")
    st.caption(goals.ABANDONED_NOTE)
    download_buttons(cached(view, goals.status_breakdown), "goal_states", key="goal-states")


def _durations_figure(view: View) -> alt.Chart:
    return time_to_complete_chart(cached(view, goals.time_to_complete))


def durations(view: View) -> None:
    frame = cached(view, goals.time_to_complete)
    if frame.empty:
        no_data("goals completed in the period")
        return
    st.caption(durations_caption(frame["days_to_complete"]))
    show(
        view,
        _durations_figure,
        alt_text="Distribution of days from setting a goal to completing it",
    )
    download_buttons(frame, "time_to_complete", key="goal-durations")


def _categories_figure(view: View) -> alt.Chart:
    return category_chart(cached(view, goals.goals_by_category))


def categories(view: View) -> None:
    show(view, _categories_figure, alt_text="Goals by category, stacked by state")
    download_buttons(
        cached(view, goals.goals_by_category), "goals_by_category", key="goal-categories"
    )


def overdue(view: View) -> None:
    frame = cached(view, goals.overdue_list)
    if frame.empty:
        st.success("No goal is overdue at the end of the period.", icon=":material/task_alt:")
        return
    show_table(
        table_data(view, _overdue_table, columns=OVERDUE_COLUMNS),
        width="stretch",
        pinned="participant",
        config={
            "days_overdue": st.column_config.NumberColumn(
                "Days overdue", help="Days past the target date at the end of the period"
            ),
        },
    )
    download_buttons(frame, "overdue_goals", key="goal-overdue")


def any_in_play(view: View) -> bool:
    """Whether any goal was set, due or closed in the period for this selection."""
    return bool(cached(view, goals.status_breakdown)["goals"].sum())
