"""The monthly trend over the filters' period, on the hand-worked organisation."""

from fixtures import PERIOD, tiny_data

from dashboard.metrics.trend import monthly_trend_of


def test_monthly_trend_of_the_period():
    out = monthly_trend_of(tiny_data(), PERIOD)
    assert len(out) == 12
    first = out.head(3)
    # January: E1 (R1). February: still E1 (E3 is not eligible), S1 held. March: E4 joins (R2),
    # S7 held (S2 was cancelled).
    assert first["participants"].tolist() == [1, 1, 2]
    assert first["sessions_held"].tolist() == [0, 1, 1]
    # G1 in June and G2 in September; G5 was abandoned, G6 completed in 2024.
    assert out["goals_completed"].sum() == 2
