"""The Goals page's sentences."""

from __future__ import annotations

import pandas as pd

from dashboard.labels import plural


def durations_caption(days_to_complete: pd.Series) -> str:
    """The median time from setting a goal to completing it, over the goals completed."""
    return (
        f"Median {days_to_complete.median():.0f} days from set to completed, "
        f"over {plural(len(days_to_complete), 'goal')} completed in the period."
    )
