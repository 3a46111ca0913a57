"""The Managers page in AppTest, and the demo's planted managers found by page and CLI alike."""

import io
import json

import pandas as pd
import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from dashboard.charts.funnel import funnel_chart, limit_curves, selected_manager
from dashboard.cli import main
from dashboard.exports import to_xlsx
from dashboard.metrics import managers, pairing, responses
from dashboard.model import Filters
from dashboard.period import default_period
from dashboard.sources.demo import planted_managers
from dashboard.sources.sql_mapping import SqlSettings
from dashboard.sources.sql_read import SqlSource

PAGE = "app_pages/managers.py"
PLANTED = planted_managers()


def _page(params: dict[str, str] | None = None, **settings: object) -> AppTest:
    """The Managers page after sidebar filters from the URL and page settings by widget key."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(PAGE).run()
    if settings:
        for key, value in settings.items():
            at.session_state[key] = value
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _table(at: AppTest, column: str) -> pd.DataFrame:
    """The first dataframe on the page that has `column`."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


@pytest.fixture(scope="module")
def demo_review(demo_db):
    data = SqlSource(f"sqlite:///{demo_db}", SqlSettings()).load().data
    start, end = default_period(data)
    return managers.review(data, Filters(start, end))


# --- the planted managers -------------------------------------------------------------------


def test_metric_finds_the_planted_managers(demo_review):
    table = demo_review.table.set_index("manager_id")
    under, over = table.loc[PLANTED["under"]], table.loc[PLANTED["over"]]
    # Under-performers: adherence is where the plant shows beyond doubt; uptake (1-2 of 20-24)
    # only reaches watch once the limits are widened for over-dispersion.
    assert (under["adherence_flag"] == "under").all()
    assert under["uptake_flag"].isin(["watch", "in_control"]).all()
    assert (under["uptake_flag"] == "watch").sum() == 3
    assert under["goals_flag"].isin(["under", "watch"]).all()
    assert (under["status"] == "under").all()
    # Over-performers: everyone taking part and over 90 % of sessions held.
    assert (over["uptake_flag"] == "over").all()
    assert (over["adherence_flag"] == "over").all()
    assert over["goals_flag"].isin(["strong", "over"]).all()
    assert (over["status"] == "over").all()
    # Nobody is flagged on the wrong side of a plant.
    for measure in demo_review.measures:
        assert not under[f"{measure}_flag"].isin(["over", "strong"]).any()
        assert not over[f"{measure}_flag"].isin(["under", "watch"]).any()


def test_no_other_manager_is_flagged_under_or_over_against_the_plants(demo_review):
    table = demo_review.table.set_index("manager_id")
    others = table.drop(index=PLANTED["under"] + PLANTED["over"])
    assert set(table.index[table["status"] == "under"]) == set(PLANTED["under"])
    for measure in demo_review.measures:
        assert not (others[f"{measure}_flag"] == "under").any(), measure
    # The one unplanted over-performer is a genuine whole team taking part (8 of 8).
    stray = others[others["status"] == "over"]
    assert len(stray) <= 1
    assert (stray["uptake_flag"] == "over").all() and (stray["uptake_rate"] == 1.0).all()


def test_overdispersion_is_found_and_used_on_the_demo(demo_review):
    for measure in ("uptake", "goals", "adherence"):
        fit = demo_review.fits[measure]
        assert fit.phi > 1 and fit.tau2 > 0 and fit.adjusted, measure


def test_planted_sales_under_performer_gets_the_planted_sales_mentor(demo_review):
    proposal = pairing.propose(demo_review.table, demo_review.measures)
    pairs = proposal.pairs.set_index("mentee_id")
    assert set(pairs.index) == set(PLANTED["under"])
    sales_under = demo_review.table.query("department == 'Sales' and status == 'under'")
    mentee = sales_under["manager_id"].iloc[0]
    assert mentee in PLANTED["under"]
    assert pairs.loc[mentee, "mentor_id"] in PLANTED["over"]
    assert pairs.loc[mentee, "closeness"] == "same department"
    assert proposal.pairs["mentor_id"].value_counts().max() <= 2


def test_cli_finds_the_same_flags(demo_env, demo_review, capsys):
    capsys.readouterr()
    assert main(["managers", "--db", f"sqlite:///{demo_env}", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    rows = {m["manager_id"]: m for m in out["managers"]}
    for manager_id in PLANTED["under"]:
        assert rows[manager_id]["adherence"]["flag"] == "under"
        assert rows[manager_id]["overall_status"] == "under"
    for manager_id in PLANTED["over"]:
        assert rows[manager_id]["uptake"]["flag"] == "over"
        assert rows[manager_id]["adherence"]["flag"] == "over"
    table = demo_review.table.set_index("manager_id")
    assert set(rows) == set(table.index)
    for manager_id, row in rows.items():
        for measure in ("uptake", "goals", "adherence"):
            assert row[measure]["flag"] == table.loc[manager_id, f"{measure}_flag"]
            assert row[measure]["x"] == table.loc[manager_id, f"{measure}_x"]
            assert row[measure]["n"] == table.loc[manager_id, f"{measure}_n"]
    fit = demo_review.fits["uptake"]
    assert out["measures"]["uptake"]["phi"] == pytest.approx(fit.phi)
    assert out["measures"]["uptake"]["tau2"] == pytest.approx(fit.tau2)


def test_cli_one_measure_and_a_department(demo_env, capsys):
    capsys.readouterr()
    args = ["managers", "--db", f"sqlite:///{demo_env}", "--measure", "adherence", "--json"]
    assert main([*args, "--department", "Sales", "--benchmark", "selection"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out["measures"]) == ["adherence"]
    assert out["benchmark"] == "selection"
    assert {m["department"] for m in out["managers"]} == {"Sales"}
    assert all(set(m) >= {"manager_id", "name", "adherence"} for m in out["managers"])
    assert not any("uptake" in m for m in out["managers"])


def test_cli_text_output_and_bad_input(demo_env, capsys):
    capsys.readouterr()
    assert main(["managers", "--db", f"sqlite:///{demo_env}"]) == 0
    text = capsys.readouterr().out
    assert PLANTED["under"][0] in text and "phi" in text
    assert main(["managers", "--db", f"sqlite:///{demo_env}", "--min-n", "0"]) == 2
    assert "minimum team size" in capsys.readouterr().err


# --- the page ---------------------------------------------------------------------------------


def test_page_shows_funnels_flags_and_the_planted_managers(demo_env):
    at = _page()
    assert at.title[0].value == "Operational managers"
    assert len(at.get("vega_lite_chart")) == 3
    grid = _table(at, "uptake_shrunken_rate")
    status = grid.set_index("manager_id")["status"]
    assert (status.loc[PLANTED["under"]] == "Under-performing").all()
    assert (status.loc[PLANTED["over"]] == "Over-performing").all()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Under-performing"] == "4"
    captions = " ".join(c.value for c in at.caption)
    assert "φ =" in captions and "τ² =" in captions and "widened" in captions
    notes = " ".join(m.value for m in at.markdown)
    assert "Small teams are not penalised" in notes
    assert "never used for" in notes


def test_page_lists_responses_and_pairings(demo_env):
    at = _page()
    actions = _table(at, "recommended_actions")
    under = actions[actions["manager_id"].isin(PLANTED["under"])]
    assert len(under) == 4
    assert under["recommended_actions"].str.contains("coaching-skills training").all()
    assert under["peer_mentoring"].str.startswith("Proposed peer mentor").all()
    pairs = _table(at, "mentor_id")
    assert set(pairs["mentee_id"]) == set(PLANTED["under"])
    labels = [b.label for b in at.get("download_button")]
    assert labels.count("XLSX") >= 3


def test_page_judges_a_department_against_its_own_rate(demo_env):
    at = _page({"dept": "Sales"}, mgr_benchmark="selection")
    assert at.radio(key="mgr_benchmark").value == "selection"
    grid = _table(at, "uptake_shrunken_rate")
    assert set(grid["department"]) == {"Sales"}
    captions = " ".join(c.value for c in at.caption)
    assert "the selected managers" in captions


def test_page_says_when_no_team_is_big_enough(demo_env):
    at = _page(mgr_min_team=50)
    assert at.number_input(key="mgr_min_team").value == 50
    infos = " ".join(i.value for i in at.info)
    assert "No manager in this selection has a team of 50 or more" in infos


# --- pure parts behind the page -------------------------------------------------------------


def test_action_list_exports_as_xlsx(demo_review):
    proposal = pairing.propose(demo_review.table, demo_review.measures)
    actions = responses.action_list(demo_review.table, demo_review.measures, proposal.pairs)
    sheet = pd.read_excel(io.BytesIO(to_xlsx(actions, sheet="actions")), engine="openpyxl")
    assert list(sheet.columns) == list(responses.ACTION_COLUMNS)
    assert set(PLANTED["under"]) <= set(sheet["manager_id"])


def test_funnel_chart_draws_bands_target_and_flags(demo_review):
    fit = demo_review.fits["adherence"]
    points = demo_review.funnels["adherence"]
    spec = funnel_chart(points, fit, "adherence").to_dict()
    assert len(spec["layer"]) == 3
    curves = limit_curves(fit, 50)
    assert set(curves["band"]) == {"95 % limits", "99.8 % limits"}
    wide = curves.pivot_table(index="n", columns=["band", "side"], values="rate")
    assert (wide[("99.8 % limits", "lower")] <= wide[("95 % limits", "lower")]).all()
    assert (wide[("99.8 % limits", "upper")] >= wide[("95 % limits", "upper")]).all()


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        ({"manager": [{"manager_id": "E1"}]}, "E1"),
        ({"manager": []}, None),
        ({}, None),
        ({"other": [{"manager_id": "E1"}]}, None),
    ],
)
def test_selected_manager_from_a_chart_click(selection, expected):
    assert selected_manager(selection) == expected
