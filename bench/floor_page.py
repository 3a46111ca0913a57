"""The floor: replays a page's recorded elements and layout blocks (same protos, same nesting,
same count) and computes nothing.

Charts and tables that report selections are replayed without their id: the same bytes as the
page sent, with no selection state behind them. (Replaying them as a caption, as this floor
first did, left out the Managers page's three funnel plots and its table: 6 of its 11 MB.)
Input widgets are replayed as a caption of their label: a replayed widget proto would have
no state behind it (AppTest refuses one), and a widget's proto is a few bytes.
"""

import os
import pickle

import streamlit as st

# Display elements that carry an id only because they report a selection.
SELECTABLE = {
    "vega_lite_chart",
    "dataframe",
    "arrow_data_frame",
    "plotly_chart",
    "deck_gl_json_chart",
}


@st.cache_resource
def _recorded(path: str) -> dict[str, list]:
    with open(path, "rb") as handle:
        return pickle.load(handle)


def _replay(target, items: list) -> None:
    for kind, *rest in items:
        if kind == "block":
            proto, children = rest
            _replay(target._block(proto), children)
            continue
        delta_type, proto = rest
        if getattr(proto, "id", "") and delta_type in SELECTABLE:
            proto = type(proto).FromString(proto.SerializeToString())
            proto.ClearField("id")
        if getattr(proto, "id", ""):
            target.caption(getattr(proto, "label", delta_type))
        else:
            target._enqueue(delta_type, proto)


recorded = _recorded(os.environ["BENCH_FLOOR"])
_replay(st._main, recorded["main"])
_replay(st.sidebar, recorded["sidebar"])
