"""The Participation page's parts: headline, funnel, the drill-down breakdown, new pairings and
coach capacity, each with the data behind it to download."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.charts.participation import capacity_chart, funnel_chart, new_relationships_chart
from dashboard.charts.rate_bars import rate_bars
from dashboard.empty_advice import has_line_managers
from dashboard.kpis import RAG_BADGES, delta_style, format_against
from dashboard.metrics.against_target import scope_department, worst_first
from dashboard.metrics.capacity import capacity_summary, coach_load, over_capacity
from dashboard.metrics.rates import rated_groups
from dashboard.metrics.targets import Targets, rag, target_for
from dashboard.metrics.team import status_in_words, team_relationships
from dashboard.metrics.uptake import funnel as uptake_funnel
from dashboard.metrics.uptake import (
    new_relationships_by_month,
    stage_counts,
    uptake_against_targets,
    uptake_by,
)
from dashboard.ui import settings
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
from dashboard.ui.empty_states import no_data, no_line_managers
from dashboard.ui.figures import show
from dashboard.ui.tables import show_table, table_data
from dashboard.ui.view import View
from dashboard.wording.markdown import escape
from dashboard.wording.participation import not_shown, team_uptake

RATE_HINT = (
    "Whiskers: 95 % Wilson interval, so a 2-of-3 is not over-read. Black tick: the target. "
    "Each bar's numerator and denominator: hover it, or open *As a table* below the chart."
)


def funnel(view: View) -> pd.DataFrame:
    return cached(view, uptake_funnel)


def headline(view: View, targets: Targets) -> None:
    """Uptake against its target, eligible, participants and active, with last period's change."""
    counts = cached(view, stage_counts)
    now_counts, before_counts = counts["now"], counts["before"]
    eligible, matched = now_counts.get("eligible"), now_counts.get("matched")
    uptake = matched / eligible if eligible else None
    was_eligible, was_matched = before_counts.get("eligible"), before_counts.get("matched")
    was = was_matched / was_eligible if was_eligible else None
    goal = target_for(targets, "uptake", scope_department(view.filters))
    status = rag(uptake, goal)
    label = "Uptake" + (f" {RAG_BADGES[status]}" if status else "")
    cards = st.columns(4)
    cards[0].metric(
        label,
        "—" if uptake is None else format_against(uptake, goal, "rate"),
        **delta_style(
            None if uptake is None or was is None else f"{100 * (uptake - was):+.1f} pts"
        ),
        help=f"Participants / eligible headcount: {matched:,} of {eligible:,}. Target {goal:.0%}.",
        border=True,
    )
    for column, (stage, text, meaning) in zip(
        cards[1:],
        (
            ("eligible", "Eligible", "Eligible employees in the period."),
            ("matched", "Participants", "Eligible employees in a pairing during the period."),
            ("active", "Active participants", "Participants with a session held in the period."),
        ),
        strict=True,
    ):
        now, then = now_counts.get(stage), before_counts.get(stage)
        column.metric(
            text,
            "—" if now is None else f"{now:,}",
            **delta_style(None if now is None or then is None else f"{now - then:+,}"),
            help=meaning if now is not None else f"{meaning} Needs a sessions table.",
            border=True,
        )


def _funnel_figure(view: View) -> alt.LayerChart:
    return funnel_chart(funnel(view))


def funnel_section(stages: pd.DataFrame, view: View) -> None:
    show(
        view,
        _funnel_figure,
        alt_text="Uptake funnel: people at each stage from eligible to achieved",
    )
    absent = [
        (table, stage)
        for table, stage in (
            ("enrolments", "Enrolled"),
            ("sessions", "Active"),
            ("goals", "Achieved"),
        )
        if not view.data.has(table)
    ]
    if absent:
        st.caption(not_shown(absent))
    download_buttons(stages, "uptake_funnel", key="funnel")


RATE_COLUMNS = [
    "label",
    "status",
    "rate",
    "target",
    "numerator",
    "denominator",
    "ci_low",
    "ci_high",
]
TEAM_COLUMNS = [
    "participant",
    "coach",
    "kind",
    "format",
    "start_date",
    "sessions_held",
    "last_session",
    "goals_set",
    "goals_completed",
    "status",
    "end_date",
]
OVER_COLUMNS = ["coach", "department", "participants", "in_selection"]


def _rate_table(view: View, key_title: str, *, by: str, **figure: object) -> None:
    # The group's id travels with the rows, unseen (a team's label is its manager's name).
    show_table(
        table_data(view, _uptake_worst_first, columns=[*RATE_COLUMNS, by], by=by, **figure),
        width="stretch",
        column_order=RATE_COLUMNS,
        pinned="label",
        config={
            "label": st.column_config.TextColumn(key_title),
            "status": st.column_config.TextColumn("Against target"),
            "numerator": st.column_config.NumberColumn("Participants"),
            "denominator": st.column_config.NumberColumn("Eligible"),
            "rate": st.column_config.NumberColumn("Uptake", **PERCENT),
            "ci_low": st.column_config.NumberColumn("95 % from", **PERCENT),
            "ci_high": st.column_config.NumberColumn("95 % to", **PERCENT),
            "target": st.column_config.NumberColumn("Target", **PERCENT),
        },
    )


def _uptake(view: View, *, by: str, targets: Targets, department: str | None) -> pd.DataFrame:
    return cached(view, uptake_against_targets, by=by, targets=targets, department=department)


def _uptake_worst_first(
    view: View, *, by: str, targets: Targets, department: str | None
) -> pd.DataFrame:
    return worst_first(_uptake(view, by=by, targets=targets, department=department))


def _uptake_rated(view: View, *, by: str, targets: Targets, department: str | None) -> int:
    return rated_groups(_uptake(view, by=by, targets=targets, department=department))


def _uptake_figure(
    view: View, *, by: str, targets: Targets, department: str | None
) -> alt.LayerChart:
    selection = DEPARTMENT_SELECTION if by == "department" else MANAGER_SELECTION
    return rate_bars(
        _uptake(view, by=by, targets=targets, department=department),
        key=by,
        rate_title="Uptake",
        selection=selection,
    )


def _by_department(place: Place, targets: Targets) -> None:
    view = place.view
    st.subheader("Uptake by department")
    figure = {"by": "department", "targets": targets, "department": None}
    rated = derived(view, _uptake_rated, **figure)
    if not rated:
        no_data("eligible employees")
        return
    st.caption("Click a department's bar to see its managers' teams. " + RATE_HINT)
    bars_note(rated, "departments")
    clickable_chart(
        place,
        _uptake_figure,
        key="uptake_by_department",
        alt_text="Uptake by department against target; click a bar to drill into it",
        **figure,
    )
    with st.expander("As a table"):
        _rate_table(view, "Department", **figure)
    download_buttons(
        lambda: _uptake_worst_first(view, **figure), "uptake_by_department", key="uptake-dept"
    )


def _by_manager(place: Place, targets: Targets) -> None:
    view, drill = place.view, place.drill
    st.subheader(f"Uptake by manager's team in {escape(drill.department)}")
    figure = {"by": "manager_id", "targets": targets, "department": drill.department}
    rated = derived(view, _uptake_rated, **figure)
    if not has_line_managers(view.data.employees):
        no_line_managers()
        return
    if not rated:
        no_data(
            f"managers with eligible direct reports in {escape(drill.department)}", drilled=True
        )
        return
    st.caption(
        "A team is the manager's eligible direct reports. Click a bar to see the team's "
        "pairings. " + RATE_HINT
    )
    bars_note(rated, "teams")
    clickable_chart(
        place,
        _uptake_figure,
        key="uptake_by_manager",
        alt_text=f"Uptake of each manager's team in {drill.department}; click a bar for the team",
        **figure,
    )
    with st.expander("As a table"):
        _rate_table(view, "Manager", **figure)
    download_buttons(
        lambda: _uptake_worst_first(view, **figure), "uptake_by_manager", key="uptake-mgr"
    )


def _team_table(view: View) -> pd.DataFrame:
    return status_in_words(cached(view, team_relationships))


def team_table(view: View) -> None:
    # The ids travel with the rows, unseen, so the data behind the table can be traced.
    show_table(
        table_data(view, _team_table, columns=[*TEAM_COLUMNS, "relationship_id", "participant_id"]),
        width="stretch",
        column_order=TEAM_COLUMNS,
        pinned="participant",
        config={
            "start_date": "Start",
            "sessions_held": st.column_config.NumberColumn(
                "Sessions held", help="Held sessions up to the period end"
            ),
            "goals_set": st.column_config.NumberColumn(
                "Goals set to date", help="Goals set up to the period end"
            ),
            # Not the period's goals completed (the KPI): this pairing's, since it began.
            "goals_completed": st.column_config.NumberColumn(
                "Goals completed to date", help="Goals completed up to the period end"
            ),
            "end_date": "End",
        },
    )


def _team(view: View, label: str) -> None:
    st.subheader(label)
    uptake = cached(view, uptake_by, by="manager_id")
    if len(uptake):
        row = uptake.iloc[0]
        st.caption(team_uptake(row["numerator"], row["denominator"], row["rate"]))
    frame = cached(view, team_relationships)
    if frame.empty:
        no_data("pairings of this team running in the period", drilled=True)
        return
    team_table(view)
    download_buttons(frame, "team_relationships", key="team")


def breakdown(place: Place, targets: Targets) -> None:
    """The drill-down: departments, then one department's managers, then one team."""
    level = place.drill.level
    if level == "organisation":
        _by_department(place, targets)
    elif level == "department":
        _by_manager(place, targets)
    else:
        _team(place.view, f"Team of {escape(place.name(place.drill.manager))}")


def _new_relationships_figure(view: View) -> alt.Chart:
    return new_relationships_chart(cached(view, new_relationships_by_month))


def new_relationships(view: View) -> None:
    monthly = cached(view, new_relationships_by_month)
    if not monthly["relationships"].any():
        no_data("pairings started in the period")
        return
    show(
        view,
        _new_relationships_figure,
        alt_text="New pairings per month, coaching and mentoring stacked",
    )
    download_buttons(monthly, "new_relationships_by_month", key="new-rel")


def _coach_load(view: View) -> pd.DataFrame:
    """Coach load, each coach's total counted over the whole organisation (for a department
    head, from the organisation's figures: their data holds only their departments' pairings)."""
    totals = None if view.organisation is None else view.organisation.coaches
    return coach_load(view.data, view.filters, totals)


def _capacity_figure(view: View, *, limit: int) -> alt.Chart:
    return capacity_chart(derived(view, _coach_load), limit)


def _over_capacity(view: View, *, limit: int) -> pd.DataFrame:
    return over_capacity(derived(view, _coach_load), limit)


def _capacity_numbers(view: View, *, limit: int) -> dict[str, float | bool]:
    return capacity_summary(view.data, derived(view, _coach_load), limit)


def coach_capacity(view: View) -> None:
    limit = settings.coach_limit()
    numbers = derived(view, _capacity_numbers, limit=limit)
    if not numbers["named"]:
        st.info(
            "Coach capacity needs the `coach_id` column of the `relationships` table, which is "
            "empty in this source.",
            icon=":material/table_view:",
        )
        return
    if not numbers["coaches"]:
        no_data("pairings with a coach running at the period end")
        return
    cards = st.columns(3)
    cards[0].metric("Coaches", f"{numbers['coaches']:,}", border=True)
    cards[1].metric(
        "Participants per coach",
        f"{numbers['mean']:.1f}",
        help="Mean distinct participants per coach in pairings running at the period end "
        f"(median {numbers['median']:.0f}).",
        border=True,
    )
    cards[2].metric(
        f"Carrying more than {limit}",
        f"{numbers['over']:,}",
        help="Set the limit with [capacity] max_participants_per_coach in dashboard.toml.",
        border=True,
    )
    st.caption(
        "A coach's load counts every pairing they run at the period end, in any department; "
        "*In selection* counts only the pairings that match the filters."
    )
    show(
        view,
        _capacity_figure,
        alt_text=f"Coaches by participants carried; more than {limit} in red",
        limit=limit,
    )
    download_buttons(lambda: derived(view, _coach_load), "coach_capacity", key="capacity")
    if numbers["over"]:
        st.markdown(f"**Coaches carrying more than {limit} participants**")
        show_table(
            table_data(view, _over_capacity, columns=OVER_COLUMNS, limit=limit),
            width="stretch",
            pinned="coach",
            config={"in_selection": st.column_config.NumberColumn("In selection")},
        )
        download_buttons(
            lambda: _over_capacity(view, limit=limit), "coaches_over_capacity", key="capacity-over"
        )
