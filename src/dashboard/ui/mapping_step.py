"""The Data page's mapping step: every automatic decision shown, and every one changeable.

Per sheet: its table, its header row and each header's column (with a fixed value for a
required column no header holds); per column of values: what each wording reads as, and the
rating scale; fixed values; the date questions; and the mapping file to take it all to the
next upload. Each change is written into the session's Mapping, which the page applies at once.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard.labels import plural, were
from dashboard.schema import TABLE_ORDER, TABLES
from dashboard.sources import recoding
from dashboard.sources.mapping import Mapping
from dashboard.sources.readings import FixedValue, ValueReading
from dashboard.sources.recoding import AS_READ, OTHER, SCALES
from dashboard.sources.upload import Plan, SheetPlan, effective_mapping
from dashboard.ui.tables import show_table
from dashboard.wording.markdown import escape

MAPPING_KEY = "_upload_mapping"
PICK = "upload_pick"  # prefix of every widget key here: cleared when the upload changes
NOTICE_KEY = "_upload_notice"
_IGNORE = "(not used)"
_NOT_READ = "(not read)"
_DATE_LABELS = {
    "dayfirst": "Day first: 03/04/2025 is 3 April 2025",
    "monthfirst": "Month first: 03/04/2025 is 4 March 2025",
}
_MODES = {"constant": "Every row", "default": "Blank cells only"}


def current() -> Mapping:
    """This session's mapping (the user's choices so far)."""
    return st.session_state.setdefault(MAPPING_KEY, Mapping())


def clear_picks() -> None:
    for key in [k for k in st.session_state if str(k).startswith(PICK)]:
        del st.session_state[key]


def _changed(exclude: str) -> None:
    """After a change, other widgets start again from the new plan."""
    for key in [k for k in st.session_state if str(k).startswith(PICK) and k != exclude]:
        del st.session_state[key]


def detected(found: Plan) -> None:
    """What each sheet was taken for: table, how, header row, rows, columns."""
    st.subheader("What was found")
    summary = found.summary()
    if summary.empty:
        st.info("No sheets could be read from these files.", icon=":material/info:")
        return
    labels = [s.grid.label for s in found.sheets]
    shown = summary.drop(columns=["file", "sheet"]).assign(sheet=labels)
    shown = shown[["sheet", *[c for c in shown.columns if c != "sheet"]]]
    text = [c for c in shown.columns if shown[c].dtype in (object, "str")]
    show_table(
        shown.assign(**{c: shown[c].fillna("") for c in text}),
        width="stretch",
        config={
            "table": st.column_config.TextColumn("table", help="Canonical table"),
            "header row": st.column_config.NumberColumn("header row", format="%d"),
            "rows": st.column_config.NumberColumn("rows", help="Data rows below the header"),
        },
    )


def mapping_step(found: Plan) -> None:
    """Everything the upload decided, changeable, with what needs attention first."""
    st.subheader("Mapping")
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        getattr(st, notice[0])(notice[1])
    _attention(found)
    st.markdown("##### Sheets and columns")
    st.caption(
        "Each sheet's table, header row and columns, as found. Change any of them; the "
        "report below follows at once."
    )
    for number, sheet in enumerate(found.sheets):
        _sheet(number, sheet, found)
    if found.readings:
        st.markdown("##### What the values mean")
        st.caption(
            "Statuses, yes/no and ratings as the files word them, and what each is read as. "
            "Suggestions for common platform wordings are applied until you change them."
        )
        for reading in found.readings:
            _reading(reading)
    _fixed_values(found)
    _dates(found)
    _mapping_file(found)


def _attention(found: Plan) -> None:
    items = []
    for sheet in found.sheets:
        if sheet.table is None and sheet.how == "not recognised" and len(sheet.data.rows):
            items.append(
                f"**{escape(sheet.grid.label)}**: which table does it hold? (not read yet)"
            )
        missing = found.missing(sheet)
        if missing:
            items.append(
                f"**{escape(sheet.grid.label)}** ({sheet.table}): no column holds "
                f"{', '.join(missing)}: choose one, or give every row the same value"
            )
    for reading in found.readings:
        unknown = reading.not_understood
        if not unknown.empty:
            shown = ", ".join(f"'{escape(v)}'" for v in unknown["value"].head(4))
            items.append(
                f"**{reading.key}**: {plural(len(unknown), 'value')} not understood ({shown}): "
                f"their {plural(int(unknown['rows'].sum()), 'row')} are rejected until you say "
                "what they mean"
            )
    unanswered = [q for q in found.questions if q.answer is None]
    if unanswered:
        items.append(
            f"**{', '.join(q.key for q in unanswered)}**: day-first or month-first? "
            "(read day-first until you choose)"
        )
    suggested = sum((r.values["how"] == "suggested").sum() for r in found.readings)
    suggested += sum(f.how == "suggested" for f in found.fixed)
    if items:
        st.warning(
            "**To check before using the data**\n\n" + "\n".join(f"- {i}" for i in items),
            icon=":material/rule:",
        )
    else:
        st.success(
            "Every sheet has a table, every required column is found and every value is "
            "understood.",
            icon=":material/check_circle:",
        )
    if suggested:
        st.info(
            f"{plural(suggested, 'reading')} {were(suggested)} suggested from common platform "
            "wordings (marked "
            "*suggested* below). They apply as shown; change any that are wrong.",
            icon=":material/lightbulb:",
        )


def _sheet(number: int, sheet: SheetPlan, found: Plan) -> None:
    match = sheet.match
    missing = found.missing(sheet)
    used = len(match.columns) if match else 0
    table = sheet.table or _NOT_READ
    label = f"{escape(sheet.grid.label)} → {table}"
    if match is not None:
        label += f" · {used} of {len(sheet.data.headers)} columns used"
    if missing:
        label += f" · missing {', '.join(missing)}"
    attention = bool(missing) or (sheet.how == "not recognised" and len(sheet.data.rows) > 0)
    icon = ":material/warning:" if attention else ":material/table_view:"
    with st.expander(label, expanded=attention, icon=icon):
        left, right = st.columns([2, 1])
        options = [_NOT_READ, *TABLE_ORDER]
        key = f"{PICK}_table_{number}"
        st.session_state.setdefault(key, sheet.table or _NOT_READ)
        left.selectbox(
            "Table",
            options,
            key=key,
            on_change=_set_table,
            args=(sheet.key, key),
            help=f"Found by: {escape(sheet.how)}. Choose '{_NOT_READ}' to leave the sheet out.",
        )
        key = f"{PICK}_header_{number}"
        if sheet.data.header_row is not None:
            st.session_state.setdefault(key, sheet.data.header_row)
            right.number_input(
                "Header row",
                min_value=1,
                step=1,
                key=key,
                on_change=_set_header_row,
                args=(sheet.key, key),
                help="The spreadsheet row holding the column names; rows above it are not read.",
            )
        if match is None or sheet.table is None:
            st.caption(f"{plural(len(sheet.data.rows), 'row')}, not read.")
            return
        if sheet.name_parts:
            st.caption(f"Names are made from {' and '.join(sheet.name_parts)}.")
        _columns(number, sheet)
        for column in missing:
            _fixed_input(number, sheet.table, column)


def _set_table(sheet_key: str, widget: str) -> None:
    value = st.session_state[widget]
    current().tables[sheet_key] = "" if value == _NOT_READ else value
    _changed(exclude=widget)


def _set_header_row(sheet_key: str, widget: str) -> None:
    current().header_rows[sheet_key] = int(st.session_state[widget])
    _changed(exclude=widget)


def _columns(number: int, sheet: SheetPlan) -> None:
    table = TABLES[sheet.table]
    options = [_IGNORE, *table.column_names]
    required = set(table.required_columns)
    cells = st.columns(3)
    for position, header in enumerate(sheet.data.headers):
        column = sheet.match.columns.get(header)
        key = f"{PICK}_column_{number}_{position}"
        st.session_state.setdefault(key, column or _IGNORE)
        examples = sheet.data.rows[header].dropna().astype(str).drop_duplicates().head(3)
        hint = "e.g. " + ", ".join(map(escape, examples)) if len(examples) else "no values"
        question = sheet.data.labels.get(header)
        if question:
            hint = f"{escape(question)} — {hint}"
        if header in sheet.match.duplicates:
            hint += f". Another column already gives {sheet.match.duplicates[header]}."
        cells[position % 3].selectbox(
            escape(header),
            options,
            key=key,
            format_func=lambda c: f"{c} (required)" if c in required else c,
            on_change=_set_column,
            args=(sheet.table, header, key),
            help=hint,
        )


def _set_column(table: str, header: str, widget: str) -> None:
    value = st.session_state[widget]
    picks = current().columns.setdefault(table, {})
    if value != _IGNORE:
        # The column moves to this header; another header the user gave it to lets go.
        for other in [h for h, c in picks.items() if c == value and h != header]:
            picks[other] = ""
    picks[header] = "" if value == _IGNORE else value
    _changed(exclude=widget)


def _fixed_input(number: int, table: str, column: str) -> None:
    """A value for every row of a required column that no header holds."""
    key = f"{PICK}_fixed_{number}_{column}"
    label = f"Or give every row the same {column}"
    help_text = TABLES[table].column(column).description
    _value_widget(table, column, key, label, help_text, on_change=(_set_constant, table, column))


def _value_widget(
    table: str,
    column: str,
    key: str,
    label: str,
    help_text: str,
    on_change: tuple | None = None,
    container=st,
) -> None:
    col = TABLES[table].column(column)
    callback, args = (on_change[0], (*on_change[1:], key)) if on_change else (None, ())
    choices = recoding.targets(table, column) if recoding.recodable(table, column) else ()
    if choices:
        container.selectbox(
            label,
            choices,
            index=None,
            placeholder="Choose…",
            key=key,
            on_change=callback,
            args=args,
            help=help_text,
        )
    elif col.kind == "date":
        container.date_input(
            label, value=None, key=key, on_change=callback, args=args, help=help_text
        )
    else:
        container.text_input(label, key=key, on_change=callback, args=args, help=help_text)


def _widget_value(key: str) -> str | None:
    value = st.session_state.get(key)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip() if value not in (None, "") else None


def _set_constant(table: str, column: str, widget: str) -> None:
    value = _widget_value(widget)
    if value and recoding.canonical_value(table, column, value) is not None:
        current().constants.setdefault(table, {})[column] = value
        _changed(exclude=widget)


def _reading(reading: ValueReading) -> None:
    values = reading.values
    unknown, suggested = len(reading.not_understood), int((values["how"] == "suggested").sum())
    parts = [plural(len(values) + reading.more, "value")]
    if suggested:
        parts.append(f"{suggested} suggested")
    if unknown:
        parts.append(f"{unknown} not understood")
    if reading.scale and reading.scale != "1-5":
        parts.append(f"{reading.scale} scale")
    headers = ", ".join(map(escape, reading.headers))
    with st.expander(
        f"{reading.key} ({headers}): " + ", ".join(parts),
        expanded=bool(unknown),
        icon=":material/warning:" if unknown else ":material/translate:",
    ):
        if reading.column == "satisfaction":
            _scale(reading)
        numeric = recoding.leading_numbers(values["value"]).notna()
        scaled = reading.column == "satisfaction" and reading.scale not in (None, "1-5")
        cells = st.columns(3)
        shown = 0
        targets = recoding.targets(reading.table, reading.column)
        for position, row in enumerate(values.itertuples(index=False)):
            if scaled and numeric.iloc[position] and row.how == "scale":
                continue
            key = f"{PICK}_value_{reading.key}_{position}"
            chosen = row.reads_as if row.how in ("chosen", "suggested") else AS_READ
            st.session_state.setdefault(key, chosen)
            natural = row.reads_as if row.how in ("as read", "scale") else None
            cells[shown % 3].selectbox(
                f"'{escape(row.value)}' · {plural(row.rows, 'row')}"
                + (" · suggested" if row.how == "suggested" else ""),
                [AS_READ, *targets],
                key=key,
                format_func=lambda t, n=natural: _as_read_label(n) if t == AS_READ else t,
                on_change=_set_recode,
                args=(reading.table, reading.column, row.value, key),
            )
            shown += 1
        if OTHER in reading.recodes:
            key = f"{PICK}_value_{reading.key}_other"
            st.session_state.setdefault(key, reading.recodes[OTHER])
            cells[shown % 3].selectbox(
                "Any other value" + (" · suggested" if OTHER not in _user(reading) else ""),
                [AS_READ, *targets],
                key=key,
                format_func=lambda t: "as read" if t == AS_READ else t,
                on_change=_set_recode,
                args=(reading.table, reading.column, OTHER, key),
            )
        if reading.more:
            st.caption(f"… and {reading.more} more distinct values, read as they stand.")


def _as_read_label(natural: str | None) -> str:
    return f"as read: {natural}" if natural else "not understood: row rejected"


def _user(reading: ValueReading) -> dict[str, str]:
    return current().recodes.get(reading.table, {}).get(reading.column, {})


def _set_recode(table: str, column: str, value: str, widget: str) -> None:
    current().recodes.setdefault(table, {}).setdefault(column, {})[value] = st.session_state[widget]
    _changed(exclude=widget)


def _scale(reading: ValueReading) -> None:
    key = f"{PICK}_scale_{reading.key}"
    st.session_state.setdefault(key, reading.scale or "1-5")
    left, right = st.columns([1, 2])
    left.selectbox(
        "Rating scale of the survey",
        list(SCALES),
        key=key,
        format_func=lambda s: f"{s.replace('-', '–')}" + ("" if s == "1-5" else " → 1–5"),
        on_change=_set_scale,
        args=(reading.key, key),
        help="Scores on another scale are converted to 1–5, the scale every satisfaction "
        "figure uses; the report says how.",
    )
    if reading.scale and reading.scale != "1-5":
        how = "suggested from the scores" if reading.scale_how == "suggested" else "chosen"
        right.caption(
            f"Read on a {reading.scale.replace('-', '–')} scale ({how}): "
            f"{recoding.scale_bands(reading.scale)}."
        )


def _set_scale(key: str, widget: str) -> None:
    current().scales[key] = st.session_state[widget]
    _changed(exclude=widget)


def _fixed_values(found: Plan) -> None:
    st.markdown("##### Values for every row, or for blank cells")
    st.caption(
        "For a column the files lack (e.g. kind = mentoring for a single-programme export) "
        "or to fill its blank cells."
    )
    for number, fixed in enumerate(found.fixed):
        _fixed_row(number, fixed)
    tables = [t for t in TABLE_ORDER if t in found.tables]
    if not tables:
        return
    with st.container(border=True):
        cells = st.columns([1, 1, 1, 1.3, 0.8], vertical_alignment="bottom")
        table = cells[0].selectbox("Table", tables, key=f"{PICK}_add_table")
        column = cells[1].selectbox(
            "Column",
            TABLES[table].column_names,
            key=f"{PICK}_add_column_{table}",
        )
        mode = cells[2].selectbox(
            "For", list(_MODES), format_func=_MODES.get, key=f"{PICK}_add_mode"
        )
        value_key = f"{PICK}_add_value_{table}_{column}"
        _value_widget(
            table,
            column,
            value_key,
            "Value",
            TABLES[table].column(column).description,
            container=cells[3],
        )
        cells[4].button(
            "Add",
            icon=":material/add:",
            key=f"{PICK}_add",
            on_click=_add_fixed,
            args=(table, column, mode, value_key),
            width="stretch",
        )


def _fixed_row(number: int, fixed: FixedValue) -> None:
    what = "every row" if fixed.mode == "constant" else "blank cells"
    where = f" of {escape(fixed.sheet)}" if fixed.sheet else ""
    text = f"**{fixed.table}.{fixed.column}** = {escape(fixed.value)} for {what}{where}"
    if fixed.how == "suggested":
        text += f" · *suggested*: {fixed.reason}"
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.markdown(text)
    if fixed.how == "chosen":
        right.button(
            "Remove",
            key=f"{PICK}_remove_{number}",
            icon=":material/close:",
            on_click=_remove_fixed,
            args=(fixed,),
        )
    elif recoding.recodable(fixed.table, fixed.column):
        key = f"{PICK}_suggested_{number}"
        st.session_state.setdefault(key, fixed.value)
        right.selectbox(
            "Change it",
            recoding.targets(fixed.table, fixed.column),
            key=key,
            on_change=_set_constant,
            args=(fixed.table, fixed.column, key),
        )


def _add_fixed(table: str, column: str, mode: str, widget: str) -> None:
    value = _widget_value(widget)
    if not value or recoding.canonical_value(table, column, value) is None:
        st.session_state[NOTICE_KEY] = (
            "error",
            f"'{escape(value or '')}' is not a value {table}.{column} can hold.",
        )
        return
    chosen = current().constants if mode == "constant" else current().defaults
    other = current().defaults if mode == "constant" else current().constants
    chosen.setdefault(table, {})[column] = value
    other.get(table, {}).pop(column, None)
    _changed(exclude="")


def _remove_fixed(fixed: FixedValue) -> None:
    chosen = current().constants if fixed.mode == "constant" else current().defaults
    chosen.get(fixed.table, {}).pop(fixed.column, None)
    _changed(exclude="")


def _dates(found: Plan) -> None:
    if not found.questions:
        return
    st.markdown("##### Dates")
    for question in found.questions:
        if question.answer is None:
            st.warning(
                f"**{question.key}**: dates such as "
                f"{', '.join(map(escape, question.examples))} could be day-first or "
                "month-first. They are read day-first until you choose.",
                icon=":material/calendar_month:",
            )
        key = f"{PICK}_date_{question.key}"
        st.session_state.setdefault(key, question.answer)
        st.columns([2, 1])[0].selectbox(
            f"How are the dates in {question.key} written?",
            list(_DATE_LABELS),
            format_func=_DATE_LABELS.get,
            placeholder="Choose…",
            key=key,
            on_change=_set_date,
            args=(question.key, key),
        )


def _set_date(key: str, widget: str) -> None:
    value = st.session_state[widget]
    if value:
        current().dates[key] = value


def _mapping_file(found: Plan) -> None:
    mapping = effective_mapping(found, current())
    row = st.container(horizontal=True)
    row.download_button(
        "Download the mapping file",
        data=mapping.to_json(),
        file_name="upload-mapping.json",
        mime="application/json",
        icon=":material/download:",
        on_click="ignore",
        key="upload_mapping_download",
        help="Every decision above, yours and the automatic ones. Upload it with the next "
        "export (under 'Mapping file' above) to map it the same way.",
    )
    row.button(
        "Undo my mapping choices",
        on_click=_reset_mapping,
        icon=":material/undo:",
        key="upload_mapping_reset",
        disabled=current() == Mapping(),
    )


def _reset_mapping() -> None:
    st.session_state[MAPPING_KEY] = Mapping()
    clear_picks()
