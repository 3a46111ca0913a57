"""The Data page given hostile files: a report naming each, the good files loaded, no exception."""

from conftest import ROOT
from spreadsheets import EMPLOYEES, RELATIONSHIPS, csv, raw_xlsx, sheet_xml, text_cell
from streamlit.testing.v1 import AppTest


def test_hostile_files_are_reported_and_the_good_ones_load(demo_env, tmp_path, monkeypatch):
    settings = tmp_path / "dashboard.toml"
    settings.write_text("[upload]\nmax_cells = 50000\nread_timeout_s = 60\n")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(settings))
    far = b'<row r="1">' + text_cell("A1", "x") + b"</row>"
    far += b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    many = b"".join(
        f'<row r="{n}"><c r="A{n}"><v>1</v></c><c r="B{n}"><v>2</v></c></row>'.encode()
        for n in range(1, 40_001)
    )
    files = [
        ("stray.xlsx", raw_xlsx({"Pivot": sheet_xml(far, "A1:XFD1048576")})),
        ("big.xlsx", raw_xlsx({"Log": sheet_xml(many)})),
        ("garbage.csv", bytes(range(256)) * 8),
        ("employees.csv", csv(EMPLOYEES)),
        ("relationships.csv", csv(RELATIONSHIPS)),
    ]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page("app_pages/data.py").run()
    at.file_uploader[0].set_value([(n, d, "application/octet-stream") for n, d in files]).run()
    assert not at.exception, [e.message for e in at.exception]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Loaded"] == str(len(EMPLOYEES) - 1 + len(RELATIONSHIPS) - 1)
    issues = next(d.value for d in at.dataframe if "reason" in d.value.columns)
    by_file = dict(zip(issues["file"], issues["reason"], strict=False))
    assert by_file["garbage.csv"].startswith("garbage.csv is not a spreadsheet or a text file")
    assert by_file["big.xlsx"].startswith("Sheet 'Log' of big.xlsx was not read: it has 80,000")
    stray = issues[issues["file"] == "stray.xlsx"]["reason"].tolist()
    assert any("spread over A1:XFD1048576" in r for r in stray)
