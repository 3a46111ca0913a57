"""Data values made safe to interpolate into Streamlit markdown: titles, captions, notes,
labels and tooltips show a department called `![x](http://evil/)` as exactly that."""

from __future__ import annotations

import re
import string

_WORD_JOINER = "\u2060"
# What GitHub-flavoured markdown turns into a link even when its punctuation is escaped.
_AUTOLINK = re.compile(r"(\\:)(\\/\\/)|(www)(\\\.)", re.IGNORECASE)
# Every ASCII punctuation mark backslash-escaped is literal in CommonMark, which also stops
# Streamlit's own syntax (:red[...], :material/...:, $math$); line breaks would start blocks.
_ESCAPES = {ord(c): "\\" + c for c in string.punctuation} | {
    ord("\n"): " ",
    ord("\r"): " ",
}


def escape(value: object) -> str:
    """`value` as markdown that renders as its own text: no link, image, emphasis or HTML."""
    text = str(value).translate(_ESCAPES)
    # Web addresses are turned into links after escapes are read: an invisible word joiner
    # inside "://" and "www." keeps them plain text.
    return _AUTOLINK.sub(lambda m: _WORD_JOINER.join(g for g in m.groups() if g), text)
