"""How an upload's values will read: each wording's canonical value, and fixed values.

Built for one upload from the mapping (the user's choices) and the suggestions for the values
actually present, so the mapping step can show every reading and the loader can apply them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

from dashboard.sources import recoding
from dashboard.sources.mapping import Mapping
from dashboard.sources.recoding import AS_READ, OTHER

LISTED_VALUES = 40
"""Distinct values shown per column (and named in the report); more is not a vocabulary."""

ReadingHow = Literal["chosen", "suggested", "scale", "as read", "not understood"]


@dataclass(frozen=True)
class ColumnSource:
    """One header feeding a canonical column, with its values and its question label."""

    header: str
    values: pd.Series
    label: str = ""


@dataclass(frozen=True)
class ValueReading:
    """How one column's distinct values read: `values` has value, rows, reads_as and how."""

    table: str
    column: str
    headers: tuple[str, ...]
    values: pd.DataFrame
    recodes: dict[str, str]
    suggested: dict[str, str]
    scale: str | None
    scale_how: Literal["chosen", "suggested", ""]
    more: int = 0

    @property
    def key(self) -> str:
        return f"{self.table}.{self.column}"

    @property
    def not_understood(self) -> pd.DataFrame:
        return self.values[self.values["how"] == "not understood"]

    @property
    def needs_attention(self) -> bool:
        """Values nothing reads, or a suggestion the user has not confirmed."""
        return not self.not_understood.empty or (self.values["how"] == "suggested").any()


@dataclass(frozen=True)
class FixedValue:
    """A value for every row of a column (constant) or for its blank cells (default)."""

    table: str
    column: str
    value: str
    mode: Literal["constant", "default"]
    how: Literal["chosen", "suggested"]
    reason: str = ""
    sheet: str | None = None  # a suggestion for one sheet; None for every sheet of the table


def value_readings(
    sources: dict[tuple[str, str], list[ColumnSource]], mapping: Mapping
) -> tuple[ValueReading, ...]:
    """A reading for every mapped column whose values can be recoded."""
    out = []
    for (table, column), feeding in sources.items():
        if not recoding.recodable(table, column):
            continue
        values = pd.concat([s.values for s in feeding], ignore_index=True)
        hints = [h for s in feeding for h in (s.header, s.label) if h]
        out.append(_reading(table, column, feeding, values, hints, mapping))
    return tuple(out)


def _reading(
    table: str,
    column: str,
    feeding: list[ColumnSource],
    values: pd.Series,
    hints: list[str],
    mapping: Mapping,
) -> ValueReading:
    user = mapping.recodes.get(table, {}).get(column, {})
    distinct = recoding.distinct_values(values)
    suggested = recoding.suggest(table, column, values, " ".join(hints), found=distinct)
    recodes = {**suggested, **user}
    scale, scale_how = mapping.scales.get(f"{table}.{column}"), "chosen"
    if column == "satisfaction" and scale is None:
        scale, scale_how = recoding.suggest_scale(values, hints), "suggested"
    if scale in (None, "1-5"):
        scale_how = "chosen" if scale else ""
    natural = recoding.natural(table, column, distinct["value"]).tolist()
    rescaled = _rescaled(distinct["value"], scale)
    user_words = {recoding.token(k): v for k, v in user.items() if k != OTHER}
    suggested_words = {recoding.token(k): v for k, v in suggested.items() if k != OTHER}
    other = recodes.get(OTHER, AS_READ)
    other_how = "chosen" if OTHER in user else "suggested"
    reads, hows = [], []
    for position, word in enumerate(distinct["token"]):
        as_read = natural[position] if pd.notna(natural[position]) else None
        if word in user_words:
            target = user_words[word] or as_read
            how = "chosen" if user_words[word] else "as read"
        elif word in suggested_words:
            target, how = suggested_words[word], "suggested"
        elif other != AS_READ:
            target, how = other, other_how
        elif rescaled[position] is not None:
            target, how = rescaled[position], "scale"
        else:
            target, how = as_read, "as read"
        reads.append(target)
        hows.append(how if target is not None else "not understood")
    frame = distinct.assign(
        reads_as=pd.Series(reads, index=distinct.index, dtype=object),
        how=pd.Series(hows, index=distinct.index, dtype=object),
    )[["value", "rows", "reads_as", "how"]]
    return ValueReading(
        table,
        column,
        tuple(s.header for s in feeding),
        frame.head(LISTED_VALUES),
        recodes,
        suggested,
        scale,
        scale_how,  # type: ignore[arg-type]
        max(0, len(frame) - LISTED_VALUES),
    )


def _rescaled(values: pd.Series, scale: str | None) -> list[str | None]:
    if scale in (None, "1-5") or values.empty:
        return [None] * len(values)
    low, high = recoding.SCALES[scale]
    numbers = recoding.leading_numbers(values)
    out, _ = recoding.rescale(values, scale)
    return [
        str(out[i]) if pd.notna(numbers[i]) and low <= numbers[i] <= high else None
        for i in values.index
    ]


@dataclass(frozen=True)
class SheetFacts:
    """What a sheet offers for suggesting fixed values: its table, headers and names."""

    table: str
    sheet: str
    supplied: frozenset[str]
    words: tuple[str, ...]


def fixed_values(sheets: list[SheetFacts], mapping: Mapping) -> tuple[FixedValue, ...]:
    """The user's constants and defaults, and a suggested kind for pairings that lack one.

    The kind is suggested sheet by sheet (one upload may hold a mentoring platform's pairings
    and a coaching provider's), from the words of the sheet's headers and names.
    """
    tables = {s.table for s in sheets}
    out = [
        FixedValue(table, column, value, mode, "chosen")
        for mode, chosen in (("constant", mapping.constants), ("default", mapping.defaults))
        for table, values in chosen.items()
        if table in tables
        for column, value in values.items()
    ]
    fixed = {(f.table, f.column) for f in out}
    for sheet in sheets:
        if (
            sheet.table != "relationships"
            or "kind" in sheet.supplied
            or ("relationships", "kind") in fixed
        ):
            continue
        kind = recoding.suggest_kind(list(sheet.words))
        if kind:
            people = "mentors and mentees" if kind == "mentoring" else "coaches and coachees"
            out.append(
                FixedValue(
                    "relationships",
                    "kind",
                    kind,
                    "constant",
                    "suggested",
                    f"its headers and names speak of {people}",
                    sheet.sheet,
                )
            )
    return tuple(out)


def apply_reading(values: pd.Series, reading: ValueReading | None) -> pd.Series:
    """A column's values with its recodings and, for the others, its rating scale applied."""
    if reading is None:
        return values
    out, recoded, _ = recoding.apply_recodes(values, reading.recodes)
    if reading.scale not in (None, "1-5"):
        scaled, _ = recoding.rescale(out[~recoded], reading.scale)
        out = out.astype(object).copy()
        out[~recoded] = scaled
    return out


def reading_note(reading: ValueReading) -> str | None:
    """What the recodings and the scale did to a column, for the report."""
    values = reading.values
    recoded = values[values["how"].isin(["chosen", "suggested"])]
    parts = [
        f"'{r.value}' → {r.reads_as} ({r.rows} row{'s' if r.rows > 1 else ''})"
        for r in recoded.itertuples()
    ]
    notes = ["values recoded: " + ", ".join(parts)] if parts else []
    converted = int(values.loc[values["how"] == "scale", "rows"].sum())
    if converted and reading.scale:
        notes.append(
            f"{converted} score(s) read on a {reading.scale.replace('-', '–')} scale and "
            f"converted to 1–5 ({recoding.scale_bands(reading.scale)})"
        )
    return "; ".join(notes) or None


def scale_doubt(reading: ValueReading) -> str | None:
    """A warning when satisfaction scores never exceed 4: perhaps a 1-4 scale read as 1-5."""
    if reading.column != "satisfaction" or reading.scale is not None:
        return None
    numbers = recoding.leading_numbers(reading.values["value"])
    rows = reading.values["rows"][numbers.notna()]
    if rows.sum() < 10 or numbers.max() > 4:
        return None
    return (
        f"no score above 4 among {int(rows.sum())} responses: read on the 1–5 scale. If the "
        "survey's scale is 1–4, choose it in the mapping step (its 3 and 4 then count as "
        "favourable)"
    )
