"""Find the header row, the data rows and the table a sheet holds.

A sheet's table comes from its name (or, for a file with one sheet, the file's name) through
a synonym table, else from the columns it has. The header is the row among the first few that
names the most canonical columns; title and blank rows above it, blank rows within the data,
trailing totals rows and columns with neither header nor data are set aside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dashboard.coerce import normalise_token
from dashboard.schema import TABLES
from dashboard.sources.mapping import known_header, match_columns, normalise_header
from dashboard.sources.spreadsheet import Grid, file_stem

# Table -> sheet or file names (normalised) that hold it.
_TABLE_WORDINGS: dict[str, str] = {
    "departments": "departments department depts dept org_units org_unit divisions "
    "business_units org_structure organisation_structure organization_structure",
    "employees": "employees employee participants people staff personnel workforce headcount "
    "hr hr_data hris employee_list staff_list mentees coachees roster",
    "programmes": "programmes programme programs program cohorts cohort schemes scheme",
    "enrolments": "enrolments enrolment enrollments enrollment registrations registration "
    "sign_ups signups applications invitations members memberships",
    "relationships": "relationships relationship matches match pairings pairing mentorships "
    "mentorship engagements engagement pairs matchings assignments connections loops "
    "mentoring_connections",
    "sessions": "sessions session meetings meeting check_ins check_in checkins checkin "
    "appointments session_log meeting_log activities",
    "goals": "goals goal objectives objective development_goals smart_goals",
    "feedback": "feedback survey surveys ratings rating evaluations evaluation satisfaction "
    "survey_responses responses reviews",
    "obstacles": "obstacles obstacle barriers barrier issues issue risks risk blockers "
    "challenges impediments concerns",
}
SHEET_SYNONYMS: dict[str, str] = {
    word: table for table, words in _TABLE_WORDINGS.items() for word in words.split()
}
"""Normalised sheet or file name -> canonical table."""

# Sheets that explain a workbook rather than hold data (the template's README, for one).
IGNORED_SHEETS = frozenset(
    {"readme", "read_me", "instructions", "notes", "about", "help", "info", "lists", "lookups"}
)
_TOTALS = re.compile(r"^(grand_)?(sub_?)?totals?(_.*)?$|^(sum|count|average|mean)$")
_HEADER_SEARCH_ROWS = 30


@dataclass(frozen=True)
class SheetData:
    """A sheet's header and data rows, with the spreadsheet row of each data row."""

    headers: list[str]
    rows: pd.DataFrame  # columns named by `headers`
    row_numbers: pd.Series
    header_row: int | None
    notes: tuple[tuple[int | None, str], ...] = ()
    labels: dict[str, str] = field(default_factory=dict)  # header -> its question or label


def column_letter(number: int) -> str:
    """1 -> 'A', 27 -> 'AA'."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def header_row(cells: pd.DataFrame) -> int | None:
    """Position of the row that looks most like a header, or None for an empty sheet."""
    top = cells.head(_HEADER_SEARCH_ROWS)
    filled = top.notna().sum(axis=1)
    if not filled.any():
        return None
    # Plain lists: itertuples goes column by column on a wide sheet, 16,384 pandas calls a row.
    rows = top.to_numpy(dtype=object).tolist()
    scores = [sum(known_header(v) for v in row if isinstance(v, str)) for row in rows]
    best = int(np.argmax(scores))
    if scores[best] >= 2:
        # A survey's second header row repeats the first in words ('Start Date' under
        # 'StartDate'): the first is the header.
        if best > 0 and _label_row(top.iloc[best - 1], top.iloc[best]):
            return best - 1
        return best
    # No recognisable names: take the first row that is all text and at least half as wide
    # as the widest row (a title is one cell; a header names most columns).
    wide = int(filled.max())
    for position, row in enumerate(rows):
        values = [v for v in row if v is not None and not _missing(v)]
        enough = len(values) >= (1 if wide == 1 else max(2, (wide + 1) // 2))
        if enough and all(isinstance(v, str) for v in values):
            return position
    return int(filled.to_numpy().nonzero()[0][0])


def _texts(row: pd.Series) -> dict[object, str]:
    return {c: v for c, v in row.items() if isinstance(v, str) and v.strip()}


def _label_row(header: pd.Series, below: pd.Series) -> bool:
    """A row restating the header in words, as survey tools export (Qualtrics' second row).

    Most headers reappear in it normalised alike ('ResponseId' over 'Response ID'), and it
    holds no number, date or blank under a header (questions get their wording).
    """
    names, words = _texts(header), _texts(below)
    if len(names) < 3 or set(words) != set(names) or below.notna().sum() != len(words):
        return False
    same = sum(normalise_header(names[c]) == normalise_header(words[c]) for c in names)
    return same * 2 >= len(names)


def _import_id_row(row: pd.Series) -> bool:
    """Qualtrics' third header row: {"ImportId":"QID1"} under every column."""
    texts = list(_texts(row).values())
    ids = sum(t.lstrip().startswith('{"ImportId"') for t in texts)
    return bool(texts) and ids * 2 >= len(texts)


def _group_headers(header: pd.Series, below: pd.Series) -> list[str] | None:
    """Headers of a two-row header whose top row groups columns ('Mentee' over merged 'Name'
    and 'Email'), joined as 'Mentee Name', 'Mentee Email'; None when `below` is data.

    Below a gap in the top row (a merged cell) every cell must be a known column word, so a
    data row is never taken for sub-headers.
    """
    names, words = _texts(header), _texts(below)
    if len(words) < 2 or below.notna().sum() != len(words):
        return None
    under_gap = [c for c in words if c not in names]
    if not under_gap or not all(known_header(words[c]) for c in words):
        return None
    out, group = [], ""
    for column in header.index:
        if column in names:
            group = names[column].strip()
        elif column not in words:
            group = ""
        top = names.get(column, group if column in words else "")
        sub = words.get(column, "").strip()
        out.append(f"{top} {sub}".strip() if top and sub and top != sub else top or sub)
    return out


def _missing(value: object) -> bool:
    return isinstance(value, float) and np.isnan(value)


def sheet_data(grid: Grid, chosen_header: int | None = None) -> SheetData:
    """Split a grid into header names and data rows, setting aside what is not data.

    `chosen_header` is the spreadsheet row the user says holds the headers.
    """
    cells = grid.cells
    notes: list[tuple[int | None, str]] = list(grid.notes)
    position = header_row(cells)
    if chosen_header is not None:
        # A sparse sheet keeps only its filled rows: find the chosen one by its label.
        wanted = int(cells.index.get_indexer([chosen_header - grid.first_row])[0])
        if wanted >= 0 and cells.iloc[wanted].notna().any():
            position = wanted
        else:
            notes.append((None, f"row {chosen_header} has no headers; the header was found anew"))
    if position is None:
        empty = pd.DataFrame()
        return SheetData([], empty, pd.Series(dtype=int), None, ((None, "the sheet is empty"),))

    def row_number(at: int) -> int:
        return int(cells.index[at]) + grid.first_row

    header_cells = cells.iloc[position]
    first_data = position + 1
    labels: dict[object, str] = {}
    grouped = None
    if first_data < len(cells):
        below = cells.iloc[first_data]
        grouped = _group_headers(header_cells, below)
        if grouped is not None:
            first_data += 1
            notes.append(
                (
                    None,
                    f"rows {row_number(position)}-{row_number(first_data - 1)} "
                    "are one two-row header; their names were joined",
                )
            )
        elif _label_row(header_cells, below):
            labels = _texts(below)
            first_data += 1
    if first_data < len(cells) and _import_id_row(cells.iloc[first_data]):
        first_data += 1
    if first_data > position + 1 and grouped is None:
        start, last = row_number(position + 1), row_number(first_data - 1)
        rows = f"rows {start}-{last}" if last > start else f"row {start}"
        notes.append(
            (
                None,
                f"{rows} below the header repeat it (question labels, import ids) and are not data",
            )
        )
    body = cells.iloc[first_data:]
    # Plain dicts, not a pandas lookup per column: a sheet may have 16,384 of them.
    has_data = dict(zip(cells.columns, body.notna().any().to_numpy(), strict=True))
    if grouped is None:
        named = dict(zip(cells.columns, header_cells.to_numpy(dtype=object), strict=True))
    else:
        named = {c: name or None for c, name in zip(cells.columns, grouped, strict=True)}
    keep = [c for c in cells.columns if pd.notna(named[c]) or has_data[c]]
    headers = []
    for c in keep:
        value = named[c]
        name = str(value).strip() if pd.notna(value) else ""
        if isinstance(value, float) and value.is_integer():
            name = str(int(value))
        headers.append(name or f"Column {column_letter(grid.first_column + c)}")
    keep, headers, told = _empty_twins_dropped(keep, headers, has_data, grid.first_column)
    notes.extend((None, note) for note in told)
    headers = _unique(headers)
    body = body[keep]
    body.columns = headers
    row_numbers = pd.Series(body.index + grid.first_row, index=body.index)
    filled = body.notna()
    body, row_numbers = body[filled.any(axis=1)], row_numbers[filled.any(axis=1)]
    while len(body) and _is_totals(body.iloc[-1]):
        notes.append((int(row_numbers.iloc[-1]), "looks like a totals row: not read"))
        body, row_numbers = body.iloc[:-1], row_numbers.iloc[:-1]
    first = row_number(position)
    if position > 0:
        notes.append((None, f"the header is row {first}; the row(s) above it are not read"))
    return SheetData(
        headers,
        body.reset_index(drop=True),
        row_numbers.reset_index(drop=True),
        first,
        tuple(notes),
        {
            h: labels[c]
            for c, h in zip(keep, headers, strict=True)
            if c in labels and normalise_header(labels[c]) != normalise_header(h)
        },
    )


def _empty_twins_dropped(
    columns: list, headers: list[str], has_data: dict, first_column: int
) -> tuple[list, list[str], list[str]]:
    """Columns whose header repeats another's, left out when they are empty and a namesake
    has data (an export's blank first 'Email' must not hide the filled second one)."""
    groups: dict[str, list[int]] = {}
    for position, header in enumerate(headers):
        groups.setdefault(normalise_header(header), []).append(position)
    dropped: set[int] = set()
    notes = []
    for positions in groups.values():
        filled = [p for p in positions if has_data[columns[p]]]
        empty = [p for p in positions if not has_data[columns[p]]]
        if len(positions) < 2 or not filled or not empty:
            continue
        dropped.update(empty)

        def letters(chosen: list[int]) -> str:
            return ", ".join(column_letter(first_column + columns[p]) for p in chosen)

        notes.append(
            f"{len(positions)} columns are headed '{headers[positions[0]]}' "
            f"({letters(positions)}): {letters(empty)} "
            f"{'is' if len(empty) == 1 else 'are'} empty, so {letters(filled)} "
            f"{'is' if len(filled) == 1 else 'are'} used"
        )
    kept = [p for p in range(len(columns)) if p not in dropped]
    return [columns[p] for p in kept], [headers[p] for p in kept], notes


def _unique(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for header in headers:
        count = seen.get(header, 0)
        seen[header] = count + 1
        out.append(header if not count else f"{header} ({count + 1})")
    return out


def _is_totals(row: pd.Series) -> bool:
    texts = [normalise_token(v) for v in row.dropna() if isinstance(v, str)]
    return bool(texts) and any(_TOTALS.match(t) for t in texts[:2])


def table_by_name(grid: Grid) -> str | None:
    """The table a sheet's name says it holds (or its file's name, for a file of one sheet)."""
    names = [grid.sheet] if grid.sheet is not None else []
    if grid.only_sheet:
        names.append(file_stem(grid.file))
    for name in names:
        found = _table_named(name)
        if found:
            return found
    return None


def ignored_by_name(grid: Grid) -> bool:
    return grid.sheet is not None and normalise_header(grid.sheet) in IGNORED_SHEETS


def _table_named(name: str) -> str | None:
    token = normalise_header(name)
    if token in SHEET_SYNONYMS:
        return SHEET_SYNONYMS[token]
    if token in TABLES:
        return token
    # 'Sessions 2025' or 'export_matches_q3': a single table named among the words.
    words = token.split("_")
    pairs = ["_".join(words[i : i + 2]) for i in range(len(words) - 1)]
    found = {SHEET_SYNONYMS[w] for w in (*words, *pairs) if w in SHEET_SYNONYMS}
    return found.pop() if len(found) == 1 else None


def table_by_columns(headers: list[str]) -> tuple[str | None, bool]:
    """The table whose required columns the headers supply best: (table, certain).

    None when no table has at least half of its required columns; `certain` is False when
    another table fits as well.
    """
    matches = sorted(
        (match_columns(t, headers) for t in TABLES), key=lambda m: m.score, reverse=True
    )
    best = matches[0]
    if best.score[0] < 0.5:
        return None, False
    return best.table, matches[1].score < best.score


def choose_table(grid: Grid, headers: list[str], chosen: str | None) -> tuple[str | None, str]:
    """(table or None, how that was decided): the user's choice, else the name, else columns.

    `chosen` is the user's table for this sheet, '' to ignore it, None when they chose nothing.
    """
    if chosen is not None:
        return (chosen, "chosen") if chosen else (None, "ignored (chosen)")
    if ignored_by_name(grid):
        return None, "ignored (notes sheet)"
    named = table_by_name(grid)
    by_columns, certain = table_by_columns(headers)
    if named:
        # A name is overruled only by columns that fit another table completely.
        if (
            by_columns not in (None, named)
            and certain
            and match_columns(named, headers).score[0] < 0.5
            and match_columns(by_columns, headers).score[0] == 1
        ):
            return by_columns, "columns (the name suggested another table)"
        by_sheet = grid.sheet is not None and _table_named(grid.sheet) == named
        return named, "sheet name" if by_sheet else "file name"
    if by_columns:
        return by_columns, "columns" if certain else "columns (uncertain: check it)"
    return None, "not recognised"
