"""`obstacles` and `at-risk` on the command line: hand-worked numbers, the demo's story, errors."""

import json
import sqlite3

import pandas as pd
import pytest
from fixtures import tiny_data

from dashboard.cli import main
from dashboard.metrics.obstacles import totals
from dashboard.model import Filters
from dashboard.period import default_period
from dashboard.schema import TABLES
from dashboard.sources.sql_mapping import SqlSettings
from dashboard.sources.sql_read import SqlSource
from dashboard.sources.sql_write import write_tables

YEAR_2025 = ("--from", "2025-01-01", "--to", "2025-12-31")


def _run(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def _json(capsys, *args: str) -> dict:
    code, out, err = _run(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory) -> str:
    """The tiny organisation, with the obstacles of tests/metrics/test_obstacle_breakdowns.py."""
    rows = [
        ("P1", "A", "2025-01-10", "lack_of_time", "open", None),
        ("P2", "A", "2025-02-01", "lack_of_time", "resolved", "2025-03-03"),
        ("P3", "A", "2024-11-01", "resistance_to_change", "in_progress", None),
        ("P4", "B", "2025-03-15", "lack_of_time", "resolved", "2025-04-24"),
        ("P5", "B", "2025-03-20", "mismatch", "resolved", "2026-02-01"),
        ("P6", "B", "2024-06-01", "lack_of_resources", "resolved", "2025-01-31"),
        ("P7", "B", "2026-01-05", "lack_of_time", "open", None),
        ("P8", "B", "2025-12-20", "mismatch", "open", None),
    ]
    columns = ["obstacle_id", "department", "reported_date", "category", "status"]
    obstacles = pd.DataFrame(rows, columns=[*columns, "resolved_date"], dtype=object)
    data = tiny_data(obstacles=obstacles)
    frames = {
        name: data.table(name)[[c for c in TABLES[name].column_names if c in data.table(name)]]
        for name in data.present_tables
    }
    path = tmp_path_factory.mktemp("tiny") / "tiny.db"
    write_tables(f"sqlite:///{path}", frames)
    return f"sqlite:///{path}"


def test_obstacles_json_on_hand_worked_obstacles(tiny_db, capsys):
    out = _json(capsys, "obstacles", "--db", tiny_db, *YEAR_2025)
    assert out["period"] == {"start": "2025-01-01", "end": "2025-12-31"}
    # Open at the end P1 P3 P5 P8; reported P1 P2 P4 P5 P8; resolved P2 (30 d), P4 (40 d),
    # P6 (244 d) -> median 40.
    assert out["total"] == {"open": 4, "reported": 5, "resolved": 3, "median_days_to_resolve": 40}
    cells = {(c["department"], c["category"]): c for c in out["cells"]}
    assert {k: (c["open"], c["reported"], c["resolved"]) for k, c in cells.items()} == {
        ("Alpha", "lack_of_time"): (1, 2, 1),
        ("Alpha", "resistance_to_change"): (1, 0, 0),
        ("Beta", "lack_of_resources"): (0, 0, 1),
        ("Beta", "lack_of_time"): (0, 1, 1),
        ("Beta", "mismatch"): (2, 2, 0),
    }
    assert cells[("Alpha", "lack_of_time")]["median_days_to_resolve"] == 30
    assert cells[("Beta", "mismatch")]["median_days_to_resolve"] is None
    assert cells[("Beta", "mismatch")]["category_label"] == "Mismatched pairs"
    assert out["by_department"]["Beta"] == {
        "open": 2,
        "resolved": 2,
        "median_days_to_resolve": 142,  # median of 40 and 244
    }
    assert out["by_category"]["lack_of_time"]["median_days_to_resolve"] == 35


def test_obstacles_follow_the_department_filter(tiny_db, capsys):
    out = _json(capsys, "obstacles", "--db", tiny_db, *YEAR_2025, "--department", "Alpha")
    assert {c["department"] for c in out["cells"]} == {"Alpha"}
    assert (out["total"]["open"], out["total"]["reported"]) == (2, 2)


def test_obstacles_table_is_readable(tiny_db, capsys):
    code, out, _ = _run(capsys, "obstacles", "--db", tiny_db, *YEAR_2025)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "2025-01-01 – 2025-12-31: 4 open at the end, 5 reported, 3 resolved"
    assert lines[2].split()[:4] == ["Beta", "Mismatched", "pairs", "2"]


def test_at_risk_json_on_the_tiny_organisation(tiny_db, capsys):
    out = _json(capsys, "at-risk", "--db", tiny_db, *YEAR_2025)
    # R1 and R4 have held nothing since February and March; R2 ended early as a mismatch.
    assert out["idle_days"] == 45
    assert out["count"] == 3
    reasons = {r["relationship_id"]: r["reasons"] for r in out["relationships"]}
    assert reasons == {
        "R1": ["No session held in the last 45 days"],
        "R2": ["Ended early as a mismatch"],
        "R4": ["No session held in the last 45 days"],
    }
    # Low scores are individual feedback: not judged unless the settings allow everyone.
    assert out["by_reason"] == {"idle": 2, "missed_sessions": 0, "mismatch": 1}
    # R1's last held session was on 2025-02-01: 333 days before 2025-12-31.
    assert (
        next(r for r in out["relationships"] if r["relationship_id"] == "R1")["days_since_held"]
        == 333
    )


def test_at_risk_idle_days_from_option_and_settings(tiny_db, capsys, tmp_path, monkeypatch):
    # R4 held a session on 2025-03-01 (305 days before the end), R1 on 2025-02-01 (333 days).
    out = _json(capsys, "at-risk", "--db", tiny_db, *YEAR_2025, "--idle-days", "320")
    assert sorted(r["relationship_id"] for r in out["relationships"]) == ["R1", "R2"]
    settings = tmp_path / "dashboard.toml"
    settings.write_text("[risks]\nidle_days = 340\n")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(settings))
    out = _json(capsys, "at-risk", "--db", tiny_db, *YEAR_2025)
    assert out["idle_days"] == 340
    assert [r["relationship_id"] for r in out["relationships"]] == ["R2"]
    settings.write_text("[risks]\nidle_days = 0\n")
    code, _, err = _run(capsys, "at-risk", "--db", tiny_db, *YEAR_2025)
    assert code == 2
    assert "risks.idle_days must be a whole number of days, at least 1" in err


def test_at_risk_rejects_bad_idle_days(capsys):
    with pytest.raises(SystemExit):
        main(["at-risk", "--idle-days", "soon"])
    assert "'soon' is not a whole number of days" in capsys.readouterr().err


def test_demo_obstacles_tell_the_operations_story(demo_db, capsys):
    out = _json(capsys, "obstacles", "--db", f"sqlite:///{demo_db}")
    for measure in ("open", "reported"):
        ranked = sorted(out["cells"], key=lambda c: c[measure], reverse=True)
        top = [(c["department"], c["category"]) for c in ranked[:2]]
        assert sorted(top) == [
            ("Operations", "lack_of_time"),
            ("Operations", "resistance_to_change"),
        ], measure
    for measure in ("open", "reported", "resolved"):
        assert sum(c[measure] for c in out["cells"]) == out["total"][measure], measure
    operations = out["by_department"]["Operations"]
    assert operations["open"] == max(d["open"] for d in out["by_department"].values())


def test_demo_obstacle_totals_are_the_obstacles_pages(demo_db, capsys):
    data = SqlSource(f"sqlite:///{demo_db}", SqlSettings()).load().data
    start, end = default_period(data)
    for departments in ((), ("Operations",)):
        filters = Filters(start=start, end=end, departments=departments)
        page = totals(data, filters)
        chosen = [a for d in departments for a in ("--department", d)]
        out = _json(capsys, "obstacles", "--db", f"sqlite:///{demo_db}", *chosen)
        assert out["total"] == {
            "open": page["open"],
            "resolved": page["resolved"],
            "median_days_to_resolve": page["median_days"],
            "reported": page["reported"],
        }


def test_demo_at_risk_lists_reasons(demo_db, capsys):
    out = _json(capsys, "at-risk", "--db", f"sqlite:///{demo_db}")
    assert out["count"] == len(out["relationships"]) > 0
    assert all(r["reasons"] for r in out["relationships"])
    assert all(out["by_reason"].values())  # the demo has pairings at risk for every reason
    assert sum(out["by_reason"].values()) == sum(len(r["reasons"]) for r in out["relationships"])


def test_obstacles_without_the_table_is_a_clear_error(demo_db, tmp_path, capsys):
    copy = tmp_path / "no_obstacles.db"
    copy.write_bytes(demo_db.read_bytes())
    with sqlite3.connect(copy) as conn:
        conn.execute("DROP TABLE obstacles")
    conn.close()
    code, _, err = _run(capsys, "obstacles", "--db", f"sqlite:///{copy}", "--json")
    assert code == 2
    assert "no obstacles table" in err


def test_at_risk_judges_low_scores_only_when_everyone_may_see_them(
    tiny_db, capsys, tmp_path, monkeypatch
):
    # tests/fixtures.py: R2's latest score (2, in May) is low, but R2 is listed as a mismatch.
    settings = tmp_path / "dashboard.toml"
    monkeypatch.setenv("DASHBOARD_CONFIG", str(settings))
    for value, judged in (
        ("true", True),
        ('["programme@example.org"]', False),  # no one is signed in on the command line
        ("false", False),
    ):
        settings.write_text(f"[privacy]\nindividual_feedback = {value}\n")
        out = _json(capsys, "at-risk", "--db", tiny_db, *YEAR_2025)
        assert ("low_satisfaction" in out["by_reason"]) is judged, value
    settings.write_text('[privacy]\nindividual_feedback = "yes"\n')
    code, _, err = _run(capsys, "at-risk", "--db", tiny_db, *YEAR_2025)
    assert code == 2 and "privacy.individual_feedback must be true, false or a list" in err
