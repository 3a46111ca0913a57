"""Save validated tables into a database: an upsert by primary key, in one transaction.

Rows whose key is new are inserted; rows whose key exists take the upload's values for the
columns the upload supplied, and keep their stored values for every other column; identical
rows are left alone, so importing the same files twice changes nothing. enrolments has no SQL
primary key (its programme_id may be blank), so it is matched on its natural key
(employee_id, role, programme_id), blanks equal to blanks. A key the database would take for
another one (MySQL/MariaDB compare ids ignoring letter case) is reported and its row left out,
with the rows that need it. Any failure rolls everything back.

Only a grant that may import writes, and never into a database the dashboard reads as its
source (sources/sql_target.py).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from dashboard.access import Grant
from dashboard.errors import SourceError
from dashboard.model import ProgrammeData
from dashboard.schema import TABLE_ORDER, TABLES
from dashboard.sources.sql_schema import canonical_metadata
from dashboard.sources.sql_target import check_write
from dashboard.sources.sql_url import redact, scrub
from dashboard.sources.sql_write import (
    CHUNK_ROWS,
    _python_columns,
    _sqlite_ddl_in_transaction,
)
from dashboard.sources.upload import UploadResult
from dashboard.validate import Issue

_KEYS_PER_DELETE = 500

Key = tuple[object, ...]
Fold = Callable[[object], object]


@dataclass(frozen=True)
class ImportCount:
    added: int
    updated: int
    unchanged: int
    skipped: int = 0

    @property
    def written(self) -> int:
        return self.added + self.updated


@dataclass(frozen=True)
class ImportResult:
    """Rows added, updated and unchanged per table, and every row left out, with the reason."""

    counts: dict[str, ImportCount]
    skipped: tuple[Issue, ...] = ()


@dataclass(frozen=True)
class Supplied:
    """The columns an upload gave for one table. A column in `some` was given only in part
    (by some of the table's sheets, or with values validation cleared), so its blanks never
    overwrite a stored value; a column in neither is not touched at all."""

    every: frozenset[str]
    some: frozenset[str] = frozenset()


def canonical_frames(data: ProgrammeData) -> dict[str, pd.DataFrame]:
    """The canonical columns of every table the data has (without the facts the loader adds)."""
    return {
        name: data.table(name)[TABLES[name].column_names] for name in TABLE_ORDER if data.has(name)
    }


def supplied_columns(result: UploadResult) -> dict[str, Supplied]:
    """Which columns each table of an upload really gave: validation fills the others with
    blanks or defaults, which must not overwrite what a database already holds."""
    out = {}
    for table, sheets in result.plan.tables.items():
        given = [frozenset(s.match.columns.values()) if s.match else frozenset() for s in sheets]
        every = frozenset.intersection(*given)
        some = frozenset.union(*given) - every
        # Validation clears an optional reference to someone not in the upload (a warning).
        cleared = {
            i.column
            for i in result.report.issues
            if i.table == table and i.severity == "warning" and i.column in _optional_refs(table)
        }
        if table == "obstacles":
            # The loader keeps an unrecognised category's wording beside it.
            every |= {"category_text"} if "category" in every else set()
            some |= {"category_text"} if "category" in some else set()
        out[table] = Supplied(every - cleared, (some | cleared) & (every | some))
    return out


def _optional_refs(table: str) -> set[str]:
    return {c.name for c in TABLES[table].columns if c.references and not c.required}


def import_tables(
    url: str,
    frames: dict[str, pd.DataFrame],
    *,
    grant: Grant,
    read_only: Iterable[str],
    supplied: Mapping[str, Supplied] | None = None,
    schema: str | None = None,
) -> ImportResult:
    """Upsert `frames` into the database at `url`, creating missing tables; all or nothing.

    Refuses (WriteRefused) unless `grant` may import and `url` is none of the `read_only`
    source databases. `supplied` says which columns each table really gave (all by default).
    Raises SourceError, with nothing written, when any step fails. On MySQL/MariaDB creating a
    table commits at once, so a table created by a failed import stays behind, empty.
    """
    check_write(grant, url, read_only)
    unknown = sorted(set(frames) - set(TABLES))
    if unknown:
        raise ValueError(f"not canonical tables: {', '.join(unknown)}")
    columns = {n: _python_columns(n, frames[n]) for n in TABLE_ORDER if n in frames}
    _make_sqlite_folder(url)
    try:
        engine = sa.create_engine(url)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as exc:
        raise SourceError(
            f"Database URL {redact(url)} is not usable: {scrub(str(exc), url)}"
        ) from exc
    metadata = canonical_metadata(schema)
    counts: dict[str, ImportCount] = {}
    skipped: list[Issue] = []
    left_out: dict[str, set[object]] = {}
    try:
        with engine.connect() as conn, _sqlite_ddl_in_transaction(conn), conn.begin():
            metadata.create_all(conn, checkfirst=True)
            for name, values in columns.items():
                table = metadata.tables[f"{schema}.{name}" if schema else name]
                given = (supplied or {}).get(name, Supplied(frozenset(values)))
                _add_optional_columns(conn, table)
                values, orphans, orphaned = _without_orphans(name, values, left_out)
                count, conflicts, lost = _upsert(
                    conn, table, values, given, _key_fold(conn, table, schema)
                )
                left_out[name] = lost | orphaned
                skipped += orphans + conflicts
                counts[name] = ImportCount(
                    count.added, count.updated, count.unchanged, len(orphans) + len(conflicts)
                )
    except sa.exc.SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise SourceError(
            f"Saving into {redact(url)} failed, and nothing was written: {scrub(reason, url)}"
        ) from exc
    finally:
        engine.dispose()
    return ImportResult(counts, tuple(skipped))


def _add_optional_columns(conn: sa.Connection, table: sa.Table) -> None:
    """Add canonical columns a table made by an earlier version lacks (all optional)."""
    present = {c["name"] for c in sa.inspect(conn).get_columns(table.name, schema=table.schema)}
    quote = conn.dialect.identifier_preparer
    for column in table.columns:
        if column.name not in present and column.nullable:
            kind = column.type.compile(dialect=conn.dialect)
            conn.execute(
                sa.text(
                    f"ALTER TABLE {quote.format_table(table)} "
                    f"ADD COLUMN {quote.format_column(column)} {kind}"
                )
            )


def _make_sqlite_folder(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


def _key_fold(conn: sa.Connection, table: sa.Table, schema: str | None) -> Fold | None:
    """How the database compares the table's key values, when not character for character:
    MySQL/MariaDB's usual collations ignore letter case (and accents, unless `_as_`)."""
    if conn.dialect.name not in ("mysql", "mariadb"):
        return None
    key = list(TABLES[table.name].key)
    rows = conn.execute(
        sa.text(
            "SELECT COLUMN_NAME, COLLATION_NAME FROM information_schema.COLUMNS "
            "WHERE TABLE_SCHEMA = COALESCE(:schema, DATABASE()) AND TABLE_NAME = :table"
        ),
        {"schema": schema, "table": table.name},
    )
    collations = [str(c or "").lower() for name, c in rows if name in key]
    insensitive = [c for c in collations if c.endswith("_ci") or "_ci_" in c]
    if not insensitive:
        return None
    accents = all("_as_" in c for c in insensitive)
    return lambda value: _folded(value, keep_accents=accents)


def _folded(value: object, *, keep_accents: bool) -> object:
    if not isinstance(value, str):
        return value
    text = value.casefold().rstrip(" ")
    if keep_accents:
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _without_orphans(
    name: str, columns: dict[str, list[object]], left_out: dict[str, set[object]]
) -> tuple[dict[str, list[object]], list[Issue], set[object]]:
    """The rows whose required references all point at rows that are being saved; the issues
    for the others, and their keys (so that their own children are left out too)."""
    refs = [
        (c.name, *c.references.split("."))
        for c in TABLES[name].columns
        if c.references and c.required and left_out.get(c.references.split(".")[0])
    ]
    if not refs:
        return columns, [], set()
    keep, issues = [], []
    for i in range(len(next(iter(columns.values()), []))):
        missing = next(
            ((col, parent) for col, parent, _ in refs if columns[col][i] in left_out[parent]),
            None,
        )
        keep.append(missing is None)
        if missing is not None:
            col, parent = missing
            issues.append(
                Issue(
                    name,
                    None,
                    col,
                    str(columns[col][i]),
                    f"not saved: the {parent} row it refers to was not saved (see above)",
                )
            )
    kept = {c: [v for v, k in zip(values, keep, strict=True) if k] for c, values in columns.items()}
    key = TABLES[name].key
    orphaned = (
        {v for v, k in zip(columns[key[0]], keep, strict=True) if not k} if len(key) == 1 else set()
    )
    return kept, issues, orphaned


def _upsert(
    conn: sa.Connection,
    table: sa.Table,
    columns: dict[str, list[object]],
    given: Supplied,
    fold: Fold | None,
) -> tuple[ImportCount, list[Issue], set[object]]:
    """Insert new rows, merge changed ones; rows whose key clashes are reported, not written.

    Returns the counts, the clashes, and the (single-column) keys left out.
    """
    names = list(columns)
    key = list(TABLES[table.name].key)
    at = [names.index(k) for k in key]
    every = [i for i, n in enumerate(names) if n in given.every or n in key]
    some = [i for i, n in enumerate(names) if n in given.some and n not in key]
    incoming: dict[Key, tuple] = {}
    for row in zip(*columns.values(), strict=True):
        incoming[tuple(row[i] for i in at)] = row  # a later duplicate wins, as in a re-import
    existing = {
        tuple(row[i] for i in at): tuple(row)
        for row in conn.execute(sa.select(*(table.c[n] for n in names)))
    }
    clashes = _clashes(table.name, key, incoming, existing, fold) if fold else []
    lost = {issue.value for issue in clashes}
    added, changed = [], []
    for k, row in incoming.items():
        if len(key) == 1 and k[0] in lost:
            continue
        old = existing.get(k)
        if old is None:
            added.append(row)
            continue
        merged = list(old)
        for i in every:
            merged[i] = row[i]
        for i in some:
            if row[i] is not None:
                merged[i] = row[i]
        if tuple(merged) != old:
            changed.append(tuple(merged))
    for chunk in _chunks([tuple(r[i] for i in at) for r in changed], _KEYS_PER_DELETE):
        conn.execute(table.delete().where(_any_key(table, key, chunk)))
    for chunk in _chunks(added + changed, CHUNK_ROWS):
        conn.execute(table.insert(), [dict(zip(names, r, strict=True)) for r in chunk])
    unchanged = len(incoming) - len(added) - len(changed) - len(clashes)
    return ImportCount(len(added), len(changed), unchanged), clashes, lost


def _clashes(
    name: str, key: list[str], incoming: dict[Key, tuple], existing: dict[Key, tuple], fold: Fold
) -> list[Issue]:
    """Keys the database would take for another key: stored already, or earlier in the upload."""
    if len(key) != 1:
        return []  # only single-column keys are primary keys; enrolments has none
    stored = {fold(k[0]): k[0] for k in existing}
    seen: dict[object, object] = {}
    issues = []
    for (value,) in incoming:
        if (value,) in existing:
            continue
        folded = fold(value)
        other, where = stored.get(folded), "already in the database"
        if other is None:
            other, where = seen.setdefault(folded, value), "earlier in the upload"
        if other != value:
            issues.append(
                Issue(
                    name,
                    None,
                    key[0],
                    str(value),
                    f"not saved: the database cannot tell it from {other!r}, {where}, "
                    "because it compares ids ignoring letter case. Correct the id in the file",
                )
            )
    return issues


def _any_key(table: sa.Table, key: list[str], values: list[tuple]) -> sa.ColumnElement[bool]:
    """Rows matching any of the key tuples, a blank matching a blank (IS NULL)."""
    if len(key) == 1:
        return table.c[key[0]].in_([v[0] for v in values])
    return sa.or_(
        *(
            sa.and_(
                *(
                    table.c[k].is_(None) if v is None else table.c[k] == v
                    for k, v in zip(key, one, strict=True)
                )
            )
            for one in values
        )
    )


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
