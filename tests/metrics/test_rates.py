"""Proportions shown as percentages."""

import pandas as pd

from dashboard.metrics.rates import as_percent, rated_groups


def test_as_percent_scales_only_the_columns_named():
    frame = pd.DataFrame({"rate": [0.25, 0.5], "n": [4, 2]})
    out = as_percent(frame, ["rate"])
    assert out.to_dict("list") == {"rate": [25.0, 50.0], "n": [4, 2]}
    assert frame["rate"].tolist() == [0.25, 0.5]


def test_rated_groups_count_those_with_a_denominator():
    assert rated_groups(pd.DataFrame({"denominator": [0, 3, 2]})) == 2
