"""Validate raw tables into ProgrammeData, reporting every rejected row and why.

Coercion happens column by column (dashboard.coerce); the rules on the coerced frame
(required values, enumerations, ranges, unique keys) are a pandera schema derived from
dashboard.schema; references are checked table by table in dependency order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd
import pandera.pandas as pa
import pyarrow
import pyarrow.compute as pc

from dashboard import coerce
from dashboard.model import ProgrammeData, assemble
from dashboard.schema import REQUIRED_TABLES, TABLE_ORDER, TABLES, Column, Table


@dataclass(frozen=True)
class Issue:
    """One problem: which table, row (as the user sees it), column and value, and why."""

    table: str
    row: int | None
    column: str | None
    value: str | None
    reason: str
    severity: Literal["error", "warning"] = "error"
    file: str | None = None
    sheet: str | None = None


@dataclass(frozen=True)
class TableCount:
    read: int
    loaded: int

    @property
    def rejected(self) -> int:
        return self.read - self.loaded


@dataclass(frozen=True)
class ValidationReport:
    """Every issue found, and per table how many rows were read, loaded and rejected."""

    issues: tuple[Issue, ...] = ()
    counts: dict[str, TableCount] = field(default_factory=dict)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def rows_rejected(self) -> int:
        return sum(c.rejected for c in self.counts.values())

    def to_frame(self) -> pd.DataFrame:
        columns = ["severity", "file", "sheet", "table", "row", "column", "value", "reason"]
        return pd.DataFrame(
            [{c: getattr(i, c) for c in columns} for i in self.issues], columns=columns
        )

    def counts_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {"table": t, "read": c.read, "loaded": c.loaded, "rejected": c.rejected}
                for t, c in self.counts.items()
            ],
            columns=["table", "read", "loaded", "rejected"],
        )


class DataError(Exception):
    """The data cannot be used at all (e.g. a required table is missing); carries the report."""

    def __init__(self, message: str, report: ValidationReport) -> None:
        super().__init__(message)
        self.report = report


@dataclass
class _TableCheck:
    """Rejections collected for one table; a row's first reason is enough to reject it."""

    table: Table
    frame: pd.DataFrame
    rows: pd.Series
    origin: tuple[str | None, str | None]
    issues: list[Issue] = field(default_factory=list)
    rejected: set = field(default_factory=set)

    def add(
        self,
        mask: pd.Series,
        column: str | None,
        reason: str,
        *,
        values: pd.Series | None = None,
        severity: Literal["error", "warning"] = "error",
    ) -> None:
        hit = mask[mask.fillna(False).astype(bool)].index
        if severity == "error":
            hit = hit.difference(pd.Index(list(self.rejected)))
            self.rejected.update(hit)
        shown = values if values is not None else self.frame.get(column)
        for idx in hit:
            value = None if shown is None else shown.get(idx)
            self.issues.append(
                Issue(
                    self.table.name,
                    int(self.rows[idx]),
                    column,
                    None if value is None or pd.isna(value) else _shown(value),
                    reason,
                    severity,
                    *self.origin,
                )
            )


# A report names a value so it can be found, not to repeat it: a pasted essay is cut short.
_SHOWN_CHARS = 200


def _shown(value: object) -> str:
    text = str(value)
    return text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "…"


def _pandera_schema(table: Table) -> pa.DataFrameSchema:
    columns: dict[str, pa.Column] = {}
    for col in table.columns:
        checks = []
        if col.enum:
            checks.append(pa.Check.isin(list(col.enum), error=f"not one of {', '.join(col.enum)}"))
        if col.name == "satisfaction":
            checks.append(pa.Check.in_range(1, 5, error="not a score from 1 to 5"))
        if col.name == "duration_minutes":
            checks.append(pa.Check.in_range(0, 24 * 60, error="not a duration in minutes"))
        columns[col.name] = pa.Column(nullable=not col.required, checks=checks, required=False)
    return pa.DataFrameSchema(columns)


_ABSENT_DTYPES = {
    "date": "datetime64[ns]",
    "int": "Int64",
    "bool": "boolean",
    "id": "str",
    "text": "str",
    "enum": "str",
}


def _absent(col: Column, index: pd.Index) -> pd.Series:
    """A column the source lacks: its default, typed like a coerced column would be."""
    value = pd.NA if col.default is None else col.default
    if col.kind == "date":
        value = pd.NaT
    return pd.Series(value, index=index, dtype=_ABSENT_DTYPES[col.kind])


def _coerce(check: _TableCheck, raw: pd.DataFrame) -> None:
    """Convert each column to its canonical type, rejecting rows whose values do not convert."""
    out = {}
    original = None
    for col in check.table.columns:
        if col.name not in raw.columns:
            out[col.name] = _absent(col, raw.index)
            continue
        values = _without_error_values(check, col, raw[col.name])
        if col.kind == "id":
            converted = coerce.ids(values)
        elif col.kind == "text":
            converted = coerce.text(values)
        elif col.kind == "date":
            converted = coerce.dates(values)
        elif col.kind == "int":
            converted = coerce.integers(values)
        elif col.kind == "bool":
            converted = coerce.booleans(values)
        elif col.name == "category" and check.table.name == "obstacles":
            converted, original = coerce.obstacle_categories(values)
            check.add(
                original.notna(),
                col.name,
                "unknown obstacle category: loaded as 'other', wording kept",
                values=values,
                severity="warning",
            )
        else:
            converted = coerce.enums(values, col.enum)
        failed = converted.isna() & values.notna()
        if failed.any():
            # Only the few values that did not convert are turned into text, to tell a blank
            # cell from a bad one; doing it for every value cost more than the conversion.
            failed[failed] = values[failed].astype("str").str.strip() != ""
        expected = {"date": "a date", "int": "a whole number", "bool": "yes or no"}.get(
            col.kind, f"one of {', '.join(col.enum)}" if col.enum else "a value"
        )
        _report_failures(check, col, values, failed, f"not {expected}")
        if col.default is not None:
            converted = converted.fillna(col.default)
        out[col.name] = converted
    if original is not None and "category_text" not in raw.columns:
        out["category_text"] = original
    frame = pd.DataFrame(out, index=raw.index)
    check.frame = frame[[c for c in check.table.column_names]]


def _report_failures(
    check: _TableCheck, col: Column, values: pd.Series, failed: pd.Series, reason: str
) -> None:
    """Reject the rows whose value did not convert, saying why as exactly as it can."""
    if not failed.any():
        return
    reasons = values[failed].map(lambda v: coerce.why_not(col.kind, v) or reason)
    for told in reasons.unique():
        check.add(
            reasons.eq(told).reindex(failed.index, fill_value=False), col.name, told, values=values
        )


def _without_error_values(check: _TableCheck, col: Column, values: pd.Series) -> pd.Series:
    """A column with its spreadsheet error values (#N/A, #DIV/0! …) blanked: reported as an
    error where a value is required (the row is rejected), else as a warning."""
    errors = coerce.excel_errors(values)
    if not errors.any():
        return values
    if col.required:
        check.add(
            errors, col.name, "a spreadsheet error value: the formula here failed", values=values
        )
    else:
        check.add(
            errors,
            col.name,
            "a spreadsheet error value (the formula here failed): left blank",
            values=values,
            severity="warning",
        )
    return values.mask(errors)


def _rules(check: _TableCheck) -> None:
    frame = check.frame
    for col in check.table.required_columns:
        check.add(frame[col].isna(), col, "required value is missing")
    try:
        _pandera_schema(check.table).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases.dropna(subset=["index"])
        for (column, reason), group in cases.groupby(["column", "check"], sort=False):
            if reason.startswith("not_nullable"):
                continue  # reported above as a missing required value
            mask = frame.index.isin(group["index"].astype(frame.index.dtype))
            check.add(pd.Series(mask, index=frame.index), column, str(reason))
    key = list(check.table.key)
    dup = frame.duplicated(subset=key, keep="first") & frame[key].notna().all(axis=1)
    check.add(dup, key[0], f"duplicate {'/'.join(key)}: an earlier row has the same key")
    for start, end in (
        ("start_date", "end_date"),
        ("set_date", "completed_date"),
        ("reported_date", "resolved_date"),
        ("hire_date", "leave_date"),
    ):
        if start in frame.columns and end in frame.columns:
            check.add(frame[end] < frame[start], end, f"{end} is before {start}")


def _lengths(check: _TableCheck, limits: dict[str, int]) -> None:
    """Reject text values longer than the database they are to be saved in can hold."""
    for column, limit in limits.items():
        values = check.frame[column]
        if not pd.api.types.is_string_dtype(values) or _longest(values) <= limit:
            continue
        lengths = values.str.len()
        for length in sorted(set(lengths[lengths > limit].astype(int))):
            check.add(
                lengths == length,
                column,
                f"too long to save: {length} characters, at most {limit}",
            )


def _longest(values: pd.Series) -> int:
    """The length of the longest text, counted by Arrow (7x faster than pandas' str.len)."""
    return pc.max(pc.utf8_length(pyarrow.array(values.array))).as_py() or 0


def _references(check: _TableCheck, loaded: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Reject rows whose required references dangle; clear optional ones that dangle."""
    frame = check.frame
    for col in check.table.columns:
        if not col.references:
            continue
        parent_table, parent_key = col.references.split(".")
        parent = loaded.get(parent_table)
        if parent is None:
            continue
        # Compared as Python objects: pandas' isin on its pyarrow strings builds the lookup
        # set one scalar at a time, four times slower on a million sessions.
        known = frame[col.name].astype(object).isin(parent[parent_key].astype(object))
        dangling = frame[col.name].notna() & ~known
        if col.required:
            check.add(dangling, col.name, f"no {parent_table} row has this {parent_key}")
        else:
            check.add(
                dangling,
                col.name,
                f"no {parent_table} row has this {parent_key}: value cleared, row kept",
                severity="warning",
            )
            frame = frame.assign(**{col.name: frame[col.name].mask(dangling)})
    return frame


def _department_names(frame: pd.DataFrame, departments: pd.DataFrame | None) -> pd.DataFrame:
    """Departments given by id become their names, so every table speaks of names."""
    if departments is None:
        return frame
    names = departments.set_index("department_id")["department_name"]
    return frame.assign(department=frame["department"].map(names).fillna(frame["department"]))


def _defaults(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Fill statuses that the design lets the source leave blank."""
    if name == "relationships":
        implied = frame["end_date"].notna().map({True: "completed", False: "active"})
        return frame.assign(status=frame["status"].fillna(implied))
    if name == "obstacles":
        implied = frame["resolved_date"].notna().map({True: "resolved", False: "open"})
        return frame.assign(status=frame["status"].fillna(implied))
    return frame


def validate_tables(
    raw: dict[str, pd.DataFrame],
    *,
    source: str,
    row_numbers: dict[str, pd.Series] | None = None,
    origins: dict[str, tuple[str | None, str | None]] | None = None,
    max_lengths: dict[str, dict[str, int]] | None = None,
) -> tuple[ProgrammeData, ValidationReport]:
    """Coerce, check and link the raw canonical tables; raise DataError if nothing usable remains.

    `row_numbers` gives, per table, the row number a user would look for (a spreadsheet row);
    by default the first data row is row 1. `origins` gives (file, sheet) per table.
    `max_lengths` (per table, column: characters) rejects values too long to be saved.
    """
    issues: list[Issue] = []
    counts: dict[str, TableCount] = {}
    loaded: dict[str, pd.DataFrame] = {}
    for name in TABLE_ORDER:
        table = TABLES[name]
        frame = raw.get(name)
        origin = (origins or {}).get(name, (None, None))
        if frame is None:
            if table.required:
                issues.append(Issue(name, None, None, None, f"required table '{name}' is missing"))
            continue
        missing = [c for c in table.required_columns if c not in frame.columns]
        if missing:
            reason = f"required column(s) missing: {', '.join(missing)}; table not loaded"
            issues.append(Issue(name, None, ", ".join(missing), None, reason, "error", *origin))
            counts[name] = TableCount(len(frame), 0)
            continue
        frame = frame.reset_index(drop=True)
        rows = (row_numbers or {}).get(name)
        rows = pd.Series(range(1, len(frame) + 1)) if rows is None else rows.reset_index(drop=True)
        check = _TableCheck(table, frame, rows, origin)
        _coerce(check, frame)
        _rules(check)
        _lengths(check, (max_lengths or {}).get(name, {}))
        check.frame = _references(check, loaded)
        kept = check.frame.drop(index=list(check.rejected))
        if "department" in kept.columns:
            kept = _department_names(kept, loaded.get("departments"))
        loaded[name] = _defaults(name, kept).reset_index(drop=True)
        issues.extend(sorted(check.issues, key=lambda i: i.row or 0))
        counts[name] = TableCount(len(frame), len(kept))
    report = ValidationReport(tuple(issues), counts)
    absent = [t for t in REQUIRED_TABLES if t not in loaded]
    if absent:
        raise DataError(f"required table(s) missing or unusable: {', '.join(absent)}", report)
    return assemble(loaded, source=source), report
