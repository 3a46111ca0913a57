"""The data model as Markdown, written from dashboard.schema so the docs cannot drift."""

from __future__ import annotations

from dashboard.schema import OBSTACLE_CATEGORIES, TABLES

_KIND_WORDS = {
    "id": "identifier",
    "text": "text",
    "date": "date",
    "int": "whole number",
    "bool": "yes/no",
    "enum": "one of a list",
}


def schema_markdown() -> str:
    lines = [
        "# Data model",
        "",
        "Generated from `src/dashboard/schema.py` by `python -m dashboard schema-doc`; "
        "do not edit by hand.",
        "",
        "Every source (database tables or views, spreadsheet sheets, CSV files) is mapped onto "
        "these tables. Only **employees** and **relationships** are required. Required columns "
        "are in bold; a table's key is marked 🔑.",
        "",
    ]
    for table in TABLES.values():
        need = "required" if table.required else "optional"
        lines += [f"## {table.name} ({need})", "", table.description, ""]
        lines += ["| column | type | meaning | allowed values |", "|---|---|---|---|"]
        for col in table.columns:
            name = f"**{col.name}**" if col.required else col.name
            if col.name in table.key:
                name += " 🔑"
            allowed = ", ".join(f"`{v}`" for v in col.enum)
            if col.references:
                allowed = f"an existing {col.references}"
            lines.append(f"| {name} | {_KIND_WORDS[col.kind]} | {col.description} | {allowed} |")
        lines.append("")
    lines += ["## Obstacle categories", "", "| code | shown as |", "|---|---|"]
    lines += [f"| `{code}` | {label} |" for code, label in OBSTACLE_CATEGORIES.items()]
    return "\n".join(lines) + "\n"
