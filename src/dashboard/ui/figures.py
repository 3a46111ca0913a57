"""Charts drawn from a cached Vega-Lite spec, so a rerun neither rebuilds nor re-validates them.

Building an Altair chart and converting it (`to_dict` validates the whole spec against the
Vega-Lite schema) costs 20–60 ms a chart, more than the metrics behind it once those are
cached. A *figure* is a function `figure(view, **params) -> alt chart` that depends on nothing
but the view and its plain parameters; its spec (with the data already as Arrow) is cached by
the source load, the filters and those parameters, exactly like `ui.cache.cached`. It is held
pickled, and each draw gets its own copy: Streamlit edits a spec while sending it.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterable
from typing import Any

import altair as alt
import streamlit as st

from dashboard.ui.cache import converted
from dashboard.ui.streamlit_internals import vega_lite_spec
from dashboard.ui.view import View

Figure = Callable[..., alt.TopLevelMixin]


def figure_spec(view: View, figure: Figure, **params: Any) -> dict[str, Any]:
    """figure(view, **params) as a Vega-Lite spec, built once per source load, filter and
    parameters. `params` must be plain hashable values."""

    def pickled(chart: alt.TopLevelMixin) -> bytes:
        return pickle.dumps(vega_lite_spec(chart), pickle.HIGHEST_PROTOCOL)

    return pickle.loads(converted(view, figure, params, pickled, "spec"))


def show(
    view: View,
    figure: Figure,
    *,
    key: str | None = None,
    on_select: str | Callable[[], None] = "ignore",
    selection_mode: str | Iterable[str] | None = None,
    alt_text: str | None = None,
    **params: Any,
) -> Any:
    """Draw figure(view, **params) at full width; returns the selection state when selectable."""
    return st.vega_lite_chart(
        spec=figure_spec(view, figure, **params),
        width="stretch",
        key=key,
        on_select=on_select,
        selection_mode=selection_mode,
        alt=alt_text,
    )
