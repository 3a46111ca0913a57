"""The upload path end to end: files in, canonical data and a row-level report out."""

import io

import pandas as pd
from openpyxl import load_workbook
from spreadsheets import EMPLOYEES, RELATIONSHIPS, csv, ods, xlsx

from dashboard.cli import main
from dashboard.sources.demo import generate
from dashboard.sources.mapping import Mapping
from dashboard.sources.upload import (
    UploadedFile,
    effective_mapping,
    ingest,
    load,
    plan,
    read_files,
    report_xlsx,
)
from dashboard.template import template_workbook


def _ingest(*files: tuple[str, bytes], **kw):
    return ingest([UploadedFile(n, d) for n, d in files], **kw)


def _errors(result) -> set[tuple]:
    return {
        (i.file, i.sheet, i.table, i.row, i.column, i.value, i.reason) for i in result.report.errors
    }


def _accounted(result) -> None:
    """Rows read = loaded + rejected, and every rejected row is listed with a reason."""
    for table, count in result.report.counts.items():
        assert count.read == count.loaded + count.rejected
        rows = {
            (i.file, i.sheet, i.row) for i in result.report.errors if i.table == table and i.row
        }
        table_level = [i for i in result.report.errors if i.table == table and i.row is None]
        # A sheet lacking a required column its table's other sheets have: said once.
        set_aside = sum(
            len(s.data.rows)
            for s in result.plan.sheets
            if any((i.file, i.sheet) == (s.grid.file, s.grid.sheet) for i in table_level)
        )
        assert len(rows) + set_aside == count.rejected or (table_level and count.loaded == 0), table


def test_template_loads_without_a_rejected_row():
    result = _ingest(("template.xlsx", template_workbook()))
    assert result.exit_code == 0
    assert result.report.rows_rejected == 0
    assert result.report.issues == ()
    assert set(result.data.present_tables) == set(result.report.counts)


def test_template_filled_with_the_demo_organisation_loads_all_of_it(demo_workbook):
    frames = generate()
    result = _ingest(("filled.xlsx", demo_workbook))
    assert result.exit_code == 0
    assert {t: c.loaded for t, c in result.report.counts.items()} == {
        t: len(f) for t, f in frames.items()
    }


def test_one_file_per_table_in_mixed_formats():
    result = _ingest(("staff.csv", csv(EMPLOYEES)), ("pairs.ods", ods({"Matches": RELATIONSHIPS})))
    assert result.exit_code == 0
    assert len(result.data.employees) == 3 and len(result.data.relationships) == 2
    assert result.data.source == "Uploaded files: staff.csv, pairs.ods"


def test_every_issue_names_file_sheet_spreadsheet_row_column_value_and_reason():
    employees = [
        ["Staff export, May 2025"],
        [],
        ["Staff No", "Dept", "Line Manager ID", "Hired"],
        ["E1", "Sales", None, "2020-01-01"],
        ["E2", "Sales", "E1", "not a date"],
        ["E2", "IT", "E1", "2021-01-01"],
        ["E3", None, "E1", "2021-01-01"],
    ]
    matches = [
        ["Match ID", "Mentee", "Mentor", "Type", "Match Start"],
        ["R1", "E1", "E9", "mentoring", "2025-03-01"],
        ["R2", "E7", "E1", "coaching", "2025-03-01"],
        ["R3", "E1", "E1", "tea", "2025-03-01"],
    ]
    meetings = [
        ["Meeting ID", "Match ID", "Meeting Date", "Attendance"],
        ["S1", "R1", "2025-03-10", "Attended"],
        ["S2", "R404", "2025-03-11", "Attended"],
    ]
    result = _ingest(
        ("hr.xlsx", xlsx({"Staff": employees})),
        ("mentoring.xlsx", xlsx({"Pairings": matches, "Meetings": meetings})),
    )
    assert result.exit_code == 1
    errors = _errors(result)
    assert ("hr.xlsx", "Staff", "employees", 5, "hire_date", "not a date", "not a date") in errors
    assert (
        "hr.xlsx",
        "Staff",
        "employees",
        6,
        "employee_id",
        "E2",
        "duplicate employee_id: an earlier row has the same key",
    ) in errors
    assert (
        "hr.xlsx",
        "Staff",
        "employees",
        7,
        "department",
        None,
        "required value is missing",
    ) in (errors)
    assert (
        "mentoring.xlsx",
        "Pairings",
        "relationships",
        3,
        "participant_id",
        "E7",
        "no employee has this id, e-mail or name",
    ) in errors
    assert (
        "mentoring.xlsx",
        "Pairings",
        "relationships",
        4,
        "kind",
        "tea",
        "not one of coaching, mentoring",
    ) in errors
    assert (
        "mentoring.xlsx",
        "Meetings",
        "sessions",
        3,
        "relationship_id",
        "R404",
        "no relationships row has this relationship_id",
    ) in errors
    # A dangling optional reference is cleared, with a warning, and the row kept.
    warnings = {(i.row, i.column, i.value) for i in result.report.issues if i.severity == "warning"}
    assert (2, "coach_id", "E9") in warnings
    counts = result.report.counts
    assert (counts["employees"].read, counts["employees"].loaded) == (4, 1)
    assert (counts["relationships"].read, counts["relationships"].loaded) == (3, 1)
    _accounted(result)


def test_two_sheets_of_one_table_combine_and_issues_point_at_their_own_sheet():
    first = [["session_id", "relationship_id", "session_date"], ["S1", "R1", "2025-01-01"]]
    second = [
        ["session_id", "relationship_id", "session_date"],
        ["S2", "R1", "2025-02-01"],
        ["S1", "R1", "junk"],
    ]
    result = _ingest(
        ("org.xlsx", xlsx({"employees": EMPLOYEES, "relationships": RELATIONSHIPS})),
        ("s.xlsx", xlsx({"Sessions 2024": first, "Sessions 2025": second})),
    )
    assert result.report.counts["sessions"].read == 3
    assert {(i.sheet, i.row, i.column) for i in result.report.errors} == {
        ("Sessions 2025", 3, "session_date")
    }
    _accounted(result)


def test_nothing_usable_is_exit_code_two_with_the_reason():
    result = _ingest(("meetings.csv", csv([["session_id", "relationship_id"], ["S1", "R1"]])))
    assert result.exit_code == 2
    assert result.data is None
    assert "employees, relationships" in result.message
    unreadable = _ingest(("photo.xlsx", b"\x89PNG\r\n\x1a\n...."))
    assert unreadable.exit_code == 2
    assert unreadable.report.issues[0].file == "photo.xlsx"


def test_an_unreadable_file_among_good_ones_is_reported_and_the_rest_load():
    result = _ingest(
        ("org.xlsx", xlsx({"employees": EMPLOYEES, "relationships": RELATIONSHIPS})),
        ("broken.xlsx", b"PK\x03\x04 not really"),
    )
    assert result.exit_code == 1
    assert result.data is not None
    assert [i.file for i in result.report.errors] == ["broken.xlsx"]


def test_missing_required_column_is_named_and_mapping_it_loads_the_table():
    staff = [["Staff No", "Org Unit Code"], ["E1", "S"], ["E2", "S"], ["E3", "I"]]
    files = [("staff.csv", csv(staff)), ("matches.csv", csv(RELATIONSHIPS))]
    first = _ingest(*files)
    found = first.plan.tables["employees"][0]
    assert found.match.missing == ["department"]
    assert found.match.unmapped == ("Org Unit Code",)
    assert first.exit_code == 2
    mapping = Mapping(columns={"employees": {"Org Unit Code": "department"}})
    second = _ingest(*files, mapping=mapping)
    assert second.exit_code == 0
    assert set(second.data.employees["department"]) == {"S", "I"}


def test_ambiguous_dates_are_asked_about_and_read_as_answered():
    matches = [
        ["relationship_id", "participant_id", "kind", "start_date"],
        ["R1", "E2", "coaching", "03/04/2025"],
        ["R2", "E3", "coaching", "05/06/2025"],
    ]
    files = [("staff.csv", csv(EMPLOYEES)), ("matches.csv", csv(matches))]
    asked = _ingest(*files)
    assert [(q.key, q.answer) for q in asked.plan.questions] == [("relationships.start_date", None)]
    assert asked.data.relationships["start_date"].dt.month.tolist() == [4, 6]  # day-first
    assert any("day-first or month-first" in i.reason for i in asked.report.issues)
    answered = _ingest(*files, mapping=Mapping(dates={"relationships.start_date": "monthfirst"}))
    assert answered.data.relationships["start_date"].dt.month.tolist() == [3, 5]
    assert [q.answer for q in answered.plan.questions] == ["monthfirst"]
    assert not any("day-first or month-first" in i.reason for i in answered.report.issues)
    cli_default = _ingest(*files, default_order="monthfirst")
    assert cli_default.data.relationships["start_date"].dt.month.tolist() == [3, 5]


def test_a_column_that_proves_its_order_settles_the_other_columns_of_its_file():
    matches = [
        ["relationship_id", "participant_id", "kind", "start_date", "end_date"],
        ["R1", "E2", "coaching", "03/04/2025", "25/12/2025"],
    ]
    result = _ingest(("staff.csv", csv(EMPLOYEES)), ("matches.csv", csv(matches)))
    assert result.plan.questions == ()
    assert result.data.relationships["start_date"].iloc[0] == pd.Timestamp("2025-04-03")


def test_excel_date_cells_and_serial_numbers_need_no_question():
    import datetime as dt

    matches = [
        ["relationship_id", "participant_id", "kind", "start_date"],
        ["R1", "E2", "coaching", dt.date(2025, 4, 3)],
        ["R2", "E3", "coaching", 45750],
    ]
    result = _ingest(("org.xlsx", xlsx({"employees": EMPLOYEES, "Matches": matches})))
    assert result.plan.questions == ()
    assert result.data.relationships["start_date"].tolist() == [
        pd.Timestamp("2025-04-03"),
        pd.Timestamp("2025-04-03"),
    ]


def test_effective_mapping_reproduces_the_upload():
    staff = [["Staff No", "Org Unit Code"], ["E1", "S"], ["E2", "S"], ["E3", "I"]]
    files = [UploadedFile("staff.csv", csv(staff)), UploadedFile("m.csv", csv(RELATIONSHIPS))]
    chosen = Mapping(
        tables={"m": "relationships"}, columns={"employees": {"Org Unit Code": "department"}}
    )
    grids, failures = read_files(files)
    first = plan(grids, chosen, failures)
    saved = effective_mapping(first, chosen)
    assert saved.columns["employees"] == {"Org Unit Code": "department", "Staff No": "employee_id"}
    again = Mapping.from_json(saved.to_json())
    assert load(plan(grids, again)).report.counts == load(first).report.counts


def test_a_sheet_can_be_ignored_or_reassigned():
    files = [("org.xlsx", xlsx({"employees": EMPLOYEES, "Sheet2": RELATIONSHIPS}))]
    detected = _ingest(*files)
    assert [(s.table, s.how) for s in detected.plan.sheets][1] == ("relationships", "columns")
    ignored = _ingest(*files, mapping=Mapping(tables={"Sheet2": ""}))
    assert ignored.exit_code == 2


def test_unknown_sheet_and_unused_columns_are_warnings_not_silent():
    staff = [[*EMPLOYEES[0], "Shoe size"], *[[*r, 42] for r in EMPLOYEES[1:]]]
    result = _ingest(
        (
            "org.xlsx",
            xlsx(
                {"employees": staff, "relationships": RELATIONSHIPS, "Pivot": [["a", "b"], [1, 2]]}
            ),
        )
    )
    reasons = {(i.sheet, i.column, i.reason.split(":")[0]) for i in result.report.issues}
    assert ("employees", "Shoe size", "column not used") in reasons
    assert (
        "Pivot",
        None,
        "could not tell which table this sheet holds, so its 1 row(s) were not read",
    ) in reasons
    assert result.exit_code == 0


def test_report_workbook_has_counts_and_issues_and_neutralises_formulas():
    matches = [*RELATIONSHIPS, ["R3", '=HYPERLINK("x")', None, "coaching", "2025-01-01"]]
    result = _ingest(("staff.csv", csv(EMPLOYEES)), ("matches.csv", csv(matches)))
    book = load_workbook(io.BytesIO(report_xlsx(result.report)))
    assert book.sheetnames == ["Summary", "Issues"]
    values = [c.value for row in book["Issues"].iter_rows() for c in row]
    assert '\'=HYPERLINK("x")' in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)


def test_an_empty_file_is_named_and_the_rest_still_read():
    result = _ingest(("employees.csv", b"\n"), ("relationships.csv", csv(RELATIONSHIPS)))
    assert result.exit_code == 2
    assert (result.report.issues[0].file, result.report.issues[0].reason) == (
        "employees.csv",
        "employees.csv has no rows.",
    )
    assert result.report.counts["relationships"].read == 2


def test_a_sheet_lacking_a_required_column_its_siblings_have_is_said_once():
    complete = [
        ["session_id", "relationship_id", "session_date", "duration_minutes"],
        ["S1", "R1", "2025-01-01", 30],
    ]
    lacking = [["session_id", "relationship_id"], ["S2", "R1"], ["S3", "R2"], ["S4", "R2"]]
    result = _ingest(
        ("org.xlsx", xlsx({"employees": EMPLOYEES, "relationships": RELATIONSHIPS})),
        ("s.xlsx", xlsx({"Sessions 2024": complete, "Sessions 2025": lacking})),
    )
    (error,) = result.report.errors
    assert (error.sheet, error.row, error.column) == ("Sessions 2025", None, "session_date")
    assert "its 3 row(s) were not loaded" in error.reason
    counts = result.report.counts["sessions"]
    assert (counts.read, counts.loaded, counts.rejected) == (4, 1, 3)
    _accounted(result)
    # With its siblings' optional column missing, the sheet still loads: blank, said once.
    lacking = [["session_id", "relationship_id", "session_date"], ["S2", "R1", "2025-02-01"]]
    result = _ingest(
        ("org.xlsx", xlsx({"employees": EMPLOYEES, "relationships": RELATIONSHIPS})),
        ("s.xlsx", xlsx({"Sessions 2024": complete, "Sessions 2025": lacking})),
    )
    assert result.report.counts["sessions"].loaded == 2
    (note,) = [i for i in result.report.issues if i.column == "duration_minutes"]
    assert (note.sheet, note.severity) == ("Sessions 2025", "warning")


def test_values_for_every_row_or_for_blanks_fill_columns_from_the_mapping():
    pairs = [
        ("relationship_id", "participant_id", "start_date", "format"),
        ("R1", "E2", "2025-03-01", None),
        ("R2", "E3", "2025-04-01", "peer"),
    ]
    files = (("staff.csv", csv(EMPLOYEES)), ("pairs.csv", csv(pairs)))
    lacking = _ingest(*files)
    assert lacking.exit_code == 2  # no kind, and nothing names coaching or mentoring
    mapping = Mapping(
        constants={"relationships": {"kind": "coaching"}},
        defaults={"relationships": {"format": "formal"}},
    )
    result = _ingest(*files, mapping=mapping)
    assert result.exit_code == 0
    rel = result.data.relationships.set_index("relationship_id")
    assert rel["kind"].tolist() == ["coaching", "coaching"]
    assert rel["format"].tolist() == ["formal", "peer"]
    notes = {i.column: i.reason for i in result.report.issues if i.row is None}
    assert notes["kind"] == "every row (2) set to 'coaching'"
    assert notes["format"] == "blank cells read as 'formal'"


def test_the_kind_is_suggested_per_sheet_from_its_own_words():
    mentoring = [("Pairing ID", "Mentee", "Mentor", "Start"), ("R1", "E2", "E1", "2025-03-01")]
    coaching = [("Engagement ID", "Coachee", "Coach", "Start"), ("R2", "E3", "E1", "2025-04-01")]
    result = _ingest(
        ("staff.csv", csv(EMPLOYEES)),
        ("mentoring-pairs.csv", csv(mentoring)),
        ("coaching-engagements.csv", csv(coaching)),
    )
    assert result.exit_code == 0
    kinds = result.data.relationships.set_index("relationship_id")["kind"].to_dict()
    assert kinds == {"R1": "mentoring", "R2": "coaching"}
    # Sheets that disagree leave the kind out of the saved mapping: it is suggested again.
    assert "relationships" not in effective_mapping(result.plan).constants


def test_a_rating_column_never_above_4_is_questioned_and_a_chosen_scale_applies():
    feedback = [("feedback_id", "relationship_id", "submitted_date", "satisfaction")] + [
        (f"F{n}", "R1", "2025-05-01", 1 + n % 4) for n in range(12)
    ]
    files = (
        ("staff.csv", csv(EMPLOYEES)),
        ("matches.csv", csv(RELATIONSHIPS)),
        ("feedback.csv", csv(feedback)),
    )
    result = _ingest(*files)
    doubt = next(i.reason for i in result.report.issues if i.column == "satisfaction")
    assert doubt.startswith("no score above 4 among 12 responses: read on the 1–5 scale")
    chosen = _ingest(*files, mapping=Mapping(scales={"feedback.satisfaction": "1-4"}))
    assert sorted(set(chosen.data.feedback["satisfaction"])) == [1, 2, 4, 5]


def test_pairings_naming_people_by_e_mail_need_the_employees_e_mail_column(capsys, tmp_path):
    pairs = [
        ("Match ID", "Mentee Email", "Type", "Start"),
        ("R1", "bob@example.com", "mentoring", "2025-03-01"),
        ("R2", "cy@example.com", "coaching", "2025-04-01"),
    ]
    result = _ingest(("staff.csv", csv(EMPLOYEES)), ("pairs.csv", csv(pairs)))
    assert result.exit_code == 2
    assert "every row of relationships was rejected (2 rows)" in result.message
    assert "the employees table has no e-mail column" in result.message
    staff = [
        (*r, e)
        for r, e in zip(
            EMPLOYEES, ("Email", None, "bob@example.com", "cy@example.com"), strict=True
        )
    ]
    fixed = _ingest(("staff.csv", csv(staff)), ("pairs.csv", csv(pairs)))
    assert fixed.exit_code == 0
    assert fixed.data.relationships["participant_id"].tolist() == ["E2", "E3"]
    # The command line says the same and exits 2.
    (tmp_path / "staff.csv").write_bytes(csv(EMPLOYEES))
    (tmp_path / "pairs.csv").write_bytes(csv(pairs))
    code = main(["validate", str(tmp_path / "staff.csv"), str(tmp_path / "pairs.csv")])
    assert code == 2
    assert "no e-mail column" in capsys.readouterr().err
