"""The Data page's mapping step in AppTest: a platform bundle mapped end to end in the app.

Workday's headcount report, Chronus' workbook and a Qualtrics survey: one choice (the goals'
progress column is their status) and the whole bundle loads; every automatic decision can be
changed, and the mapping keeps each change for the mapping file.
"""

from apptest_helpers import plain
from conftest import ROOT
from sources import exports_shapes as shapes
from spreadsheets import EMPLOYEES, csv
from streamlit.testing.v1 import AppTest

from dashboard.sources.mapping import Mapping

MAPPING = "_upload_mapping"


def _bundle() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page("app_pages/data.py").run()
    files = [shapes.workday_headcount(), shapes.chronus(), shapes.qualtrics()]
    at.file_uploader[0].set_value([(n, d, "application/octet-stream") for n, d in files])
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _box(at: AppTest, label: str):
    return next(s for s in at.selectbox if s.label == label or s.label.startswith(label))


def _mapping(at: AppTest) -> Mapping:
    return Mapping.from_json(at.session_state[MAPPING].to_json())


def _notes(at: AppTest) -> str:
    issues = next(d.value for d in at.dataframe if "reason" in d.value.columns)
    return "\n".join(issues["reason"])


# Widget keys: sheets are numbered in upload order (the goals sheet is #3, the survey #4) and
# headers by position (Progress (%) is the goals sheet's sixth).
PROGRESS = "upload_pick_column_3_5"
SURVEY_TABLE = "upload_pick_table_4"


def test_one_choice_loads_the_whole_bundle_and_the_overview_shows_it(demo_env):
    at = _bundle()
    attention = next(w.value for w in at.warning if "To check before using" in w.value)
    assert "Goals** (goals): no column holds status" in attention
    assert _metrics(at)["Rejected"] == "6"
    at.selectbox(key=PROGRESS).set_value("status").run()
    assert not at.exception
    assert _metrics(at)["Rows read"] == _metrics(at)["Loaded"] == "56"
    assert any("Every sheet has a table" in s.value for s in at.success)
    assert _mapping(at).columns == {"goals": {"Progress (%)": "status"}}
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception
    cards = {m.label.split(" ")[0]: m.value for m in at.metric}
    assert cards["Uptake"] == "40%"


def test_a_suggested_reading_and_the_suggested_kind_can_be_changed(demo_env):
    at = _bundle()
    assert "'Concluded' → ended_early" in _notes(at)
    _box(at, "'Concluded'").set_value("completed").run()
    assert not at.exception
    assert _mapping(at).recodes == {"relationships": {"status": {"Concluded": "completed"}}}
    assert "'Concluded' → completed" in _notes(at)
    at.selectbox(key="upload_pick_suggested_0").set_value("coaching").run()
    assert _mapping(at).constants == {"relationships": {"kind": "coaching"}}
    assert "every row (8) set to 'coaching'" in _notes(at)
    # A scale for the survey, chosen in the app, converts and says so.
    at.selectbox(key="upload_pick_scale_feedback.satisfaction").set_value("1-7").run()
    assert _mapping(at).scales == {"feedback.satisfaction": "1-7"}


def test_any_column_table_or_header_row_can_be_changed_and_undone(demo_env):
    at = _bundle()
    # Chronus' 'Mentee Name' can take the participant from 'Mentee Email' (its sheet is #1).
    at.selectbox(key="upload_pick_column_1_1").set_value("participant_id").run()
    assert not at.exception
    assert _mapping(at).columns == {"relationships": {"Mentee Name": "participant_id"}}
    assert "another column already supplies participant_id" in _notes(at)
    assert "8 by name" in _notes(at)
    # Leave the survey out, and read the headcount report from another header row.
    at.selectbox(key=SURVEY_TABLE).set_value("(not read)").run()
    assert "feedback" not in set(
        next(d.value for d in at.dataframe if "rejected" in d.value)["table"]
    )
    at.number_input(key="upload_pick_header_0").set_value(5).run()
    assert _mapping(at).header_rows == {"Headcount Report": 5}
    at.button(key="upload_mapping_reset").click().run()
    assert _mapping(at) == Mapping()


def test_a_value_for_every_row_or_for_blanks_is_added_in_the_app(demo_env):
    at = _bundle()
    at.selectbox(key="upload_pick_add_table").set_value("relationships").run()
    at.selectbox(key="upload_pick_add_column_relationships").set_value("format").run()
    at.selectbox(key="upload_pick_add_mode").set_value("default").run()
    at.selectbox(key="upload_pick_add_value_relationships_format").set_value("formal").run()
    at.button(key="upload_pick_add").click().run()
    assert not at.exception
    assert _mapping(at).defaults == {"relationships": {"format": "formal"}}
    assert any("format** = formal for blank cells" in plain(m.value) for m in at.markdown)
    at.button(key="upload_pick_remove_0").click().run()
    assert _mapping(at).defaults == {"relationships": {}}


def test_pairings_by_e_mail_against_employees_without_one_say_why_nothing_loads(demo_env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page("app_pages/data.py").run()
    pairs = [
        ("Match ID", "Mentee Email", "Type", "Start"),
        ("R1", "bob@x.org", "coaching", "2025-03-01"),
    ]
    at.file_uploader[0].set_value(
        [("staff.csv", csv(EMPLOYEES), "text/csv"), ("pairs.csv", csv(pairs), "text/csv")]
    )
    at.run()
    error = next(plain(e.value) for e in at.error if "Nothing usable" in e.value)
    assert "every row of relationships was rejected" in error
    assert "the employees table has no e-mail column" in error
