"""The Data page's parts: upload, detected tables, the mapping step, the report, save.

The files being worked on, their sheets as read and the last validation belong to this
session alone, in a session-scoped cache that Streamlit frees as soon as the session's
connection closes (never a shared cache: the files are the user's). Files are read once per
upload; the mapping is applied and validated again only when the user changes it. A usable
result is held for the whole app in ui.uploaded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import config
from dashboard.exports import neutralise
from dashboard.memory_settings import memory_settings
from dashboard.schema import TABLE_ORDER, TABLES
from dashboard.sources.mapping import Mapping, MappingError
from dashboard.sources.spreadsheet import ACCEPTED_TYPES, Limits
from dashboard.sources.sql import SourceError, redact
from dashboard.sources.sql_import import canonical_frames, import_tables, save_target
from dashboard.sources.upload import (
    Plan,
    SheetPlan,
    UploadedFile,
    UploadResult,
    effective_mapping,
    load,
    plan,
    read_files,
    report_xlsx,
)
from dashboard.template import XLSX_MIME, template_workbook
from dashboard.ui import source, uploaded
from dashboard.ui.tables import table_data
from dashboard.ui.view import View

_MAPPING = "_upload_mapping"
_NOTICE = "_upload_notice"
_SWITCHED = "_upload_switched_for"
_UPLOADER = "upload_files"
_MAPPING_UPLOADER = "upload_mapping_file"
_PICK = "upload_pick"  # prefix of the mapping step's widget keys
_IGNORE = "(not used)"
_DATE_LABELS = {
    "dayfirst": "Day first: 03/04/2025 is 3 April 2025",
    "monthfirst": "Month first: 03/04/2025 is 4 March 2025",
}


@dataclass(frozen=True)
class _Held:
    """The files of the current upload; `ids` tell one upload from the next."""

    ids: tuple[str, ...]
    files: tuple[UploadedFile, ...]


@dataclass
class _Work:
    """This session's upload in progress: its files, their sheets as read (with the files'
    ids and the reading failures), and the last result (with its files' ids and mapping)."""

    held: _Held | None = None
    grids: tuple[tuple[str, ...], list, list] | None = None
    result: tuple[tuple, UploadResult] | None = None


# Session-scoped: released when the session's connection closes, not when Streamlit finally
# drops the session (at least server.disconnectedSessionTTL later), and never shared.
@st.cache_resource(scope="session", show_spinner=False)
def _work() -> _Work:
    return _Work()


def _mapping() -> Mapping:
    return st.session_state.setdefault(_MAPPING, Mapping())


def _clear_picks() -> None:
    for key in [k for k in st.session_state if str(k).startswith(_PICK)]:
        del st.session_state[key]


def _uploader_changed() -> None:
    if not st.session_state.get(_UPLOADER):
        clear()


def clear() -> None:
    """Forget the upload (not the mapping), free it on the server, show the database again."""
    work = _work()
    work.held = work.grids = work.result = None
    _clear_picks()
    uploaded.drop()


def _mapping_uploaded() -> None:
    file = st.session_state.get(_MAPPING_UPLOADER)
    if file is None:
        return
    try:
        st.session_state[_MAPPING] = Mapping.from_json(file.getvalue())
        st.session_state[_NOTICE] = ("success", f"Mapping file {file.name} applied.")
    except MappingError as exc:
        st.session_state[_NOTICE] = ("error", f"Mapping file {file.name} not used: {exc}")
    _clear_picks()


def uploader() -> tuple[UploadedFile, ...]:
    """The upload widgets and the template; returns this session's uploaded files."""
    limits = _limits()
    left, right = st.columns([3, 1], gap="large")
    with left:
        files = st.file_uploader(
            "Spreadsheet exports",
            type=list(ACCEPTED_TYPES),
            accept_multiple_files=True,
            key=_UPLOADER,
            on_change=_uploader_changed,
            help="One workbook with a sheet per table, or one file per table "
            f"(.xlsx .xlsm .xls .ods .csv, up to {limits.max_file_mb:g} MB each).",
        )
    with right:
        st.markdown("**Template**")
        st.caption("A sheet per table with example rows, and a README describing every column.")
        st.download_button(
            "Download template",
            data=template_workbook,
            file_name="programme-data-template.xlsx",
            mime=XLSX_MIME,
            icon=":material/download:",
            on_click="ignore",
            key="upload_template",
        )
    with left.expander("Mapping file from an earlier upload (optional)"):
        st.file_uploader(
            "Mapping file (.json)",
            type=["json"],
            key=_MAPPING_UPLOADER,
            on_change=_mapping_uploaded,
            help="Saved from this page after an earlier upload: it maps the same sheets and "
            "columns the same way.",
        )
    work = _work()
    if files:
        ids = tuple(f.file_id for f in files)
        if work.held is None or work.held.ids != ids:
            work.held = _Held(ids, tuple(UploadedFile(f.name, f.getvalue()) for f in files))
            work.result = None
            _clear_picks()
    held = work.held
    if held is None:
        _notice()
    if held is not None and not files:
        names = ", ".join(f.name for f in held.files)
        left.caption(f"Showing the files uploaded earlier in this session: {names}.")
        left.button("Clear the upload", on_click=clear, icon=":material/delete:")
    elif held is None and (kept := uploaded.held()) is not None:
        minutes = uploaded.store().keep_seconds / 60
        left.caption(
            f"Showing the files uploaded at {kept.at:%H:%M} UTC: {', '.join(kept.names)}. "
            "The server holds them for this browser only, while a tab shows them and for "
            f"{minutes:g} minutes after, so a reload keeps them. To change their mapping, "
            "upload them again."
        )
        left.button("Clear the upload", on_click=clear, icon=":material/delete:")
    return held.files if held is not None else ()


def _notice() -> None:
    """What became of an uploaded mapping file, shown once the page is drawn in full."""
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        getattr(st, notice[0])(notice[1])


def _limits() -> Limits:
    try:
        settings = config.read_config()
        limits = Limits.from_config(settings)
    except ValueError as exc:
        st.warning(f"The [upload] settings have a mistake, so the defaults apply: {exc}")
        return Limits()
    try:
        memory_settings(settings)  # applied by ui.cache and ui.uploaded; named here
    except ValueError as exc:
        st.warning(f"The memory settings have a mistake, so their defaults apply: {exc}")
    return limits


def process() -> UploadResult:
    """Read (once per upload), map and validate the held files; hold the result for the app."""
    work = _work()
    held = work.held
    if work.grids is None or work.grids[0] != held.ids:
        with st.spinner("Reading the files…"):
            grids, failures = read_files(held.files, _limits())
        work.grids = (held.ids, grids, failures)
    _, grids, failures = work.grids
    mapping = _mapping()
    key = (held.ids, mapping.to_json())
    if work.result is not None and work.result[0] == key:
        return work.result[1]
    with st.spinner("Checking every row…"):
        result = load(plan(grids, mapping, failures))
    work.result = (key, result)
    if result.data is not None:
        loaded = source.Loaded(
            result.data, result.report, result.data.source, result.data.loaded_at, kind="upload"
        )
        # The first usable result of new files switches the app to them; later ones (after a
        # mapping change) keep whichever source the user has chosen since.
        first = st.session_state.get(_SWITCHED) != held.ids
        st.session_state[_SWITCHED] = held.ids
        names = tuple(f.name for f in held.files)
        uploaded.hold(loaded, names, switch=first or uploaded.showing_upload())
        st.rerun()
    if uploaded.held() is not None:
        uploaded.drop()
        st.rerun()
    return result


def detected(found: Plan) -> None:
    """What each sheet was taken for, with a way to change it."""
    st.subheader("What was found")
    summary = found.summary()
    if summary.empty:
        st.info("No sheets could be read from these files.", icon=":material/info:")
        return
    st.dataframe(
        _blank(summary),
        hide_index=True,
        width="stretch",
        column_config={
            "table": st.column_config.TextColumn("table", help="Canonical table"),
            "header row": st.column_config.NumberColumn("header row", format="%d"),
            "rows": st.column_config.NumberColumn("rows", help="Data rows below the header"),
        },
    )
    with st.expander("Change which table a sheet holds"):
        options = [_IGNORE, *TABLE_ORDER]
        for number, sheet in enumerate(found.sheets):
            key = f"{_PICK}_table_{number}"
            st.session_state.setdefault(key, sheet.table or _IGNORE)
            st.selectbox(
                sheet.grid.label,
                options,
                key=key,
                on_change=_set_table,
                args=(sheet.key, key),
                help=f"Found by: {sheet.how}",
            )


def _set_table(sheet_key: str, widget: str) -> None:
    value = st.session_state[widget]
    _mapping().tables[sheet_key] = "" if value == _IGNORE else value
    _reset_picks(exclude=widget)


def _reset_picks(exclude: str) -> None:
    for key in [k for k in st.session_state if str(k).startswith(_PICK) and k != exclude]:
        del st.session_state[key]


def mapping_step(found: Plan) -> None:
    """A choice for every required column not found, every ambiguous date, other columns."""
    st.subheader("Column mapping")
    _notice()
    missing = [s for s in found.sheets if s.match is not None and s.match.missing]
    if not missing and all(q.answer for q in found.questions):
        st.success(
            "Every required column was matched, and every date column reads one way only.",
            icon=":material/check_circle:",
        )
    for number, sheet in enumerate(found.sheets):
        if sheet.match is not None and sheet.match.missing:
            _missing_columns(number, sheet)
    for question in found.questions:
        if question.answer is None:
            st.warning(
                f"**{question.key}**: dates such as {', '.join(question.examples)} could be "
                "day-first or month-first. They are read day-first until you choose.",
                icon=":material/calendar_month:",
            )
        key = f"{_PICK}_date_{question.key}"
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
    with st.expander("All column matches, and columns not used"):
        _all_matches(found)
    mapping = effective_mapping(found, _mapping())
    left, right, _ = st.columns([1, 1, 2])
    right.button(
        "Undo my mapping choices",
        on_click=_reset_mapping,
        icon=":material/undo:",
        key="upload_mapping_reset",
        disabled=_mapping() == Mapping(),
    )
    left.download_button(
        "Download the mapping file",
        data=mapping.to_json(),
        file_name="upload-mapping.json",
        mime="application/json",
        icon=":material/download:",
        on_click="ignore",
        key="upload_mapping_download",
        help="Upload it with the next export (under 'Mapping file' above) to map it the same way.",
    )


def _reset_mapping() -> None:
    st.session_state[_MAPPING] = Mapping()
    _clear_picks()


def _missing_columns(number: int, sheet: SheetPlan) -> None:
    match = sheet.match
    table = sheet.table
    st.warning(
        f"**{table}** ({sheet.grid.label}): no column was recognised as "
        f"{', '.join(match.missing)}. Choose which column holds it, or the table cannot load.",
        icon=":material/link_off:",
    )
    cells = st.columns(3)
    for position, column in enumerate(match.missing):
        key = f"{_PICK}_column_{number}_{column}"
        cells[position % len(cells)].selectbox(
            f"{table}.{column}",
            sheet.data.headers,
            index=None,
            placeholder="Choose a column…",
            key=key,
            on_change=_set_column,
            args=(table, column, key),
            help=TABLES[table].column(column).description,
        )


def _set_column(table: str, column: str, widget: str) -> None:
    header = st.session_state[widget]
    if header is None:
        return
    picks = _mapping().columns.setdefault(table, {})
    for other in [h for h, c in picks.items() if c == column]:
        del picks[other]
    picks[header] = column


def _set_date(key: str, widget: str) -> None:
    value = st.session_state[widget]
    if value:
        _mapping().dates[key] = value


def _all_matches(found: Plan) -> None:
    rows = []
    for sheet in found.sheets:
        if sheet.match is None:
            continue
        for header in sheet.data.headers:
            column = sheet.match.columns.get(header)
            if column is None and header in sheet.match.duplicates:
                column = f"(duplicate of {sheet.match.duplicates[header]})"
            rows.append(
                {
                    "sheet": sheet.grid.label,
                    "table": sheet.table,
                    "header": header,
                    "column": column or _IGNORE,
                    "order": sheet.date_orders.get(column or "", ""),
                }
            )
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    for number, sheet in enumerate(found.sheets):
        if sheet.match is None or not sheet.match.unmapped:
            continue
        free = [
            c for c in TABLES[sheet.table].column_names if c not in sheet.match.columns.values()
        ]
        st.markdown(f"Columns of **{sheet.grid.label}** not used yet")
        cells = st.columns(3)
        for position, header in enumerate(sheet.match.unmapped):
            key = f"{_PICK}_extra_{number}_{position}"
            cells[position % 3].selectbox(
                header,
                [_IGNORE, *free],
                key=key,
                on_change=_set_extra,
                args=(sheet.table, header, key),
            )


def _set_extra(table: str, header: str, widget: str) -> None:
    value = st.session_state[widget]
    _mapping().columns.setdefault(table, {})[header] = "" if value == _IGNORE else value


def report(result: UploadResult) -> None:
    """Rows read, loaded and rejected per table, then every issue; downloadable as XLSX."""
    st.subheader("Validation report")
    counts = result.report.counts_frame()
    issues = result.report.to_frame()
    errors = int((issues["severity"] == "error").sum()) if not issues.empty else 0
    read, loaded = int(counts["read"].sum()), int(counts["loaded"].sum())
    cells = st.columns(4)
    cells[0].metric("Rows read", f"{read:,}", help="Data rows below the header, blank rows aside")
    cells[1].metric("Loaded", f"{loaded:,}")
    cells[2].metric("Rejected", f"{read - loaded:,}", help="Rows with an error; listed below")
    cells[3].metric("Warnings", f"{len(issues) - errors:,}", help="Notes that reject no row")
    if result.message:
        st.error(
            f"**Nothing usable was found: {result.message}.** The dashboard needs at least an "
            "employees and a relationships table: name the sheets (or files) after them, "
            "choose their tables above, or start from the template.",
            icon=":material/error:",
        )
    elif errors:
        st.warning(
            f"{read - loaded:,} of {read:,} rows were rejected; the other rows are loaded. "
            "Each rejected row is listed below with the reason.",
            icon=":material/rule:",
        )
    else:
        st.success(f"All {read:,} rows loaded.", icon=":material/check_circle:")
    st.dataframe(counts, hide_index=True, width="content")
    if not issues.empty:
        ordered = issues.sort_values("severity", kind="stable")  # errors before warnings
        st.dataframe(
            _blank(neutralise(ordered)),
            hide_index=True,
            width="stretch",
            column_config={
                "row": st.column_config.NumberColumn("row", format="%d", width="small"),
                "severity": st.column_config.TextColumn("severity", width="small"),
                "reason": st.column_config.TextColumn("reason", width="large"),
            },
        )
    st.download_button(
        "Download the report (XLSX)",
        data=lambda: report_xlsx(result.report),
        file_name=f"upload-report_{dt.date.today():%Y-%m-%d}.xlsx",
        mime=XLSX_MIME,
        icon=":material/download:",
        on_click="ignore",
        key="upload_report_download",
    )


def use(result: UploadResult) -> None:
    """Switch the dashboard to the upload, or save it into the database."""
    if result.data is None:
        return
    st.subheader("Use the data")
    if uploaded.showing_upload():
        st.success(
            "The dashboard is showing these files. Every page and filter now works on them; "
            "switch back with **Data source** in the sidebar.",
            icon=":material/swap_horiz:",
        )
    else:
        st.info(
            "The dashboard is showing the database. Choose **Uploaded files** under "
            "**Data source** in the sidebar to explore these files instead.",
            icon=":material/swap_horiz:",
        )
    try:
        target = save_target(config.read_config())
    except ValueError as exc:
        st.error(f"The [upload] database setting has a mistake: {exc}")
        return
    where = _target_label(target)
    st.caption(
        f"**Save to database** writes the loaded rows into {where}: rows whose ID is already "
        "there are replaced, new ones are added, and nothing else changes. Saving the same "
        "files twice changes nothing; if anything fails, nothing is written."
    )
    if st.button("Save to database", icon=":material/save:", key="upload_save"):
        with st.spinner("Saving…"):
            try:
                counts = import_tables(target, canonical_frames(result.data))
            except (SourceError, ValueError) as exc:
                st.error(str(exc), icon=":material/error:")
                return
        source.refresh()
        added = sum(c.added for c in counts.values())
        updated = sum(c.updated for c in counts.values())
        st.success(
            f"Saved into {where}: {added:,} rows added, {updated:,} updated, "
            f"{sum(c.unchanged for c in counts.values()):,} already there unchanged.",
            icon=":material/check_circle:",
        )
        st.dataframe(
            pd.DataFrame(
                [
                    {"table": t, "added": c.added, "updated": c.updated, "unchanged": c.unchanged}
                    for t, c in counts.items()
                ]
            ),
            hide_index=True,
        )


def _target_label(url: str) -> str:
    if url == config.demo_url():
        return (
            f"the embedded database `{config.demo_path()}` (which also holds the demo organisation)"
        )
    return f"`{redact(url)}` (the [upload] database in dashboard.toml)"


def current_source(view: View) -> None:
    """With no files in the uploader: where the data comes from now, and its validation
    report."""
    if uploaded.held() is None:
        st.info(
            "Nothing uploaded yet. Upload the spreadsheet exports of your people system or "
            "mentoring platform above, or start from the template. Sheets and columns are "
            "matched by name and common synonyms; you can correct any match before using "
            "the data.",
            icon=":material/upload_file:",
        )
    st.subheader("Current data")
    counts = table_data(view, _counts_table)
    st.caption(f"Source: {view.data.source}")
    if not counts.num_rows:
        return
    st.dataframe(counts, hide_index=True, width="content")
    issues = table_data(view, _issues_table)
    if issues.num_rows:
        st.dataframe(issues, hide_index=True, width="stretch")


# The report belongs to the load (and is empty for a department head: the scope is in the key).
def _counts_table(view: View) -> pd.DataFrame:
    return view.report.counts_frame()


def _issues_table(view: View) -> pd.DataFrame:
    return _blank(neutralise(view.report.to_frame()))


def _blank(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns with blanks shown as nothing rather than 'None'."""
    text = [c for c in frame.columns if frame[c].dtype == object or frame[c].dtype == "str"]
    return frame.assign(**{c: frame[c].fillna("") for c in text})
