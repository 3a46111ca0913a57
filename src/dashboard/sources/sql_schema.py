"""SQL table definitions generated from the canonical schema, for writing the demo or imports."""

from __future__ import annotations

import sqlalchemy as sa

from dashboard.schema import TABLES, Kind

_SQL_TYPES: dict[Kind, sa.types.TypeEngine] = {
    "id": sa.String(64),
    "text": sa.String(255),
    "date": sa.Date(),
    "int": sa.Integer(),
    "bool": sa.Boolean(),
    "enum": sa.String(32),
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
