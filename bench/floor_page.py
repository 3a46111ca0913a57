"""The floor: replays a page's recorded elements (same protos, same count) and computes nothing.

Widgets are replayed as a caption of their label: a replayed widget proto would have no state
behind it, and a widget's own rendering cost is a few bytes of proto.
"""

import os
import pickle

import streamlit as st


@st.cache_resource
def _recorded(path: str) -> list:
    with open(path, "rb") as handle:
        return pickle.load(handle)


for where, delta_type, proto in _recorded(os.environ["BENCH_FLOOR"]):
    target = st.sidebar if where == "sidebar" else st._main
    if getattr(proto, "id", ""):
        target.caption(getattr(proto, "label", delta_type))
    else:
        target._enqueue(delta_type, proto)
