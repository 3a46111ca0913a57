"""Uploaded files -> raw canonical tables -> validate_tables: the whole upload path, no Streamlit.

`read_files` reads bytes into sheets, `plan` decides each sheet's table, header and column
mapping (and asks about ambiguous dates), `load` builds the canonical tables and validates
them, and `ingest` does all three for the command line. Every issue names the file, sheet,
spreadsheet row, column, value and reason.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from dashboard import coerce
from dashboard.exports import neutralise
from dashboard.model import ProgrammeData
from dashboard.schema import TABLE_ORDER, TABLES
from dashboard.sources.detect import SheetData, choose_table, sheet_data
from dashboard.sources.mapping import ColumnMatch, DateChoice, Mapping, match_columns
from dashboard.sources.sandbox import read_isolated
from dashboard.sources.spreadsheet import Grid, Limits, UploadError, file_stem
from dashboard.sources.sql_schema import stored_lengths
from dashboard.validate import DataError, Issue, ValidationReport, validate_tables

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

    @property
    def key(self) -> str:
        return sheet_key(self.grid)


def sheet_key(grid: Grid) -> str:
    """The name a mapping file uses for a sheet: the sheet's, or the CSV file's stem."""
    return grid.sheet if grid.sheet is not None else file_stem(grid.file)


@dataclass(frozen=True)
class Plan:
    sheets: tuple[SheetPlan, ...]
    failures: tuple[Issue, ...] = ()
    questions: tuple[DateQuestion, ...] = ()

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
                    "missing required": ", ".join(match.missing) if match else "",
                    "not used": ", ".join(match.unmapped) if match else "",
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
        data = sheet_data(grid)
        chosen = mapping.table_for(sheet_key(grid))
        table, how = choose_table(grid, data.headers, chosen)
        match = match_columns(table, data.headers, mapping.columns.get(table)) if table else None
        sheets.append(SheetPlan(grid, data, table, how, match, _date_orders(table, data, match)))
    questions = _questions(sheets, mapping)
    return Plan(tuple(_settle_dates(sheets, mapping)), tuple(failures), tuple(questions))


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


def _canonical_frame(sheet: SheetPlan, default_order: DateChoice) -> pd.DataFrame:
    columns = {}
    for header, column in (sheet.match.columns if sheet.match else {}).items():
        values = _typed(sheet.data.rows[header])
        order = sheet.date_orders.get(column)
        if order in ("dayfirst", "monthfirst", "ambiguous"):
            values = _as_iso(values, default_order if order == "ambiguous" else order)
        columns[column] = values
    return pd.DataFrame(columns, index=sheet.data.rows.index)


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
    for header in sheet.match.unmapped:
        issues.append(
            Issue(
                table,
                None,
                header,
                None,
                f"column not used: it matches no column of {table}",
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


@dataclass(frozen=True)
class _Segment:
    """Where a table's rows came from: rows [start, stop) of the combined frame."""

    start: int
    stop: int
    file: str
    sheet: str | None
    rows: pd.Series


def load(
    plan: Plan,
    *,
    source: str | None = None,
    default_order: DateChoice = DEFAULT_DATE_ORDER,
) -> UploadResult:
    """Build the canonical tables the plan describes and validate them."""
    raw: dict[str, pd.DataFrame] = {}
    row_numbers: dict[str, pd.Series] = {}
    origins: dict[str, tuple[str | None, str | None]] = {}
    segments: dict[str, list[_Segment]] = {}
    notes: list[Issue] = list(plan.failures)
    for sheet in plan.sheets:
        notes.extend(_sheet_issues(sheet, default_order))
    for table, sheets in plan.tables.items():
        frames = [_canonical_frame(s, default_order) for s in sheets]
        raw[table] = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        if len(sheets) == 1:
            row_numbers[table] = sheets[0].data.row_numbers
            origins[table] = (sheets[0].grid.file, sheets[0].grid.sheet)
            continue
        # Several sheets feed one table: number rows 1..n across them, then map each issue
        # back to its own file, sheet and row.
        start = 0
        for s in sheets:
            stop = start + len(s.data.rows)
            segments.setdefault(table, []).append(
                _Segment(start, stop, s.grid.file, s.grid.sheet, s.data.row_numbers)
            )
            start = stop
        row_numbers[table] = pd.Series(np.arange(1, start + 1))
        origins[table] = (
            ", ".join(dict.fromkeys(s.grid.file for s in sheets)),
            ", ".join(dict.fromkeys(str(s.grid.sheet) for s in sheets if s.grid.sheet)) or None,
        )
    label = source or "Uploaded files: " + ", ".join(
        dict.fromkeys(s.grid.file for s in plan.sheets)
    )
    data: ProgrammeData | None
    message = None
    try:
        data, report = validate_tables(
            raw,
            source=label,
            row_numbers=row_numbers,
            origins=origins,
            max_lengths=stored_lengths(),
        )
    except DataError as exc:
        data, report, message = None, exc.report, str(exc)
    issues = [_locate(i, segments.get(i.table)) for i in report.issues]
    return UploadResult(data, ValidationReport((*notes, *issues), report.counts), plan, message)


def _locate(issue: Issue, segments: list[_Segment] | None) -> Issue:
    if not segments or issue.row is None:
        return issue
    position = issue.row - 1
    for seg in segments:
        if seg.start <= position < seg.stop:
            row = int(seg.rows.iloc[position - seg.start])
            return replace(issue, row=row, file=seg.file, sheet=seg.sheet)
    return issue


def ingest(
    files: Iterable[UploadedFile],
    *,
    mapping: Mapping | None = None,
    limits: Limits | None = None,
    default_order: DateChoice = DEFAULT_DATE_ORDER,
) -> UploadResult:
    """Read, map and validate uploaded files in one go (the command line's path)."""
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

    Saved with an export, it makes the next upload of the same layout map the same way.
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
    return Mapping(tables, columns, dates)
