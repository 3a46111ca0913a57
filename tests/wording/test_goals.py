"""The Goals page's sentences on hand-worked durations."""

import pandas as pd

from dashboard.wording.goals import durations_caption


def test_durations_caption_gives_the_median_and_the_count():
    assert durations_caption(pd.Series([10, 45, 20])) == (
        "Median 20 days from set to completed, over 3 goals completed in the period."
    )
    assert durations_caption(pd.Series([7])) == (
        "Median 7 days from set to completed, over 1 goal completed in the period."
    )
