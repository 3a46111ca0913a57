"""Reading SQL sources (on SQLite): mapped tables, wrong types, the source the app and the CLI
load through, messages."""

import datetime as dt
import json
import sqlite3
import tomllib
from dataclasses import replace

import pytest
import renamed_schema

from dashboard.cli import main
from dashboard.errors import DataError
from dashboard.metrics.summary import headline_with_previous
from dashboard.model import Filters
from dashboard.period import default_period
from dashboard.sources.base import Source
from dashboard.sources.mapping import Mapping
from dashboard.sources.sql_mapping import SqlSettings, parse_sql_settings
from dashboard.sources.sql_read import SqlSource, read_source
from dashboard.sources.upload import UploadedFile
from dashboard.sources.upload_source import UploadSource
from dashboard.template import template_workbook


def _summary(data) -> dict:
    start, end = default_period(data)
    return headline_with_previous(data, Filters(start, end))


def _settings(text: str) -> SqlSettings:
    return parse_sql_settings(tomllib.loads(text))


def test_mapping_reads_renamed_tables_views_and_queries_as_the_demo(renamed_db, demo_db):
    settings = _settings(renamed_schema.mapping_toml())
    loaded = SqlSource(renamed_db, settings).load()
    mapped, report = loaded.data, loaded.report
    expected = SqlSource(f"sqlite:///{demo_db}", SqlSettings()).load().data
    assert report.rows_rejected == 0
    assert _summary(mapped) == _summary(expected)


def test_cli_reads_the_mapping_from_dashboard_toml(
    renamed_db, demo_db, tmp_path, monkeypatch, capsys
):
    def summary(url: str) -> dict:
        capsys.readouterr()
        assert main(["summary", "--db", url, "--json"]) == 0
        return json.loads(capsys.readouterr().out)

    expected = summary(f"sqlite:///{demo_db}")
    path = tmp_path / "dashboard.toml"
    path.write_text(renamed_schema.mapping_toml())
    monkeypatch.setenv("DASHBOARD_CONFIG", str(path))
    assert summary(renamed_db) == expected


def test_wrong_types_name_the_table_column_and_problem(demo_copy):
    with sqlite3.connect(demo_copy) as conn:
        conn.execute("UPDATE relationships SET start_date = 'soon'")
    with pytest.raises(DataError) as caught:
        SqlSource(f"sqlite:///{demo_copy}", SqlSettings()).load()
    message = str(caught.value)
    assert message.startswith("every row of relationships was rejected")
    assert "relationships.start_date: not a date (646 rows)" in message


def test_history_window_falls_back_to_everything_when_validation_moves_the_latest_date(demo_copy):
    # A far-future session that validation rejects (its pairing does not exist) makes the
    # database's latest date wrong; the window would then miss part of the default period.
    with sqlite3.connect(demo_copy) as conn:
        conn.execute(
            "INSERT INTO sessions (session_id, relationship_id, session_date, status) "
            "VALUES ('S-ghost', 'R-none', '2030-01-01', 'held')"
        )
    loaded = read_source(f"sqlite:///{demo_copy}", settings=SqlSettings(history_months=24))
    assert loaded.history_from is None
    assert len(loaded.data.sessions) == loaded.report.counts["sessions"].loaded


def test_closed_port_is_a_readable_cli_error(capsys):
    code = main(["summary", "--db", "postgresql+psycopg://postgres@127.0.0.1:1/test"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: Cannot reach the database server at 127.0.0.1:1")
    assert "Traceback" not in err


def test_demo_into_a_closed_port_is_a_readable_cli_error(capsys):
    code = main(["demo", "--db", "mysql+pymysql://root@127.0.0.1:1/test"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: Cannot reach the database server at 127.0.0.1:1")


def _source(source: Source) -> Source:
    return source


def test_a_database_and_uploaded_files_load_the_same_way(demo_db):
    url = f"sqlite:///{demo_db}"
    database = _source(SqlSource(url, SqlSettings(history_months=24)))
    loaded = database.load()
    assert database.label == "SQLite · demo.db" and database.kind == "database"
    assert loaded.history_from == dt.date(2024, 11, 1)
    assert _summary(loaded.data) == _summary(SqlSource(url, SqlSettings()).load().data)
    upload = _source(UploadSource((UploadedFile("t.xlsx", template_workbook()),)))
    assert upload.label == "Uploaded files: t.xlsx" and upload.kind == "upload"
    assert upload.load().report is not None
    assert SqlSource(url, SqlSettings(), kind="demo").label == "Demo organisation (synthetic)"


def test_uploaded_files_with_nothing_usable_are_a_data_error():
    with pytest.raises(DataError):
        UploadSource((UploadedFile("notes.csv", b"just,some\ntext,here\n"),)).load()


def test_the_cli_reads_within_the_history_window_and_warns_before_it(
    demo_copy, tmp_path, monkeypatch, capsys
):
    url = f"sqlite:///{demo_copy}"

    def summary(*period: str) -> tuple[dict, str]:
        capsys.readouterr()
        assert main(["summary", "--db", url, "--json", *period]) == 0
        out = capsys.readouterr()
        return json.loads(out.out), out.err

    everything, _ = summary()
    path = tmp_path / "dashboard.toml"
    path.write_text("[sql]\nhistory_months = 24\n")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(path))
    windowed, quiet = summary()
    assert windowed == everything and "warning" not in quiet
    _, warned = summary("--from", "2024-01-01", "--to", "2024-06-30")
    assert "warning: Only activity from 01 Nov 2024 on is loaded" in warned


def test_an_upload_read_once_is_mapped_again_without_reading_the_files(monkeypatch):
    upload = UploadSource((UploadedFile("t.xlsx", template_workbook()),))
    sheets = upload.read()
    first = upload.result(sheets)

    def no_second_read(*args, **kwargs):
        raise AssertionError("the files were read again")

    monkeypatch.setattr("dashboard.sources.upload.read_files", no_second_read)
    remapped = replace(upload, mapping=Mapping(tables={"employees": ""})).result(sheets)
    assert _summary(first.data) == _summary(upload.result(sheets).data)
    assert "employees" in first.plan.tables and "employees" not in remapped.plan.tables
