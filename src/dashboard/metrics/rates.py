"""Rates with their numerator, denominator and Wilson interval, the form of every rate in
docs/METRICS.md#periods-and-slices."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm

RATE_COLUMNS = ["numerator", "denominator", "rate", "ci_low", "ci_high"]


def wilson(numerator, denominator, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for x/n, elementwise; NaN where n is 0."""
    x = np.asarray(numerator, dtype=float)
    n = np.asarray(denominator, dtype=float)
    z = norm.ppf(0.5 + confidence / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / n
        centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def rate_frame(numerator: pd.Series, denominator: pd.Series) -> pd.DataFrame:
    """numerator, denominator, rate (NaN where the denominator is 0) and the Wilson interval."""
    numerator, denominator = numerator.align(denominator, fill_value=0)
    numerator = numerator.astype("int64")
    denominator = denominator.astype("int64")
    low, high = wilson(numerator, denominator)
    rate = numerator / denominator.where(denominator > 0)
    return pd.DataFrame(
        {
            "numerator": numerator,
            "denominator": denominator,
            "rate": rate.astype("float64"),
            "ci_low": low,
            "ci_high": high,
        },
        index=numerator.index,
    )


def counts_by(flags: pd.DataFrame, by: str | None, flag: str) -> pd.DataFrame:
    """Rate of a boolean column over rows, overall (index 'all') or per value of `by`."""
    keys = flags[by] if by else pd.Series("all", index=flags.index)
    grouped = flags[flag].astype(bool).groupby(keys, observed=True)
    out = rate_frame(grouped.sum(), grouped.size())
    if by is None:
        out = out.reindex(["all"]).fillna({"numerator": 0, "denominator": 0})
        out = out.astype({"numerator": "int64", "denominator": "int64"})
    out.index.name = by or "scope"
    return out


def as_percent(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Proportions as percentages for display ("%.0f%%" formats do not scale)."""
    return frame.assign(**{c: frame[c] * 100 for c in columns})


def rated_groups(frame: pd.DataFrame) -> int:
    """How many groups of a rate frame have a denominator, so a bar to draw."""
    return int((frame["denominator"] > 0).sum())
