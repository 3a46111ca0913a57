"""Long option lists (thousands of managers) narrowed on the server by what the user typed.

Every option of a Streamlit select widget is sent to the browser on every rerun and filtered
there; past a few thousand that costs more than the rest of the sidebar, so such lists are
offered through a search box instead.
"""

from __future__ import annotations

import pandas as pd

# Lists up to this long go into the widget whole; longer ones are searched.
SEARCH_ABOVE = 2_000
# At most this many matches are offered at once; typing more narrows them.
MATCH_LIMIT = 200


def matches(labels: pd.Series, text: str, limit: int = MATCH_LIMIT) -> tuple[pd.Series, int]:
    """The first `limit` labels (in their order) containing every word of `text`, ignoring
    case, and how many labels match in all. Blank text matches nothing."""
    words = text.casefold().split()
    if not words:
        return labels.iloc[:0], 0
    folded = labels.astype("str").str.casefold()
    hit = pd.Series(True, index=labels.index)
    for word in words:
        hit &= folded.str.contains(word, regex=False)
    found = labels[hit.to_numpy()]
    return found.iloc[:limit], len(found)
