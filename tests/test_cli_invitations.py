"""`invitations` on the command line: the same figures as the metric, with the same filters."""

import datetime as dt
import json
from dataclasses import replace

import pytest

from dashboard.cli import main
from dashboard.metrics.invitations import invitations_by_manager, invitees
from dashboard.model import Filters
from dashboard.period import default_period
from dashboard.sources.sql_mapping import SqlSettings
from dashboard.sources.sql_read import SqlSource


def _run(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def demo(demo_db):
    data = SqlSource(f"sqlite:///{demo_db}", SqlSettings()).load().data
    return data, Filters(*default_period(data))


def test_json_agrees_with_the_metric(demo_db, demo, capsys):
    data, filters = demo
    code, out, _ = _run(capsys, "invitations", "--db", f"sqlite:///{demo_db}", "--json")
    assert code == 0
    result = json.loads(out)
    counts = invitations_by_manager(data, filters)
    people = invitees(data, filters)
    assert result["to_invite"] == counts["to_invite"].sum() == len(people)
    assert result["leavers_left_out"] == counts["leavers"].sum()
    assert result["managers"] == len(result["by_manager"])
    listed = [p["employee_id"] for m in result["by_manager"] for p in m["people"]]
    assert sorted(listed) == sorted(people["employee_id"])
    first = result["by_manager"][0]
    assert first["to_invite"] == len(first["people"]) == counts["to_invite"].max()
    assert {"employee_id", "name", "department", "job_level", "withdrew"} == set(first["people"][0])


def test_filters_and_counts_only(demo_db, demo, capsys):
    data, _ = demo
    code, out, _ = _run(
        capsys,
        "invitations",
        "--db",
        f"sqlite:///{demo_db}",
        "--department",
        "Operations",
        "--from",
        "2026-01-01",
        "--to",
        "2026-06-30",
        "--counts-only",
        "--json",
    )
    assert code == 0
    result = json.loads(out)
    cut = Filters(dt.date(2026, 1, 1), dt.date(2026, 6, 30), departments=("Operations",))
    assert result["period"] == {"start": "2026-01-01", "end": "2026-06-30"}
    assert result["to_invite"] == invitations_by_manager(data, cut)["to_invite"].sum()
    assert all("people" not in m for m in result["by_manager"])


def test_one_manager_in_words(demo_db, demo, capsys):
    data, filters = demo
    manager = invitations_by_manager(data, filters)["manager_id"].iloc[0]
    code, out, _ = _run(capsys, "invitations", "--db", f"sqlite:///{demo_db}", "--manager", manager)
    assert code == 0
    lines = out.splitlines()
    expected = invitees(data, replace(filters, managers=(manager,)))
    assert lines[0].endswith(f"{len(expected)} to invite under 1 line manager; 0 leavers left out")
    assert len(lines) == 2 + len(expected)
