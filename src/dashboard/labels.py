"""Words for the codes the data model stores, and counts with their nouns, for what people read.

Filters, URLs and files keep the codes; tables, charts, downloads and the board pack show these.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

NOT_RECORDED = "Not recorded"
# Columns that hold codes wherever they appear in a table or a download.
CODE_COLUMNS = ("status", "state", "kind", "format", "severity", "outcome", "role", "category")

# Codes whose plain reading (underscores as spaces, first letter capital) would be wrong.
_WORDS = {
    "no_show": "No-show",
    "non_participant": "Non-participant",
    "ended_early": "Ended early",
    "unspecified": "Not given",
}
# Nouns whose plural is not made by adding "s".
_PLURALS = {"person": "people", "category": "categories"}


def label(value: object) -> str:
    """The word for a code: 'in_progress' → 'In progress'; a missing value → 'Not recorded'."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return NOT_RECORDED
    text = str(value)
    if text in _WORDS:
        return _WORDS[text]
    if not text.strip():
        return NOT_RECORDED
    # Only a lower-case code is rewritten: "HR" or "R&D" stay as written.
    if text != text.lower():
        return text
    words = text.replace("_", " ").strip()
    return words[0].upper() + words[1:]


def labelled(frame: pd.DataFrame, columns: Iterable[str] = CODE_COLUMNS) -> pd.DataFrame:
    """A copy of `frame` with the codes in `columns` (those present) shown as words."""
    present = [c for c in columns if c in frame.columns]
    return frame.assign(**{c: frame[c].map(label).astype("str") for c in present})


def for_display(frame: pd.DataFrame) -> pd.DataFrame:
    """`labelled`, and a blank in any other text column (a coach not recorded) as 'Not recorded'
    rather than the table's 'None'."""
    out = labelled(frame)
    text = [c for c in out.columns if out[c].isna().any() and _all_text(out[c])]
    return out.assign(**{c: out[c].fillna(NOT_RECORDED) for c in text}) if text else out


def _all_text(column: pd.Series) -> bool:
    # An object column may hold dates or numbers, which must stay blank rather than become text.
    if pd.api.types.is_string_dtype(column) and column.dtype != object:
        return True
    kinds = column.dropna().map(type)
    return column.dtype == object and len(kinds) > 0 and kinds.eq(str).all()


def plural(n: int, noun: str, many: str | None = None) -> str:
    """'1 row', '2 rows', '1,200 people': a count with its noun agreeing."""
    if n == 1:
        return f"1 {noun}"
    return f"{n:,} {many or _PLURALS.get(noun) or noun + 's'}"


def were(n: int) -> str:
    """'was' for one, 'were' for any other count."""
    return "was" if n == 1 else "were"
