"""Real export shapes load with little or no hand work, and give the organisation's KPIs.

Each HR system's and each platform's layout (tests/sources/exports_shapes.py) is uploaded as
an analyst would, and the headline figures are checked against the invented organisation:
20 eligible people in 2025, 8 of them mentees (participation 40 %), 10 of 13 meetings held.
"""

import datetime as dt

import pytest
from sources import exports_shapes as shapes

from dashboard.metrics.summary import headline
from dashboard.model import Filters
from dashboard.sources.mapping import Mapping
from dashboard.sources.upload import UploadedFile, effective_mapping, ingest

YEAR = Filters(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
HR = {
    "workday": shapes.workday_headcount,
    "bamboohr": shapes.bamboohr,
    "successfactors": shapes.successfactors,
    "personio": shapes.personio,
    "hibob": shapes.hibob,
}
MANAGERS = {"1001", "1002", "1003", "1004"}


def _ingest(*files, mapping: Mapping | None = None):
    flat = [f for group in files for f in (group if isinstance(group, list) else [group])]
    return ingest([UploadedFile(name, data) for name, data in flat], mapping=mapping)


def _errors(result) -> list[tuple]:
    return [(i.table, i.row, i.column, i.value, i.reason) for i in result.report.errors]


@pytest.mark.parametrize("system", HR)
def test_each_hr_export_loads_as_is_with_leavers_and_managers_right(system):
    result = _ingest(HR[system](), shapes.together())
    assert result.exit_code == 0, _errors(result)
    employees = result.data.employees.set_index("employee_id")
    assert len(employees) == len(shapes.ORG)
    # Managers named by name (or by user id) resolve to employee ids, so they have teams.
    assert set(employees.index[employees["is_manager"]]) == MANAGERS
    # Two left in 2024 with a date; two are only marked inactive: none of the four counts.
    kpis = headline(result.data, YEAR)
    assert (kpis["eligible_headcount"], kpis["participants"]) == (shapes.ELIGIBLE_2025, 8)
    assert kpis["participation_rate"] == pytest.approx(0.4)
    # Names exist for resolving platform files by name.
    assert employees.loc["1005", "name"] == "Amara Okafor"
    assert employees.loc["1005", "email"] == "amara.okafor@northwind.example"


PLATFORMS = {
    "together": (shapes.together, 10, 13),
    "chronus": (shapes.chronus, 10, 13),
    "mentorloop": (shapes.mentorloop, None, None),
    "qooper": (shapes.qooper, None, None),
    "pushfar": (shapes.pushfar, 10, 13),
    "betterup": (shapes.betterup, 10, 13),
}


@pytest.mark.parametrize("platform", PLATFORMS)
def test_each_platform_export_loads_against_an_hr_export(platform):
    build, held, meetings = PLATFORMS[platform]
    result = _ingest(shapes.workday_headcount(), build())
    loaded = {t: c.loaded for t, c in result.report.counts.items()}
    assert loaded["relationships"] == len(shapes.PAIRS), _errors(result)
    kpis = headline(result.data, YEAR)
    assert (kpis["participants"], kpis["participation_rate"]) == (8, pytest.approx(0.4))
    if held is not None:
        assert kpis["sessions_held"] == held
        assert kpis["session_adherence_denominator"] == meetings
    kinds = set(result.data.relationships["kind"])
    assert kinds == {"coaching" if platform == "betterup" else "mentoring"}


def test_the_typical_bundle_loads_after_one_choice_and_the_mapping_file_repeats_it():
    bundle = (shapes.workday_headcount(), shapes.chronus(), shapes.qualtrics())
    first = _ingest(*bundle)
    # Chronus goals carry a progress percentage, not a status: the one thing to choose.
    goals = next(s for s in first.plan.sheets if s.table == "goals")
    assert first.plan.missing(goals) == ["status"]
    assert first.report.counts["goals"].loaded == 0
    chosen = Mapping(columns={"goals": {"Progress (%)": "status"}})
    second = _ingest(*bundle, mapping=chosen)
    assert second.exit_code == 0, _errors(second)
    assert second.report.rows_rejected == 0
    kpis = headline(second.data, YEAR)
    assert kpis["participation_rate"] == pytest.approx(0.4)
    assert (kpis["sessions_held"], kpis["session_adherence_denominator"]) == (10, 13)
    # Five people in different departments and months: no group of five to publish.
    assert kpis["satisfaction_mean"] is None
    # With a threshold of one, the survey's answers read on the canonical scale.
    scores = headline(second.data, YEAR, k=1)
    assert (scores["satisfaction_mean"], scores["satisfaction_favourable"]) == (4.2, 0.8)
    statuses = second.data.goals["status"].value_counts().to_dict()
    assert statuses == {"completed": 3, "in_progress": 2, "not_started": 1}
    # The saved mapping file maps the next export of the same shape with no choice at all.
    saved = Mapping.from_json(effective_mapping(second.plan, chosen).to_json())
    third = _ingest(*bundle, mapping=saved)
    assert third.report.counts == second.report.counts
    assert headline(third.data, YEAR) == kpis
    hows = {h for r in third.plan.readings for h in r.values["how"]}
    assert "suggested" not in hows  # every suggestion is now written in the file


def test_what_was_read_and_recoded_is_said_in_the_report():
    result = _ingest(shapes.workday_headcount(), shapes.chronus(), shapes.qualtrics())
    notes = {(i.table, i.column): i.reason for i in result.report.issues if i.row is None}
    assert "'Concluded' → ended_early (1 row)" in notes[("relationships", "status")]
    assert "'Did not happen' → cancelled (1 row)" in notes[("sessions", "status")]
    assert "'Extremely satisfied' → 5 (2 rows)" in notes[("feedback", "satisfaction")]
    assert notes[("relationships", "kind")].startswith("every row (8) set to 'mentoring'")
    assert (
        "2 employee(s) have left but have no leave date"
        in notes[("employees", "employment_status")]
    )
    assert "8 by e-mail" in notes[("relationships", "participant_id")]
    assert "23 by name" in notes[("employees", "manager_id")]


def test_qualtrics_label_and_import_rows_are_not_data_and_q1_is_the_score():
    result = _ingest(shapes.workday_headcount(), shapes.together(), shapes.qualtrics())
    survey = next(s for s in result.plan.sheets if s.table == "feedback")
    assert survey.data.header_row == 1
    assert survey.data.row_numbers.tolist() == [4, 5, 6, 7, 8]
    assert survey.match.columns == {
        "RecordedDate": "submitted_date",
        "ResponseId": "feedback_id",
        "match_id": "relationship_id",
        "Q1": "satisfaction",
        "Q2": "comment",
    }
    assert result.report.counts["feedback"].loaded == 5


def test_chronus_merged_group_headers_become_mentee_and_mentor_columns():
    result = _ingest(shapes.workday_headcount(), shapes.chronus())
    pairs = next(s for s in result.plan.sheets if s.table == "relationships")
    assert pairs.data.headers[:5] == [
        "Mentoring Connection ID",
        "Mentee Name",
        "Mentee Email",
        "Mentor Name",
        "Mentor Email",
    ]
    assert pairs.match.columns["Mentee Email"] == "participant_id"
    assert pairs.match.columns["Mentor Email"] == "coach_id"
    assert pairs.match.duplicates == {"Mentee Name": "participant_id", "Mentor Name": "coach_id"}
    first = result.data.relationships.set_index("relationship_id").loc["C-101"]
    assert (first["participant_id"], first["coach_id"]) == ("1005", "1002")


def test_personio_personnel_number_is_the_employee_id_not_its_own_id():
    result = _ingest(shapes.personio(), shapes.together())
    staff = next(s for s in result.plan.sheets if s.table == "employees")
    assert staff.match.columns["Personnel number"] == "employee_id"
    assert "ID" not in staff.match.columns
    assert set(result.data.employees["employee_id"]) == set(shapes.PEOPLE)


def test_a_members_export_is_enrolments_by_e_mail_not_employees():
    result = _ingest(shapes.bamboohr(), shapes.mentorloop())
    tables = {s.grid.file: s.table for s in result.plan.sheets}
    assert tables["mentorloop-members.csv"] == "enrolments"
    enrolments = result.data.enrolments
    assert len(enrolments) == 17
    assert set(enrolments["status"]) == {"matched", "registered"}
    assert set(enrolments["employee_id"]) <= set(shapes.PEOPLE)


def test_betterup_ratings_on_1_to_10_are_converted_and_said_so():
    result = _ingest(shapes.workday_headcount(), shapes.betterup())
    # 10, 8, 9, 5, 7 on 1-10 -> 5, 4, 5, 3, 4 on 1-5.
    assert sorted(result.data.feedback["satisfaction"]) == [3, 4, 4, 5, 5]
    note = next(i.reason for i in result.report.issues if i.column == "satisfaction")
    assert "5 score(s) read on a 1–10 scale and converted to 1–5" in note
    assert "9–10 → 5" in note
    # The external coach is no employee: cleared on each row, with the value named.
    cleared = [i for i in result.report.issues if i.column == "coach_id" and i.row]
    assert len(cleared) == 8 and cleared[0].value == "Jordan Ellis"


def test_header_sets_map_without_manual_work():
    """Every vendor header set here maps its required columns (the kind aside, suggested)."""
    exports = [*(build() for build in HR.values())]
    for build, _, _ in PLATFORMS.values():
        made = build()
        exports.extend(made if isinstance(made, list) else [made])
    result = _ingest(*exports, shapes.qualtrics())
    unmapped = {
        s.grid.label: result.plan.missing(s)
        for s in result.plan.sheets
        if s.table and result.plan.missing(s)
    }
    assert unmapped == {"chronus-report.xlsx › Goals": ["status"]}
