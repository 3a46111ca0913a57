"""Uploaded files -> raw canonical tables -> validate_tables: the whole upload path, no Streamlit.

`read_files` reads bytes into sheets, `plan` decides each sheet's table, header and column
mapping, how values read and which fixed values apply (and asks about ambiguous dates),
`load` builds the canonical tables and validates them, and `ingest` does all three for the
command line. Every issue names the file, sheet, spreadsheet row, column, value and reason.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from dashboard import coerce
from dashboard.errors import DataError, UploadError
from dashboard.exports import neutralise
from dashboard.model import ProgrammeData
from dashboard.schema import TABLE_ORDER, TABLES
from dashboard.sources.detect import SheetData, choose_table, sheet_data
from dashboard.sources.mapping import (
    ColumnMatch,
    DateChoice,
    Mapping,
    match_columns,
    normalise_header,
)
from dashboard.sources.readings import (
    ColumnSource,
    FixedValue,
    SheetFacts,
    ValueReading,
    apply_reading,
    fixed_values,
    reading_note,
    scale_doubt,
    value_readings,
)
from dashboard.sources.sandbox import read_isolated
from dashboard.sources.spreadsheet import Grid, Limits, file_stem
from dashboard.sources.sql_schema import stored_lengths
from dashboard.validate import Issue, TableCount, ValidationReport, cut_short, validate_tables

DEFAULT_DATE_ORDER: DateChoice = "dayfirst"


@dataclass(frozen=True)
class UploadedFile:
    name: str
    data: bytes


@dataclass(frozen=True)
class DateQuestion:
    """A date column whose text dates read either way (03/04/2025), with examples."""

    table: str
    column: str
    examples: tuple[str, ...]
    answer: DateChoice | None = None

    @property
    def key(self) -> str:
        return f"{self.table}.{self.column}"


@dataclass(frozen=True)
class SheetPlan:
    """What the upload makes of one sheet: its table, how that was decided, its columns."""

    grid: Grid
    data: SheetData
    table: str | None
    how: str
    match: ColumnMatch | None
    date_orders: dict[str, coerce.DateOrder] = field(default_factory=dict)
    name_parts: tuple[str, str] | None = None  # first- and last-name headers making `name`

    @property
    def key(self) -> str:
        return sheet_key(self.grid)

    @property
    def supplied(self) -> set[str]:
        """The canonical columns this sheet's headers supply."""
        columns = set(self.match.columns.values()) if self.match else set()
        return columns | ({"name"} if self.name_parts else set())


def sheet_key(grid: Grid) -> str:
    """The name a mapping file uses for a sheet: the sheet's, or the CSV file's stem."""
    return grid.sheet if grid.sheet is not None else file_stem(grid.file)


@dataclass(frozen=True)
class Plan:
    sheets: tuple[SheetPlan, ...]
    failures: tuple[Issue, ...] = ()
    questions: tuple[DateQuestion, ...] = ()
    readings: tuple[ValueReading, ...] = ()
    fixed: tuple[FixedValue, ...] = ()

    def reading(self, table: str, column: str) -> ValueReading | None:
        return next((r for r in self.readings if (r.table, r.column) == (table, column)), None)

    def fixed_for(self, table: str, sheet: str | None = None) -> dict[str, FixedValue]:
        """Fixed values for a table's columns: the table's, and the sheet's own suggestions."""
        return {f.column: f for f in self.fixed if f.table == table and f.sheet in (None, sheet)}

    def missing(self, sheet: SheetPlan) -> list[str]:
        """Required columns of a sheet's table that neither a header nor a fixed value gives."""
        if sheet.match is None or sheet.table is None:
            return []
        fixed = self.fixed_for(sheet.table, sheet.key)
        return [c for c in sheet.match.missing if c not in fixed]

    @property
    def tables(self) -> dict[str, list[SheetPlan]]:
        found: dict[str, list[SheetPlan]] = {}
        for sheet in self.sheets:
            if sheet.table:
                found.setdefault(sheet.table, []).append(sheet)
        return {t: found[t] for t in TABLE_ORDER if t in found}

    def summary(self) -> pd.DataFrame:
        """One row per sheet: where it is, the table, how it was found, what is missing."""
        rows = []
        for s in self.sheets:
            match = s.match
            rows.append(
                {
                    "file": s.grid.file,
                    "sheet": s.grid.sheet,
                    "table": s.table,
                    "found by": s.how,
                    "header row": s.data.header_row,
                    "rows": len(s.data.rows),
                    "columns used": len(match.columns) if match else 0,
                    "missing required": ", ".join(self.missing(s)),
                    "not used": ", ".join(map(cut_short, match.unmapped)) if match else "",
                }
            )
        return pd.DataFrame(rows)


@dataclass(frozen=True)
class UploadResult:
    """The validated data (None when nothing usable was found), the report, and the plan."""

    data: ProgrammeData | None
    report: ValidationReport
    plan: Plan
    message: str | None = None

    @property
    def rows_read(self) -> int:
        return sum(c.read for c in self.report.counts.values())

    @property
    def exit_code(self) -> int:
        """0 when every row loaded, 1 when some were rejected, 2 when nothing usable was found."""
        if self.data is None:
            return 2
        return 1 if self.report.errors else 0


def read_files(
    files: Iterable[UploadedFile], limits: Limits | None = None
) -> tuple[list[Grid], list[Issue]]:
    """Every sheet of every file that can be read, and one issue per file or sheet that cannot.

    Each file is read in a separate process (`sandbox`), within the upload's limits; the cells
    of all files together stay within max_cells.
    """
    limits = limits or Limits()
    grids: list[Grid] = []
    failures: list[Issue] = []
    used = 0
    for file in files:
        try:
            contents = read_isolated(file.name, file.data, limits, limits.max_cells - used)
        except UploadError as exc:
            failures.append(Issue("(file)", None, None, None, str(exc), "error", file.name))
            continue
        grids.extend(contents.grids)
        used += contents.cells
        failures.extend(
            Issue(
                "(sheet)" if sheet else "(file)", None, None, None, why, "error", file.name, sheet
            )
            for sheet, why in contents.refused
        )
    return grids, failures


def plan(
    grids: Sequence[Grid], mapping: Mapping | None = None, failures: Sequence[Issue] = ()
) -> Plan:
    """Decide each sheet's table, header and columns, taking the user's mapping into account."""
    mapping = mapping or Mapping()
    sheets = []
    for grid in grids:
        data = sheet_data(grid, mapping.header_row_for(sheet_key(grid)))
        chosen = mapping.table_for(sheet_key(grid))
        table, how = choose_table(grid, data.headers, chosen)
        match = _match(table, data, mapping) if table else None
        sheets.append(
            SheetPlan(
                grid,
                data,
                table,
                how,
                match,
                _date_orders(table, data, match),
                _name_parts(table, match, mapping),
            )
        )
    questions = _questions(sheets, mapping)
    facts = [
        SheetFacts(
            s.table,
            s.key,
            frozenset(s.supplied),
            (*s.data.headers, s.key, s.grid.file),
        )
        for s in sheets
        if s.table
    ]
    return Plan(
        tuple(_settle_dates(sheets, mapping)),
        tuple(failures),
        tuple(questions),
        value_readings(_column_sources(sheets), mapping),
        fixed_values(facts, mapping),
    )


# Survey questions (a survey's label row) that hold a column no header names: 'Q1' asking
# "How satisfied are you ...?" is the satisfaction score.
_QUESTIONS: dict[str, dict[str, re.Pattern[str]]] = {
    "feedback": {
        "satisfaction": re.compile(r"satisf|how would you rate|rate your|overall rating", re.I),
        "comment": re.compile(r"comment|anything else|suggestion|what could", re.I),
    }
}


def _match(table: str, data: SheetData, mapping: Mapping) -> ColumnMatch:
    """Headers matched to columns, with survey questions filling columns no header names."""
    chosen = mapping.columns.get(table, {})
    match = match_columns(table, data.headers, chosen)
    picks = {}
    for column, pattern in _QUESTIONS.get(table, {}).items():
        if column in match.columns.values():
            continue
        asking = [h for h in match.unmapped if pattern.search(data.labels.get(h, ""))]
        if len(asking) == 1 and normalise_header(asking[0]) not in {
            normalise_header(h) for h in chosen
        }:
            picks[asking[0]] = column
    return match_columns(table, data.headers, {**picks, **chosen}) if picks else match


_FIRST_NAMES = frozenset({"first_name", "firstname", "given_name", "forename", "first"})
_LAST_NAMES = frozenset({"last_name", "lastname", "surname", "family_name", "last"})


def _name_parts(
    table: str | None, match: ColumnMatch | None, mapping: Mapping
) -> tuple[str, str] | None:
    """First- and last-name headers that make an employee's name (and fill a blank one)."""
    if table != "employees" or match is None:
        return None
    ignored = {normalise_header(h) for h, c in mapping.columns.get(table, {}).items() if not c}
    free = [h for h in match.unmapped if normalise_header(h) not in ignored]
    first = next((h for h in free if normalise_header(h) in _FIRST_NAMES), None)
    last = next((h for h in free if normalise_header(h) in _LAST_NAMES), None)
    return (first, last) if first and last else None


def _column_sources(sheets: list[SheetPlan]) -> dict[tuple[str, str], list[ColumnSource]]:
    out: dict[tuple[str, str], list[ColumnSource]] = {}
    for sheet in sheets:
        if sheet.table is None or sheet.match is None:
            continue
        for header, column in sheet.match.columns.items():
            out.setdefault((sheet.table, column), []).append(
                ColumnSource(header, sheet.data.rows[header], sheet.data.labels.get(header, ""))
            )
    return out


def _date_orders(
    table: str | None, data: SheetData, match: ColumnMatch | None
) -> dict[str, coerce.DateOrder]:
    if table is None or match is None:
        return {}
    kinds = {c.name: c.kind for c in TABLES[table].columns}
    return {
        column: coerce.date_order(data.rows[header])
        for header, column in match.columns.items()
        if kinds[column] == "date"
    }


def _settle_dates(sheets: list[SheetPlan], mapping: Mapping) -> list[SheetPlan]:
    """An ambiguous column takes the order its file's other date columns prove, unless the
    user has answered for it."""
    proven: dict[str, set[str]] = {}
    for s in sheets:
        decided = {o for o in s.date_orders.values() if o in ("dayfirst", "monthfirst")}
        proven.setdefault(s.grid.file, set()).update(decided)
    settled = []
    for s in sheets:
        orders = dict(s.date_orders)
        for column, order in orders.items():
            answer = mapping.dates.get(f"{s.table}.{column}")
            if answer:
                orders[column] = answer
            elif order == "ambiguous" and len(proven[s.grid.file]) == 1:
                orders[column] = next(iter(proven[s.grid.file]))  # type: ignore[assignment]
        settled.append(replace(s, date_orders=orders))
    return settled


def _questions(sheets: list[SheetPlan], mapping: Mapping) -> list[DateQuestion]:
    """Date columns that read either way, before the user's answers (kept so they can change)."""
    out: dict[str, DateQuestion] = {}
    for s in _settle_dates(sheets, Mapping()):
        if s.match is None or s.table is None:
            continue
        header_of = {c: h for h, c in s.match.columns.items()}
        for column, order in s.date_orders.items():
            key = f"{s.table}.{column}"
            if order != "ambiguous" or key in out:
                continue
            values = s.data.rows[header_of[column]].dropna().astype(str)
            examples = tuple(values.drop_duplicates().head(3))
            out[key] = DateQuestion(s.table, column, examples, mapping.dates.get(key))
    return list(out.values())


def _typed(column: pd.Series) -> pd.Series:
    """A column of cell values as the narrowest pandas type that holds them all."""
    kind = pd.api.types.infer_dtype(column, skipna=True)
    try:
        if kind == "string":
            return column.astype("str")
        if kind in ("floating", "integer", "mixed-integer-float"):
            return pd.to_numeric(column)
        if kind in ("date", "datetime"):
            return pd.to_datetime(column)
        if kind == "boolean":
            return column.astype("boolean")
    except (ValueError, TypeError, OverflowError):
        pass  # e.g. a date beyond pandas' range: the validator reports it from the raw value
    return column


def _as_iso(values: pd.Series, order: DateChoice) -> pd.Series:
    """Text dates read in the given order, rewritten as ISO; unreadable ones kept as they are."""
    parsed = coerce.dates(values, dayfirst=order == "dayfirst")
    iso = parsed.dt.strftime("%Y-%m-%d")
    return iso.where(parsed.notna(), values.astype(object)).astype(object)


def _canonical_frame(sheet: SheetPlan, found: Plan, default_order: DateChoice) -> pd.DataFrame:
    columns = {}
    for header, column in (sheet.match.columns if sheet.match else {}).items():
        values = apply_reading(sheet.data.rows[header], found.reading(sheet.table, column))
        values = _typed(values)
        order = sheet.date_orders.get(column)
        if order in ("dayfirst", "monthfirst", "ambiguous"):
            values = _as_iso(values, default_order if order == "ambiguous" else order)
        columns[column] = values
    index = sheet.data.rows.index
    if sheet.name_parts:
        first, last = (sheet.data.rows[h].astype("str").str.strip() for h in sheet.name_parts)
        whole = (first.fillna("") + " " + last.fillna("")).str.strip()
        whole = whole.where(whole != "")
        # First and last name make the full name other systems use ('Preferred Name' is
        # often a first name alone); the mapped name column fills in where they are blank.
        columns["name"] = whole.fillna(columns["name"]) if "name" in columns else whole
    for column, fixed in found.fixed_for(sheet.table, sheet.key).items():
        if fixed.mode == "constant" or column not in columns:
            columns[column] = pd.Series(fixed.value, index=index, dtype=object)
        else:
            given = columns[column]
            blank = given.isna() | coerce.blank_like(given)
            columns[column] = given.astype(object).mask(blank, fixed.value)
    return pd.DataFrame(columns, index=index)


def _sheet_issues(sheet: SheetPlan, default_order: DateChoice) -> list[Issue]:
    where = (sheet.grid.file, sheet.grid.sheet)
    table = sheet.table or "(unknown)"
    if sheet.table is None or sheet.match is None:
        # What reading found is said of every sheet, used or not.
        read = [Issue(table, r, None, None, n, "warning", *where) for r, n in sheet.grid.notes]
        if sheet.how != "not recognised" or not len(sheet.data.rows):
            return read
        return [
            *read,
            Issue(
                table,
                None,
                None,
                None,
                f"could not tell which table this sheet holds, so its {len(sheet.data.rows)} "
                "row(s) were not read: name the sheet after a table (e.g. sessions) or choose "
                "its table in the mapping step",
                "warning",
                *where,
            ),
        ]
    issues = [
        Issue(table, row, None, None, note, "warning", *where) for row, note in sheet.data.notes
    ]
    unused = [h for h in sheet.match.unmapped if not sheet.name_parts or h not in sheet.name_parts]
    if unused:
        issues.append(
            Issue(
                table,
                None,
                ", ".join(cut_short(h) for h in unused),
                None,
                f"column{'s' if len(unused) > 1 else ''} not used: no column of {table} "
                "matches (choose one in the mapping step if it holds one)",
                "warning",
                *where,
            )
        )
    for header, column in sheet.match.duplicates.items():
        issues.append(
            Issue(
                table,
                None,
                header,
                None,
                f"another column already supplies {column}: this one is not used",
                "warning",
                *where,
            )
        )
    for column, order in sheet.date_orders.items():
        if order == "ambiguous":
            reading = "day-first" if default_order == "dayfirst" else "month-first"
            issues.append(
                Issue(
                    table,
                    None,
                    column,
                    None,
                    f"dates like 03/04/2025 could be day-first or month-first; read {reading}. "
                    "Choose in the mapping step (or --dates) if that is wrong",
                    "warning",
                    *where,
                )
            )
    return issues


def load(
    plan: Plan,
    *,
    source: str | None = None,
    default_order: DateChoice = DEFAULT_DATE_ORDER,
) -> UploadResult:
    """Build the canonical tables the plan describes and validate them."""
    raw: dict[str, pd.DataFrame] = {}
    places: dict[str, pd.DataFrame] = {}
    set_aside: dict[str, int] = {}
    notes: list[Issue] = list(plan.failures)
    for sheet in plan.sheets:
        notes.extend(_sheet_issues(sheet, default_order))
    for table, sheets in plan.tables.items():
        notes.extend(_value_notes(plan, table, sheets))
        usable, lacking = _sheets_with_required(plan, table, sheets)
        for sheet, missing in lacking:
            notes.append(_lacking_issue(table, sheet, missing))
        set_aside[table] = sum(len(s.data.rows) for s, _ in lacking)
        notes.extend(_partial_columns(plan, table, usable))
        frames = [_canonical_frame(s, plan, default_order) for s in usable]
        raw[table] = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        places[table] = pd.concat(
            [
                pd.DataFrame(
                    {"row": s.data.row_numbers, "file": s.grid.file, "sheet": s.grid.sheet}
                )
                for s in usable
            ],
            ignore_index=True,
        )
    label = source or "Uploaded files: " + ", ".join(
        dict.fromkeys(s.grid.file for s in plan.sheets)
    )
    data: ProgrammeData | None
    message = None
    try:
        data, report = validate_tables(
            raw, source=label, places=places, max_lengths=stored_lengths()
        )
    except DataError as exc:
        data, report, message = None, exc.report, str(exc)
    counts = {
        t: TableCount(c.read + set_aside.get(t, 0), c.loaded) for t, c in report.counts.items()
    }
    return UploadResult(data, ValidationReport((*notes, *report.issues), counts), plan, message)


def _sheets_with_required(
    found: Plan, table: str, sheets: list[SheetPlan]
) -> tuple[list[SheetPlan], list[tuple[SheetPlan, list[str]]]]:
    """Of several sheets feeding a table, those lacking a required column the others have are
    set aside (said once per sheet, not once per row); with one sheet nothing is."""
    if len(sheets) == 1:
        return sheets, []
    given = [s.supplied | set(found.fixed_for(table, s.key)) for s in sheets]
    somewhere = set().union(*given)
    required = [c for c in TABLES[table].required_columns if c in somewhere]
    usable, lacking = [], []
    for sheet, has in zip(sheets, given, strict=True):
        missing = [c for c in required if c not in has]
        if missing:
            lacking.append((sheet, missing))
        else:
            usable.append(sheet)
    if not usable:
        return sheets, []
    return usable, lacking


def _lacking_issue(table: str, sheet: SheetPlan, missing: list[str]) -> Issue:
    return Issue(
        table,
        None,
        ", ".join(missing),
        None,
        f"required column(s) {', '.join(missing)} missing in this sheet (the table's other "
        f"sheets have them): its {len(sheet.data.rows)} row(s) were not loaded. Choose the "
        "column in the mapping step",
        "error",
        sheet.grid.file,
        sheet.grid.sheet,
    )


def _partial_columns(found: Plan, table: str, sheets: list[SheetPlan]) -> list[Issue]:
    """Optional columns some sheets of a table have and others lack: blank for the latter."""
    if len(sheets) < 2:
        return []
    given = [s.supplied | set(found.fixed_for(table, s.key)) for s in sheets]
    somewhere = set().union(*given)
    out = []
    for sheet, has in zip(sheets, given, strict=True):
        for column in [c for c in TABLES[table].column_names if c in somewhere - has]:
            out.append(
                Issue(
                    table,
                    None,
                    column,
                    None,
                    f"column {column} missing in this sheet (other sheets of {table} have it): "
                    f"blank for its {len(sheet.data.rows)} row(s)",
                    "warning",
                    sheet.grid.file,
                    sheet.grid.sheet,
                )
            )
    return out


def _value_notes(found: Plan, table: str, sheets: list[SheetPlan]) -> list[Issue]:
    """What recodings, scales and fixed values did to a table, once per column."""
    file = ", ".join(dict.fromkeys(s.grid.file for s in sheets))
    sheet = ", ".join(dict.fromkeys(str(s.grid.sheet) for s in sheets if s.grid.sheet)) or None
    notes = []

    def note(column: str, reason: str) -> None:
        notes.append(Issue(table, None, column, None, reason, "warning", file, sheet))

    for reading in found.readings:
        if reading.table != table:
            continue
        said = reading_note(reading)
        if said:
            note(reading.column, said + " (see the mapping step)")
        doubt = scale_doubt(reading)
        if doubt:
            note(reading.column, doubt)
    for fixed in found.fixed:
        if fixed.table != table:
            continue
        applies = [s for s in sheets if fixed.sheet in (None, s.key)]
        rows = sum(len(s.data.rows) for s in applies)
        headers = [h for s in applies for h, c in s.match.columns.items() if c == fixed.column]
        if fixed.mode == "default" and headers:
            note(fixed.column, f"blank cells read as '{fixed.value}'")
            continue
        why = f" (suggested: {fixed.reason}; change it in the mapping step)" if fixed.reason else ""
        unused = f"; column {', '.join(headers)} not used" if headers else ""
        where = f" of {fixed.sheet}" if fixed.sheet and len(sheets) > 1 else ""
        note(fixed.column, f"every row{where} ({rows}) set to '{fixed.value}'{why}{unused}")
    for s in sheets:
        if s.name_parts:
            parts = " and ".join(s.name_parts)
            notes.append(
                Issue(
                    table,
                    None,
                    "name",
                    None,
                    f"names made from {parts}",
                    "warning",
                    s.grid.file,
                    s.grid.sheet,
                )
            )
    return notes


def ingest(
    files: Iterable[UploadedFile],
    *,
    mapping: Mapping | None = None,
    limits: Limits | None = None,
    default_order: DateChoice = DEFAULT_DATE_ORDER,
) -> UploadResult:
    """Read, map and validate uploaded files in one go."""
    grids, failures = read_files(files, limits)
    return load(plan(grids, mapping, failures), default_order=default_order)


def report_xlsx(report: ValidationReport) -> bytes:
    """The validation report as a workbook: a Summary sheet of counts and an Issues sheet."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        neutralise(report.counts_frame()).to_excel(writer, sheet_name="Summary", index=False)
        neutralise(report.to_frame()).to_excel(writer, sheet_name="Issues", index=False)
    return buffer.getvalue()


def effective_mapping(plan: Plan, mapping: Mapping | None = None) -> Mapping:
    """Every decision the plan made (the user's and the automatic ones), as a mapping file.

    Saved with an export, it makes the next upload of the same layout map the same way. Header
    rows are saved only where the user chose them: the next export may have more title rows.
    """
    mapping = mapping or Mapping()
    tables = dict(mapping.tables)
    columns = {t: dict(c) for t, c in mapping.columns.items()}
    dates = dict(mapping.dates)
    for sheet in plan.sheets:
        if sheet.table is None and sheet.key not in mapping.tables:
            continue  # an unrecognised sheet is still asked about next time
        tables[sheet.key] = sheet.table or ""
        if sheet.table is None or sheet.match is None:
            continue
        picks = columns.setdefault(sheet.table, {})
        picks.update(sheet.match.columns)
        for column, order in sheet.date_orders.items():
            if order in ("dayfirst", "monthfirst"):
                dates.setdefault(f"{sheet.table}.{column}", order)
    constants = {t: dict(v) for t, v in mapping.constants.items()}
    suggested: dict[tuple[str, str], set[str]] = {}
    for fixed in plan.fixed:
        if fixed.how == "suggested":
            suggested.setdefault((fixed.table, fixed.column), set()).add(fixed.value)
    for (table, column), values in suggested.items():
        if len(values) == 1:  # sheets suggesting different values are asked again next time
            constants.setdefault(table, {}).setdefault(column, values.pop())
    recodes = {t: {c: dict(v) for c, v in per.items()} for t, per in mapping.recodes.items()}
    scales = dict(mapping.scales)
    for reading in plan.readings:
        if reading.recodes:
            recodes.setdefault(reading.table, {}).setdefault(reading.column, {}).update(
                {
                    k: v
                    for k, v in reading.recodes.items()
                    if k not in mapping.recodes.get(reading.table, {}).get(reading.column, {})
                }
            )
        if reading.scale:
            scales.setdefault(reading.key, reading.scale)
    return Mapping(
        tables,
        columns,
        dates,
        dict(mapping.header_rows),
        constants,
        {t: dict(v) for t, v in mapping.defaults.items()},
        recodes,
        scales,
    )
