"""Tests for the funnel-plot statistics in dashboard.metrics.funnel."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from dashboard.metrics.funnel import (
    ARCSINE,
    BINOMIAL,
    COLUMNS,
    assess,
    limits,
    shrunken_rates,
)

TEAM_N = [4, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60]
TEAM_X = [0, 6, 2, 9, 5, 14, 9, 10, 24, 22, 20, 45]


def _assert_flags_match_limits(df: pd.DataFrame) -> None:
    """A point is outside a band exactly when it is flagged at that band's level."""
    assert ((df.rate < df.lower998) == (df.flag == "under")).all()
    assert ((df.rate < df.lower95) == df.flag.isin(["under", "watch"])).all()
    assert ((df.rate > df.upper998) == (df.flag == "over")).all()
    assert ((df.rate > df.upper95) == df.flag.isin(["over", "strong"])).all()


@pytest.mark.parametrize(
    ("x", "column", "exact", "published", "flag"),
    [
        (16, "p_high", 6196 / 2**20, 0.005909, "strong"),
        (18, "p_high", 211 / 2**20, 0.000201, "over"),
        (3, "p_low", 1351 / 2**20, 0.001288, "watch"),
    ],
)
def test_exact_binomial_worked_checks(x, column, exact, published, flag):
    df = assess([x], [20], target=0.5, overdispersion="none")
    p = df[column].iloc[0]
    assert p == pytest.approx(exact, rel=1e-9)
    assert round(p, 6) == published
    assert df.flag.iloc[0] == flag
    assert df.attrs["method"] == BINOMIAL


def test_twelve_teams_match_funnelplotr():
    df = assess(TEAM_X, TEAM_N)
    assert df.target.iloc[0] == pytest.approx(166 / 280)
    assert df.attrs["phi"] == pytest.approx(5.4489, abs=5e-5)
    assert df.attrs["tau2"] == pytest.approx(0.055831, abs=5e-7)
    assert df.attrs["method"] == ARCSINE
    assert df.flag.iloc[0] == "watch"
    assert df.flag.iloc[1] == "strong"
    assert not df.flag.isin(["under", "over"]).any()
    _assert_flags_match_limits(df)


def test_twelve_teams_arcsine_values_follow_the_formula():
    df = assess(TEAM_X, TEAM_N)
    tau2 = df.attrs["tau2"]
    n = np.array(TEAM_N)
    centre = np.arcsin(np.sqrt(166 / 280))
    sd = np.sqrt(1 / (4 * n) + tau2)
    z = (np.arcsin(np.sqrt(np.array(TEAM_X) / n)) - centre) / sd
    np.testing.assert_allclose(df.z, z)
    np.testing.assert_allclose(df.p_low, stats.norm.cdf(z))
    np.testing.assert_allclose(df.p_high, 1 - stats.norm.cdf(z))
    upper95 = np.sin(np.clip(centre + 1.959964 * sd, 0, np.pi / 2)) ** 2
    np.testing.assert_allclose(df.upper95, upper95, rtol=1e-6)


def test_overdispersion_none_reports_phi_but_keeps_exact_binomial():
    df = assess(TEAM_X, TEAM_N, overdispersion="none")
    assert df.attrs["method"] == BINOMIAL
    assert df.attrs["phi"] == pytest.approx(5.4489, abs=5e-5)
    assert df.attrs["tau2"] == pytest.approx(0.055831, abs=5e-7)
    target = 166 / 280
    np.testing.assert_allclose(df.p_low, stats.binom.cdf(TEAM_X, TEAM_N, target))
    np.testing.assert_allclose(df.p_high, stats.binom.sf(np.array(TEAM_X) - 1, TEAM_N, target))
    # P(X = 0) = 0.407^4 = 0.027 and P(X >= 6) = 0.043: neither small team is flagged without the
    # random effect, while the tight 20/50 (p_low = 0.0046) is.
    assert df.flag.iloc[:2].tolist() == ["in_control", "in_control"]
    assert df.flag.iloc[10] == "watch"
    _assert_flags_match_limits(df)


def test_auto_uses_binomial_without_overdispersion_and_additive_forces_arcsine():
    x, n = [5, 5, 6, 4], [10, 10, 10, 10]
    auto = assess(x, n)
    assert auto.attrs["tau2"] == 0.0
    assert auto.attrs["method"] == BINOMIAL
    additive = assess(x, n, overdispersion="additive")
    assert additive.attrs["method"] == ARCSINE
    np.testing.assert_allclose(additive.p_low, stats.norm.cdf(additive.z))
    # With tau2 = 0 the arcsine z equals the unadjusted z reported in the binomial case.
    np.testing.assert_allclose(additive.z, auto.z)


def test_auto_widens_only_when_phi_exceeds_one():
    # Four teams: tau² comes out positive from phi > (k - 1) / k, yet phi < 1 is no excess.
    quiet = assess([0, 0, 0, 1], [20, 20, 20, 20])
    assert quiet.attrs["phi"] < 1 and quiet.attrs["tau2"] > 0
    assert quiet.attrs["method"] == BINOMIAL
    assert assess(TEAM_X, TEAM_N).attrs["method"] == ARCSINE


def test_a_spread_estimated_elsewhere_replaces_the_units_own():
    wide = assess(TEAM_X, TEAM_N)
    spread = (wide.attrs["phi"], wide.attrs["tau2"])
    part = assess(TEAM_X[:4], TEAM_N[:4], target=wide.target.iloc[0], spread=spread)
    assert (part.attrs["phi"], part.attrs["tau2"]) == spread
    assert part.attrs["method"] == ARCSINE
    # Judged by the same benchmark and spread, each team gets the flag it gets among all.
    pd.testing.assert_frame_equal(part, wide.iloc[:4], check_like=True)


def test_columns_attrs_and_default_target():
    df = assess([1, 2, 3], [10, 10, 10])
    assert tuple(df.columns) == COLUMNS
    assert set(df.attrs) == {"phi", "tau2", "method"}
    assert (df.target == 0.2).all()
    assert df.x.tolist() == [1, 2, 3]
    assert df.rate.tolist() == [0.1, 0.2, 0.3]


def test_zero_denominator_is_too_small_and_left_out_of_estimation():
    with_empty = assess([*TEAM_X, 0], [*TEAM_N, 0])
    empty = with_empty.iloc[-1]
    assert empty.flag == "too_small"
    assert np.isnan(empty.rate)
    assert np.isnan(empty.p_low) and np.isnan(empty.lower95)
    assert with_empty.attrs["phi"] == assess(TEAM_X, TEAM_N).attrs["phi"]
    assert with_empty.attrs["tau2"] == assess(TEAM_X, TEAM_N).attrs["tau2"]


def test_units_below_min_n_keep_their_numbers():
    df = assess([0, 2, 30], [2, 2, 60], target=0.5, overdispersion="none")
    assert df.flag.tolist() == ["too_small", "too_small", "in_control"]
    assert df.p_low.iloc[0] == pytest.approx(0.25)
    assert df.p_high.iloc[1] == pytest.approx(0.25)
    assert df.lower95.notna().all()
    assert assess([0], [2], target=0.5, min_n=2).flag.iloc[0] == "in_control"


def test_units_below_min_n_count_towards_phi():
    teams = assess(TEAM_X, TEAM_N)
    assert assess(TEAM_X, TEAM_N, min_n=100).attrs["phi"] == teams.attrs["phi"]


def test_index_defaults_and_override():
    x = pd.Series([1, 2], index=pd.Index(["ann", "bob"], name="manager"))
    assert assess(x, [5, 5]).index.equals(x.index)
    assert isinstance(assess([1, 2], [5, 5]).index, pd.RangeIndex)
    assert assess([1, 2], [5, 5], index=["a", "b"]).index.tolist() == ["a", "b"]


@pytest.mark.parametrize(
    ("x", "n", "kwargs"),
    [
        ([3], [2], {}),
        ([-1], [2], {}),
        ([1.5], [2], {}),
        ([1, 2], [3], {}),
        ([1], [3], {"target": 1.2}),
        ([1], [3], {"overdispersion": "multiplicative"}),
        ([1], [3], {"index": ["a", "b"]}),
    ],
)
def test_invalid_input_is_rejected(x, n, kwargs):
    with pytest.raises(ValueError):
        assess(x, n, **kwargs)


@pytest.mark.parametrize("target", [0.03, 0.3, 0.5, 0.92])
def test_exact_limits_agree_with_flags_for_every_attainable_count(target):
    n = np.concatenate([np.full(k + 1, k) for k in range(1, 81)])
    x = np.concatenate([np.arange(k + 1) for k in range(1, 81)])
    df = assess(x, n, target=target, overdispersion="none", min_n=0)
    _assert_flags_match_limits(df)


def test_limits_grid_matches_assess_and_narrows():
    grid = np.arange(1, 201)
    exact = limits(grid, 0.3)
    per_unit = assess(np.zeros(200, dtype=int), grid, target=0.3, overdispersion="none")
    assert list(exact.columns) == ["n", "lower95", "upper95", "lower998", "upper998"]
    for column in ["lower95", "upper95", "lower998", "upper998"]:
        np.testing.assert_array_equal(exact[column], per_unit[column])

    smooth = limits(np.geomspace(2, 5000, 50), 0.3, tau2=0.0, method=ARCSINE)
    assert (np.diff(smooth.upper95) < 0).all()
    assert (np.diff(smooth.lower998) >= 0).all()
    wider = limits(np.geomspace(2, 5000, 50), 0.3, tau2=0.01)
    assert (wider.upper95 > smooth.upper95).all()


def test_limits_follow_assess_attrs():
    df = assess(TEAM_X, TEAM_N)
    curve = limits(df.n, df.target.iloc[0], tau2=df.attrs["tau2"], method=df.attrs["method"])
    np.testing.assert_allclose(curve.lower95, df.lower95)
    np.testing.assert_allclose(curve.upper998, df.upper998)


@pytest.mark.parametrize(
    ("grid", "kwargs"),
    [
        ([0, 10], {}),
        ([2.5], {"method": BINOMIAL}),
        ([10], {"method": "poisson"}),
        ([10], {"tau2": -0.1}),
    ],
)
def test_limits_rejects_invalid_input(grid, kwargs):
    with pytest.raises(ValueError):
        limits(grid, 0.3, **kwargs)


@pytest.mark.parametrize("target", [0.05, 0.5, 0.8])
def test_flags_hold_their_nominal_rates_on_target(target):
    rng = np.random.default_rng(20240601)
    replications = 2000
    n = np.tile(np.arange(3, 61), replications)
    x = rng.binomial(n, target)
    # Units are independent given a fixed target and no over-dispersion adjustment, so one
    # call over all replications is equivalent to one call per replication.
    flag = assess(x, n, target=target, overdispersion="none").flag
    draws = len(flag)

    def bound(level: float) -> float:
        return level + 3 * np.sqrt(level * (1 - level) / draws)

    assert (flag == "under").mean() <= bound(0.001)
    assert (flag == "over").mean() <= bound(0.001)
    assert flag.isin(["under", "watch"]).mean() <= bound(0.025)
    assert flag.isin(["over", "strong"]).mean() <= bound(0.025)


@st.composite
def units(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, float | None]:
    n = draw(st.lists(st.integers(0, 300), min_size=1, max_size=25))
    x = [draw(st.integers(0, k)) for k in n]
    target = draw(st.none() | st.floats(0, 1))
    return np.array(x), np.array(n), target


@settings(deadline=None, max_examples=150)
@given(units())
def test_assess_properties(data):
    x, n, target = data
    for mode in ("auto", "additive", "none"):
        df = assess(x, n, target=target, overdispersion=mode)
        seen = df[df.n > 0]
        for column in ["p_low", "p_high"]:
            assert seen[column].between(0, 1).all()
        assert (seen.lower998 <= seen.lower95).all()
        assert (seen.lower95 <= seen.upper95).all()
        assert (seen.upper95 <= seen.upper998).all()
        assert (df.flag[df.n < 3] == "too_small").all()
        if mode == "none":
            _assert_flags_match_limits(df[df.n >= 3])


def test_shrunken_rates_hand_computed():
    # pooled 0.5; sum n(r - 0.5)^2 = 3.2, binomial part 2 * 0.25 = 0.5, prior variance 2.7 / 18
    # = 0.15, so a + b = 0.25 / 0.15 - 1 = 2/3 and a = b = 1/3: (1 + 1/3) / (10 + 2/3) = 0.125.
    shrunk = shrunken_rates([1, 9, 0], [10, 10, 0])
    np.testing.assert_allclose(shrunk, [0.125, 0.875, 0.5])


def test_shrunken_rates_fall_back_to_pooled_rate():
    # sum n(r - 0.5)^2 = 0.2 is below the binomial 0.5: no evidence of between-unit variation.
    np.testing.assert_allclose(shrunken_rates([4, 6], [10, 10]), [0.5, 0.5])
    x = pd.Series([1, 0, 1], index=list("abc"))
    shrunk = shrunken_rates(x, [1, 1, 1])
    assert shrunk.index.tolist() == ["a", "b", "c"]
    np.testing.assert_allclose(shrunk, [2 / 3] * 3)
