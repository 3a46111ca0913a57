"""Validate raw tables into ProgrammeData, reporting every rejected row and why.

Coercion happens column by column (dashboard.coerce); the rules on the coerced frame
(required values, enumerations, ranges, unique keys) are a pandera schema derived from
dashboard.schema; references are checked table by table in dependency order.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow
import pyarrow.compute as pc

from dashboard import coerce
from dashboard.errors import DataError
from dashboard.labels import plural
from dashboard.model import ProgrammeData, assemble
from dashboard.people_resolution import Directory, directory, namesakes, resolve
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


@dataclass
class _TableCheck:
    """Rejections collected for one table; a row's first reason is enough to reject it.

    `places` has, per row of `frame`, the spreadsheet row, file and sheet a user would look at.
    """

    table: Table
    frame: pd.DataFrame
    places: pd.DataFrame
    raw: pd.DataFrame
    issues: list[Issue] = field(default_factory=list)
    rejected: set = field(default_factory=set)

    def add(
        self,
        mask: pd.Series,
        column: str | None,
        reason: str | pd.Series,
        *,
        values: pd.Series | None = None,
        severity: Literal["error", "warning"] = "error",
    ) -> None:
        hit = mask[mask.fillna(False).astype(bool)].index
        if severity == "error":
            hit = hit.difference(pd.Index(list(self.rejected)))
            self.rejected.update(hit)
        if not len(hit):
            return
        shown = values if values is not None else self.frame.get(column)
        rows, files, sheets = self.place_arrays
        for idx in hit:
            value = None if shown is None else shown.get(idx)
            row, file, sheet = rows[idx], files[idx], sheets[idx]
            self.issues.append(
                Issue(
                    self.table.name,
                    int(row),
                    column,
                    None if value is None or pd.isna(value) else cut_short(value),
                    reason if isinstance(reason, str) else str(reason[idx]),
                    severity,
                    _text_or_none(file),
                    _text_or_none(sheet),
                )
            )

    def note(self, column: str | None, reason: str) -> None:
        """A warning about the table as a whole (no row)."""
        files = self.places["file"].dropna().unique()
        sheets = self.places["sheet"].dropna().unique()
        file = ", ".join(map(str, files)) or None
        sheet = ", ".join(map(str, sheets)) or None
        self.issues.append(
            Issue(self.table.name, None, column, None, reason, "warning", file, sheet)
        )

    @cached_property
    def place_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Row, file and sheet of every row, by position (read once: pyarrow text is slow)."""
        return tuple(self.places[c].to_numpy(dtype=object) for c in ("row", "file", "sheet"))

    @cached_property
    def several_sheets(self) -> bool:
        return self.places["file"].nunique() > 1 or self.places["sheet"].nunique() > 1

    def place(self, idx: int) -> str:
        """'row 5', with the file and sheet when the table has several."""
        row, file, sheet = (array[idx] for array in self.place_arrays)
        where = " › ".join(str(p) for p in (file, sheet) if _text_or_none(p))
        return f"row {int(row)} of {where}" if self.several_sheets and where else f"row {int(row)}"


def _text_or_none(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


# A report names a value so it can be found, not to repeat it: a pasted essay is cut short.
_SHOWN_CHARS = 200


def cut_short(value: object) -> str:
    """The value as a report names it: at most 200 characters."""
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
        blank = coerce.blank_like(values)
        if blank.any():
            examples = ", ".join(f"'{v}'" for v in values[blank].drop_duplicates().head(3))
            if not col.required:
                check.note(
                    col.name,
                    f"{int(blank.sum())} value(s) such as {examples} mean 'no value': "
                    "read as blank",
                )
            values = values.mask(blank)
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
        check.add(frame[col].isna(), col, "required value is missing", values=check.raw.get(col))
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


_PARENT_NOUNS = {"relationships": "pairing", "employees": "employee", "programmes": "programme"}
_LISTED_MANAGERS = 50


@dataclass(frozen=True)
class _Rejected:
    """The keys of a table's rejected rows (that no loaded row has), with where each is."""

    places: dict[str, str]


def _references(
    check: _TableCheck,
    loaded: dict[str, pd.DataFrame],
    rejected: dict[str, _Rejected],
    staff: _People | None,
) -> pd.DataFrame:
    """Resolve people named by e-mail or name; reject rows whose required references dangle
    and clear optional ones that dangle."""
    frame = check.frame
    for col in check.table.columns:
        if not col.references:
            continue
        parent_table, parent_key = col.references.split(".")
        if parent_table == "employees":
            if check.table.name == "employees":
                staff = _People(check.frame.drop(index=list(check.rejected)))
            if staff is None:
                continue
            frame = _resolve_people(check, frame, col, staff)
            if check.table.name == "employees":
                continue  # a line manager outside the file is kept (and warned about)
        parent = loaded.get(parent_table)
        if parent is None:
            continue
        # Compared as Python objects: pandas' isin on its pyarrow strings builds the lookup
        # set one scalar at a time, four times slower on a million sessions.
        known = frame[col.name].astype(object).isin(parent[parent_key].astype(object))
        dangling = frame[col.name].notna() & ~known
        if not dangling.any():
            continue
        reasons = _dangling_reasons(frame[col.name], dangling, parent_table, parent_key, rejected)
        if col.required:
            check.add(dangling, col.name, reasons)
        else:
            check.add(
                dangling,
                col.name,
                reasons + ": value cleared, row kept",
                severity="warning",
            )
            frame = frame.assign(**{col.name: frame[col.name].mask(dangling)})
    return frame


def _dangling_reasons(
    values: pd.Series,
    dangling: pd.Series,
    parent_table: str,
    parent_key: str,
    rejected: dict[str, _Rejected],
) -> pd.Series:
    """Why each dangling reference dangles: its parent row was rejected, or there is none."""
    if parent_table == "employees":
        generic = "no employee has this id, e-mail or name"
    else:
        generic = f"no {parent_table} row has this {parent_key}"
    reasons = pd.Series(generic, index=values.index, dtype=object)
    places = rejected.get(parent_table, _Rejected({})).places
    noun = _PARENT_NOUNS.get(parent_table, f"{parent_table} row")
    for idx in values[dangling].index:
        key = values[idx]
        if key in places:
            reasons[idx] = f"its {noun} {key} was rejected: see {places[key]}"
    return reasons


class _People:
    """Employee ids at once; the e-mail and name lookups only when a reference needs them."""

    def __init__(self, employees: pd.DataFrame) -> None:
        self.employees = employees
        self.ids = frozenset(employees["employee_id"].dropna().astype(object))

    @cached_property
    def directory(self) -> Directory:
        return directory(self.employees)


def _resolve_people(
    check: _TableCheck, frame: pd.DataFrame, col: Column, lookup: _People
) -> pd.DataFrame:
    """References given by e-mail or name become employee ids; ambiguous ones are reported."""
    values = frame[col.name]
    unknown = values.notna() & ~values.astype(object).isin(lookup.ids)
    if not unknown.any():
        return frame
    people = lookup.directory
    found = resolve(values[unknown], people)
    matched = found.how.isin(["id", "email", "name"])
    values = values.copy()
    values[matched[matched].index] = found.ids[matched]
    by_email, by_name = found.count("email"), found.count("name")
    if by_email or by_name:
        how = " and ".join(
            f"{n} by {what}" for n, what in ((by_email, "e-mail"), (by_name, "name")) if n
        )
        check.note(col.name, f"people named by e-mail or name found among employees: {how}")
    ambiguous = found.how == "ambiguous"
    if ambiguous.any():
        reasons = found.ids[ambiguous].map(
            lambda v: (
                f"more than one employee matches this ({', '.join(namesakes(v, people))}): "
                "give an e-mail or employee id"
            )
        )
        mask = pd.Series(False, index=frame.index)
        mask[reasons.index] = True
        if col.required:
            check.add(mask, col.name, reasons.reindex(frame.index))
        else:
            suffix = "; value cleared, row kept"
            check.add(mask, col.name, reasons.reindex(frame.index) + suffix, severity="warning")
            values = values.mask(mask)
    still = found.how == "unknown"
    if check.table.name == "employees" and still.any():
        _unknown_managers(check, values, still)
    if still.any() and not people.emails:
        emails = values[still[still].index].astype(str).str.contains("@")
        if emails.any():
            example = values[emails[emails].index[0]]
            check.note(
                col.name,
                f"people are named by e-mail (e.g. '{example}'), but the employees table has no "
                "e-mail column: map the employees' work e-mail column to email",
            )
    return frame.assign(**{col.name: values})


def _unknown_managers(check: _TableCheck, values: pd.Series, unknown: pd.Series) -> None:
    """One warning per line manager who is no employee (at their first row), and a summary."""
    rows = values[unknown[unknown].index]
    named = rows.groupby(rows.to_numpy(), sort=False)
    total = int(values.notna().sum())
    check.note(
        "manager_id",
        f"{len(rows)} of {total} line-manager references match no employee (by id, e-mail or "
        "name): kept as given, but such managers have no team in the dashboard",
    )
    for number, (value, group) in enumerate(named):
        if number == _LISTED_MANAGERS:
            break
        first = group.index[0]
        mask = pd.Series(False, index=values.index)
        mask[first] = True
        others = f" and {len(group) - 1} more row(s)" if len(group) > 1 else ""
        check.add(
            mask,
            "manager_id",
            f"this line manager is not among the employees{others}: kept as given",
            values=pd.Series(value, index=values.index),
            severity="warning",
        )


def _rejected_keys(check: _TableCheck, kept: pd.DataFrame) -> _Rejected:
    if len(check.table.key) != 1 or not check.rejected:
        return _Rejected({})
    key = check.table.key[0]
    gone = check.frame.loc[sorted(check.rejected), key].dropna()
    gone = gone[~gone.isin(kept[key])]
    places: dict[str, str] = {}
    for idx, value in gone.items():
        places.setdefault(value, check.place(idx))
    return _Rejected(places)


def _leavers(check: _TableCheck) -> None:
    """Someone marked as left without a leave date is not eligible in any period."""
    frame = check.frame
    left = frame["employment_status"].eq("left").fillna(False) & frame["leave_date"].isna()
    if not left.any():
        return
    check.frame = frame.assign(eligible=frame["eligible"].mask(left, False))
    check.note(
        "employment_status",
        f"{int(left.sum())} employee(s) have left but have no leave date: not counted as "
        "eligible in any period (give their leave date to count them while they worked)",
    )


def _department_names(frame: pd.DataFrame, departments: pd.DataFrame | None) -> pd.DataFrame:
    """Departments given by id become their names, so every table speaks of names."""
    if departments is None:
        return frame
    names = departments.set_index("department_id")["department_name"]
    # Cast first: with every name blank the lookup is float, which text cannot fill.
    named = frame["department"].map(names).astype(frame["department"].dtype)
    return frame.assign(department=named.fillna(frame["department"]))


def _defaults(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Fill the optional statuses a source left blank (docs/DECISIONS.md, "Blank statuses")."""
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
    places: dict[str, pd.DataFrame] | None = None,
    max_lengths: dict[str, dict[str, int]] | None = None,
) -> tuple[ProgrammeData, ValidationReport]:
    """Coerce, check and link the raw canonical tables; raise DataError if nothing usable remains.

    `places` gives, per table and row, where a user finds it: columns `row` (a spreadsheet row),
    `file` and `sheet`; by default the first data row is row 1. `max_lengths` (per table,
    column: characters) rejects values too long to be saved.
    """
    issues: list[Issue] = []
    counts: dict[str, TableCount] = {}
    loaded: dict[str, pd.DataFrame] = {}
    rejected: dict[str, _Rejected] = {}
    staff: _People | None = None
    for name in TABLE_ORDER:
        table = TABLES[name]
        frame = raw.get(name)
        where = _places(frame, (places or {}).get(name))
        if frame is None:
            if table.required:
                issues.append(Issue(name, None, None, None, f"required table '{name}' is missing"))
            continue
        missing = [c for c in table.required_columns if c not in frame.columns]
        if missing:
            reason = f"required column(s) missing: {', '.join(missing)}; table not loaded"
            file, sheet = (
                ", ".join(map(str, where[c].dropna().unique())) for c in ("file", "sheet")
            )
            issues.append(
                Issue(
                    name,
                    None,
                    ", ".join(missing),
                    None,
                    reason,
                    "error",
                    file or None,
                    sheet or None,
                )
            )
            counts[name] = TableCount(len(frame), 0)
            continue
        frame = frame.reset_index(drop=True)
        check = _TableCheck(table, frame, where, frame)
        _coerce(check, frame)
        _rules(check)
        _lengths(check, (max_lengths or {}).get(name, {}))
        if name == "employees":
            _leavers(check)
        check.frame = _references(check, loaded, rejected, staff)
        kept = check.frame.drop(index=list(check.rejected))
        rejected[name] = _rejected_keys(check, kept)
        if "department" in kept.columns:
            kept = _department_names(kept, loaded.get("departments"))
        loaded[name] = _defaults(name, kept).reset_index(drop=True)
        if name == "employees":
            staff = _People(loaded[name])
        issues.extend(sorted(check.issues, key=lambda i: i.row or 0))
        counts[name] = TableCount(len(frame), len(kept))
    report = ValidationReport(tuple(issues), counts)
    unusable = [t for t in REQUIRED_TABLES if t not in loaded or loaded[t].empty]
    if unusable:
        absent = [t for t in unusable if not counts.get(t, TableCount(0, 0)).read]
        parts = [f"required table(s) missing or unusable: {', '.join(absent)}"] if absent else []
        parts += [_why_unusable(t, report) for t in unusable if t not in absent]
        raise DataError("; ".join(parts), report)
    return assemble(loaded, source=source), report


def _places(frame: pd.DataFrame | None, given: pd.DataFrame | None) -> pd.DataFrame:
    rows = 0 if frame is None else len(frame)
    if given is not None:
        return given.reset_index(drop=True)
    return pd.DataFrame({"row": range(1, rows + 1), "file": None, "sheet": None})


def _why_unusable(name: str, report: ValidationReport) -> str:
    """Why a required table with rows cannot be used: the commonest reason they were rejected."""
    count = report.counts[name]
    errors = [i for i in report.errors if i.table == name and i.row is not None]
    if not errors:
        return f"required table {name} lacks required columns, so none of its rows loaded"
    reasons = Counter((i.column, i.reason) for i in errors)
    (column, reason), rows = reasons.most_common(1)[0]
    example = next(i for i in errors if (i.column, i.reason) == (column, reason))
    value = f" '{example.value}'" if example.value is not None else ""
    cause = next(
        (
            i.reason
            for i in report.issues
            if i.table == name and i.row is None and i.column == column and "e-mail" in i.reason
        ),
        None,
    )
    return (
        f"every row of {name} was rejected ({plural(count.read, 'row')}), so there is nothing to "
        f"show; the commonest reason ({plural(rows, 'row')}, e.g. row {example.row}, "
        f"{column}{value}): {reason}" + (f". Likely cause: {cause}" if cause else "")
    )
