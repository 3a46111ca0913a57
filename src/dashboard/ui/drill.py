"""The drill-down's widgets: the breadcrumb, the path kept in the URL, and chart clicks.

The path lives in two bound selectboxes (keys drill_dept and drill_mgr, so also URL parameters
whose values are the ones `dashboard.drill.to_params` writes). Chart clicks and breadcrumb steps
change them through callbacks, which run before the script, so the page draws the new level in
the same rerun.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial

import streamlit as st

from dashboard import drill as paths
from dashboard.charts.rate_bars import MAX_BARS
from dashboard.drill import DEPARTMENT_PARAM, MANAGER_PARAM, Drill
from dashboard.option_search import SEARCH_ABOVE
from dashboard.ui.cache import lookup
from dashboard.ui.figures import Figure, show
from dashboard.ui.view import View
from dashboard.wording.markdown import escape
from dashboard.wording.scope import bars_shown, drill_line

_BOUND = {"bind": "query-params", "persist_state": "session"}
DEPARTMENT_SELECTION = "pick_department"
MANAGER_SELECTION = "pick_manager"

Move = Callable[[Drill, Sequence[Mapping[str, object]] | None], Drill]


@dataclass(frozen=True)
class Place:
    """Where the user is: the path, the view cut to it, and each manager's label (id → label)."""

    drill: Drill
    view: View
    labels: Mapping[str, str]

    def name(self, manager: str) -> str:
        return self.labels.get(manager, manager)


def _go(drill: Drill, labels: Mapping[str, str]) -> None:
    params = paths.to_params(drill, labels)
    st.session_state[DEPARTMENT_PARAM] = params.get(DEPARTMENT_PARAM)
    st.session_state[MANAGER_PARAM] = params.get(MANAGER_PARAM)


def _on_click(key: str, selection: str, move: Move, labels: Mapping[str, str]) -> None:
    event = st.session_state.get(key)
    rows = event["selection"].get(selection) if event else None
    ids = {label: manager for manager, label in labels.items()}
    _go(move(paths.from_params(st.session_state, ids), rows), labels)


def _offer(key: str, options: Sequence[str]) -> None:
    """Forget a remembered value the current filters no longer offer (e.g. out of scope)."""
    if st.session_state.get(key) not in (None, *options):
        st.session_state[key] = None


def _path_widgets(menus: paths.Menus) -> Drill:
    departments = list(menus.teams)
    _offer(DEPARTMENT_PARAM, departments)
    department = st.selectbox(
        "Department",
        departments,
        index=None,
        key=DEPARTMENT_PARAM,
        placeholder="All departments",
        on_change=lambda: st.session_state.update({MANAGER_PARAM: None}),
        **_BOUND,
    )
    options = menus.team_labels[department]
    placeholder = "All managers"
    if len(options) > SEARCH_ABOVE:
        # Too many teams for one menu: a department narrows them first.
        current = st.session_state.get(MANAGER_PARAM, st.query_params.get(MANAGER_PARAM))
        options = [current] if current in menus.ids else []
        placeholder = "Choose a department first"
    _offer(MANAGER_PARAM, options)
    manager = st.selectbox(
        "Manager's team",
        options,
        index=None,
        key=MANAGER_PARAM,
        placeholder=placeholder,
        **_BOUND,
    )
    return paths.from_params({DEPARTMENT_PARAM: department, MANAGER_PARAM: manager}, menus.ids)


def drill_controls(view: View) -> Place:
    """Draw the breadcrumb (with a 'Go to' menu) and return where the user is."""
    # Thousands of managers make these lookups the slowest part of a rerun if rebuilt each time.
    menus = lookup(view.data, paths.menus, view.filters)
    labels = menus.labels
    row = st.container(horizontal=True, vertical_alignment="center", gap="small")
    trail = row.container(
        horizontal=True, vertical_alignment="center", gap="small", width="content"
    )
    with row.popover("Go to…", icon=":material/account_tree:", help="Choose a department or team"):
        drill = paths.resolve(_path_widgets(menus), menus.teams)
    for i, crumb in enumerate(paths.crumbs(drill, lambda m: labels.get(m, m))):
        if i:
            trail.markdown("›")
        if crumb.current:
            trail.markdown(f"**{escape(crumb.label)}**")
        else:
            trail.button(
                escape(crumb.label),
                key=f"crumb-{crumb.target.level}",
                type="tertiary",
                icon=":material/arrow_upward:",
                help="Go back up to this level",
                on_click=_go,
                args=(crumb.target, labels),
            )
    st.caption(drill_line(view.filters))
    return Place(drill, replace(view, filters=paths.narrow(view.filters, drill)), labels)


def clickable_chart(
    place: Place, figure: Figure, *, key: str, alt_text: str, **params: object
) -> None:
    """figure(place.view, **params), whose bars drill down: into a department, or a team."""
    selection, move = {
        "organisation": (DEPARTMENT_SELECTION, paths.select_department),
        "department": (MANAGER_SELECTION, paths.select_manager),
    }[place.drill.level]
    show(
        place.view,
        figure,
        key=key,
        on_select=partial(_on_click, key, selection, move, place.labels),
        selection_mode=selection,
        alt_text=alt_text,
        **params,
    )


def bars_note(rated: int, what: str) -> None:
    """Say so when a rate chart shows only the most telling of `rated` groups."""
    if rated > MAX_BARS:
        st.caption(bars_shown(MAX_BARS, rated, what))
