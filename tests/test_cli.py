"""The command line: summary keys, determinism of the demo, readable errors."""

import json
import sqlite3

from conftest import ROOT

from dashboard.cli import main
from dashboard.metrics.summary import KPI_KEYS
from dashboard.schema_doc import schema_markdown


def _run(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_summary_prints_every_key(demo_db, capsys):
    code, out, _ = _run(capsys, "summary", "--db", f"sqlite:///{demo_db}", "--json")
    assert code == 0
    result = json.loads(out)
    assert set(KPI_KEYS) <= set(result)
    assert set(KPI_KEYS) <= set(result["previous"])
    assert 0 < result["participation_rate"] < 1
    assert result["period_end"] == "2026-10-31"


def test_same_seed_gives_identical_summary(tmp_path, capsys):
    outputs = []
    for name in ("a.db", "b.db"):
        path = tmp_path / name
        assert _run(capsys, "demo", "--out", str(path), "--seed", "7")[0] == 0
        outputs.append(_run(capsys, "summary", "--db", f"sqlite:///{path}", "--json")[1])
    assert outputs[0] == outputs[1]


def test_bad_date_and_missing_database_are_readable(tmp_path, capsys):
    code, _, err = _run(capsys, "summary", "--db", f"sqlite:///{tmp_path}/none.db", "--json")
    assert (code, err.startswith("error: No SQLite database file")) == (2, True)
    assert not (tmp_path / "none.db").exists(), "reading must never create the file"
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).execute("CREATE TABLE unrelated (x)").connection.close()
    code, _, err = _run(capsys, "summary", "--db", f"sqlite:///{empty}", "--json")
    assert code == 2
    assert "required table(s) missing or unusable: employees, relationships" in err
    code, _, err = _run(capsys, "summary", "--from", "2025-06-01", "--to", "2025-01-01")
    assert code == 2 and "before its start" in err


def test_data_model_doc_is_generated_from_schema():
    assert (ROOT / "docs" / "DATA-MODEL.md").read_text() == schema_markdown()


def test_demo_workbook_validates_cleanly(tmp_path, capsys):
    book = tmp_path / "org.xlsx"
    code, out, _ = _run(
        capsys, "demo", "--out", str(tmp_path / "o.db"), "--employees", "600", "--xlsx", str(book)
    )
    assert code == 0 and book.exists()
    code, out, _ = _run(capsys, "validate", str(book))
    assert code == 0, out
    assert "0 error(s)" in out


def test_summary_applies_the_apps_small_group_threshold(demo_db, tmp_path, monkeypatch, capsys):
    settings = tmp_path / "dashboard.toml"
    settings.write_text("[privacy]\nk = 1000\n")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(settings))
    code, out, _ = _run(capsys, "summary", "--db", f"sqlite:///{demo_db}", "--json")
    result = json.loads(out)
    assert code == 0 and result["satisfaction_suppressed"] and result["satisfaction_few"]
    assert result["satisfaction_mean"] is None and result["satisfaction_respondents"] is None
    settings.write_text("[privacy]\nk = 0\n")
    code, _, err = _run(capsys, "summary", "--db", f"sqlite:///{demo_db}", "--json")
    assert code == 2 and "privacy.k must be a whole number of at least 1" in err


def test_summary_publishes_satisfaction_rounded(demo_db, capsys):
    result = json.loads(_run(capsys, "summary", "--db", f"sqlite:///{demo_db}", "--json")[1])
    assert result["satisfaction_mean"] == round(result["satisfaction_mean"], 1)
    assert result["satisfaction_favourable"] == round(result["satisfaction_favourable"], 2)
    assert result["satisfaction_respondents"] % 5 == 0
    assert (result["satisfaction_from"], result["satisfaction_to"]) == ("2025-11-01", "2026-10-31")
