"""The Successes & risks page's parts: settings, cached metric calls and their widgets."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.charts.successes import retention_chart
from dashboard.config import config_path, read_config
from dashboard.individual_feedback import may_see_individual_feedback
from dashboard.metrics import leadership, risks, successes
from dashboard.metrics.rates import as_percent
from dashboard.metrics.retention import CHART_MIN_GROUP, charted, retention_by_department
from dashboard.ui.cache import cached, derived
from dashboard.ui.downloads import download_buttons
from dashboard.ui.empty_states import missing_table, no_data
from dashboard.ui.figures import show
from dashboard.ui.tables import show_table, table_data
from dashboard.ui.view import View
from dashboard.wording import successes as words

CAVEAT = (
    "**An association, not proof of effect.** Who takes part is not random: motivation, role, "
    "manager and career stage all differ between the groups, and none of them is adjusted for. "
    "A lower leaving rate among participants is consistent with the programme helping people "
    "stay, but does not show that it did."
)
IMPROVEMENT_MEASURES = {"participation": "Uptake", "goal_completion": "Goal completion"}
# The page's pairings are coaching and mentoring alike.
COACH = {"coach": "Coach or mentor"}


# --- settings -----------------------------------------------------------------------------------


def _warn(exc: ValueError, fallback: str) -> None:
    st.warning(
        f"**{config_path()} has a mistake:** {exc}. {fallback}", icon=":material/settings_alert:"
    )


def idle_days_default() -> int:
    """`[risks] idle_days` from the settings file, or 45."""
    try:
        return risks.idle_days_setting(read_config())
    except ValueError as exc:
        _warn(exc, f"{risks.DEFAULT_IDLE_DAYS} days are used until it is fixed.")
        return risks.DEFAULT_IDLE_DAYS


def individual_feedback() -> bool:
    """Whether this user may see signals from a pairing's own feedback: `[privacy]
    individual_feedback` in the settings file (default: nobody)."""
    user = st.user.to_dict()
    email = user.get("email") if user.get("is_logged_in") else None
    try:
        return may_see_individual_feedback(read_config(), email)
    except ValueError as exc:
        _warn(exc, "A pairing's own feedback stays hidden until it is fixed.")
        return False


def senior_levels() -> tuple[str, ...]:
    """`[leadership] senior_levels` from the settings file, or the default senior levels."""
    try:
        return leadership.senior_levels_setting(read_config())
    except ValueError as exc:
        _warn(exc, f"The levels {', '.join(leadership.DEFAULT_SENIOR_LEVELS)} are used.")
        return leadership.DEFAULT_SENIOR_LEVELS


# --- tables: table(view, **plain values) -> the rows as shown, their Arrow form cached -------

AT_RISK_COLUMNS = [
    "relationship_id",
    "reasons",
    "participant",
    "coach",
    "department",
    "manager",
    "kind",
    "start_date",
    "last_held_session",
    "days_since_held",
]
ON_TIME_COLUMNS = [
    "goal_id",
    "participant",
    "coach",
    "department",
    "category",
    "target_date",
    "completed_date",
    "days_early",
]
HAPPY_COLUMNS = [
    "relationship_id",
    "participant",
    "coach",
    "department",
    "kind",
    "format",
    "start_date",
    "end_date",
    "responses",
]
RETENTION_COLUMNS = [
    "department",
    "participant_n",
    "participant_leavers",
    "participant_rate",
    "non_participant_n",
    "non_participant_leavers",
    "non_participant_rate",
    "difference",
]
SPONSOR_COLUMNS = [
    "programme_name",
    "sponsor",
    "sponsor_job_level",
    "sponsor_department",
    "start_date",
    "end_date",
]


def _reason_counts(view: View, *, idle_days: int, individual_feedback: bool) -> pd.DataFrame:
    return risks.reason_counts(
        cached(
            view, risks.at_risk_named, idle_days=idle_days, individual_feedback=individual_feedback
        )
    )


def _improved_both(view: View, *, measure: str) -> pd.DataFrame:
    """Departments and managers that rose most, in one table for the download."""
    return successes.improved_both(
        cached(view, successes.most_improved_named, by="department", measure=measure),
        cached(view, successes.most_improved_named, by="manager_id", measure=measure),
    )


def _shows(view: View) -> dict[str, bool]:
    return {
        "sponsors": bool(leadership.has_sponsors(view.data)),
        "leaders": bool(leadership.has_job_levels(view.data)),
    }


def leadership_parts(view: View) -> dict[str, bool]:
    """Which leadership parts the data can show: programme sponsors, senior coaches."""
    return derived(view, _shows)


def _at_risk_table(view: View, *, idle_days: int, individual_feedback: bool) -> pd.DataFrame:
    return cached(
        view, risks.at_risk_named, idle_days=idle_days, individual_feedback=individual_feedback
    )


def _on_time_table(view: View) -> pd.DataFrame:
    return cached(view, successes.on_time_goals)[0]


def _on_time_by_department(view: View) -> pd.DataFrame:
    return successes.on_time_by_department(_on_time_table(view))


def _happy_table(view: View) -> pd.DataFrame:
    return cached(view, successes.happy_completions)


def _improved_table(view: View, *, by: str, measure: str) -> pd.DataFrame:
    frame = cached(view, successes.most_improved_named, by=by, measure=measure)
    return as_percent(frame, ["rate", "previous_rate"])


def _retention_table(view: View) -> pd.DataFrame:
    shown = cached(view, retention_by_department)[0].reset_index()
    return as_percent(shown, ["participant_rate", "non_participant_rate", "difference"])


def _sponsors_table(view: View) -> pd.DataFrame:
    return leadership.sponsors_listed(cached(view, leadership.programme_sponsors))


def _support_table(view: View, *, levels: tuple[str, ...]) -> pd.DataFrame:
    support = cached(view, leadership.senior_support_and_coaches, levels=levels)[0]
    return as_percent(support, ["share"])


def _coaches_table(view: View, *, levels: tuple[str, ...]) -> pd.DataFrame:
    coaches = cached(view, leadership.senior_support_and_coaches, levels=levels)[1]
    return leadership.coaches_listed(coaches)


# --- widgets ------------------------------------------------------------------------------------


def at_risk(view: View, default_idle_days: int, individual_feedback: bool) -> None:
    left, _ = st.columns([1, 3])
    idle_days = int(
        left.number_input(
            "Idle after (days)",
            min_value=1,
            max_value=730,
            value=default_idle_days,
            step=1,
            key="risks-idle-days",
            help="An active relationship with no held session for more than this many days is "
            "at risk. Default from `[risks] idle_days` in dashboard.toml.",
        )
    )
    judged = {"idle_days": idle_days, "individual_feedback": individual_feedback}
    frame = cached(view, risks.at_risk_named, **judged)
    counts = derived(view, _reason_counts, **judged)
    cards = st.columns(len(counts) + 1)
    cards[0].metric(
        "At risk",
        f"{len(frame):,}",
        help="Relationships with at least one reason; one with two reasons counts once here",
        border=True,
    )
    helps = {
        "idle": f"Active, and no session held for more than {idle_days} days",
        "low_satisfaction": f"Active, and the latest satisfaction score is "
        f"{risks.LOW_SATISFACTION} or lower",
        "missed_sessions": f"Active, and {risks.MISSED_RUN} or more cancelled or no-show "
        "sessions since the last one held",
        "mismatch": "Ended early in the period, with a mismatch given as the reason",
    }
    for card, row in zip(cards[1:], counts.itertuples(), strict=True):
        card.metric(row.label, f"{row.relationships:,}", help=helps[row.reason], border=True)
    if not individual_feedback:
        st.caption(
            "A low satisfaction score is not a reason here: flagging a pairing for it would "
            "disclose one person's answer. Users allowed to see individual feedback "
            "(`[privacy] individual_feedback` in dashboard.toml) see it; satisfaction by "
            "group is on the Overview."
        )
    if frame.empty:
        st.success("No relationship is at risk in this selection.", icon=":material/check:")
        return
    show_table(
        table_data(view, _at_risk_table, columns=AT_RISK_COLUMNS, **judged),
        width="stretch",
        max_height=420,
        pinned="relationship_id",
        config={
            **COACH,
            "reasons": st.column_config.ListColumn("Reasons", width="large"),
            "manager": "Line manager",
            "days_since_held": st.column_config.NumberColumn("Days since"),
        },
    )
    download_buttons(
        lambda: risks.reasons_as_text(frame),
        "at_risk_relationships",
        key="risks-list",
    )


def on_time_goals(view: View) -> None:
    if view.data.goals is None:
        missing_table("goals", "Goals completed on time")
        return
    frame, completed = cached(view, successes.on_time_goals)
    st.markdown(words.on_time_sentence(len(frame), completed))
    if frame.empty:
        return
    left, right = st.columns([1, 2], gap="large")
    show_table(
        table_data(view, _on_time_by_department),
        where=left,
        config={"goals_on_time": st.column_config.NumberColumn("On time")},
    )
    show_table(
        table_data(view, _on_time_table, columns=ON_TIME_COLUMNS),
        where=right,
        max_height=360,
        config={
            **COACH,
            "completed_date": "Completed",
            "days_early": st.column_config.NumberColumn("Days early"),
        },
    )
    download_buttons(frame, "goals_completed_on_time", key="successes-goals")


def happy_completions(view: View, individual_feedback: bool) -> None:
    if view.data.feedback is None:
        missing_table("feedback", "Relationships completed with high satisfaction")
        return
    if not individual_feedback:
        st.info(
            "Pairings that ended with high satisfaction are listed only for users allowed to "
            "see individual feedback (`[privacy] individual_feedback` in dashboard.toml): a "
            "pairing's scores are one or two people's answers, and whether it is listed "
            "would tell its participants' colleagues how they rated it. Satisfaction by "
            "group is on the Overview.",
            icon=":material/lock:",
        )
        return
    frame = cached(view, successes.happy_completions)
    st.markdown(words.happy_sentence(len(frame), view.k))
    if frame.empty:
        return
    show_table(
        table_data(view, _happy_table, columns=HAPPY_COLUMNS),
        width="stretch",
        max_height=360,
        config={
            **COACH,
            "end_date": "Completed",
            "responses": st.column_config.NumberColumn("Responses"),
        },
    )
    download_buttons(frame, "completed_with_high_satisfaction", key="successes-happy")


def _rate_columns(measure: str) -> dict:
    label = IMPROVEMENT_MEASURES[measure]
    return {
        "rate": st.column_config.NumberColumn(label, format="%.1f%%"),
        "previous_rate": st.column_config.NumberColumn("Previous", format="%.1f%%"),
        "change_points": st.column_config.NumberColumn(
            "Rise (points)", format="%+.1f", help="Percentage points against the previous period"
        ),
        "denominator": st.column_config.NumberColumn(
            "Base",
            help="Eligible employees (uptake) or goals closed or overdue (goal completion) now",
        ),
    }


def most_improved(view: View) -> None:
    measure = st.segmented_control(
        "Measure",
        list(IMPROVEMENT_MEASURES),
        default="participation",
        required=True,
        format_func=IMPROVEMENT_MEASURES.get,
        key="successes-improved-measure",
    )
    if measure == "goal_completion" and view.data.goals is None:
        missing_table("goals", "Goal completion")
        return
    previous = view.filters.previous()
    st.caption(words.improvement_caption(previous.start, previous.end))
    left, right = st.columns(2, gap="large")
    for column, by, title, name in (
        (left, "department", "Departments", "department"),
        (right, "manager_id", "Operational managers", "manager"),
    ):
        frame = cached(view, successes.most_improved_named, by=by, measure=measure)
        column.markdown(f"**{title}**")
        if frame.empty:
            column.caption("None rose against the previous period.")
            continue
        order = [name, *(["department"] if by == "manager_id" else [])]
        show_table(
            table_data(
                view,
                _improved_table,
                columns=[*order, "rate", "previous_rate", "change_points", "denominator"],
                by=by,
                measure=measure,
            ),
            where=column,
            width="stretch",
            config=_rate_columns(measure),
        )
    download_buttons(
        lambda: _improved_both(view, measure=measure),
        f"most_improved_{measure}",
        key="successes-improved",
    )


def _any_charted(view: View) -> bool:
    return not charted(cached(view, retention_by_department)[0]).empty


def _retention_figure(view: View) -> alt.LayerChart:
    return retention_chart(charted(cached(view, retention_by_department)[0]))


def retention_section(view: View) -> None:
    st.info(CAVEAT, icon=":material/info:")
    table, overall = cached(view, retention_by_department)
    row = overall.loc["all"]
    cards = st.columns(3)
    for card, group, label in (
        (cards[0], "participant", "Participants who left"),
        (cards[1], "non_participant", "Non-participants who left"),
    ):
        n, leavers = int(row[f"{group}_n"]), int(row[f"{group}_leavers"])
        rate = row[f"{group}_rate"]
        card.metric(
            label,
            "—" if pd.isna(rate) else f"{rate:.1%}",
            help=f"{leavers:,} of {n:,} eligible employees left in the period",
            border=True,
        )
        card.caption(f"{leavers:,} of {n:,}")
    gap = row["difference"]
    cards[2].metric(
        "Difference",
        "—" if pd.isna(gap) else f"{100 * gap:+.1f} points",
        help="Participants' leaving rate minus non-participants'; negative: participants left "
        "less often",
        border=True,
    )
    if table.empty:
        no_data("eligible employees")
        return
    if derived(view, _any_charted):
        show(
            view,
            _retention_figure,
            alt_text="Leaving rate of participants against non-participants, by department",
        )
    show_table(
        table_data(view, _retention_table, columns=RETENTION_COLUMNS),
        width="stretch",
        pinned="department",
        config={
            "participant_n": st.column_config.NumberColumn("Participants"),
            "participant_leavers": st.column_config.NumberColumn("…who left"),
            "participant_rate": st.column_config.NumberColumn("Leaving rate", format="%.1f%%"),
            "non_participant_n": st.column_config.NumberColumn("Non-participants"),
            "non_participant_leavers": st.column_config.NumberColumn("…who left "),
            "non_participant_rate": st.column_config.NumberColumn("Leaving rate ", format="%.1f%%"),
            "difference": st.column_config.NumberColumn(
                "Difference (points)",
                format="%+.1f",
                help="Participants' leaving rate minus non-participants', in percentage points",
            ),
        },
    )
    st.caption(
        "Each rate's 95 % interval (Wilson) is the line through its dot: with a few dozen people "
        "in a group, a gap of several points can be chance. The chart leaves out departments "
        f"with fewer than {CHART_MIN_GROUP} people in either group; the table lists them all."
    )
    download_buttons(table.reset_index(), "retention_by_department", key="successes-retention")


def sponsors(view: View) -> None:
    frame = cached(view, leadership.programme_sponsors)
    if frame.empty:
        st.caption("No programme runs in this period.")
        return
    show_table(
        table_data(view, _sponsors_table, columns=SPONSOR_COLUMNS),
        width="stretch",
        config={
            "programme_name": st.column_config.TextColumn("Programme"),
            "sponsor": st.column_config.TextColumn("Sponsor"),
            "sponsor_job_level": st.column_config.TextColumn("Level"),
            "sponsor_department": st.column_config.TextColumn("Department"),
            "start_date": "Starts",
            "end_date": "Ends",
        },
    )


def senior_leaders(view: View, levels: tuple[str, ...]) -> None:
    support, coaches = cached(view, leadership.senior_support_and_coaches, levels=levels)
    total = support.iloc[-1]
    left, right = st.columns([2, 3], gap="large")
    left.metric(
        "Senior leaders who coach or mentor",
        f"{total['as_coach_or_mentor']:,} of {total['senior_leaders']:,}",
        help=words.senior_levels_help(levels),
        border=True,
    )
    show_table(
        table_data(view, _support_table, levels=levels),
        where=left,
        width="stretch",
        config={
            "senior_leaders": st.column_config.NumberColumn("Leaders"),
            "as_coach_or_mentor": st.column_config.NumberColumn("Coach or mentor"),
            "share": st.column_config.NumberColumn("Share", format="%.0f%%"),
        },
    )
    with right:
        if coaches.empty:
            st.caption("No senior leader coaches or mentors in this period.")
            return
        show_table(
            table_data(
                view,
                _coaches_table,
                columns=["name", "job_level", "department", "coaching", "mentoring"],
                levels=levels,
            ),
            width="stretch",
            max_height=320,
            config={
                "name": st.column_config.TextColumn("Senior leader"),
                "coaching": st.column_config.NumberColumn("Coaching"),
                "mentoring": st.column_config.NumberColumn("Mentoring"),
            },
        )
        download_buttons(coaches, "senior_leaders_coaching", key="successes-leaders")
