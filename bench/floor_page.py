"""The floor: replays a page's recorded elements and layout blocks (same protos, same nesting,
same count) and computes nothing.

Widgets are replayed as a caption of their label: a replayed widget proto would have no state
behind it, and a widget's own rendering cost is a few bytes of proto.
"""

import os
import pickle

import streamlit as st


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
        if getattr(proto, "id", ""):
            target.caption(getattr(proto, "label", delta_type))
        else:
            target._enqueue(delta_type, proto)


recorded = _recorded(os.environ["BENCH_FLOOR"])
_replay(st._main, recorded["main"])
_replay(st.sidebar, recorded["sidebar"])
