"""The Overview's verdict: the programme's health in a sentence and what to act on, with links."""

from __future__ import annotations

import streamlit as st

from dashboard.metrics import risks, verdict
from dashboard.metrics.targets import Targets
from dashboard.ui import links, managers, organisation, overview
from dashboard.ui.cache import cached, derived
from dashboard.ui.view import View
from dashboard.wording.verdict import action_line, headline


def narrower(view: View) -> bool:
    """True when the view is part of the organisation: a head's scope or a filter."""
    f = view.filters
    return view.organisation is not None or bool(f.departments or f.managers)


def _decide(view: View, *, targets: Targets, idle_days: int) -> verdict.Verdict:
    """The verdict from the results the pages already cache (the board pack and the CLI
    gather the same through `verdict.gather`)."""
    counts, total = cached(view, risks.at_risk_by_reason, idle_days=idle_days)
    evidence = verdict.Evidence(
        kpis=overview.headline(view),
        targets=targets,
        filters=view.filters,
        departments=overview.department_table(view),
        managers=managers.assess(view, managers.DEFAULT_SETTINGS).review.table,
        obstacles=cached(view, verdict.open_by_department),
        at_risk=counts,
        at_risk_total=total,
        organisation=organisation.of(view).kpis if narrower(view) else None,
        scope=verdict.whose(view.data, view.filters),
    )
    return verdict.decide(evidence)


def of(view: View, targets: Targets, idle_days: int) -> verdict.Verdict:
    return derived(view, _decide, targets=targets, idle_days=idle_days)


def show_verdict(result: verdict.Verdict) -> None:
    """The status and sentence, then each action with its evidence and a link to the view."""
    with st.container(border=True):
        st.markdown(headline(result))
        if not result.actions:
            st.caption("Nothing to act on in this selection.")
            return
        st.markdown("**What to act on**")
        for i, action in enumerate(result.actions, start=1):
            # One row a action: the text takes the width, the link its own; on a phone the
            # link wraps under the text.
            row = st.container(horizontal=True, vertical_alignment="center")
            row.markdown(action_line(i, action), width="stretch")
            with row:
                links.page_link(action.link)
