"""The board pack: same figures as `summary`, sections only with data, safe and scoped files."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import re

import pandas as pd
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from dashboard.access import Grant, Policy, scope
from dashboard.boardpack import pdf as pdf_module
from dashboard.boardpack.content import BoardPack, Section, Table, build, scope_label
from dashboard.boardpack.pdf import to_pdf
from dashboard.boardpack.xlsx import read_tables, sheet_name, to_workbook, verdict_sections
from dashboard.cli import main
from dashboard.exports import neutralise
from dashboard.kpis import CARDS, card_target, card_value
from dashboard.metrics.goal_breakdown import rates_against_targets
from dashboard.metrics.organisation import organisation
from dashboard.metrics.targets import Targets
from dashboard.model import Filters
from dashboard.period import default_period
from dashboard.sources.sql_mapping import SqlSettings
from dashboard.sources.sql_read import SqlSource

TODAY = dt.date(2026, 11, 23)
ALL_SECTIONS = ["kpis", "uptake", "coaches", "goals", "managers", "obstacles", "risks", "methods"]


@pytest.fixture(scope="module")
def demo(demo_db):
    data = SqlSource(f"sqlite:///{demo_db}", SqlSettings()).load().data
    start, end = default_period(data)
    return data, Filters(start=start, end=end)


@pytest.fixture(scope="module")
def pack(demo) -> BoardPack:
    data, filters = demo
    return build(data, filters, scope=scope_label(data), today=TODAY)


@pytest.fixture(scope="module")
def pdf_text(pack) -> str:
    reader = PdfReader(io.BytesIO(to_pdf(pack)))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture(scope="module")
def workbook(pack) -> bytes:
    return to_workbook(pack)


def test_pdf_has_the_kpis_of_summary_json_as_on_the_cards(demo, demo_db, pdf_text, capsys):
    _, filters = demo
    code = main(
        ["summary", "--db", f"sqlite:///{demo_db}", "--from", str(filters.start), "--to",
         str(filters.end), "--json"]
    )  # fmt: skip
    assert code == 0
    kpis = json.loads(capsys.readouterr().out)
    for card in CARDS:
        target, _ = card_target(card, kpis, Targets())
        value = card_value(card, kpis, 5, target)
        previous = card_value(card, kpis["previous"], 5)
        line = rf"^{re.escape(card.label)} {re.escape(value)} {re.escape(previous)} "
        assert re.search(line, pdf_text, re.MULTILINE), (card.label, value, previous)
    # Satisfaction is published to one decimal and judged on what is published: 4.0 / 5
    # against a 4.0 target is on it, never "4.0 / 5 near target".
    assert kpis["satisfaction_mean"] == 4.0
    assert re.search(r"^Satisfaction 4\.0 / 5 .* On target$", pdf_text, re.MULTILINE)
    # 97.5 % of 40 ended pairings against 21.8 % of 298: not a fall of 75.7 points.
    assert re.search(r"^Ended early 22% 98% not comparable: 40 ended", pdf_text, re.MULTILINE)
    assert "-75.7 pts" not in pdf_text


def test_cover_names_scope_period_and_generated_date(pdf_text, demo):
    _, filters = demo
    assert "Whole organisation" in pdf_text
    # An en dash with DejaVu installed, a hyphen with the built-in Latin-1 font.
    assert re.search(f"{filters.start:%d %b %Y} [–-] {filters.end:%d %b %Y}", pdf_text)
    assert "generated 2026-11-23" in pdf_text
    assert re.search(r"Page 1 of \d+", pdf_text)


def test_every_section_with_data_is_in_the_pdf(pack, pdf_text):
    assert [s.key for s in pack.sections] == ALL_SECTIONS
    for section in pack.sections:
        assert section.title in pdf_text
    for title in ("Under-performing managers", "Proposed peer-mentor pairings", "Successes"):
        assert title in pdf_text
    # Status is written out, not only coloured, so it survives black-and-white printing.
    assert "On target" in pdf_text and "Below target" in pdf_text


def test_a_section_without_its_table_is_left_out(demo):
    data, filters = demo
    no_obstacles = dataclasses.replace(data, obstacles=None)
    pack = build(no_obstacles, filters, scope="test", today=TODAY)
    assert pack.section("obstacles") is None
    kpis = pack.section("kpis").tables[0].frame.set_index("KPI")
    assert kpis.loc["Open obstacles", "Value"] == "—"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(to_pdf(pack))).pages)
    assert "Obstacles by department and category" not in text


def test_xlsx_re_read_gives_the_same_tables(pack, workbook):
    sheets = read_tables(workbook)
    taken = {"cover"}
    sections = (*verdict_sections(pack), *pack.sections)
    assert list(sheets) == [sheet_name(s.sheet_title, taken) for s in sections]
    for section, tables in zip(sections, sheets.values(), strict=True):
        expected = [t.frame for t in section.tables]
        if section.bullets:
            expected.append(pd.DataFrame({"Note": list(section.bullets)}))
        assert len(tables) == len(expected), section.key
        for got, want in zip(tables, expected, strict=True):
            # Text a spreadsheet would run as a formula comes back apostrophe-prefixed.
            want = neutralise(want.reset_index(drop=True))
            assert list(got.columns) == list(want.columns)
            for column in want:
                if pd.api.types.is_numeric_dtype(want[column]):
                    pd.testing.assert_series_equal(
                        got[column].astype("float64"),
                        want[column].astype("float64"),
                        check_names=False,
                    )
                else:
                    assert got[column].fillna("").astype(str).tolist() == (
                        want[column].fillna("").astype(str).tolist()
                    ), (section.key, column)


def test_xlsx_is_formatted(workbook):
    wb = load_workbook(io.BytesIO(workbook))
    ws = wb["Uptake by department"]
    assert ws.freeze_panes == "A3"
    assert ws["A2"].font.bold and ws["A2"].value == "Department"
    assert ws["D3"].number_format == "0.0%"
    assert ws.column_dimensions["A"].width > 10


def test_xlsx_cells_cannot_run_as_formulas():
    evil = pd.DataFrame({"=Department": ['=HYPERLINK("http://x")', "+1", "Sales"], "n": [1, 2, 3]})
    pack = BoardPack(
        "t", "@scope", "p", "-f", TODAY, (Section("s", "Section", "", (Table("T", evil),)),)
    )
    wb = load_workbook(io.BytesIO(to_workbook(pack)))
    values = [c.value for row in wb["Section"].iter_rows() for c in row if c.value is not None]
    values += [c.value for row in wb["Cover"].iter_rows() for c in row if c.value is not None]
    text = [v for v in values if isinstance(v, str)]
    assert not [v for v in text if v[0] in "=+-@"], text
    assert '\'=HYPERLINK("http://x")' in text and "'=Department" in text


def test_page_one_has_the_verdict_and_what_to_act_on(pack, workbook):
    first = PdfReader(io.BytesIO(to_pdf(pack))).pages[0].extract_text()
    assert "Verdict: Off track" in first
    assert "What to act on" in first
    assert "1. Raise uptake in Operations (high priority)" in first
    assert re.search(r"See:\s+Obstacles,\s+Operations\.", first)
    assert first.index("What to act on") < first.index("Contents")
    sheet = read_tables(workbook)["Verdict and actions"]
    actions = sheet[1].set_index("#")
    assert actions.loc[1, "Action"] == "Raise uptake in Operations"
    assert actions.loc[1, "Link"] == "/obstacles?dept=Operations"
    assert list(actions["Action"]) == [a.title for a in pack.verdict.actions]
    assert load_workbook(io.BytesIO(workbook))["Cover"]["B6"].value.startswith("Off track: ")


def test_managers_are_explained_in_plain_words(pack):
    tables = {t.title: t.frame for t in pack.section("managers").tables}
    under = tables["Under-performing managers"]
    assert list(under.columns) == ["Manager", "Department", "Why, in plain words", "What to do"]
    assert len(under) == 4
    assert under["Why, in plain words"].str.contains("across the organisation").all()
    assert under["What to do"].str.startswith("• ").all()
    assert not under["Why, in plain words"].str.contains("φ|tau|z =").any()


def test_department_head_pack_holds_no_other_department(demo):
    data, filters = demo
    mine = scope(data, Grant("head@example.com", "department_head", ("Sales",)), Policy())
    org = organisation(data, filters, inside=("Sales",))
    pack = build(mine, filters, scope=scope_label(mine), today=TODAY, organisation=org)
    against = pack.section("kpis").tables[1]
    assert against.title == "Sales against the organisation"
    uptake = against.frame.set_index("Measure").loc["Uptake"]
    assert uptake["Organisation"] == f"{org.kpis['participation_rate']:.0%}"
    assert pack.verdict.sentence.startswith("In Sales, ")
    assert pack.scope == "Departments: Sales"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(to_pdf(pack))).pages)
    cells = " ".join(
        str(v) for s in pack.sections for t in s.tables for v in t.frame.to_numpy().ravel()
    )
    others = set(data.department_names) - {"Sales"}
    assert others
    for name in others:
        pattern = rf"(?<!\w){re.escape(name)}(?!\w)"
        assert not re.search(pattern, text), name
        assert not re.search(pattern, cells), name
    assert "Sales" in text


def test_cli_writes_pdf_and_xlsx_by_extension(demo_db, tmp_path, capsys):
    url = f"sqlite:///{demo_db}"
    out = tmp_path / "board.xlsx"
    assert main(["board-pack", "--db", url, "--department", "Sales", "--out", str(out)]) == 0
    cover = load_workbook(out)["Cover"]
    assert cover["B4"].value == "departments: Sales"
    assert main(["board-pack", "--db", url, "--out", str(tmp_path / "board.doc")]) == 2
    assert "must end in .pdf or .xlsx" in capsys.readouterr().err


def test_report_is_an_alias_of_board_pack(demo_db, tmp_path, capsys):
    url = f"sqlite:///{demo_db}"
    written = {}
    for name in ("board-pack", "report"):
        out = tmp_path / f"{name}.xlsx"
        capsys.readouterr()
        assert main([name, "--db", url, "--department", "Sales", "--out", str(out)]) == 0
        # The size varies by a few bytes: the workbook records when it was written.
        said = re.sub(r"[\d,]+ bytes", "N bytes", capsys.readouterr().out.replace(str(out), "OUT"))
        written[name] = (said, read_tables(out.read_bytes()))
    (said, tables), (alias_said, alias_tables) = written["board-pack"], written["report"]
    assert said == alias_said == "wrote OUT (8 sections, N bytes)\n"
    assert list(tables) == list(alias_tables)
    for sheet, frames in tables.items():
        assert len(frames) == len(alias_tables[sheet]), sheet
        for frame, alias_frame in zip(frames, alias_tables[sheet], strict=True):
            pd.testing.assert_frame_equal(frame, alias_frame)
    assert main(["report", "--db", url, "--out", str(tmp_path / "board.doc")]) == 2
    assert "must end in .pdf or .xlsx" in capsys.readouterr().err


def test_help_names_report_as_an_alias(capsys):
    helps = {}
    for argv in (["--help"], ["board-pack", "--help"], ["report", "--help"]):
        with pytest.raises(SystemExit) as exit_:
            main(argv)
        assert exit_.value.code == 0
        helps[argv[0]] = " ".join(capsys.readouterr().out.split())
        assert "`report` is an alias" in helps[argv[0]], argv
    assert "board-pack (report)" in helps["--help"]
    assert helps["report"] == helps["board-pack"]


def test_without_dejavu_the_built_in_font_is_used(pack, monkeypatch, tmp_path):
    monkeypatch.setattr(pdf_module, "FONT_DIR", tmp_path)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(to_pdf(pack))).pages)
    assert "Headline KPIs" in text and "* On target" in text


def test_the_pack_withholds_satisfaction_as_the_app_does(demo, demo_db, capsys):
    data, filters = demo
    small = dataclasses.replace(filters, departments=("Executive Office",))
    pack = build(data, small, scope="test", today=TODAY)
    kpis = pack.section("kpis").tables[0].frame.set_index("KPI")
    assert kpis.loc["Satisfaction", "Value"] == "fewer than 5"
    whole = build(data, filters, scope="test", today=TODAY)
    uptake = whole.section("uptake").tables[0].frame.set_index("Department")
    assert uptake.loc["Executive Office", "Satisfaction"] == "fewer than 5"
    shown = uptake["Satisfaction"].drop(index="Executive Office")
    assert shown.str.fullmatch(r"[1-5]\.\d").all()
    code = main(["summary", "--db", f"sqlite:///{demo_db}", "--json"])
    overall = json.loads(capsys.readouterr().out)
    value = whole.section("kpis").tables[0].frame.set_index("KPI").loc["Satisfaction", "Value"]
    assert code == 0 and value == f"{overall['satisfaction_mean']:.1f} / 5"


def test_sheet_names_are_whole_words_within_excels_limit(pack, workbook):
    names = list(read_tables(workbook))
    assert all(len(name) <= 31 for name in names)
    # Every section's sheet is named in full, never cut off.
    assert names == [s.sheet_title for s in (*verdict_sections(pack), *pack.sections)]
    assert "Obstacles" in names and "Risks and successes" in names


def test_a_long_title_is_shortened_at_a_word_break():
    taken = {"cover"}
    name = sheet_name("Relationships at risk and successes overall", taken)
    assert name == "Relationships at risk and"
    again = sheet_name("Relationships at risk and successes overall", taken)
    assert again == "Relationships at risk and (2)"


def test_the_uptake_and_completion_charts_show_their_targets(pack):
    for key in ("uptake", "goals"):
        (chart,) = pack.section(key).charts
        marks = [layer["mark"]["type"] for layer in chart.to_dict()["layer"]]
        assert "tick" in marks, key


def test_goals_by_department_are_the_goals_pages_figures(demo):
    data, filters = demo
    targets = Targets(departments={"Sales": {"goal_completion": 0.9}})
    pack = build(data, filters, scope="test", targets=targets, today=TODAY)
    table = next(t for t in pack.section("goals").tables if t.title == "Goals by department")
    page = rates_against_targets(data, filters, by="department", targets=targets)
    page = page[page["completion_denominator"] > 0]
    assert table.frame["Department"].tolist() == page["label"].tolist()
    for column, source in (
        ("Closed or overdue", "completion_denominator"),
        ("Completed", "completion_numerator"),
        ("Completion", "completion_rate"),
        ("On time", "on_time_rate"),
        ("Overdue", "overdue_rate"),
        ("Target", "target"),
    ):
        pd.testing.assert_series_equal(
            table.frame[column], page[source], check_names=False, check_index=False
        )
    assert table.frame["Status"].tolist() == page["status"].tolist()
