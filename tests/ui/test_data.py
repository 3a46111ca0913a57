"""The Data page in AppTest: upload, mapping step, report, source switch, save to database.

Every run goes through the entry script (app.py), which is where the sidebar source switch
takes effect; switching to the Overview shows its result.
"""

import shutil
import sqlite3

import pytest
from apptest_helpers import plain
from conftest import ROOT
from spreadsheets import EMPLOYEES, RELATIONSHIPS, csv
from streamlit.testing.v1 import AppTest

from dashboard.sources.mapping import Mapping


def _app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)


def _data_page() -> AppTest:
    at = _app().run()
    at.switch_page("app_pages/data.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.file_uploader[0].set_value(
        [(name, data, "application/octet-stream") for name, data in files]
    )
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _frame(at: AppTest, column: str):
    """The first table on the page with this column."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.fixture
def filled_template(demo_workbook) -> bytes:
    return demo_workbook


def test_nothing_uploaded_shows_the_template_and_the_current_source(demo_env):
    at = _data_page()
    assert at.title[0].value == "Data"
    assert "Download template" in [b.label for b in at.download_button]
    assert "Nothing uploaded yet" in at.info[0].value
    assert at.dataframe[0].value["table"].tolist()[:2] == ["departments", "employees"]


def test_uploaded_template_with_the_demo_data_shows_the_demo_kpis(demo_env, filled_template):
    demo = _app().run()
    at = _upload(_data_page(), ("programme.xlsx", filled_template))
    assert _metrics(at)["Rows read"] == _metrics(at)["Loaded"]
    assert _metrics(at)["Rejected"] == "0"
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception
    assert at.title[0].value == "Programme health"
    assert "Uploaded files: programme.xlsx" in plain(at.sidebar.caption[0].value)
    assert _metrics(at) == _metrics(demo)
    # The switch takes the whole app back to the database.
    at.button_group(key="data_source").set_value("Database").run()
    assert "Demo organisation" in at.sidebar.caption[0].value
    assert _metrics(at) == _metrics(demo)


def test_shared_filters_apply_to_the_uploaded_data(demo_env, filled_template):
    demo = _app()
    demo.query_params["dept"] = "Operations"
    demo.run()
    at = _upload(_data_page(), ("programme.xlsx", filled_template))
    at.switch_page("app_pages/overview.py")
    # A bound filter is changed through session state once the session is running.
    at.session_state["dept"] = ["Operations"]
    at.run()
    assert "Uploaded files" in at.sidebar.caption[0].value
    assert _metrics(at) == _metrics(demo)


def test_mapping_step_for_a_column_it_could_not_match(demo_env):
    staff = [("Staff No", "Org"), ("E1", "Sales"), ("E2", "Sales"), ("E3", "IT")]
    at = _upload(_data_page(), ("staff.csv", csv(staff)), ("matches.csv", csv(RELATIONSHIPS)))
    assert any("no column holds department" in w.value for w in at.warning)
    assert any("Nothing usable" in e.value for e in at.error)
    at.selectbox(key="upload_pick_column_0_1").set_value("department").run()
    assert not at.exception
    assert _metrics(at)["Loaded"] == "5"
    mapping = Mapping.from_json(at.session_state["_upload_mapping"].to_json())
    assert mapping.columns == {"employees": {"Org": "department"}}
    at.button(key="upload_mapping_reset").click().run()
    assert any("Nothing usable" in e.value for e in at.error)


def test_rejected_rows_are_listed_with_file_sheet_row_column_and_reason(demo_env):
    rows = [*RELATIONSHIPS, ("R3", "E404", None, "coaching", "2025-01-01")]
    at = _upload(_data_page(), ("staff.csv", csv(EMPLOYEES)), ("matches.csv", csv(rows)))
    assert (_metrics(at)["Rows read"], _metrics(at)["Loaded"], _metrics(at)["Rejected"]) == (
        "6",
        "5",
        "1",
    )
    counts = _frame(at, "rejected")
    assert counts.set_index("table").loc["relationships"].tolist() == [3, 2, 1]
    issues = _frame(at, "reason")
    first = issues.iloc[0]
    assert (first["file"], first["row"], first["column"], first["value"]) == (
        "matches.csv",
        4,
        "participant_id",
        "E404",
    )
    assert "Download the report (XLSX)" in [b.label for b in at.download_button]


def test_a_file_that_is_no_spreadsheet_gets_a_message_not_a_traceback(demo_env):
    at = _upload(_data_page(), ("photo.xlsx", b"\x89PNG\r\n\x1a\n...."))
    assert any("Nothing usable" in e.value for e in at.error)
    assert "is a PNG image" in " ".join(_frame(at, "reason")["reason"])


def test_a_mapping_file_is_applied(demo_env):
    staff = [("Staff No", "Org"), ("E1", "Sales"), ("E2", "Sales"), ("E3", "IT")]
    at = _upload(_data_page(), ("staff.csv", csv(staff)), ("matches.csv", csv(RELATIONSHIPS)))
    mapping = Mapping(columns={"employees": {"Org": "department"}}).to_json()
    at.file_uploader[1].set_value(("upload-mapping.json", mapping, "application/json")).run()
    assert any("applied" in s.value for s in at.success)
    assert _metrics(at)["Loaded"] == "5"
    at.file_uploader[1].set_value(("bad.json", b"{}", "application/json")).run()
    assert any("not used: not a mapping file" in e.value for e in at.error)


def test_save_to_database_upserts_into_a_database_apart_from_the_demo(
    demo_db, monkeypatch, tmp_path
):
    copy = tmp_path / "demo.db"
    shutil.copy(demo_db, copy)
    monkeypatch.setenv("DASHBOARD_DEMO_PATH", str(copy))
    monkeypatch.delenv("DASHBOARD_DB_URL", raising=False)
    before = copy.read_bytes()
    staff = [*EMPLOYEES[:1], ("X1", "Sales", None, "Ann"), ("X2", "Sales", "X1", "Bob")]
    matches = [*RELATIONSHIPS[:1], ("XR1", "X2", "X1", "mentoring", "2025-03-01")]
    at = _upload(_data_page(), ("staff.csv", csv(staff)), ("matches.csv", csv(matches)))
    assert any("kept apart from the data the dashboard shows" in plain(c.value) for c in at.caption)
    at.button(key="upload_save").click().run()
    assert not at.exception
    assert any("3 rows added, 0 updated" in s.value for s in at.success)
    with sqlite3.connect(tmp_path / "uploads.db") as conn:
        assert conn.execute("SELECT name FROM employees WHERE employee_id = 'X2'").fetchone() == (
            "Bob",
        )
    assert copy.read_bytes() == before
    at.button(key="upload_save").click().run()
    assert any("0 rows added, 0 updated, 3 already there unchanged" in s.value for s in at.success)


def test_every_page_runs_on_an_upload_of_only_the_required_tables(demo_env):
    at = _upload(_data_page(), ("staff.csv", csv(EMPLOYEES)), ("matches.csv", csv(RELATIONSHIPS)))
    at.switch_page("app_pages/overview.py").run()
    assert "Uploaded files" in at.sidebar.caption[0].value
    for page in sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "app_pages").glob("*.py")):
        at.switch_page(page).run()  # runs the page alone, on the view app.py published
        assert not at.exception, (page, [e.message for e in at.exception])
