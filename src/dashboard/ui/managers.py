"""The Managers page's parts: settings, the cached assessment and the widgets that show it."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.charts.funnel import funnel_chart, selected_manager
from dashboard.empty_advice import has_line_managers
from dashboard.labels import labelled, plural
from dashboard.metrics import managers, pairing
from dashboard.metrics.manager_advice import ManagersPage, grouped_actions, reviewed
from dashboard.metrics.managers import (
    DEFAULT_MIN_N,
    NUMERATORS,
    STATUS_LABELS,
    TEAM_MEASURES,
    ManagerReview,
    MeasureFit,
)
from dashboard.ui.cache import cached, derived
from dashboard.ui.columns import ColumnConfig
from dashboard.ui.downloads import download_buttons
from dashboard.ui.empty_states import no_line_managers, widen_advice
from dashboard.ui.figures import show
from dashboard.ui.tables import show_table, table_data
from dashboard.ui.view import View
from dashboard.wording.managers import benchmark_sentence, fit_sentence, how_judged, manager_card
from dashboard.wording.markdown import escape

_BOUND = {"bind": "query-params", "persist_state": "session"}
# Bound widgets put the option's label in the URL, so the labels are kept short.
BENCHMARK_OPTIONS = {"organisation": "The organisation", "selection": "The selected managers"}
DISPERSION = {
    "auto": "Widen when managers vary more than chance",
    "none": "Never widen (exact binomial)",
}
_PERCENT = {"format": "%.0f%%", "width": "small"}
_GRID_PERCENT = {"format": "%.0f%%"}
SHORT_LABELS = {"uptake": "Uptake", "goals": "Goals", "adherence": "Adherence"}
DENOMINATORS_TEXT = {
    "uptake": "eligible direct reports",
    "goals": "goals closed in the period or overdue at its end",
    "adherence": "sessions due in the period",
}


@dataclass(frozen=True)
class Settings:
    benchmark: str
    min_n: int
    overdispersion: str


DEFAULT_SETTINGS = Settings("organisation", DEFAULT_MIN_N, "auto")


def reference(view: View) -> dict[str, MeasureFit] | None:
    """The organisation's pooled rates and spread when the view is only part of it."""
    return None if view.organisation is None else dict(view.organisation.fits)


def assess(view: View, settings: Settings) -> ManagersPage:
    return cached(
        view,
        reviewed,
        benchmark=settings.benchmark,
        min_n=settings.min_n,
        overdispersion=settings.overdispersion,
        reference=reference(view),
    )


def settings_row(view: View) -> Settings:
    """The benchmark, the minimum team size and the over-dispersion rule, kept in the URL."""
    left, middle, right = st.columns([3, 1, 2])
    selection_help = (
        "the managers the sidebar's department and manager filters select"
        if view.filters.departments or view.filters.managers
        else "with no department or manager filter this is the whole organisation"
    )
    benchmark = left.radio(
        "Compare each manager's rate with the rate of",
        list(BENCHMARK_OPTIONS),
        format_func=BENCHMARK_OPTIONS.get,
        key="mgr_benchmark",
        horizontal=True,
        help="The organisation's rate judges everyone by one standard"
        + (
            " — every department's managers, not only those you see (their pooled rate and "
            "spread, as figures only), so your managers are judged as across the organisation"
            if view.organisation is not None
            else ""
        )
        + ". The selected managers' own rate compares managers within the selection "
        f"({selection_help}).",
        **_BOUND,
    )
    min_n = middle.number_input(
        "Minimum team size",
        min_value=1,
        max_value=50,
        value=DEFAULT_MIN_N,
        step=1,
        key="mgr_min_team",
        help="Managers with fewer eligible direct reports are listed but not judged.",
        **_BOUND,
    )
    overdispersion = right.selectbox(
        "Over-dispersion",
        list(DISPERSION),
        format_func=DISPERSION.get,
        key="mgr_dispersion",
        help="When managers differ more than chance alone explains, exact limits would flag "
        "too many; widening them (an additive random effect, τ²) keeps flags for real outliers.",
        **_BOUND,
    )
    return Settings(str(benchmark), int(min_n), str(overdispersion))


def no_managers(view: View) -> None:
    """No manager to show: the data names none at all, or the selection holds none."""
    if not has_line_managers(view.data.employees):
        no_line_managers()
        return
    st.info(
        "No operational manager with an eligible direct report matches these filters. "
        + widen_advice(),
        icon=":material/filter_alt_off:",
    )


def none_judged(min_n: int) -> None:
    st.info(
        f"No manager in this selection has a team of {min_n} or more eligible direct reports, "
        "so nobody is judged. Lower the minimum team size above. " + widen_advice(),
        icon=":material/group_off:",
    )


def _status_counts(view: View, *, settings: Settings) -> dict[str, int]:
    return managers.status_counts(assess(view, settings).review.table)


def status_summary(view: View, settings: Settings, review: ManagerReview) -> None:
    counts = derived(view, _status_counts, settings=settings)
    cards = [
        ("under", "Under-performing"),
        ("watch", "Watch"),
        ("strong", "Strong"),
        ("over", "Over-performing"),
        ("too_small", f"Team under {review.min_n}"),
    ]
    for column, (status, label) in zip(st.columns(len(cards)), cards, strict=True):
        column.metric(
            label,
            int(counts.get(status, 0)),
            help=f"Managers whose overall status is '{STATUS_LABELS[status]}'",
            border=True,
        )
    st.caption(
        f"{plural(len(review.table), 'manager')} in the selection. Overall status: any concern "
        "(under-performing, then watch) outranks any strength (over-performing, then strong)."
    )


def _funnel_figure(view: View, *, measure: str, settings: Settings) -> alt.LayerChart:
    review = assess(view, settings).review
    return funnel_chart(review.funnels[measure], review.fits[measure], measure)


def _measure_table(view: View, *, measure: str, settings: Settings) -> pd.DataFrame:
    return managers.funnel_rows(assess(view, settings).review.funnels[measure])


def funnel_tabs(view: View, settings: Settings, review: ManagerReview) -> str | None:
    """One tab per measure: the funnel plot, what it compares with in words, and the statistics
    in an expander; returns a clicked manager's id."""
    missing = {"goals": "goals", "adherence": "sessions"}
    for measure, sheet in missing.items():
        if measure not in review.measures:
            st.caption(
                f"{TEAM_MEASURES[measure]} is not judged: the data has no {sheet} table. Add a "
                f"'{sheet}' sheet (see the template on the Data page) to include it."
            )
    picked: str | None = None
    for tab, measure in zip(
        st.tabs([TEAM_MEASURES[m] for m in review.measures]), review.measures, strict=True
    ):
        with tab:
            points = review.funnels[measure]
            fit = review.fits[measure]
            if not (points["n"] > 0).any():
                st.info(f"No manager in this selection has any {DENOMINATORS_TEXT[measure]}.")
                continue
            event = show(
                view,
                _funnel_figure,
                on_select="rerun",
                key=f"funnel-{measure}",
                alt_text=f"Funnel plot of {TEAM_MEASURES[measure].lower()} by team size; click a "
                "manager to see the team",
                measure=measure,
                settings=settings,
            )
            picked = picked or selected_manager(event.selection if event else {})
            st.caption(benchmark_sentence(fit, review.benchmark, view.organisation is not None))
            measure_table(view, settings, points, measure, fit, review.benchmark)
    return picked


def measure_table(
    view: View,
    settings: Settings,
    points: pd.DataFrame,
    measure: str,
    fit: MeasureFit,
    benchmark: str,
) -> None:
    with st.expander(f"{TEAM_MEASURES[measure]}: the statistics behind the plot"):
        st.caption(fit_sentence(fit, benchmark))
        show_table(
            table_data(view, _measure_table, measure=measure, settings=settings),
            pinned="name",
            config={
                "name": st.column_config.TextColumn("Manager"),
                "x": st.column_config.NumberColumn(NUMERATORS[measure].capitalize()),
                "n": st.column_config.NumberColumn("Out of"),
                "rate": st.column_config.NumberColumn("Rate", **_PERCENT),
                "shrunken_rate": st.column_config.NumberColumn(
                    "Shrunken rate",
                    help="Empirical-Bayes estimate, pulled towards the benchmark; display only, "
                    "never used for the flag",
                    **_PERCENT,
                ),
                "lower95": st.column_config.NumberColumn("95 % lower limit", **_PERCENT),
                "upper95": st.column_config.NumberColumn("95 % upper limit", **_PERCENT),
                "p_value": st.column_config.NumberColumn(
                    "p-value", format="%.4f", help="One-sided, on the side the rate deviates"
                ),
                "flag": "Flag",
            },
        )
        download_buttons(points, f"manager_funnel_{measure}", key=f"dl-{measure}")


def _fits_table(view: View, *, settings: Settings) -> pd.DataFrame:
    return managers.fits_table(assess(view, settings).review.fits)


def _actions_table(view: View, *, settings: Settings) -> pd.DataFrame:
    return assess(view, settings).actions


def _pairs_table(view: View, *, settings: Settings) -> pd.DataFrame:
    return assess(view, settings).pairing.pairs


def _unpaired_table(view: View, *, settings: Settings) -> pd.DataFrame:
    return assess(view, settings).pairing.unpaired


def method_note(view: View, settings: Settings, review: ManagerReview) -> None:
    with st.expander("How managers are judged", icon=":material/info:"):
        st.markdown(how_judged(review.min_n))
        show_table(
            table_data(view, _fits_table, settings=settings),
            config={
                "measure": "Measure",
                "benchmark": st.column_config.NumberColumn("Benchmark", format="%.1f%%"),
                "managers": st.column_config.NumberColumn("Managers in the estimate"),
                "phi": st.column_config.NumberColumn("φ", format="%.3f"),
                "tau2": st.column_config.NumberColumn("τ²", format="%.5f"),
                "limits": "Limits",
            },
        )


def _grid_table(view: View, *, settings: Settings) -> pd.DataFrame:
    return managers.grid_rows(assess(view, settings).review)


def manager_grid(view: View, settings: Settings, review: ManagerReview) -> str | None:
    """The managers with flag, raw and shrunken rate per measure; returns a selected row's id."""
    config: dict[str, ColumnConfig | str] = {
        "name": st.column_config.TextColumn("Manager"),
        "status": "Overall status",
    }
    for measure in review.measures:
        label = SHORT_LABELS[measure]
        config |= {
            f"{measure}_flag": st.column_config.TextColumn(
                f"{label} flag", help=f"{TEAM_MEASURES[measure]}: the funnel-plot flag"
            ),
            f"{measure}_rate": st.column_config.NumberColumn(
                f"{label} raw",
                help=f"{TEAM_MEASURES[measure]}: the team's raw rate",
                **_GRID_PERCENT,
            ),
            f"{measure}_xn": st.column_config.TextColumn(
                f"{label} x/n",
                help=f"{NUMERATORS[measure].capitalize()} of {DENOMINATORS_TEXT[measure]}",
                width="small",
            ),
            f"{measure}_shrunken_rate": st.column_config.NumberColumn(
                f"{label} shrunken",
                help="Empirical-Bayes (beta-binomial) estimate beside the raw rate; display "
                "only, never used for flags",
                **_GRID_PERCENT,
            ),
        }
    event = show_table(
        table_data(view, _grid_table, settings=settings),
        column_order=managers.grid_order(review.measures),
        pinned="name",
        config=config,
        on_select="rerun",
        selection_mode="single-row",
        key="manager-table",
    )
    download_buttons(review.table, "managers", key="dl-managers")
    rows = event.selection.rows if event else []
    return str(review.table["manager_id"].iloc[rows[0]]) if rows else None


CARDS_SHOWN = 20


def _plain_words(view: View, *, settings: Settings) -> dict[str, object]:
    """The cards, strongest evidence first, at most CARDS_SHOWN a group, as Markdown: a group
    is one element however many managers it has (thousands at enterprise scale)."""
    page = assess(view, settings)
    return {
        key: {
            "cards": [manager_card(row) for row in chosen.head(CARDS_SHOWN).to_dict("records")],
            "total": len(chosen),
        }
        for key, chosen in grouped_actions(page.actions, page.review).items()
    }


def _more(shown: int, total: int) -> None:
    if total > shown:
        st.caption(
            f"The {shown} with the strongest evidence of {total:,}; every one is in the action "
            "list below and its download."
        )


def in_plain_words(view: View, settings: Settings) -> None:
    """Every manager who needs an action, in words that can be repeated to them: the team's
    figures against the benchmark and the responses that fit. Under-performers first, each
    in a box; those on watch and those to recognise in expanders."""
    groups = derived(view, _plain_words, settings=settings)
    if not any(g["total"] for g in groups.values()):
        st.info("No manager needs an action: everyone judged is as expected.")
        return
    under = groups["under"]
    for card in under["cards"]:
        st.container(border=True).markdown(card)
    _more(len(under["cards"]), under["total"])
    for key, what in (("watch", "on watch: a check-in conversation"), ("good", "to recognise")):
        group = groups[key]
        if not group["total"]:
            continue
        noun = "manager" if group["total"] == 1 else "managers"
        with st.expander(f"{group['total']:,} {noun} {what}"):
            st.markdown("\n\n---\n\n".join(group["cards"]))
            _more(len(group["cards"]), group["total"])


def action_list(view: View, settings: Settings, actions: pd.DataFrame) -> None:
    if actions.empty:
        return
    show_table(
        table_data(view, _actions_table, settings=settings),
        pinned="manager",
        column_order=[
            "manager",
            "department",
            "status",
            "evidence",
            "recommended_actions",
            "peer_mentoring",
        ],
        config={
            "evidence": st.column_config.TextColumn("Why", width="large"),
            "recommended_actions": st.column_config.TextColumn(
                "Recommended responses", width="large"
            ),
            "peer_mentoring": st.column_config.TextColumn("Peer mentoring", width="medium"),
        },
    )
    download_buttons(actions, "manager_action_list", key="dl-actions")


def pairing_tables(view: View, settings: Settings, result: pairing.Pairing) -> None:
    if result.pairs.empty and result.unpaired.empty:
        st.info("No under-performing manager in this selection needs a peer mentor.")
        return
    if not result.pairs.empty:
        st.caption(
            "Each under-performing manager is paired with an over-performing or strong one: as "
            "many same-department pairs as possible, then same-division, then the mentor who "
            "is furthest ahead on the mentee's weak measures. No mentor gets more than "
            f"{pairing.MENTOR_CAPACITY} mentees."
        )
        show_table(
            table_data(view, _pairs_table, settings=settings),
            pinned="mentee",
            column_order=[
                "mentee",
                "mentee_department",
                "mentee_concerns",
                "mentor",
                "mentor_department",
                "mentor_status",
                "mentor_strengths",
                "closeness",
            ],
            config={
                "mentee": st.column_config.TextColumn("Mentee"),
                "mentee_department": "Mentee's department",
                "mentee_concerns": "Concerns",
                "mentor": "Proposed mentor",
                "mentor_department": "Mentor's department",
                "mentor_status": "Mentor's status",
                "mentor_strengths": "Mentor's strengths",
                "closeness": "Organisational distance",
            },
        )
        download_buttons(result.pairs, "peer_mentor_pairs", key="dl-pairs")
    if not result.unpaired.empty:
        st.warning(
            "Under-performing managers without a proposed mentor:", icon=":material/link_off:"
        )
        show_table(
            table_data(view, _unpaired_table, settings=settings),
            column_order=["manager", "department", "reason"],
            config={"reason": "Why"},
        )


def team_drill(view: View, manager_id: str, review: ManagerReview, *, key: str) -> None:
    """The picked manager's team relationships in the period."""
    row = review.table.loc[review.table["manager_id"] == manager_id]
    name = row["name"].iloc[0] if len(row) else manager_id
    st.subheader(f"Team of {escape(name)}")
    team = cached(view, managers.team_relationships, manager_id=manager_id)
    if team.empty:
        st.info(f"No relationship of {escape(name)}'s team runs in this period.")
        return
    st.caption(
        f"{plural(len(team), 'coaching or mentoring relationship')} of {escape(name)}'s direct "
        "reports "
        "running in the period. Click elsewhere on the chart, or untick the row, to close."
    )
    show_table(
        labelled(team),
        pinned="participant",
        config={
            "sessions_due": st.column_config.NumberColumn("Sessions due"),
            "goals_due": st.column_config.NumberColumn("Goals closed or overdue"),
        },
    )
    download_buttons(team, f"team_{manager_id}", key=f"dl-team-{key}")
