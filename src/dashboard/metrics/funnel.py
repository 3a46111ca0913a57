"""Funnel-plot statistics for proportions (flags, control limits, over-dispersion) behind the
manager flags of docs/METRICS.md#manager-flags; finer choices in docs/METHODS-funnel.md."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

BINOMIAL = "exact binomial (no over-dispersion)"
ARCSINE = "arcsine z with additive random effect tau² (over-dispersion)"

COLUMNS = (
    "x",
    "n",
    "rate",
    "target",
    "z",
    "p_low",
    "p_high",
    "lower95",
    "upper95",
    "lower998",
    "upper998",
    "flag",
)
LIMIT_COLUMNS = ("lower95", "upper95", "lower998", "upper998")

# One-sided tail levels: 2.5% each side gives the 95% band, 0.1% each side the 99.8% band.
ALPHA_95 = 0.025
ALPHA_998 = 0.001
WINSOR_FRACTION = 0.1

Overdispersion = Literal["auto", "additive", "none"]


def assess(
    x: Sequence[int] | np.ndarray | pd.Series,
    n: Sequence[int] | np.ndarray | pd.Series,
    *,
    target: float | None = None,
    overdispersion: Overdispersion = "auto",
    min_n: int = 3,
    index: Sequence[Hashable] | pd.Index | None = None,
    spread: tuple[float, float] | None = None,
) -> pd.DataFrame:
    """Rate, tail p-values, control limits and flag per unit; df.attrs holds phi, tau2, method.

    Units with n < min_n are flagged "too_small" but keep their numbers; n == 0 rows get NaN stats.
    `spread` = (phi, tau2) estimated elsewhere (e.g. over a wider set of units) is used instead
    of estimating them from these units.
    """
    if overdispersion not in ("auto", "additive", "none"):
        raise ValueError(
            f"overdispersion must be 'auto', 'additive' or 'none', not {overdispersion!r}"
        )
    xa, na = _counts(x, n)
    if index is None:
        index = x.index if isinstance(x, pd.Series) else pd.RangeIndex(len(xa))
    index = pd.Index(index)
    if len(index) != len(xa):
        raise ValueError("index must have one label per unit")

    observed = na > 0
    if target is None:
        total = na.sum()
        target = xa.sum() / total if total > 0 else np.nan
    else:
        target = _check_target(target)

    rate = np.full(len(xa), np.nan)
    rate[observed] = xa[observed] / na[observed]
    se = np.full(len(xa), np.nan)
    se[observed] = 1.0 / (2.0 * np.sqrt(na[observed]))
    deviation = np.arcsin(np.sqrt(rate)) - np.arcsin(np.sqrt(target))
    z = deviation / se

    phi, tau2 = _overdispersion(z[observed], se[observed]) if spread is None else spread
    # Widening needs an excess over chance (phi > 1), not only a positive tau² estimate: with
    # few units tau² is positive from phi > (k - 1) / k, which is no excess at all.
    use_arcsine = overdispersion == "additive" or (
        overdispersion == "auto" and phi > 1 and tau2 > 0
    )
    method = ARCSINE if use_arcsine else BINOMIAL

    p_low = np.full(len(xa), np.nan)
    p_high = np.full(len(xa), np.nan)
    if use_arcsine:
        z = deviation / np.sqrt(se**2 + tau2)
        p_low[observed] = stats.norm.cdf(z[observed])
        p_high[observed] = stats.norm.sf(z[observed])
    else:
        p_low[observed] = stats.binom.cdf(xa[observed], na[observed], target)
        p_high[observed] = stats.binom.sf(xa[observed] - 1, na[observed], target)

    bands = {name: np.full(len(xa), np.nan) for name in LIMIT_COLUMNS}
    if observed.any():
        for name, values in _limits(na[observed], target, tau2, method).items():
            bands[name][observed] = values

    flag = np.select(
        [
            (na < min_n) | ~observed,
            p_low < ALPHA_998,
            p_low < ALPHA_95,
            p_high < ALPHA_998,
            p_high < ALPHA_95,
        ],
        ["too_small", "under", "watch", "over", "strong"],
        default="in_control",
    )
    frame = pd.DataFrame(
        {
            "x": xa,
            "n": na,
            "rate": rate,
            "target": np.full(len(xa), target, dtype=float),
            "z": z,
            "p_low": p_low,
            "p_high": p_high,
            **bands,
            "flag": flag,
        },
        index=index,
    )
    frame.attrs = {"phi": phi, "tau2": tau2, "method": method}
    return frame


def limits(
    n_grid: Sequence[float] | np.ndarray,
    target: float,
    *,
    tau2: float = 0.0,
    method: str | None = None,
) -> pd.DataFrame:
    """Control limits (as proportions) over a grid of denominators, for drawing funnel curves.

    method is BINOMIAL or ARCSINE (as in assess's df.attrs["method"]); None picks ARCSINE when
    tau2 > 0. tau2 is ignored by BINOMIAL, whose n must be whole numbers.
    """
    if method is None:
        method = ARCSINE if tau2 > 0 else BINOMIAL
    if method not in (BINOMIAL, ARCSINE):
        raise ValueError(f"method must be BINOMIAL or ARCSINE, not {method!r}")
    if not tau2 >= 0:
        raise ValueError("tau2 must be non-negative")
    grid = np.asarray(n_grid, dtype=float)
    if grid.ndim != 1 or not np.all(np.isfinite(grid)) or np.any(grid <= 0):
        raise ValueError("n_grid must be a one-dimensional array of positive numbers")
    if method == BINOMIAL and np.any(grid != np.floor(grid)):
        raise ValueError("exact binomial limits need whole-number n")
    curves = _limits(grid, _check_target(target), tau2, method)
    return pd.DataFrame({"n": grid, **curves})


def shrunken_rates(
    x: Sequence[int] | np.ndarray | pd.Series,
    n: Sequence[int] | np.ndarray | pd.Series,
) -> pd.Series:
    """Empirical-Bayes posterior mean (x + a) / (n + a + b) under a method-of-moments beta prior.

    Falls back to the pooled rate for every unit when rates vary no more than binomial noise.
    """
    xa, na = _counts(x, n)
    index = x.index if isinstance(x, pd.Series) else pd.RangeIndex(len(xa))
    total = na.sum()
    if total == 0:
        return pd.Series(np.nan, index=index, name="shrunken_rate")
    pooled = xa.sum() / total
    observed = na > 0
    k = int(observed.sum())
    rate = xa[observed] / na[observed]
    # E[sum n_i (r_i - mu)^2] = k mu(1-mu) + sigma2 (N - k) under a beta prior with variance sigma2.
    excess = np.sum(na[observed] * (rate - pooled) ** 2) - k * pooled * (1 - pooled)
    if excess <= 0 or total == k:
        return pd.Series(pooled, index=index, name="shrunken_rate")
    prior_var = excess / (total - k)
    # Rounding can push a+b a hair below 0 when every rate is 0 or 1 (prior_var == mu(1-mu)).
    strength = max(pooled * (1 - pooled) / prior_var - 1.0, 0.0)
    a, b = pooled * strength, (1 - pooled) * strength
    posterior = np.full(len(xa), pooled)
    posterior[observed] = (xa[observed] + a) / (na[observed] + a + b)
    return pd.Series(posterior, index=index, name="shrunken_rate")


def _counts(x: object, n: object) -> tuple[np.ndarray, np.ndarray]:
    """Validate x and n as equal-length 1-D whole-number counts with 0 <= x <= n."""
    arrays = []
    for name, values in (("x", x), ("n", n)):
        arr = np.asarray(values, dtype=float)
        if arr.ndim != 1:
            raise ValueError(f"{name} must be one-dimensional")
        if not np.all(np.isfinite(arr)) or np.any(arr < 0) or np.any(arr != np.floor(arr)):
            raise ValueError(f"{name} must hold non-negative whole numbers")
        arrays.append(arr.astype(np.int64))
    xa, na = arrays
    if xa.shape != na.shape:
        raise ValueError("x and n must have the same length")
    if np.any(xa > na):
        raise ValueError("x must not exceed n")
    return xa, na


def _check_target(target: float) -> float:
    """Return target as a float, insisting it is a proportion."""
    target = float(target)
    if not 0.0 <= target <= 1.0:
        raise ValueError("target must be a proportion between 0 and 1")
    return target


def _overdispersion(z: np.ndarray, se: np.ndarray) -> tuple[float, float]:
    """phi from winsorised z-scores and the DerSimonian-Laird style tau² (FunnelPlotR's)."""
    k = z.size
    if k == 0:
        return np.nan, 0.0
    low, high = np.quantile(z, [WINSOR_FRACTION, 1 - WINSOR_FRACTION])
    phi = float(np.mean(np.clip(z, low, high) ** 2))
    if k < 2:
        # A single unit has no between-unit variance to estimate (the denominator below is 0).
        return phi, 0.0
    w = 1.0 / se**2
    tau2 = max(0.0, (k * phi - (k - 1)) / (w.sum() - np.sum(w**2) / w.sum()))
    return phi, float(tau2)


def _limits(n: np.ndarray, target: float, tau2: float, method: str) -> dict[str, np.ndarray]:
    """The four control limits for denominators n (all >= 1)."""
    if method == ARCSINE:
        centre = np.arcsin(np.sqrt(target))
        sd = np.sqrt(1.0 / (4.0 * n) + tau2)
        out = {}
        for suffix, alpha in (("95", ALPHA_95), ("998", ALPHA_998)):
            half = stats.norm.isf(alpha) * sd
            out[f"lower{suffix}"] = np.sin(np.clip(centre - half, 0.0, np.pi / 2)) ** 2
            out[f"upper{suffix}"] = np.sin(np.clip(centre + half, 0.0, np.pi / 2)) ** 2
        return out
    return {
        "lower95": _binomial_lower(n, target, ALPHA_95),
        "upper95": _binomial_upper(n, target, ALPHA_95),
        "lower998": _binomial_lower(n, target, ALPHA_998),
        "upper998": _binomial_upper(n, target, ALPHA_998),
    }


def _binomial_lower(n: np.ndarray, target: float, alpha: float) -> np.ndarray:
    """Proportion L with x/n < L exactly when P(X <= x) < alpha."""
    # c = smallest count with P(X <= c) >= alpha, so x is flagged iff x <= c - 1; the limit sits
    # half a count below c, strictly between the attainable rates (c-1)/n and c/n.
    c = stats.binom.ppf(alpha, n, target)
    # ppf and cdf are separate numerical routines; re-check c with the very cdf the flags use.
    c = np.where((c > 0) & (stats.binom.cdf(c - 1, n, target) >= alpha), c - 1, c)
    c = np.where(stats.binom.cdf(c, n, target) < alpha, c + 1, c)
    return np.clip((c - 0.5) / n, 0.0, 1.0)


def _binomial_upper(n: np.ndarray, target: float, alpha: float) -> np.ndarray:
    """Proportion U with x/n > U exactly when P(X >= x) < alpha."""
    # m = smallest count with P(X > m) < alpha, so x is flagged iff x >= m + 1; the limit sits
    # half a count above m.
    m = stats.binom.isf(alpha, n, target)
    # isf's tie convention (<= alpha) differs from the flags' strict < alpha, and isf and sf are
    # separate routines; re-check m with the very sf the flags use.
    m = np.where((m > 0) & (stats.binom.sf(m - 1, n, target) < alpha), m - 1, m)
    m = np.where(stats.binom.sf(m, n, target) >= alpha, m + 1, m)
    return np.clip((m + 0.5) / n, 0.0, 1.0)
