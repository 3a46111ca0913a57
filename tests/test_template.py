"""The upload template and the template / validate / import commands."""

import io

import pandas as pd
import pytest
from openpyxl import load_workbook
from spreadsheets import EMPLOYEES, RELATIONSHIPS, csv, xlsx

from dashboard.cli import main
from dashboard.schema import TABLE_ORDER, TABLES
from dashboard.sources.mapping import Mapping
from dashboard.template import template_workbook


def _book(data: bytes):
    return load_workbook(io.BytesIO(data))


def test_a_readme_and_one_sheet_per_table_with_the_schemas_headers():
    book = _book(template_workbook())
    assert book.sheetnames == ["README", *TABLE_ORDER]
    for name in TABLE_ORDER:
        headers = [c.value for c in book[name][1]]
        assert headers == TABLES[name].column_names
        assert book[name].max_row >= 2, f"{name} has no example row"


def test_readme_describes_every_column():
    readme = _book(template_workbook())["README"]
    described = {(r[0], r[1]) for r in readme.iter_rows(values_only=True) if r[1]}
    expected = {(t.name, c.name) for t in TABLES.values() for c in t.columns}
    assert expected <= described


def test_every_enumeration_has_a_drop_down_with_its_values():
    book = _book(template_workbook())
    for table in TABLES.values():
        rules = {
            str(rule.sqref).split(":")[0]: rule
            for rule in book[table.name].data_validations.dataValidation
        }
        for position, column in enumerate(table.columns, start=1):
            letter = chr(64 + position)
            if column.enum:
                rule = rules[f"{letter}2"]
                assert rule.type == "list"
                assert rule.formula1 == '"' + ",".join(column.enum) + '"'
                assert len(rule.formula1) <= 255  # Excel's limit for an inline list
            elif column.kind == "bool":
                assert rules[f"{letter}2"].formula1 == '"yes,no"'


def test_filled_template_neutralises_formula_like_text():
    frames = {"employees": pd.DataFrame({"employee_id": ["=cmd|' /C calc'!A0"]})}
    sheet = _book(template_workbook(frames))["employees"]
    assert sheet["A2"].value == "'=cmd|' /C calc'!A0"
    assert sheet["A2"].data_type == "s"


def _run(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_template_command_writes_a_workbook_that_validates_cleanly(tmp_path, capsys):
    out = tmp_path / "template.xlsx"
    code, text, _ = _run(capsys, "template", "--out", str(out))
    assert code == 0 and "wrote the upload template" in text
    code, text, _ = _run(capsys, "validate", str(out))
    assert code == 0
    assert "0 error(s), 0 warning(s)" in text
    code, _, err = _run(capsys, "template", "--out", str(tmp_path / "t.csv"))
    assert code == 2 and "must end in .xlsx" in err


def test_validate_exit_codes_and_report_file(tmp_path, capsys):
    good = tmp_path / "org.xlsx"
    good.write_bytes(xlsx({"employees": EMPLOYEES, "relationships": RELATIONSHIPS}))
    assert _run(capsys, "validate", str(good))[0] == 0

    bad = tmp_path / "org_bad.xlsx"
    rows = [*RELATIONSHIPS, ("R3", "E404", None, "coaching", "2025-01-01")]
    bad.write_bytes(xlsx({"employees": EMPLOYEES, "relationships": rows}))
    report = tmp_path / "report.xlsx"
    code, text, _ = _run(capsys, "validate", str(bad), "--report", str(report))
    assert code == 1
    assert "ERROR   relationships [org_bad.xlsx › relationships] row 4, participant_id" in text
    issues = list(_book(report.read_bytes())["Issues"].iter_rows(values_only=True))
    assert issues[1][1:6] == ("org_bad.xlsx", "relationships", "relationships", 4, "participant_id")

    only_sessions = tmp_path / "meetings.csv"
    only_sessions.write_bytes(csv([("session_id", "relationship_id"), ("S1", "R1")]))
    code, _, err = _run(capsys, "validate", str(only_sessions))
    assert code == 2 and "Nothing usable" in err


@pytest.mark.parametrize(
    "name,data",
    [
        ("photo.xlsx", b"\x89PNG\r\n\x1a\n..."),
        ("notes.csv", b"\x00\x01\x02"),
        ("empty.csv", b""),
        ("bomb.ods", b"PK\x03\x04broken"),
    ],
)
def test_validate_never_prints_a_traceback(tmp_path, capsys, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    code, text, err = _run(capsys, "validate", str(path))
    assert code == 2
    assert "Traceback" not in text + err
    assert name in text


def test_validate_missing_file_and_bad_mapping(tmp_path, capsys):
    code, _, err = _run(capsys, "validate", str(tmp_path / "nope.xlsx"))
    assert code == 2 and "no such file" in err
    mapping = tmp_path / "m.json"
    mapping.write_text('{"format": "programme-dashboard-mapping", "tables": {"A": "staff"}}')
    good = tmp_path / "org.xlsx"
    good.write_bytes(xlsx({"employees": EMPLOYEES, "relationships": RELATIONSHIPS}))
    code, _, err = _run(capsys, "validate", str(good), "--mapping", str(mapping))
    assert code == 2 and "tables.A: 'staff' is not a table" in err


def test_validate_with_a_mapping_file_and_a_date_order(tmp_path, capsys):
    staff = tmp_path / "staff.csv"
    staff.write_bytes(csv([("Staff No", "Org"), ("E1", "Sales"), ("E2", "Sales"), ("E3", "IT")]))
    matches = tmp_path / "matches.csv"
    matches.write_bytes(
        csv(
            [
                ("relationship_id", "participant_id", "kind", "start_date"),
                ("R1", "E2", "coaching", "03/04/2025"),
            ]
        )
    )
    assert _run(capsys, "validate", str(staff), str(matches))[0] == 2
    mapping = tmp_path / "m.json"
    mapping.write_bytes(Mapping(columns={"employees": {"Org": "department"}}).to_json())
    code, text, _ = _run(capsys, "validate", str(staff), str(matches), "--mapping", str(mapping))
    assert code == 0 and "read day-first" in text
    code, text, _ = _run(
        capsys,
        "validate",
        str(staff),
        str(matches),
        "--mapping",
        str(mapping),
        "--dates",
        "monthfirst",
    )
    assert code == 0 and "read month-first" in text


def test_import_command_is_idempotent_and_reports_rejections(tmp_path, capsys):
    url = f"sqlite:///{tmp_path}/saved.db"
    files = tmp_path / "org.xlsx"
    rows = [*RELATIONSHIPS, ("R3", "E404", None, "coaching", "2025-01-01")]
    files.write_bytes(xlsx({"employees": EMPLOYEES, "relationships": rows}))
    code, text, _ = _run(capsys, "import", str(files), "--db", url)
    assert code == 1
    assert "employees             3 added" in text
    code, text, _ = _run(capsys, "import", str(files), "--db", url)
    assert code == 1
    assert "relationships         0 added        0 updated        2 unchanged" in text
    code, _, err = _run(capsys, "import", str(tmp_path / "x.csv"), "--db", url)
    assert code == 2 and "no such file" in err
