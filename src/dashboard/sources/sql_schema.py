"""SQL table definitions generated from the canonical schema, for writing the demo or imports."""

from __future__ import annotations

import sqlalchemy as sa

from dashboard.schema import TABLES, Column, Kind

# The longest value each kind of column holds in a database the dashboard writes.
MAX_LENGTHS: dict[Kind, int] = {"id": 64, "text": 255, "enum": 32}

_SQL_TYPES: dict[Kind, sa.types.TypeEngine] = {
    **{kind: sa.String(length) for kind, length in MAX_LENGTHS.items()},
    "date": sa.Date(),
    "int": sa.Integer(),
    "bool": sa.Boolean(),
}


def max_length(column: Column) -> int | None:
    """How many characters a saved value of this column may have; None for no limit."""
    return None if column.free_text else MAX_LENGTHS.get(column.kind)


def stored_lengths() -> dict[str, dict[str, int]]:
    """Per canonical table, the columns whose saved values have a length limit, and the limit."""
    return {
        name: {c.name: limit for c in table.columns if (limit := max_length(c)) is not None}
        for name, table in TABLES.items()
    }


def canonical_metadata(schema: str | None = None) -> sa.MetaData:
    """Tables of the canonical model, with primary keys, in an optional database schema."""
    metadata = sa.MetaData(schema=schema)
    for table in TABLES.values():
        # A key with an optional column (enrolments.programme_id) cannot be a SQL primary key.
        has_pk = all(table.column(k).required for k in table.key)
        columns = [
            sa.Column(
                c.name,
                sa.Text() if c.free_text else _SQL_TYPES[c.kind],
                primary_key=has_pk and c.name in table.key,
                nullable=not c.required,
            )
            for c in table.columns
        ]
        sa.Table(table.name, metadata, *columns)
    return metadata
