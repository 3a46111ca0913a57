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
from dashboard.errors import MappingError, SourceError, WriteRefused
from dashboard.exports import neutralise
from dashboard.labels import plural, were
from dashboard.memory_settings import memory_settings
from dashboard.sources.mapping import Mapping
from dashboard.sources.spreadsheet import ACCEPTED_TYPES, Limits
from dashboard.sources.sql_import import canonical_frames, import_tables, supplied_columns
from dashboard.sources.sql_target import refusal, save_target
from dashboard.sources.upload import UploadedFile, UploadResult, report_xlsx
from dashboard.sources.upload_source import Sheets, UploadSource
from dashboard.template import XLSX_MIME, template_workbook
from dashboard.ui import access as ui_access
from dashboard.ui import mapping_step, source, uploaded
from dashboard.ui.columns import ISSUES, LOAD_COUNTS
from dashboard.ui.tables import show_table, table_data
from dashboard.ui.view import View
from dashboard.validate import ValidationReport
from dashboard.wording.markdown import escape
from dashboard.wording.sources import save_target_label

_MAPPING = mapping_step.MAPPING_KEY
_NOTICE = mapping_step.NOTICE_KEY
_SWITCHED = "_upload_switched_for"
_UPLOADER = "upload_files"
_MAPPING_UPLOADER = "upload_mapping_file"


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
    sheets: tuple[tuple[str, ...], Sheets] | None = None
    result: tuple[tuple, UploadResult] | None = None


# Session-scoped: released when the session's connection closes, not when Streamlit finally
# drops the session (at least server.disconnectedSessionTTL later), and never shared.
@st.cache_resource(scope="session", show_spinner=False)
def _work() -> _Work:
    return _Work()


def _mapping() -> Mapping:
    return mapping_step.current()


def _clear_picks() -> None:
    mapping_step.clear_picks()


def _uploader_changed() -> None:
    if not st.session_state.get(_UPLOADER):
        clear()


def clear() -> None:
    """Forget the upload (not the mapping), free it on the server, show the database again."""
    work = _work()
    work.held = work.sheets = work.result = None
    _clear_picks()
    uploaded.drop()


def _mapping_uploaded() -> None:
    file = st.session_state.get(_MAPPING_UPLOADER)
    if file is None:
        return
    try:
        st.session_state[_MAPPING] = Mapping.from_json(file.getvalue())
        st.session_state[_NOTICE] = ("success", f"Mapping file {escape(file.name)} applied.")
    except MappingError as exc:
        st.session_state[_NOTICE] = (
            "error",
            f"Mapping file {escape(file.name)} not used: {escape(exc)}",
        )
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
        left.caption(f"Showing the files uploaded earlier in this session: {escape(names)}.")
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
        st.warning(f"The [upload] settings have a mistake, so the defaults apply: {escape(exc)}")
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
    if work.sheets is None or work.sheets[0] != held.ids:
        with st.spinner("Reading the files…"):
            work.sheets = (held.ids, UploadSource(held.files, limits=_limits()).read())
    upload = UploadSource(held.files, _mapping())
    key = (held.ids, upload.mapping.to_json())
    if work.result is not None and work.result[0] == key:
        return work.result[1]
    with st.spinner("Checking every row…"):
        result = upload.result(work.sheets[1])
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


def not_kept(result: UploadResult) -> None:
    """Warn that files which have not loaded yet live only in this tab: a reload loses them."""
    if result.data is not None:
        return
    st.warning(
        "**These files are not kept yet**: the server holds an upload only once it loads, so "
        "a reload or a closed tab loses them and the choices made below. Finish the mapping "
        "in this tab, or keep the choices with **Download the mapping file** and upload it "
        "with the files again later.",
        icon=":material/warning:",
    )


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
    unread = [i for i in result.report.issues if i.table in _UNREAD]
    if result.message:
        st.error(
            f"**Nothing usable was found: {escape(result.message)}.** The dashboard needs "
            "employees and relationships (pairings) with at least one row each that loads: choose "
            "the sheets' tables and columns in the mapping step above, or start from the template."
            " Until then the dashboard keeps showing the database.",
            icon=":material/error:",
        )
    elif read > loaded:
        st.warning(
            f"{read - loaded:,} of {plural(read, 'row')} {were(read - loaded)} rejected; "
            "the other rows are loaded. "
            "Each rejected row is listed below with the reason.",
            icon=":material/rule:",
        )
    elif not unread:
        st.success(
            f"All {plural(read, 'row')} loaded." if read != 1 else "The one row loaded.",
            icon=":material/check_circle:",
        )
    if unread:
        # Said in full here: a file or sheet not read at all must not hide in a table cell.
        st.error(
            f"**{plural(len(unread), 'file or sheet', 'files or sheets')} could not be read**; "
            "every row of the "
            "others is accounted for below.\n\n"
            + "\n".join(f"- {escape(i.reason)}" for i in unread),
            icon=":material/block:",
        )
    show_table(counts, width="content", config=LOAD_COUNTS)
    if not issues.empty:
        ordered = issues.sort_values("severity", kind="stable")  # errors before warnings
        # The reason next to the cell it is about; where the cell is comes last.
        first = ["severity", "table", "row", "column", "value", "reason", "file", "sheet"]
        show_table(_blank(neutralise(ordered[first])), width="stretch", config=ISSUES)
    st.download_button(
        "Download the report (XLSX)",
        data=lambda: report_xlsx(result.report),
        file_name=f"upload-report_{dt.date.today():%Y-%m-%d}.xlsx",
        mime=XLSX_MIME,
        icon=":material/download:",
        on_click="ignore",
        key="upload_report_download",
    )


_UNREAD = ("(file)", "(sheet)")


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
    _save(result)


def _save(result: UploadResult) -> None:
    """Save to database, offered only to whom may save, and never into the source database."""
    try:
        target = save_target(config.read_config())
        read_only = source.source_urls()
    except ValueError as exc:
        st.error(f"The [upload] database setting has a mistake: {escape(exc)}")
        return
    reason = refusal(ui_access.current_grant(), target, read_only)
    if reason is not None:
        st.caption(f"**Save to database** is not available: {escape(reason)}")
        return
    where = save_target_label(target, config.uploads_path())
    st.caption(
        f"**Save to database** writes the loaded rows into {where}: rows whose ID is already "
        "there take the values of the columns these files have (other columns keep theirs), "
        "new ones are added, and nothing else changes. Saving the same files twice changes "
        "nothing; if anything fails, nothing is written."
    )
    if st.button("Save to database", icon=":material/save:", key="upload_save"):
        with st.spinner("Saving…"):
            try:
                saved = import_tables(
                    target,
                    canonical_frames(result.data),
                    grant=ui_access.current_grant(),
                    read_only=read_only,
                    supplied=supplied_columns(result),
                )
            except (SourceError, WriteRefused, ValueError) as exc:
                st.error(escape(str(exc)), icon=":material/error:")
                return
        source.saved_into(target)
        counts = saved.counts
        added = sum(c.added for c in counts.values())
        updated = sum(c.updated for c in counts.values())
        st.success(
            f"Saved into {where}: {plural(added, 'row')} added, {updated:,} updated, "
            f"{sum(c.unchanged for c in counts.values()):,} already there unchanged.",
            icon=":material/check_circle:",
        )
        show_table(
            pd.DataFrame(
                [
                    {
                        "table": t,
                        "added": c.added,
                        "updated": c.updated,
                        "unchanged": c.unchanged,
                        "not saved": c.skipped,
                    }
                    for t, c in counts.items()
                ]
            )
        )
        if saved.skipped:
            st.warning(
                f"{plural(len(saved.skipped), 'row')} {were(len(saved.skipped))} not saved; "
                "the reasons are below.",
                icon=":material/rule:",
            )
            skipped = ValidationReport(saved.skipped).to_frame()
            show_table(_blank(neutralise(skipped)), width="stretch", config=ISSUES)


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
    st.caption(f"Source: {escape(view.data.source)}")
    if not counts.num_rows:
        return
    show_table(counts, width="content", config=LOAD_COUNTS)
    issues = table_data(view, _issues_table)
    if issues.num_rows:
        show_table(issues, width="stretch", config=ISSUES)


# The report belongs to the load (and is empty for a department head: the scope is in the key).
def _counts_table(view: View) -> pd.DataFrame:
    return view.report.counts_frame()


def _issues_table(view: View) -> pd.DataFrame:
    return _blank(neutralise(view.report.to_frame()))


def _blank(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns with blanks shown as nothing rather than 'None'."""
    text = [c for c in frame.columns if frame[c].dtype == object or frame[c].dtype == "str"]
    return frame.assign(**{c: frame[c].fillna("") for c in text})
